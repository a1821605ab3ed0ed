"""Health probes, the public start page and the staff landing page."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.db import get_session
from app.forms.board import METRIC_LABELS, STAGE_LABELS
from app.forms.cases import REASON_LABELS
from app.services import DomainError, health, overview
from app.views.errors import error_message

bp = Blueprint("main", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    problem = health.database_problem(session=get_session())
    if problem:
        # The failure's kind helps an operator, not an anonymous caller: it goes to the log.
        current_app.logger.warning("readiness: database unavailable (%s)", problem)
        return jsonify(status="unavailable", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on their own; a 404 page there would eat flash messages."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.staff_home"))
    return render_template("main/index.html")


@bp.get("/staff/")
@login_required
def staff_home():
    error = None
    try:
        period = overview.parse_period(request.args.get("period"))
    except DomainError as exc:
        period, error = overview.DEFAULT_PERIOD, error_message(exc)
    page = overview.overview(session=get_session(), period=period)
    labels = {"stages": STAGE_LABELS, "metrics": METRIC_LABELS, "reasons": REASON_LABELS}
    return render_template("main/staff_home.html", page=page, error=error, **labels), (
        400 if error else 200
    )
