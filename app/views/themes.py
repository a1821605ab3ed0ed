"""The improvement team's weekly triage, the theme page and the decisions taken on them."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.forms.themes import (
    DISMISS_REASONS,
    STATUS_LABELS,
    DismissForm,
    MergeForm,
    MergeIntoForm,
    PinForm,
    RenameForm,
    SplitForm,
    SplitGroupForm,
    StatusForm,
    SuggestionForm,
)
from app.services import DomainError, NotFound
from app.services import theme_split as split_service
from app.services import themes as theme_service
from app.services import triage as triage_service
from app.views.access import role_required, safe_next
from app.views.errors import error_message

bp = Blueprint("themes", __name__, url_prefix="/staff/themes")


def _filters() -> tuple[triage_service.Filters, list[str]]:
    """Read the triage filters from the URL; a bad value is named and ignored, never a 500."""
    problems = []
    args = request.args

    def parsed(name, convert, label):
        raw = args.get(name, "").strip()
        if not raw:
            return None
        try:
            return convert(raw)
        except ValueError:
            problems.append(label)
            return None

    week = parsed("week", date.fromisoformat, _("The week must be a date like 2025-11-24."))
    touchpoint = parsed("touchpoint", int, _("Choose a touchpoint from the list."))
    page = parsed("page", int, _("The page must be a number.")) or 1
    language = args.get("language", "").strip() or None
    if language not in (None, "de", "en"):
        problems.append(_("Choose German or English."))
        language = None
    status = args.get("status", "all")
    if status not in triage_service.STATUS_FILTERS:
        problems.append(_("Choose a status from the list."))
        status = "all"
    filters = triage_service.Filters(
        week=week, touchpoint_id=touchpoint, language=language, status=status, page=page
    )
    return filters, problems


@bp.get("/")
@role_required("analyst")
def triage():
    filters, problems = _filters()
    view = triage_service.triage(session=get_session(), filters=filters, user_id=current_user.id)
    if filters.week is not None and view.week != filters.week:
        problems.append(_("There are no themes for that week; showing the newest week."))
    return render_template(
        "themes/triage.html",
        view=view,
        problems=problems,
        status_labels=STATUS_LABELS,
        reasons=DISMISS_REASONS,
        here=request.full_path.rstrip("?"),
    )


@bp.get("/<int:theme_id>")
@role_required("analyst")
def detail(theme_id: int):
    view = theme_service.detail(session=get_session(), theme_id=theme_id)
    forms = {
        "rename": RenameForm(name=view.theme.name or ""),
        "status": StatusForm(status=view.theme.status),
        "pin": PinForm(pinned="" if view.theme.pinned else "1"),
        "merge": MergeForm(),
        "dismiss": DismissForm(),
    }
    return render_template(
        "themes/detail.html", view=view, forms=forms, status_labels=STATUS_LABELS,
        reasons=DISMISS_REASONS,
    )  # fmt: skip


def current_triage_session() -> int | None:
    """The analyst's triage session, when the decision was taken from the triage page.

    Triage forms and links carry the ``week``; the first decision opens the session.
    """
    week = request.values.get("week", type=date.fromisoformat)
    if week is None:
        return None
    return triage_service.start_session(
        session=get_session(), user_id=current_user.id, week=week
    ).id


def _back(theme_id: int) -> str:
    return safe_next(request.form.get("return_to")) or url_for("themes.detail", theme_id=theme_id)


def _apply(page_theme_id: int | None, edit, *, message: str | None = None, **arguments):
    """Run one theme decision for the signed-in analyst and go back where it was taken."""
    try:
        edit(
            session=get_session(),
            actor_id=current_user.id,
            triage_session_id=current_triage_session(),
            **arguments,
        )
    except NotFound:
        raise
    except DomainError as exc:
        flash(error_message(exc), "error")
    else:
        flash(message or _("Saved."), "success")
    if page_theme_id is None:
        return redirect(safe_next(request.form.get("return_to")) or url_for("themes.triage"))
    return redirect(_back(page_theme_id))


def _refuse(theme_id: int, message: str):
    flash(message, "error")
    return redirect(_back(theme_id))


@bp.post("/<int:theme_id>/rename")
@role_required("analyst")
def rename(theme_id: int):
    form = RenameForm()
    if not form.validate_on_submit():
        return _refuse(theme_id, " ".join(form.name.errors) or _("Please check the name."))
    return _apply(theme_id, theme_service.rename, theme_id=theme_id, name=form.name.data)


@bp.post("/<int:theme_id>/status")
@role_required("analyst")
def status(theme_id: int):
    form = StatusForm()
    if not form.validate_on_submit():
        return _refuse(theme_id, _("Choose a status."))
    return _apply(theme_id, theme_service.set_status, theme_id=theme_id, status=form.status.data)


@bp.post("/<int:theme_id>/dismiss")
@role_required("analyst")
def dismiss(theme_id: int):
    form = DismissForm()
    if not form.validate_on_submit():
        return _refuse(theme_id, _("Choose why the theme is dismissed."))
    reason = str(DISMISS_REASONS[form.reason.data])
    if form.note.data:
        reason = f"{reason}: {form.note.data}"
    return _apply(theme_id, theme_service.dismiss, theme_id=theme_id, reason=reason)


@bp.post("/<int:theme_id>/pin")
@role_required("analyst")
def pin(theme_id: int):
    form = PinForm()
    if not form.validate_on_submit():
        return _refuse(theme_id, _("Your form expired. Please send it again."))
    return _apply(theme_id, theme_service.pin, theme_id=theme_id, pinned=form.pinned.data == "1")


@bp.post("/<int:theme_id>/merge")
@role_required("analyst")
def merge(theme_id: int):
    """Merge another theme (``source``) into this one."""
    form = MergeForm()
    if not form.validate_on_submit():
        return _refuse(theme_id, _("Choose a theme to merge."))
    return _apply(theme_id, theme_service.merge, source_ids=[form.source.data], target_id=theme_id)


@bp.post("/<int:theme_id>/merge-into")
@role_required("analyst")
def merge_into(theme_id: int):
    """Merge this theme into another one (``target``), as offered on each triage row."""
    form = MergeIntoForm()
    if not form.validate_on_submit():
        return _refuse(theme_id, _("Choose the theme to merge into."))
    return _apply(theme_id, theme_service.merge, source_ids=[theme_id], target_id=form.target.data)


@bp.get("/<int:theme_id>/split")
@role_required("analyst")
def split(theme_id: int):
    proposal = split_service.propose_split(session=get_session(), theme_id=theme_id)
    return render_template(
        "themes/split.html",
        proposal=proposal,
        return_to=safe_next(request.args.get("return_to")),
        week=request.args.get("week", ""),
    )


@bp.post("/<int:theme_id>/split")
@role_required("analyst")
def split_segments(theme_id: int):
    """Split off the segments the analyst picked by hand."""
    form = SplitForm()
    ids = [int(v) for v in request.form.getlist("segment") if v.isdigit()]
    if not form.validate_on_submit() or not ids:
        flash(_("Choose the comments that belong in the new theme."), "error")
        return redirect(url_for("themes.split", theme_id=theme_id))
    return _apply(theme_id, theme_service.split, theme_id=theme_id, segment_ids=ids,
                  name=form.name.data or "")  # fmt: skip


@bp.post("/<int:theme_id>/split/group")
@role_required("analyst")
def split_group(theme_id: int):
    """Split off one of the groups the engine proposed."""
    form = SplitGroupForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the proposed groups."), "error")
        return redirect(url_for("themes.split", theme_id=theme_id))
    return _apply(
        theme_id, split_service.split_group, theme_id=theme_id, group=form.group.data,
        fingerprint=form.fingerprint.data, name=form.name.data or "",
    )  # fmt: skip


@bp.post("/sessions/finish")
@role_required("analyst")
def finish_session():
    week = request.form.get("week", type=date.fromisoformat)
    back = safe_next(request.form.get("return_to")) or url_for("themes.triage")
    if week is None:
        flash(_("The week must be a date like 2025-11-24."), "error")
        return redirect(back)
    try:
        summary = triage_service.finish_session(
            session=get_session(), user_id=current_user.id, week=week
        )
    except DomainError as exc:
        flash(error_message(exc), "error")
    else:
        flash(_("Triage finished: %(n)s decisions recorded.", n=summary.decisions), "success")
    return redirect(back)


@bp.post("/suggestions/<int:suggestion_id>")
@role_required("analyst")
def decide_suggestion(suggestion_id: int):
    form = SuggestionForm()
    if not form.validate_on_submit():
        flash(_("Choose to accept or reject the suggestion."), "error")
        return redirect(safe_next(request.form.get("return_to")) or url_for("themes.triage"))
    accept = form.decision.data == "accept"
    return _apply(
        None, triage_service.decide_suggestion, suggestion_id=suggestion_id, accept=accept,
        message=_("Suggestion accepted.") if accept else _("Suggestion rejected."),
    )  # fmt: skip
