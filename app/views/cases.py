"""The follow-up case queue and case page: front-line staff (agent and up) close the loop."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.forms.cases import (
    LOG_LABELS,
    REASON_LABELS,
    RESOLUTION_LABELS,
    AssignForm,
    ClaimForm,
    CloseForm,
    LogForm,
    ReplyForm,
)
from app.services import DomainError, NotFound
from app.services import board as board_service
from app.services import cases as case_service
from app.services import touchpoints as touchpoint_service
from app.views.access import role_required
from app.views.errors import error_message

bp = Blueprint("cases", __name__, url_prefix="/staff/cases")
LABELS = {"reasons": REASON_LABELS, "resolutions": RESOLUTION_LABELS, "log_kinds": LOG_LABELS}


def _filters() -> tuple[case_service.QueueFilters, list[str]]:
    args, problems = request.args, []
    touchpoint = args.get("touchpoint", "").strip()
    touchpoint_id = None
    if touchpoint:
        if touchpoint.isdigit():
            touchpoint_id = int(touchpoint)
        else:
            problems.append(_("Choose a touchpoint from the list."))
    reason = args.get("reason") or None
    if reason not in (None, *REASON_LABELS):
        problems.append(_("Choose low score or complaint."))
        reason = None
    show = args.get("show", "all")
    return (
        case_service.QueueFilters(
            mine=show == "mine",
            unassigned=show == "unassigned",
            touchpoint_id=touchpoint_id,
            reason=reason,
            closed=args.get("closed") == "1",
        ),
        problems,
    )


@bp.get("")
@role_required("agent")
def queue():
    filters, problems = _filters()
    rows = case_service.queue(session=get_session(), filters=filters, user_id=current_user.id)
    return render_template(
        "cases/queue.html", rows=rows, filters=filters, problems=problems,
        touchpoints=touchpoint_service.journey(session=get_session()), claim=ClaimForm(),
        show=request.args.get("show", "all"), **LABELS,
    )  # fmt: skip


@bp.get("/<int:case_id>")
@role_required("agent")
def detail(case_id: int):
    return _render(case_id)


def _render(case_id: int, status: int = 200, **forms):
    session = get_session()
    view = case_service.detail(
        session=session,
        case_id=case_id,
        show_originals=current_user.has_role("admin"),
    )
    assign = AssignForm(owner_id=str(view.case.owner_id or ""))
    assign.owner_id.choices = [("", _("Nobody (back to the queue)"))] + [
        (str(u.id), u.name or u.email) for u in board_service.card_choices(session=session).owners
    ]
    forms = {"log": LogForm(), "reply": ReplyForm(), "close": CloseForm(), "claim": ClaimForm(),
             "assign": assign, **forms}  # fmt: skip
    return render_template("cases/detail.html", view=view, forms=forms, **LABELS), status


def _done(case_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("cases.detail", case_id=case_id))


def _refused(case_id: int, exc: DomainError):
    if isinstance(exc, NotFound):
        raise exc
    flash(error_message(exc), "error")
    return redirect(url_for("cases.detail", case_id=case_id))


@bp.post("/<int:case_id>/claim")
@role_required("agent")
def claim(case_id: int):
    if not ClaimForm().validate_on_submit():
        return _refused(case_id, DomainError(_("Your form expired. Please send it again.")))
    try:
        case_service.claim(session=get_session(), case_id=case_id, actor_id=current_user.id)
    except DomainError as exc:
        return _refused(case_id, exc)
    return _done(case_id, _("The case is yours."))


@bp.post("/<int:case_id>/assign")
@role_required("agent")
def assign(case_id: int):
    form = AssignForm()
    owner = request.form.get("owner_id", "")
    if not form.validate_on_submit() or not (owner == "" or owner.isdigit()):
        return _refused(case_id, DomainError(_("Choose who takes the case.")))
    try:
        owner_id = int(owner) if owner else None
        case_service.assign(session=get_session(), case_id=case_id, owner_id=owner_id,
                            actor_id=current_user.id)  # fmt: skip
    except DomainError as exc:
        return _refused(case_id, exc)
    return _done(case_id, _("Assigned."))


@bp.post("/<int:case_id>/log")
@role_required("agent")
def log(case_id: int):
    form = LogForm()
    if not form.validate_on_submit():
        return _render(case_id, 400, log=form)
    try:
        case_service.log(session=get_session(), case_id=case_id, actor_id=current_user.id,
                         kind=form.kind.data, text=form.text.data)  # fmt: skip
    except DomainError as exc:
        return _refused(case_id, exc)
    return _done(case_id, _("Logged."))


@bp.post("/<int:case_id>/reply")
@role_required("agent")
def reply(case_id: int):
    form = ReplyForm()
    if not form.validate_on_submit():
        return _render(case_id, 400, reply=form)
    try:
        outcome = case_service.reply(session=get_session(), case_id=case_id,
                                     actor_id=current_user.id, text=form.text.data)  # fmt: skip
    except DomainError as exc:
        return _refused(case_id, exc)
    if outcome.emailed:
        return _done(case_id, _("Answer sent: on the status page and by e-mail."))
    return _done(case_id, _("Answer saved: the customer sees it on the status page."))


@bp.post("/<int:case_id>/close")
@role_required("agent")
def close(case_id: int):
    form = CloseForm()
    if not form.validate_on_submit():
        return _render(case_id, 400, close=form)
    try:
        case_service.close(session=get_session(), case_id=case_id, actor_id=current_user.id,
                           resolution=form.resolution.data, note=form.note.data or "")  # fmt: skip
    except DomainError as exc:
        return _refused(case_id, exc)
    return _done(case_id, _("Case closed."))


@bp.post("/<int:case_id>/reopen")
@role_required("agent")
def reopen(case_id: int):
    if not ClaimForm().validate_on_submit():
        return _refused(case_id, DomainError(_("Your form expired. Please send it again.")))
    try:
        case_service.reopen(session=get_session(), case_id=case_id, actor_id=current_user.id)
    except DomainError as exc:
        return _refused(case_id, exc)
    return _done(case_id, _("Case reopened."))
