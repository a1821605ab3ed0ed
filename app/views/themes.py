"""The improvement team's weekly triage and the theme page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.forms.themes import STATUS_LABELS, MergeForm, PinForm, RenameForm, StatusForm
from app.services import DomainError
from app.services import themes as theme_service
from app.views.access import role_required

bp = Blueprint("themes", __name__, url_prefix="/staff/themes")


@bp.get("/")
@role_required("analyst")
def triage():
    week = request.args.get("week", type=date.fromisoformat)
    view = theme_service.triage(session=get_session(), week=week)
    return render_template("themes/triage.html", triage=view, status_labels=STATUS_LABELS)


@bp.get("/<int:theme_id>")
@role_required("analyst")
def detail(theme_id: int):
    view = theme_service.detail(session=get_session(), theme_id=theme_id)
    forms = {
        "rename": RenameForm(name=view.theme.name or ""),
        "status": StatusForm(status=view.theme.status),
        "pin": PinForm(pinned="" if view.theme.pinned else "1"),
        "merge": MergeForm(),
    }
    return render_template(
        "themes/detail.html", view=view, forms=forms, status_labels=STATUS_LABELS
    )


def _apply(page_theme_id: int, edit, **arguments) -> object:
    """Run one theme edit for the signed-in analyst and go back to the theme page."""
    try:
        edit(session=get_session(), actor_id=current_user.id, **arguments)
    except DomainError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for("themes.detail", theme_id=page_theme_id))


@bp.post("/<int:theme_id>/rename")
@role_required("analyst")
def rename(theme_id: int):
    form = RenameForm()
    if not form.validate_on_submit():
        flash(" ".join(form.name.errors) or _("Please check the name."), "error")
        return redirect(url_for("themes.detail", theme_id=theme_id))
    return _apply(theme_id, theme_service.rename, theme_id=theme_id, name=form.name.data)


@bp.post("/<int:theme_id>/status")
@role_required("analyst")
def status(theme_id: int):
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose a status."), "error")
        return redirect(url_for("themes.detail", theme_id=theme_id))
    return _apply(theme_id, theme_service.set_status, theme_id=theme_id, status=form.status.data)


@bp.post("/<int:theme_id>/pin")
@role_required("analyst")
def pin(theme_id: int):
    form = PinForm()
    pinned = form.pinned.data == "1"
    return _apply(theme_id, theme_service.pin, theme_id=theme_id, pinned=pinned)


@bp.post("/<int:theme_id>/merge")
@role_required("analyst")
def merge(theme_id: int):
    form = MergeForm()
    if not form.validate_on_submit():
        flash(_("Choose a theme to merge."), "error")
        return redirect(url_for("themes.detail", theme_id=theme_id))
    return _apply(theme_id, theme_service.merge, source_ids=[form.source.data], target_id=theme_id)
