"""The TOTP second factor: enrolment, switching it off, and the code step of signing in.

After a right password, a person with the second factor is not signed in yet: the
session only remembers who is half-way (for ``PENDING_SECONDS``), and the code page
signs them in when the code is right.
"""

from __future__ import annotations

import hashlib
import time

from flask import (
    Blueprint,
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
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.db import get_session
from app.extensions import limiter
from app.services import DomainError, two_factor
from app.services import users as user_service
from app.views.errors import error_message

bp = Blueprint("two_factor", __name__, url_prefix="/staff")

PENDING = "second_factor"
PENDING_SECONDS = 300


def _code_field():
    return StringField(_l("6-digit code from the app"),
                       validators=[DataRequired(), Length(max=10)])  # fmt: skip


class CodeForm(FlaskForm):
    code = _code_field()


class DisableForm(FlaskForm):
    password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    code = _code_field()


def begin_second_step(user, target: str | None):
    """Called by the login view after a right password: ask for the code next."""
    session.clear()  # nothing from before the sign-in carries over
    session[PENDING] = {"id": user.id, "version": user.session_version,
                        "next": target or "", "at": int(time.time())}  # fmt: skip
    return redirect(url_for("two_factor.code"))


def _pending_user():
    pending = session.get(PENDING) or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, pending
    user = user_service.get_user(session=get_session(), user_id=int(pending["id"]))
    if user is None or not user.active or user.session_version != pending.get("version"):
        return None, pending
    return user, pending


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _pending_key() -> str:
    user_id = str((session.get(PENDING) or {}).get("id", ""))
    return "second-factor:" + hashlib.sha256(user_id.encode()).hexdigest()[:32]


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=_pending_key,
               deduct_when=lambda response: response.status_code == 401)  # fmt: skip
def code():
    user, pending = _pending_user()
    if user is None and current_user.is_authenticated:
        return redirect(url_for("main.staff_home"))
    if user is None:
        session.pop(PENDING, None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("two_factor/code.html", form=form), 400 if form.errors else 200
    if not two_factor.check_code(session=get_session(), user_id=user.id, code=form.code.data,
                                 secret_key=current_app.config["SECRET_KEY"],
                                 ip=request.remote_addr):  # fmt: skip
        form.code.errors.append(_("That code is not right. Type the 6 digits the app shows now."))
        return render_template("two_factor/code.html", form=form), 401
    session.clear()
    login_user(user)
    return redirect(pending.get("next") or url_for("main.staff_home"))


def _no_store(body, status: int = 200):
    response = current_app.make_response((body, status))
    response.headers["Cache-Control"] = "no-store"  # the page may show the secret
    return response


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def enrol():
    """Switch the second factor on: the secret and otpauth address, then the first code."""
    key = current_app.config["SECRET_KEY"]
    if current_user.totp_enabled:
        return _no_store(render_template("two_factor/enrolled.html", form=DisableForm()))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            two_factor.confirm(session=get_session(), user_id=current_user.id,
                               code=form.code.data, secret_key=key)  # fmt: skip
        except DomainError as exc:
            form.code.errors.append(error_message(exc))
            status = 400
        else:
            flash(_("Two-factor sign-in is on. From now on you type a code after the password."),
                  "success")  # fmt: skip
            return redirect(url_for("main.staff_home"))
    elif form.errors:
        status = 400
    secret = two_factor.pending_secret(session=get_session(), user_id=current_user.id,
                                       secret_key=key)  # fmt: skip
    page = render_template("two_factor/enrol.html", form=form, secret=secret,
                           uri=two_factor.provisioning_uri(secret, current_user.email))  # fmt: skip
    return _no_store(page, status)


@bp.post("/account/two-factor/disable")
@login_required
def disable():
    form = DisableForm()
    status = 400
    if form.validate_on_submit():
        try:
            two_factor.disable(session=get_session(), user_id=current_user.id,
                               password=form.password.data, code=form.code.data,
                               secret_key=current_app.config["SECRET_KEY"])  # fmt: skip
        except DomainError as exc:
            form.code.errors.append(error_message(exc))
        else:
            flash(_("Two-factor sign-in is off."), "success")
            return redirect(url_for("main.staff_home"))
    return _no_store(render_template("two_factor/enrolled.html", form=form), status)


def required_enrolment() -> bool:
    """Whether the signed-in user is an admin who must enrol first (REQUIRE_ADMIN_TOTP)."""
    return bool(
        current_app.config.get("REQUIRE_ADMIN_TOTP")
        and current_user.is_authenticated
        and current_user.role == "admin"
        and not current_user.totp_enabled
    )
