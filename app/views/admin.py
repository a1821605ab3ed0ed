"""Administration: staff accounts, API tokens, webhooks and the outbox."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from app.db import get_session
from app.forms.account import SetPasswordForm
from app.forms.admin import (
    EVENT_LABELS,
    ROLE_LABELS,
    AccountForm,
    RetryForm,
    TokenForm,
    UserForm,
    WebhookForm,
)
from app.services import DomainError
from app.services import outbox as outbox_service
from app.services import users as user_service
from app.services import webhooks as webhook_service
from app.views.access import role_required
from app.views.errors import error_message

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")


@bp.route("/users", methods=["GET", "POST"])
@role_required("admin")
def users():
    from app.services.passwords import PasswordPolicyError, min_length
    from app.views.account import recently_authenticated

    form = UserForm()
    status = 200
    if form.validate_on_submit():
        if form.role.data == "admin" and not recently_authenticated(form.reauth.data):
            form.reauth.errors.append(_reauth_message())
            status = 400
        else:
            try:
                user = user_service.create_user(
                    session=get_session(), email=form.email.data, password=form.password.data,
                    role=form.role.data, name=form.name.data or "", actor_id=_actor(),
                    must_change_password=True, min_length=min_length(current_app.config),
                )  # fmt: skip
            except PasswordPolicyError as exc:
                form.password.errors.append(error_message(exc))
                status = 400
            except DomainError as exc:
                form.email.errors.append(error_message(exc))
                status = 400
            else:
                flash(_("Created %(email)s.", email=user.email), "success")
                return redirect(url_for("admin.users"))
    elif form.errors:
        status = 400
    listing = user_service.list_users(session=get_session())
    return render_template("admin/users.html", form=form, users=listing, change=AccountForm(),
                           roles=ROLE_LABELS, set_password=SetPasswordForm()), status  # fmt: skip


def _reauth_message() -> str:
    return _("For this, type your current password (or sign in again): your last sign-in was "
             "more than %(minutes)s minutes ago.",
             minutes=current_app.config["REAUTH_WINDOW_MINUTES"])  # fmt: skip


def _actor() -> int | None:
    from flask_login import current_user

    return current_user.id if current_user.is_authenticated else None


@bp.post("/users/<int:user_id>")
@role_required("admin")
def change_user(user_id: int):
    """Change a role or switch an account off; the person's open sessions end."""
    form = AccountForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        user = user_service.update_account(session=get_session(), user_id=user_id,
                                           role=form.role.data, active=form.active.data,
                                           actor_id=_actor())  # fmt: skip
    except DomainError as exc:
        flash(error_message(exc), "error")
    else:
        flash(_("%(email)s changed; their open sessions have ended.", email=user.email),
              "success")  # fmt: skip
    return redirect(url_for("admin.users"))


@bp.get("/audit")
@role_required("admin")
def audit_log():
    """Who did what, newest first, filtered by action, person and dates."""
    from datetime import date

    from app.services import audit

    def day(name):
        try:
            return date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    actor = request.args.get("actor", "")
    page = audit.entries(session=get_session(), action=request.args.get("action") or None,
                         actor_id=int(actor) if actor.isdigit() else None, since=day("since"),
                         until=day("until"),
                         before=request.args.get("before", type=int))  # fmt: skip
    people = user_service.list_users(session=get_session())
    kept = {k: v for k, v in request.args.items() if k != "before"}
    older = None
    if page.next_before:
        older = url_for("admin.audit_log", **kept, before=page.next_before)
    return render_template("admin/audit.html", page=page, people=people, args=request.args,
                           older_url=older)  # fmt: skip


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

    from app.views.account import recently_authenticated

    form = TokenForm()
    secret, status = None, 200
    submitted = form.validate_on_submit()
    if submitted and not recently_authenticated(form.reauth.data):
        form.reauth.errors.append(_reauth_message())
        status = 400
    elif submitted:
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
        token = user_service.revoke_api_token(
            session=get_session(), token=token_id, actor_id=_actor()
        )
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Token %(prefix)s… revoked.", prefix=token.prefix), "success")
    return redirect(url_for("admin.tokens"))


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"  # the page may show a secret
    return response


@bp.route("/webhooks", methods=["GET", "POST"])
@role_required("admin")
def webhooks():
    """Webhook subscriptions: add one (its signing secret is shown once, here), see them."""
    from flask_login import current_user

    form = WebhookForm()
    secret, status = None, 200
    if form.validate_on_submit():
        try:
            _, secret = webhook_service.create_subscription(
                session=get_session(), config=current_app.config, url=form.url.data,
                events=form.events.data, description=form.description.data or "",
                actor_id=current_user.id,
            )  # fmt: skip
        except DomainError as exc:
            form.url.errors.append(error_message(exc))
            status = 400
        else:
            form = WebhookForm(formdata=None)
    elif form.errors:
        status = 400
    listing = webhook_service.subscriptions(session=get_session())
    page = render_template("admin/webhooks.html", form=form, subscriptions=listing,
                           secret=secret, events=EVENT_LABELS, action=RetryForm())  # fmt: skip
    return _no_store(current_app.make_response((page, status)))


@bp.get("/webhooks/<int:subscription_id>")
@role_required("admin")
def webhook(subscription_id: int):
    """One subscription and its delivery log, with a replay button per delivery."""
    session = get_session()
    try:
        subscription = webhook_service.get_subscription(
            session=session, subscription_id=subscription_id
        )
    except DomainError:
        abort(404)
    log = webhook_service.deliveries(session=session, subscription_id=subscription_id)
    return render_template("admin/webhook.html", subscription=subscription, deliveries=log,
                           events=EVENT_LABELS, action=RetryForm())  # fmt: skip


def _run(change, done: str) -> bool:
    """A webhook change behind the CSRF check; its outcome flashed. True when it worked."""
    if not RetryForm().validate_on_submit():
        abort(400)
    try:
        change()
    except DomainError as exc:
        flash(error_message(exc), "error")
        return False
    flash(done, "success")
    return True


@bp.post("/webhooks/<int:subscription_id>/enable")
@role_required("admin")
def enable_webhook(subscription_id: int):
    from flask_login import current_user

    _run(lambda: webhook_service.enable_subscription(
        session=get_session(), subscription_id=subscription_id, actor_id=current_user.id
    ), _("The webhook is on again."))  # fmt: skip
    return redirect(url_for("admin.webhook", subscription_id=subscription_id))


@bp.post("/webhooks/<int:subscription_id>/remove")
@role_required("admin")
def remove_webhook(subscription_id: int):
    from flask_login import current_user

    _run(lambda: webhook_service.remove_subscription(
        session=get_session(), subscription_id=subscription_id, actor_id=current_user.id
    ), _("The webhook was removed; nothing more is sent to it."))  # fmt: skip
    return redirect(url_for("admin.webhooks"))


@bp.post("/webhooks/<int:subscription_id>/deliveries/<int:event_id>/replay")
@role_required("admin")
def replay_webhook(subscription_id: int, event_id: int):
    _run(lambda: webhook_service.replay(session=get_session(), event_id=event_id,
                                        subscription_id=subscription_id),
         _("The delivery is queued again, with the same event id."))  # fmt: skip
    return redirect(url_for("admin.webhook", subscription_id=subscription_id))
