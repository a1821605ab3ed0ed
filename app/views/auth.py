"""Staff login and logout."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from app.db import get_session
from app.extensions import limiter
from app.forms.auth import LoginForm
from app.services import users as user_service
from app.views import two_factor
from app.views.access import safe_next

bp = Blueprint("auth", __name__, url_prefix="/staff")


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load(session_id: str):
        # "id.version": a session made before the version was raised is not honoured.
        user_id, _, version = session_id.partition(".")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = user_service.get_user(session=get_session(), user_id=int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """The account a sign-in names (hashed), so guessing one password is slowed from any
    number of addresses, and one client's failures do not lock out everybody else."""
    email = (request.form.get("email") or "").strip().casefold()
    return "login-account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _failed(response) -> bool:
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if request.method == "GET":
        return render_template("auth/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400
    user = user_service.authenticate(session=get_session(), email=form.email.data,
                                     password=form.password.data,
                                     ip=request.remote_addr)  # fmt: skip
    if user is None:
        flash(_("E-mail or password is not right."), "error")
        return render_template("auth/login.html", form=form), 401
    target = safe_next(form.next.data)
    if user.totp_enabled:  # not signed in until the code is right
        return two_factor.begin_second_step(user, target)
    session.clear()  # nothing from before the sign-in carries over (session fixation)
    login_user(user)
    return redirect(target or url_for("main.staff_home"))


@bp.route("/session")
@login_required
def keepalive():
    """Tell the server the signed-in person is still there (the idle timer restarts)."""
    return "", 204


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Raising the version ends this session everywhere, even in a copied cookie.
        user_service.end_sessions(session=get_session(), user_id=current_user.id)
        logout_user()
        flash(_("You are signed out."), "success")
    return redirect(url_for("auth.login"))
