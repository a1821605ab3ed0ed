"""Administration: staff accounts and the outbox."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.db import get_session
from app.forms.admin import RetryForm, TokenForm, UserForm
from app.services import DomainError
from app.services import outbox as outbox_service
from app.services import users as user_service
from app.views.access import role_required

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")


@bp.route("/users", methods=["GET", "POST"])
@role_required("admin")
def users():
    form = UserForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = user_service.create_user(
                session=get_session(),
                email=form.email.data,
                password=form.password.data,
                role=form.role.data,
                name=form.name.data or "",
            )
        except DomainError as exc:
            form.email.errors.append(str(exc))
            status = 400
        else:
            flash(_("Created %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    elif form.errors:
        status = 400
    listing = user_service.list_users(session=get_session())
    return render_template("admin/users.html", form=form, users=listing), status


@bp.get("/outbox")
@role_required("admin")
def outbox():
    """Delivery at a glance: counts, dead-lettered and failing messages, their attempts."""
    view = outbox_service.overview(session=get_session())
    attempts = {
        event.id: outbox_service.attempts(session=get_session(), event_id=event.id)
        for event in view.problems
    }
    return render_template("admin/outbox.html", view=view, attempts=attempts, form=RetryForm())


@bp.post("/outbox/<int:event_id>/retry")
@role_required("admin")
def retry_message(event_id: int):
    if not RetryForm().validate_on_submit():
        abort(400)
    outbox_service.retry(session=get_session(), event_id=event_id)
    flash(_("The message is queued again."), "success")
    return redirect(url_for("admin.outbox"))


@bp.route("/tokens", methods=["GET", "POST"])
@role_required("admin")
def tokens():
    """API tokens: create one (its secret is shown once, here), see their use, revoke."""
    from datetime import UTC, datetime, time, timedelta

    from flask_login import current_user

    form = TokenForm()
    secret, status = None, 200
    if form.validate_on_submit():
        until = None
        if form.expires.data:
            until = datetime.combine(form.expires.data + timedelta(days=1), time.min, UTC)
        try:
            _, secret = user_service.create_api_token(
                session=get_session(), name=form.name.data, scopes=form.scopes.data,
                created_by_id=current_user.id, expires_at=until,
            )  # fmt: skip
        except DomainError as exc:
            form.expires.errors.append(str(exc))
            status = 400
        else:
            form = TokenForm(formdata=None)
    elif form.errors:
        status = 400
    listing = user_service.list_api_tokens(session=get_session())
    response = current_app.make_response(
        (
            render_template(
                "admin/tokens.html", form=form, tokens=listing, secret=secret, revoke=RetryForm()
            ),
            status,
        )
    )
    response.headers["Cache-Control"] = "no-store"  # the page may show a secret
    return response


@bp.post("/tokens/<int:token_id>/revoke")
@role_required("admin")
def revoke_token(token_id: int):
    if not RetryForm().validate_on_submit():
        abort(400)
    try:
        token = user_service.revoke_api_token(session=get_session(), token=token_id)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Token %(prefix)s… revoked.", prefix=token.prefix), "success")
    return redirect(url_for("admin.tokens"))
