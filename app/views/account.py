"""One's own account: change the password (forced after an admin set it), forgotten
passwords by e-mail, and the recent-sign-in check that guards admin and token creation."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, user_logged_in

from app.db import get_session
from app.extensions import limiter
from app.forms.account import (
    ChangePasswordForm,
    ForgotPasswordForm,
    ResetPasswordForm,
    SetPasswordForm,
)
from app.services import DomainError, accounts, passwords
from app.services.accounts import AccountError
from app.views.access import role_required
from app.views.errors import error_message

bp = Blueprint("account", __name__, url_prefix="/staff")

# When the person last proved who they are (sign-in or password typed again); the
# session's own start (app.sessions) stays as it was.
SIGNED_IN_AT = "authenticated_at"
# What a person who must change their password may still reach.
OPEN_WHILE_FORCED = {"account.password", "auth.logout", "auth.login", "static"}
# An admin who must also change an admin-set password does that first.
OPEN_WHILE_ENROLLING = OPEN_WHILE_FORCED | {"two_factor.enrol", "two_factor.code"}


def init_app(app: Flask) -> None:
    from app.views import two_factor

    app.register_blueprint(bp)
    app.register_blueprint(two_factor.bp)
    user_logged_in.connect(_note_sign_in, app)


def _note_sign_in(sender, user, **extra) -> None:
    session[SIGNED_IN_AT] = int(time.time())


@bp.before_app_request
def _password_change_first():
    """After an admin set the password, every staff page leads to the change page."""
    if not request.path.startswith("/staff") or request.endpoint in OPEN_WHILE_FORCED:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("account.password"))
    return None


@bp.before_app_request
def _admins_enrol_first():
    """With REQUIRE_ADMIN_TOTP, an admin without the second factor is sent to enrol."""
    from app.views.two_factor import required_enrolment

    if not request.path.startswith("/staff") or request.endpoint in OPEN_WHILE_ENROLLING:
        return None
    if required_enrolment():
        return redirect(url_for("two_factor.enrol"))
    return None


def recently_authenticated(password: str | None) -> bool:
    """Whether the signed-in user signed in within ``REAUTH_WINDOW_MINUTES`` or just typed
    their current password (which then counts as a fresh sign-in)."""
    window = current_app.config["REAUTH_WINDOW_MINUTES"] * 60
    if time.time() - session.get(SIGNED_IN_AT, 0) <= window:
        return True
    if password and accounts.verify_password(current_user, password):
        session[SIGNED_IN_AT] = int(time.time())
        return True
    return False


def _min_length() -> int:
    return passwords.min_length(current_app.config)


def _private(body, status: int = 200):
    """A page that must not be cached nor leak its address (a reset link holds a secret)."""
    response = current_app.make_response((body, status))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.change_password(
                session=get_session(), user_id=current_user.id, current=form.current.data,
                new=form.new.data, min_length=_min_length(), ip=request.remote_addr,
            )  # fmt: skip
        except AccountError as exc:
            target = form.current if exc.message.startswith("The current") else form.new
            target.errors.append(error_message(exc))
            status = 400
        except DomainError as exc:
            form.new.errors.append(error_message(exc))
            status = 400
        else:
            login_user(user)  # the new session version: this session stays, the others end
            flash(_("Your password is changed; your other sessions have ended."), "success")
            return redirect(url_for("main.staff_home"))
    elif form.errors:
        status = 400
    page = render_template("account/password.html", form=form, min_length=_min_length(),
                           forced=current_user.must_change_password)  # fmt: skip
    return _private(page, status)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    from app.views.auth import _account_key as login_account_key

    return "reset-" + login_account_key()


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=_account_key)
def forgot():
    """Ask for a reset link; the answer is the same whether the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_reset(
            session=get_session(), email=form.email.data, language=str(get_locale()),
            ttl_minutes=current_app.config["PASSWORD_RESET_TTL_MINUTES"], ip=request.remote_addr,
        )  # fmt: skip
        minutes = current_app.config["PASSWORD_RESET_TTL_MINUTES"]
        return _private(render_template("account/forgot_sent.html", minutes=minutes))
    status = 400 if form.errors else 200
    return _private(render_template("account/forgot.html", form=form), status)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset(token: str):
    """The link from the e-mail: set a new password, once."""
    if accounts.find_reset(session=get_session(), secret=token) is None:
        return _private(render_template("account/reset_invalid.html"), 404)
    form = ResetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.reset_password(session=get_session(), secret=token, new=form.new.data,
                                    min_length=_min_length(), ip=request.remote_addr)  # fmt: skip
        except AccountError:
            return _private(render_template("account/reset_invalid.html"), 404)
        except DomainError as exc:
            form.new.errors.append(error_message(exc))
            status = 400
        else:
            flash(_("Your new password is set. Sign in with it."), "success")
            return redirect(url_for("auth.login"))
    elif form.errors:
        status = 400
    page = render_template("account/reset.html", form=form, min_length=_min_length())
    return _private(page, status)


@bp.post("/admin/users/<int:user_id>/password")
@role_required("admin")
def set_password(user_id: int):
    """An admin sets someone's password; they choose their own at their next sign-in."""
    form = SetPasswordForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash(_("Type the new initial password."), "error")
        return redirect(url_for("admin.users"))
    try:
        user = accounts.set_password_by_admin(
            session=get_session(), user_id=user_id, password=form.password.data,
            actor_id=current_user.id, min_length=_min_length(),
        )  # fmt: skip
    except DomainError as exc:
        flash(error_message(exc), "error")
    else:
        flash(_("New password set for %(email)s; they choose their own at their next sign-in.",
                email=user.email), "success")  # fmt: skip
    return redirect(url_for("admin.users"))
