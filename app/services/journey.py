"""The journey map: every touchpoint in journey order with its scores, trend and themes.

A touchpoint *needs attention* when its CSAT over the period is significantly below the
rest of the journey (two-proportion z-test, p < 0.05, at least 30 answers a side) or a
theme that was flagged emerging in the period happened mostly there (at least 3 items
and a fifth of the theme's items in a flagged week).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import ThemeSignal, Touchpoint, TrendDaily, TrendThemeDaily
from app.services import trend_themes
from app.services.trends import (
    METRICS,
    Filters,
    Point,
    Sums,
    Window,
    _as_date,
    apply_filters,
    bucketed,
    daily_sums,
    difference,
    estimate,
    series_points,
    window,
)
from ml import trend_stats
from ml.stats import Difference, Estimate

TOP_THEMES = 3
EMERGING_MIN_ITEMS = 3
EMERGING_MIN_SHARE = 0.2


@dataclass(frozen=True)
class JourneyTheme:
    theme_id: int
    name: str
    mentions: int


@dataclass
class Stop:
    """One touchpoint on the map."""

    touchpoint: Touchpoint
    scores: dict[str, Estimate]
    trend: list[Point]  # weekly CSAT (or the chosen metric) over the period
    responses: int
    items: int
    themes: list[JourneyTheme]
    emerging: list[JourneyTheme]
    versus_rest: Difference | None
    attention: list[str] = field(default_factory=list)  # below_rest | emerging


@dataclass
class Journey:
    window: Window
    stops: list[Stop]


def journey(*, session: Session, filters: Filters) -> Journey | None:
    """The map for the filters' period, channel, language and team (touchpoint ignored)."""
    filters = Filters(**{**vars(filters), "touchpoint": None, "grain": "week"})
    span = window(session=session, filters=filters)
    if span is None:
        return None
    daily = daily_sums(session=session, filters=filters, first=span.first, last=span.last,
                       by_touchpoint=True)  # fmt: skip
    weekly = bucketed(daily, "week")
    per_tp: dict[int, Sums] = defaultdict(Sums)
    for (_, tp), sums in daily.items():
        per_tp[tp].add(sums)
    journey_total = Sums()
    for sums in per_tp.values():
        journey_total.add(sums)
    volume = _volumes(session, filters, span)
    mentions = _mentions(session, filters, span)
    emerging = _emerging(session, filters, span)
    names = trend_themes._names(session, {t for tp in mentions.values() for t in tp})
    stops = []
    for tp in session.exec(
        select(Touchpoint).where(Touchpoint.active).order_by(Touchpoint.position)
    ):
        mine = per_tp.get(tp.id, Sums())
        rest = Sums()
        rest.add(journey_total)
        for name in vars(rest):
            setattr(rest, name, getattr(rest, name) - getattr(mine, name))
        versus = difference("csat", rest, mine) if mine.csat_n else None
        by_week = {key[0]: sums for key, sums in weekly.items() if key[1] == tp.id}
        top = sorted(mentions.get(tp.id, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        stop = Stop(
            touchpoint=tp,
            scores={m: estimate(m, mine) for m in METRICS},
            trend=series_points(filters.metric, by_week, span.buckets),
            responses=volume.get(tp.id, (0, 0))[0],
            items=volume.get(tp.id, (0, 0))[1],
            themes=[JourneyTheme(t, names.get(t, "?"), n) for t, n in top[:TOP_THEMES]
                    if t in names],
            emerging=[JourneyTheme(t, names.get(t, "?"), n) for t, n in emerging.get(tp.id, [])
                      if t in names],
            versus_rest=versus,
        )  # fmt: skip
        if versus is not None and trend_stats.significant(versus) and versus.effect < 0:
            stop.attention.append("below_rest")
        if stop.emerging:
            stop.attention.append("emerging")
        stops.append(stop)
    return Journey(window=span, stops=stops)


def _volumes(session: Session, filters: Filters, span: Window) -> dict[int, tuple[int, int]]:
    statement = (
        select(TrendDaily.touchpoint_id, func.sum(TrendDaily.responses), func.sum(TrendDaily.items))
        .where(TrendDaily.day >= span.first, TrendDaily.day <= span.last)
        .group_by(TrendDaily.touchpoint_id)
    )
    statement = apply_filters(statement, TrendDaily, filters, session, touchpoint=False)
    return {tp: (int(r or 0), int(i or 0)) for tp, r, i in session.exec(statement)}


def _mentions(session: Session, filters: Filters, span: Window) -> dict[int, dict[int, int]]:
    statement = (
        select(TrendThemeDaily.touchpoint_id, TrendThemeDaily.theme_id,
               func.sum(TrendThemeDaily.items))
        .where(TrendThemeDaily.day >= span.first, TrendThemeDaily.day <= span.last)
        .group_by(TrendThemeDaily.touchpoint_id, TrendThemeDaily.theme_id)
    )  # fmt: skip
    statement = apply_filters(statement, TrendThemeDaily, filters, session, touchpoint=False)
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for tp, theme, n in session.exec(statement):
        out[tp][theme] = int(n or 0)
    return out


def _emerging(session: Session, filters: Filters, span: Window) -> dict[int, list[tuple]]:
    """Themes flagged emerging in the period, at the touchpoints that carried them."""
    flagged = list(session.exec(
        select(ThemeSignal.theme_id, ThemeSignal.week_start)
        .where(ThemeSignal.flagged, ThemeSignal.week_start >= span.first,
               ThemeSignal.week_start <= span.last)
    ))  # fmt: skip
    if not flagged:
        return {}
    weeks = {(theme, _as_date(week)) for theme, week in flagged}
    statement = (
        select(TrendThemeDaily.day, TrendThemeDaily.touchpoint_id, TrendThemeDaily.theme_id,
               func.sum(TrendThemeDaily.items))
        .where(TrendThemeDaily.theme_id.in_({t for t, _ in weeks}),
               TrendThemeDaily.day >= span.first, TrendThemeDaily.day <= span.last)
        .group_by(TrendThemeDaily.day, TrendThemeDaily.touchpoint_id, TrendThemeDaily.theme_id)
    )  # fmt: skip
    statement = apply_filters(statement, TrendThemeDaily, filters, session, touchpoint=False)
    per: dict[tuple[int, date], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for day, tp, theme, n in session.exec(statement):
        day = _as_date(day)
        week = day - timedelta(days=day.weekday())
        if (theme, week) in weeks:
            per[(theme, week)][tp] += int(n or 0)
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for (theme, _week), by_tp in per.items():
        total = sum(by_tp.values())
        for tp, n in by_tp.items():
            if n >= EMERGING_MIN_ITEMS and n >= EMERGING_MIN_SHARE * total:
                out[tp][theme] = max(out[tp].get(theme, 0), n)
    return {tp: sorted(themes.items(), key=lambda kv: -kv[1]) for tp, themes in out.items()}
