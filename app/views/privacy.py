"""Data-protection requests (admin): find a customer, export their data, erase them."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.db import get_session
from app.forms.admin import EraseForm, PersonForm
from app.models import AuditLog
from app.services import DomainError, erasure
from app.views.access import role_required
from app.views.errors import error_message

bp = Blueprint("privacy", __name__, url_prefix="/staff/admin/privacy")


def _page(form, status=200, **context):
    page = render_template("admin/privacy.html", form=form, erase=EraseForm(formdata=None),
                           **context)  # fmt: skip
    response = current_app.make_response((page, status))
    response.headers["Cache-Control"] = "no-store"  # the page shows personal data
    return response


def _person(form):
    return erasure.find(session=get_session(), email=form.email.data,
                        reference=form.reference.data, name=form.name.data)  # fmt: skip


@bp.route("", methods=["GET", "POST"])
@role_required("admin")
def index():
    """Find the customer and show what is stored about them, before export or erasure."""
    form = PersonForm()
    if not form.validate_on_submit():
        return _page(form, 400 if form.errors else 200)
    try:
        person = _person(form)
    except DomainError as exc:
        form.email.errors.append(error_message(exc))
        return _page(form, 400)
    return _page(form, person=person)


@bp.post("/export")
@role_required("admin")
def export():
    form = PersonForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        person = _person(form)
    except DomainError as exc:
        form.email.errors.append(error_message(exc))
        return _page(form, 400)
    data = erasure.export(session=get_session(), person=person)
    session = get_session()
    counts = {"contacts": len(person.contacts), "complaints": len(person.complaints)}
    session.add(AuditLog(actor_id=current_user.id, action="person.exported",
                         object_type="person", detail=counts))  # fmt: skip
    session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="voxloop-person.json"',
        "Cache-Control": "no-store"})  # fmt: skip


@bp.post("/erase")
@role_required("admin")
def erase():
    form = EraseForm()
    lookup = PersonForm(formdata=None, email=form.email.data, reference=form.reference.data,
                        name=form.name.data)  # fmt: skip
    if not form.validate_on_submit() or form.confirm.data.strip() != "ERASE":
        return _page(lookup, 400, confirm_error=_("Type ERASE to confirm the erasure."))
    try:
        person = _person(form)
    except DomainError as exc:
        lookup.email.errors.append(error_message(exc))
        return _page(lookup, 400)
    report = erasure.erase(session=get_session(), person=person, actor_id=current_user.id)
    return _page(PersonForm(formdata=None), report=report)
