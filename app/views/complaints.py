"""The public complaint form and the status page: no login, no CAPTCHA."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.db import get_session
from app.extensions import limiter
from app.forms.complaints import ComplaintForm, StatusForm
from app.models import COMPLAINT_STEPS, ComplaintStatus
from app.services import complaints as complaint_service
from app.services import touchpoints as touchpoint_service
from app.services.complaints import ComplaintNotFound
from app.services.references import complaint_reference, new_secret

bp = Blueprint("complaints", __name__)

RECEIPT_KEY = "complaint_receipt"
STATUS_NAMES = {
    ComplaintStatus.RECEIVED: _l("Received"),
    ComplaintStatus.IN_PROGRESS: _l("In progress"),
    ComplaintStatus.ANSWERED: _l("Answered"),
    ComplaintStatus.CLOSED: _l("Closed"),
}


def _limit() -> str:
    return current_app.config["COMPLAINT_RATE_LIMIT"]


def _language() -> str:
    locale = get_locale()
    return str(locale.language) if locale else current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.route("/complaint", methods=["GET", "POST"], endpoint="form")
@limiter.limit(_limit, methods=["POST"])
def new_complaint():
    form = ComplaintForm()
    form.set_touchpoints(touchpoint_service.journey(session=get_session()), _language())
    if request.method == "GET":
        return render_template("complaints/form.html", form=form)
    if not form.validate():
        return render_template("complaints/form.html", form=form), 400
    if form.is_spam:
        # Look like a success so the bot learns nothing; nothing is stored.
        year = datetime.now(UTC).year
        receipt = {"reference": complaint_reference(year, secrets.randbelow(10**6)),
                   "secret": new_secret()}  # fmt: skip
    else:
        filed = complaint_service.file_complaint(
            session=get_session(), config=current_app.config, data=form.to_create(_language())
        )
        receipt = {"reference": filed.complaint.reference, "secret": filed.secret}
    session[RECEIPT_KEY] = receipt
    return redirect(url_for("complaints.sent"), 303)


@bp.before_app_request
def _forget_unshown_receipt() -> None:
    """The receipt (with the status secret) lives in the cookie for one redirect only:
    whatever the browser asks for next, it is gone unless that is the page showing it."""
    if RECEIPT_KEY in session and request.endpoint not in ("complaints.sent", "static"):
        session.pop(RECEIPT_KEY, None)


@bp.get("/complaint/sent")
def sent():
    # The secret is shown once: it leaves the (signed) session cookie as it is displayed.
    receipt = session.pop(RECEIPT_KEY, None)
    response = current_app.make_response(render_template("complaints/sent.html", receipt=receipt))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/complaint/status", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def status():
    form = StatusForm(reference=request.args.get("ref", "")[:40])
    if request.method == "GET":
        return render_template("complaints/status.html", form=form, report=None)
    if not form.validate():
        return render_template("complaints/status.html", form=form, report=None), 400
    try:
        report = complaint_service.complaint_status(
            session=get_session(), reference=form.reference.data, secret=form.secret.data,
            config=current_app.config,
        )  # fmt: skip
    except ComplaintNotFound:
        return render_template(
            "complaints/status.html", form=form, report=None, not_found=True
        ), 404
    return render_template(
        "complaints/status.html",
        form=form,
        report=report,
        status_name=STATUS_NAMES.get(report.status, report.status),
        steps=[(step, STATUS_NAMES[step]) for step in COMPLAINT_STEPS],
    )
