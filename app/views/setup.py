"""Setting the product up (admin): touchpoints, survey versions, retention periods."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.forms.admin import NewTouchpointForm, RetentionForm, RetryForm, TouchpointForm
from app.models import Touchpoint
from app.services import DomainError, retention
from app.services import surveys as survey_service
from app.services import touchpoints as touchpoint_service
from app.views.access import role_required
from app.views.errors import error_message

bp = Blueprint("setup", __name__, url_prefix="/staff/admin")


def _touchpoints():
    from sqlmodel import select

    return list(get_session().exec(select(Touchpoint).order_by(Touchpoint.position)))


@bp.route("/touchpoints", methods=["GET", "POST"])
@role_required("admin")
def touchpoints():
    """The journey's touchpoints: names in both languages, order, follow-up time; add one."""
    form, status = NewTouchpointForm(), 200
    if form.validate_on_submit():
        try:
            touchpoint_service.create_touchpoint(
                session=get_session(), key=form.key.data, name_en=form.name_en.data,
                name_de=form.name_de.data, sla_hours=form.sla_hours.data,
                actor_id=current_user.id,
            )  # fmt: skip
        except DomainError as exc:
            form.key.errors.append(error_message(exc))
            status = 400
        else:
            flash(_("Touchpoint added at the end of the journey."), "success")
            return redirect(url_for("setup.touchpoints"))
    elif form.errors:
        status = 400
    edits = {tp.id: TouchpointForm(formdata=None, obj=tp, prefix=f"tp{tp.id}")
             for tp in _touchpoints()}  # fmt: skip
    return render_template("admin/touchpoints.html", form=form, edits=edits,
                           touchpoints=_touchpoints()), status  # fmt: skip


@bp.post("/touchpoints/<int:touchpoint_id>")
@role_required("admin")
def change_touchpoint(touchpoint_id: int):
    form = TouchpointForm(prefix=f"tp{touchpoint_id}")
    if not form.validate_on_submit():
        problems = "; ".join(e for errors in form.errors.values() for e in errors)
        flash(problems or _("Your form expired. Please send it again."), "error")
        return redirect(url_for("setup.touchpoints"))
    try:
        touchpoint_service.update_touchpoint(
            session=get_session(), touchpoint_id=touchpoint_id, name_en=form.name_en.data,
            name_de=form.name_de.data, position=form.position.data,
            sla_hours=form.sla_hours.data, active=form.active.data, actor_id=current_user.id,
        )  # fmt: skip
    except DomainError as exc:
        flash(error_message(exc), "error")
    else:
        flash(_("Touchpoint saved."), "success")
    return redirect(url_for("setup.touchpoints"))


@bp.get("/surveys")
@role_required("admin")
def surveys():
    """Every survey's versions; one per survey is used for new invitations."""
    listing = survey_service.versions(session=get_session())
    return render_template("admin/surveys.html", versions=listing, action=RetryForm())


@bp.get("/surveys/<int:version_id>")
@role_required("admin")
def survey_preview(version_id: int):
    """A version's questions, English and German side by side."""
    from app.models import SurveyVersion

    version = get_session().get(SurveyVersion, version_id)
    if version is None:
        abort(404)
    return render_template("admin/survey_preview.html", version=version, action=RetryForm())


@bp.post("/surveys/<int:version_id>/activate")
@role_required("admin")
def activate_survey(version_id: int):
    if not RetryForm().validate_on_submit():
        abort(400)
    try:
        chosen = survey_service.activate(session=get_session(), version_id=version_id,
                                         actor_id=current_user.id)  # fmt: skip
    except DomainError as exc:
        flash(error_message(exc), "error")
    else:
        flash(_("Version %(version)s of %(key)s is used for new invitations.",
                version=chosen.version, key=chosen.key), "success")  # fmt: skip
    return redirect(url_for("setup.surveys"))


@bp.route("/retention", methods=["GET", "POST"])
@role_required("admin")
def retention_settings():
    """How long each kind of personal data is kept, and what the last purge did."""
    session = get_session()
    current = retention.periods(current_app.config, session)
    form, status = RetentionForm(data=current), 200
    if form.validate_on_submit():
        try:
            retention.save_periods(session=session, actor_id=current_user.id,
                                   days={k: form[k].data for k in retention.KINDS})  # fmt: skip
        except DomainError as exc:
            form.comments.errors.append(error_message(exc))
            status = 400
        else:
            flash(_("Retention periods saved; the daily purge uses them from now on."),
                  "success")  # fmt: skip
            return redirect(url_for("setup.retention_settings"))
    elif form.errors:
        status = 400
    return render_template("admin/retention.html", form=form, action=RetryForm(),
                           last=retention.last_purge(session=session)), status  # fmt: skip


@bp.post("/retention/run")
@role_required("admin")
def run_retention():
    if not RetryForm().validate_on_submit():
        abort(400)
    report = retention.purge(session=get_session(), config=current_app.config)
    flash(report.describe(), "success")
    return redirect(url_for("setup.retention_settings"))
