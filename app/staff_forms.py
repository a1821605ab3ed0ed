"""Staff forms expire: a form older than ``STAFF_FORM_TIME_LIMIT_HOURS`` is not saved.

Every form carries a signed CSRF token with the time it was made (Flask-WTF). Survey and
complaint pages have no time limit (customers may take their time, and their drafts are
kept); staff forms do, so a token copied from a page cannot be replayed days later.

An expired staff form loses nothing: the person gets a page that holds what they sent,
with a fresh token, and one button sends it again. This is safe to offer because the
expired token was still checked against the person's own session by CSRFProtect (which
runs first, with no time limit) — only its age failed.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Customer-facing and token-authenticated blueprints: no time limit on their forms.
UNLIMITED_BLUEPRINTS = frozenset({"api", "surveys", "complaints", "unsubscribe"})
TOKEN_FIELD = "csrf_token"  # noqa: S105 - the form field's name, not a secret
# Never written back into a page: the person types these again.
SECRET_FIELD_PARTS = ("password", "secret", "totp", "code")


def init_app(app: Flask) -> None:
    # Registered after CSRFProtect's own check, so the token is known to be this session's.
    app.before_request(refuse_expired_staff_form)


def _secret(name: str) -> bool:
    return any(part in name for part in SECRET_FIELD_PARTS)


def refuse_expired_staff_form():
    if (
        request.method not in UNSAFE_METHODS
        or request.blueprint in UNLIMITED_BLUEPRINTS
        or not current_app.config.get("WTF_CSRF_ENABLED", True)
        or not current_user.is_authenticated
    ):
        return None
    hours = current_app.config["STAFF_FORM_TIME_LIMIT_HOURS"]
    token = request.form.get(TOKEN_FIELD) or request.headers.get("X-CSRFToken")
    try:
        validate_csrf(token, time_limit=hours * 3600)
    except ValidationError:
        fields = [(name, value) for name, value in request.form.items(multi=True)
                  if name != TOKEN_FIELD and not _secret(name)]  # fmt: skip
        page = render_template(
            "errors/resend.html", fields=fields, action=request.full_path.rstrip("?"),
            hours=hours, lost_files=bool(request.files),
        )  # fmt: skip
        return page, 400
    return None
