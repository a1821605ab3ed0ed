"""Themes on the trend pages: share over time, top movers and drivers of the scores.

A theme's *share* is the number of analysed feedback items mentioning it over all
analysed items (an item counts once however many of its sentences touch the theme).
*Movers* compare the share in two stretches with the two-proportion z-test. *Drivers*
compare the score of customers whose comment mentions a theme with everyone else's
(two-proportion z for CSAT, Welch's t for NPS and CES); importance is the share of
answers that mention it, and the cost is share × difference: the points the whole
score loses (or gains) through that theme.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Theme, TrendDaily, TrendThemeDaily
from app.services.trend_rollup import COUNT_COLUMNS
from app.services.trends import (
    CONFIDENCE,
    Filters,
    Point,
    Series,
    Sums,
    Window,
    _as_date,
    apply_filters,
    bucket_start,
    difference,
    estimate,
)
from ml import trend_stats

SHARE_THEMES = 5  # lines on the share chart: the period's biggest themes
MOVERS = 3


def _names(session: Session, ids) -> dict[int, str]:
    if not ids:
        return {}
    # Columns, not ORM objects: a page names a few hundred themes (Theme.display_name).
    rows = session.exec(
        select(Theme.id, Theme.name, Theme.label_auto).where(Theme.id.in_(list(ids)))
    )
    return {theme_id: name or label for theme_id, name, label in rows}


def _live(session: Session) -> set[int]:
    return set(session.exec(select(Theme.id).where(Theme.merged_into_id.is_(None))))


def item_totals(*, session: Session, filters: Filters, first: date, last: date) -> dict[date, int]:
    """Analysed feedback items per day."""
    statement = (
        select(TrendDaily.day, func.sum(TrendDaily.items))
        .where(TrendDaily.day >= first, TrendDaily.day <= last)
        .group_by(TrendDaily.day)
    )
    statement = apply_filters(statement, TrendDaily, filters, session)
    return {_as_date(day): int(n or 0) for day, n in session.exec(statement)}


def theme_items(
    *, session: Session, filters: Filters, first: date, last: date
) -> dict[tuple[date, int], int]:
    """Items mentioning each theme, per day."""
    statement = (
        select(TrendThemeDaily.day, TrendThemeDaily.theme_id, func.sum(TrendThemeDaily.items))
        .where(TrendThemeDaily.day >= first, TrendThemeDaily.day <= last)
        .group_by(TrendThemeDaily.day, TrendThemeDaily.theme_id)
    )
    statement = apply_filters(statement, TrendThemeDaily, filters, session)
    return {(_as_date(day), theme): int(n or 0) for day, theme, n in session.exec(statement)}


def _share(hits: int, total: int) -> Point:
    status = trend_stats.reliability(total)
    if status == "suppressed":
        return Point(date.min, None, None, None, total, "suppressed" if total else "empty")
    est = trend_stats.csat_from_counts(min(hits, total), total, CONFIDENCE)
    return Point(date.min, round(100 * est.value, 1), round(100 * est.low, 1),
                 round(100 * est.high, 1), total, status)  # fmt: skip


@dataclass(frozen=True)
class Mover:
    theme_id: int
    name: str
    before: float
    after: float
    change: float  # percentage points
    low: float | None
    high: float | None
    p_value: float | None
    significant: bool
    mentions: int


@dataclass(frozen=True)
class ThemeTrends:
    share: list[Series]
    rising: list[Mover]
    falling: list[Mover]
    halves: tuple[date, date, date, date]


def changes(
    hits: dict[tuple[date, int], int],
    totals: dict[date, int],
    names: dict[int, str],
    split: date,
) -> list[Mover]:
    """Each named theme's share on and after ``split`` against before it, tested."""
    n_before = sum(n for day, n in totals.items() if day < split)
    n_after = sum(n for day, n in totals.items() if day >= split)
    per: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (day, theme), n in hits.items():
        per[theme][day >= split] += n
    out = []
    for theme, (before, after) in per.items():
        if theme not in names:
            continue
        diff = trend_stats.proportion_difference(min(before, n_before), n_before,
                                                 min(after, n_after), n_after)  # fmt: skip
        if diff.effect is None:
            continue
        out.append(Mover(theme, names[theme], round(100 * before / n_before, 1),
                         round(100 * after / n_after, 1), round(100 * diff.effect, 1),
                         None if diff.low is None else round(100 * diff.low, 1),
                         None if diff.high is None else round(100 * diff.high, 1),
                         diff.p_value, trend_stats.significant(diff), before + after))  # fmt: skip
    return out


def movers(
    hits: dict[tuple[date, int], int],
    totals: dict[date, int],
    names: dict[int, str],
    split: date,
) -> tuple[list[Mover], list[Mover]]:
    """The biggest rises and the biggest falls in share, each strongest first."""
    out = changes(hits, totals, names, split)
    rising = sorted((m for m in out if m.change > 0), key=lambda m: -m.change)[:MOVERS]
    falling = sorted((m for m in out if m.change < 0), key=lambda m: m.change)[:MOVERS]
    return rising, falling


