"""Staff sessions that end: after inactivity, after a fixed lifetime, and at sign-out.

A signed-in session records when it began and when it was last used. Every request
checks both against ``SESSION_IDLE_MINUTES`` and ``SESSION_LIFETIME_HOURS``; a session
past either ends there (the visitor is sent to the login page with the reason). Signing
out, like changing a role or deactivating an account, raises the user's session version,
so a copied cookie stops working too (app.views.auth's user loader checks it).

The cookie is ``Secure`` with the ``__Host-`` prefix whenever the public address is
https, HttpOnly and SameSite=Lax always; there is no remember-me cookie.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user, user_logged_in

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
# Refresh the last-used time at most this often, so an idle-but-open page does not get
# a new cookie on every request it makes (seconds; well below any sensible idle limit).
SEEN_RESOLUTION_SECONDS = 30
# Blueprints whose requests do not use the staff session (token-authenticated API).
SESSIONLESS_BLUEPRINTS = frozenset({"api"})


def configure_cookie(config: dict) -> None:
    """Fill in the cookie settings left unset: secure and ``__Host-`` behind https."""
    secure = config.get("SESSION_COOKIE_SECURE")
    if secure is None:
        secure = str(config.get("PUBLIC_BASE_URL") or "").startswith("https://")
        config["SESSION_COOKIE_SECURE"] = secure
    if not config.get("SESSION_COOKIE_NAME") or config["SESSION_COOKIE_NAME"] == "session":
        # __Host-: the browser accepts it only Secure, for "/", from this exact host.
        config["SESSION_COOKIE_NAME"] = "__Host-voxloop" if secure else "voxloop"
    config["SESSION_COOKIE_PATH"] = "/"
    config["SESSION_COOKIE_DOMAIN"] = None
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config["SESSION_LIFETIME_HOURS"])


def init_app(app: Flask) -> None:
    user_logged_in.connect(_stamp_sign_in, app)
    app.before_request(end_stale_session)


def _stamp_sign_in(_app, user, **_extra) -> None:
    now = int(time.time())
    session[SIGNED_IN_AT] = session[SEEN_AT] = now
    # A permanent session carries the lifetime in the cookie's own expiry and signature.
    session.permanent = True


def end_stale_session():
    """End a signed-in session that was idle or has lived too long; else note its use."""
    if request.blueprint in SESSIONLESS_BLUEPRINTS or request.endpoint == "static":
        return None
    if not current_user.is_authenticated:
        return None
    now = int(time.time())
    config = current_app.config
    began = session.get(SIGNED_IN_AT, 0)
    seen = session.get(SEEN_AT, 0)
    if now - seen > config["SESSION_IDLE_MINUTES"] * 60:
        message = _("You were signed out after %(minutes)d minutes without activity.",
                    minutes=config["SESSION_IDLE_MINUTES"])  # fmt: skip
    elif now - began > config["SESSION_LIFETIME_HOURS"] * 3600:
        message = _("You were signed out after %(hours)d hours; please sign in again.",
                    hours=config["SESSION_LIFETIME_HOURS"])  # fmt: skip
    else:
        if now - seen >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_AT] = now
        return None
    logout_user()
    session.clear()
    flash(message, "info")
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target.rstrip("?") if target else None))
