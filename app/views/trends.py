"""Executive pages: trends with intervals, the journey map, their CSV downloads."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import get_locale

from app.db import get_session
from app.services import DomainError
from app.services import trend_pages as pages
from app.views.access import role_required
from app.views.errors import error_message

bp = Blueprint("trends", __name__, url_prefix="/staff")


def _language() -> str:
    return str(get_locale() or "en")[:2]


def _filters():
    """The URL's filters, or the defaults with the error to show (status 400)."""
    session = get_session()
    try:
        return pages.parse_filters(request.args, session=session), None
    except DomainError as exc:
        return pages.Filters(), error_message(exc)


def _card_url(action_id: int) -> str:
    return url_for("board.card", action_id=action_id)


@bp.get("/trends")
@role_required("viewer")
def index():
    filters, error = _filters()
    view = pages.trend_page(session=get_session(), filters=filters, language=_language(),
                            card_url=_card_url)  # fmt: skip
    return render_template("trends/index.html", view=view, filters=filters, error=error), (
        400 if error else 200
    )


@bp.get("/trends.csv")
@role_required("viewer")
def trends_csv():
    filters, error = _filters()
    if error:
        return Response(error, status=400, mimetype="text/plain")
    view = pages.trend_page(session=get_session(), filters=filters, language=_language(),
                            card_url=_card_url)  # fmt: skip
    try:
        text = pages.csv_for(view.charts, request.args.get("chart"))
    except DomainError as exc:
        return Response(error_message(exc), status=400, mimetype="text/plain")
    return _csv(text, "voxloop-trends.csv")


@bp.get("/journey")
@role_required("viewer")
def journey():
    filters, error = _filters()
    view = pages.journey_page(session=get_session(), filters=filters)
    return render_template("trends/journey.html", view=view, filters=filters, error=error), (
        400 if error else 200
    )


@bp.get("/journey.csv")
@role_required("viewer")
def journey_csv():
    filters, error = _filters()
    if error:
        return Response(error, status=400, mimetype="text/plain")
    view = pages.journey_page(session=get_session(), filters=filters)
    return _csv(pages.journey_csv(view), "voxloop-journey.csv")


def _csv(text: str, name: str) -> Response:
    # A byte-order mark so spreadsheets read umlauts in theme names as UTF-8.
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@bp.app_template_filter("todate")
def _todate(value: str):
    from datetime import date

    return date.fromisoformat(value)


@bp.app_context_processor
def _names():
    """Metric and channel names, for the trend pages and the overview."""
    from flask_babel import gettext as _

    return {
        "metric_names": {"csat": _("CSAT (share satisfied)"), "nps": _("NPS"),
                         "ces": _("CES (effort, 1–7)")},
        "channel_names": {"web": _("Web"), "phone": _("Phone"), "email": _("E-mail"),
                          "chat": _("Chat"), "store": _("Store")},
    }  # fmt: skip