def theme_trends(*, session: Session, filters: Filters, span: Window) -> ThemeTrends:
    """Share of the period's biggest themes per bucket, and the movers between its halves."""
    totals = item_totals(session=session, filters=filters, first=span.first, last=span.last)
    hits = theme_items(session=session, filters=filters, first=span.first, last=span.last)
    live = _live(session)
    volume: dict[int, int] = defaultdict(int)
    for (_, theme), n in hits.items():
        if theme in live:
            volume[theme] += n
    top = sorted(volume, key=lambda t: (-volume[t], t))[:SHARE_THEMES]
    names = _names(session, volume)
    bucket_totals: dict[date, int] = defaultdict(int)
    for day, n in totals.items():
        bucket_totals[bucket_start(day, span.grain)] += n
    bucket_hits: dict[tuple[date, int], int] = defaultdict(int)
    for (day, theme), n in hits.items():
        bucket_hits[(bucket_start(day, span.grain), theme)] += n
    share = []
    for theme in top:
        points = []
        for start in span.buckets:
            point = _share(bucket_hits.get((start, theme), 0), bucket_totals.get(start, 0))
            points.append(point.__class__(start, *list(vars(point).values())[1:]))
        share.append(Series(str(theme), names[theme], points))
    buckets = span.buckets
    split = buckets[len(buckets) // 2] if len(buckets) > 1 else span.last
    rising, falling = movers(hits, totals, names, split)
    halves = (span.first, split, split, span.last)
    return ThemeTrends(share=share, rising=rising, falling=falling, halves=halves)


@dataclass(frozen=True)
class Driver:
    """A theme's pull on a score: mentioners against everyone else, with its volume."""

    theme_id: int
    name: str
    mentions: int  # answers with this metric whose comment mentions the theme
    volume: float  # per cent of all answers
    with_theme: float | None
    without_theme: float | None
    difference: float | None
    low: float | None
    high: float | None
    p_value: float | None
    significant: bool
    impact: float | None  # volume share × difference: points of the whole score


def drivers(*, session: Session, filters: Filters, span: Window, limit: int = 12) -> list[Driver]:
    """Per theme over the window: the score with and without it; the costliest first."""
    metric = filters.metric
    total_row = session.exec(
        apply_filters(
            select(*[func.sum(getattr(TrendDaily, c)) for c in COUNT_COLUMNS]).where(
                TrendDaily.day >= span.first, TrendDaily.day <= span.last
            ),
            TrendDaily, filters, session,
        )
    ).one()  # fmt: skip
    total = Sums.of(total_row)
    statement = (
        select(TrendThemeDaily.theme_id,
               *[func.sum(getattr(TrendThemeDaily, c)) for c in COUNT_COLUMNS])
        .where(TrendThemeDaily.day >= span.first, TrendThemeDaily.day <= span.last)
        .group_by(TrendThemeDaily.theme_id)
    )  # fmt: skip
    per = {row[0]: Sums.of(row[1:]) for row in session.exec(
        apply_filters(statement, TrendThemeDaily, filters, session))}  # fmt: skip
    live = _live(session)
    names = _names(session, [t for t in per if t in live])
    n_total = total.n(metric)
    out = []
    for theme, sums in per.items():
        n = sums.n(metric)
        if theme not in names or n < trend_stats.SUPPRESS_N or n_total - n < 1:
            continue
        rest = Sums()
        rest.add(total)
        for name in COUNT_COLUMNS:
            setattr(rest, name, getattr(rest, name) - getattr(sums, name))
        diff = difference(metric, rest, sums)
        volume = 100.0 * n / n_total
        impact = None if diff.effect is None else round(volume / 100 * diff.effect, 2)
        out.append(Driver(theme, names[theme], n, round(volume, 1), estimate(metric, sums).value,
                          estimate(metric, rest).value, diff.effect, diff.low, diff.high,
                          diff.p_value, trend_stats.significant(diff), impact))  # fmt: skip
    # Lower is better for effort: a theme that raises CES costs as one that lowers CSAT.
    sign = -1 if metric == "ces" else 1
    out.sort(key=lambda d: (sign * (d.impact or 0), -d.mentions))
    return out[:limit]


def biggest_movers(
    *, session: Session, filters: Filters, first: date, split: date, last: date, limit: int = 3
) -> list[Mover]:
    """The themes whose share changed most, either way, from [first, split) to [split, last]."""
    totals = item_totals(session=session, filters=filters, first=first, last=last)
    hits = theme_items(session=session, filters=filters, first=first, last=last)
    live = _live(session)
    names = _names(session, {theme for _, theme in hits if theme in live})
    ranked = changes(hits, totals, names, split)
    ranked.sort(key=lambda m: (-abs(m.change), -m.mentions, m.theme_id))
    return ranked[:limit]
