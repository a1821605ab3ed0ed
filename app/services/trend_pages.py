"""What the trend and journey pages show, assembled from the trend services in one call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from app.services import N_, DomainError, trend_export, trend_themes
from app.services.journey import Journey, journey
from app.services.trends import Filters, ScoreTrends, filter_options, parse_filters, score_trends

__all__ = ["Filters", "csv_for", "journey_csv", "journey_page", "parse_filters", "trend_page"]


@dataclass
class TrendPage:
    options: object
    scores: ScoreTrends | None
    themes: trend_themes.ThemeTrends | None = None
    drivers: list[trend_themes.Driver] = field(default_factory=list)
    charts: dict[str, dict] = field(default_factory=dict)


def trend_page(
    *, session: Session, filters: Filters, language: str, card_url: Callable[[int], str]
) -> TrendPage:
    """Every chart of the trend page, each as the payload its table and CSV share."""
    scores = score_trends(session=session, filters=filters, language=language)
    page = TrendPage(options=filter_options(session=session), scores=scores)
    if page.scores is None:
        return page
    span = page.scores.window
    buckets, grain = span.buckets, span.grain
    notes = page.scores.annotations
    for series in page.scores.metrics:
        page.charts[series.key] = trend_export.line_payload(
            series.key, series.key, buckets, grain, [series], notes, band=True, card_url=card_url
        )
    if page.scores.by_touchpoint:
        page.charts["touchpoints"] = trend_export.line_payload(
            "touchpoints", filters.metric, buckets, grain, page.scores.by_touchpoint, notes,
            card_url=card_url,
        )  # fmt: skip
    page.themes = trend_themes.theme_trends(session=session, filters=filters, span=span)
    page.charts["themes"] = trend_export.line_payload(
        "themes", "share", buckets, grain, page.themes.share, notes, card_url=card_url
    )
    page.drivers = trend_themes.drivers(session=session, filters=filters, span=span)
    page.charts["drivers"] = trend_export.driver_payload(filters.metric, page.drivers)
    return page


def csv_for(charts: dict[str, dict], key: str | None) -> str:
    """One chart's CSV (``key``), or every chart's one after the other."""
    if key:
        if key not in charts:
            raise DomainError(N_("There is no chart %(name)s."), name=key[:40])
        return trend_export.to_csv([charts[key]])
    return trend_export.to_csv(list(charts.values()))


@dataclass
class JourneyPage:
    options: object
    journey: Journey | None


def journey_page(*, session: Session, filters: Filters) -> JourneyPage:
    return JourneyPage(options=filter_options(session=session),
                       journey=journey(session=session, filters=filters))  # fmt: skip


JOURNEY_COLUMNS = ("position", "touchpoint", "responses", "items", "csat", "csat_low",
                   "csat_high", "csat_n", "nps", "nps_low", "nps_high", "nps_n", "ces",
                   "ces_low", "ces_high", "ces_n", "csat_vs_rest", "csat_vs_rest_p",
                   "top_themes", "emerging", "attention")  # fmt: skip


def journey_csv(page: JourneyPage) -> str:
    """The journey map's table, one row per touchpoint."""
    rows = [list(JOURNEY_COLUMNS)]
    for position, stop in enumerate(page.journey.stops if page.journey else [], start=1):
        scores = []
        for metric in ("csat", "nps", "ces"):
            est = stop.scores[metric]
            scores += [est.value, est.low, est.high, est.n]
        versus = stop.versus_rest
        rows.append([position, stop.touchpoint.key, stop.responses, stop.items, *scores,
                     versus.effect if versus else None,
                     round(versus.p_value, 4) if versus and versus.p_value is not None else None,
                     "; ".join(t.name for t in stop.themes),
                     "; ".join(t.name for t in stop.emerging),
                     " ".join(stop.attention)])  # fmt: skip
    return trend_export.to_csv([{"kind": "table", "rows": rows}])
