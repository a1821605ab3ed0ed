"""What an improvement action changed: its target metric before and since it entered Do.

The method, in one sentence for the card: the baseline is the eight weeks before the card
entered Do, the current value the weeks since (at most the latest eight), and the effect
is their difference with a 95 % interval — a two-proportion z-test for shares (a theme's
share of all feedback items, or the share of satisfied CSAT answers), Welch's t-test for
means (NPS as +100/0/−100 per answer, CES 1–7). A theme is measured by its *share* of
feedback, not its raw count, so a quieter week does not look like success.

Values are in display units: shares and CSAT in per cent, NPS in points, CES on its 1–7
scale. Lower is better for a theme's share; higher is better for every score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (
    ActionTheme,
    Contact,
    FeedbackItem,
    ImprovementAction,
    Response,
    Segment,
    TargetMetric,
    Theme,
)
from app.models.base import utcnow
from ml.stats import difference_test

BASELINE_WEEKS = 8
# "Current" is the latest stretch since Do, so a long-running action shows where it is now.
CURRENT_MAX_WEEKS = 8
# Less than two weeks since Do, or fewer answers than this on either side, is too early
# to tell: intervals from a handful of answers swing with every single one.
MIN_CURRENT_DAYS = 14
MIN_N = 30
CONFIDENCE = 0.95
SATISFIED_CSAT_MIN = 4  # top-2-box of the 1–5 scale

IMPROVED = "improved"
NO_CHANGE = "no_change"
WORSE = "worse"
TOO_LITTLE = "too_little_data"
VERDICTS = (IMPROVED, NO_CHANGE, WORSE, TOO_LITTLE)

LOWER_IS_BETTER = frozenset({TargetMetric.THEME_SHARE})


@dataclass(frozen=True)
class WeekPoint:
    """The metric in one week, with the number of answers or items behind it."""

    week_start: date
    value: float | None
    n: int
    since_do: bool


@dataclass(frozen=True)
class Effect:
    """A card's measured effect: baseline, current value, difference, interval, verdict."""

    metric: str
    verdict: str
    # Why there is no verdict yet: not_started | no_themes | too_short | too_few.
    reason: str | None = None
    baseline: float | None = None
    current: float | None = None
    effect: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    n_before: int = 0
    n_after: int = 0
    test: str = ""
    baseline_from: date | None = None
    current_from: date | None = None
    current_to: date | None = None
    series: list[WeekPoint] = field(default_factory=list)

    def snapshot(self, measured_at: datetime) -> dict[str, Any]:
        """The effect as a JSON-able dict, for an iteration's check record."""
        data = asdict(self)
        data.pop("series")
        for key in ("baseline_from", "current_from", "current_to"):
            data[key] = data[key].isoformat() if data[key] else None
        data["measured_at"] = measured_at.isoformat()
        return data


def week_start(moment: datetime | date) -> date:
    day = moment.date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def linked_theme_ids(session: Session, action_id: int) -> set[int]:
    """The action's themes, following merges to the themes that hold their segments now."""
    ids = set(session.exec(select(ActionTheme.theme_id).where(ActionTheme.action_id == action_id)))
    live: set[int] = set()
    for theme_id in ids:
        seen = set()
        theme = session.get(Theme, theme_id)
        while theme is not None and theme.merged_into_id is not None and theme.id not in seen:
            seen.add(theme.id)
            theme = session.get(Theme, theme.merged_into_id)
        if theme is not None:
            live.add(theme.id)
    return live


def _data_end(session: Session, metric: str) -> datetime | None:
    if metric == TargetMetric.THEME_SHARE:
        return session.exec(
            select(func.max(FeedbackItem.occurred_at)).where(FeedbackItem.processed_at.is_not(None))
        ).one()
    return session.exec(select(func.max(Response.submitted_at))).one()


def _aware(moment: datetime | None) -> datetime | None:
    # Aggregates bypass the column type on SQLite and come back naive (stored as UTC).
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _day(column, dialect: str):
    """The UTC calendar day of a timestamp column, computed by the database."""
    if dialect == "postgresql":
        return sa.cast(func.timezone("UTC", column), sa.Date)
    return func.date(column)  # SQLite stores UTC text; date() reads its day


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# Outcomes come back aggregated, as (day, outcome, how many): a page never loads the rows
# behind a card, however many items or answers a quarter holds.
Counts = list[tuple[date, float, int]]


def _share_counts(
    session: Session, theme_ids: set[int], start: datetime, until: datetime
) -> Counts:
    """Per day: analysed items mentioning a linked theme (outcome 1) and the rest (0)."""
    dialect = session.get_bind().dialect.name
    item_day = _day(FeedbackItem.occurred_at, dialect)
    totals = session.exec(
        select(item_day, func.count())
        .where(
            FeedbackItem.processed_at.is_not(None),
            FeedbackItem.occurred_at >= start,
            FeedbackItem.occurred_at < until,
        )
        .group_by(item_day)
    ).all()
    segment_day = _day(Segment.occurred_at, dialect)
    hits = {
        _as_date(day): n
        for day, n in session.exec(
            select(segment_day, func.count(sa.distinct(Segment.feedback_item_id)))
            .where(
                Segment.theme_id.in_(theme_ids),
                Segment.occurred_at >= start,
                Segment.occurred_at < until,
            )
            .group_by(segment_day)
        ).all()
    }
    counts: Counts = []
    for day, total in totals:
        day = _as_date(day)
        hit = min(hits.get(day, 0), total)
        counts += [(day, 1.0, hit), (day, 0.0, total - hit)]
    return counts


def _score_counts(
    session: Session, metric: str, touchpoint_id: int | None, start: datetime, until: datetime
) -> Counts:
    """Per day and score: satisfied 0/1 (CSAT), +100/0/−100 (NPS), the score itself (CES)."""
    column = {"csat": Response.csat, "nps": Response.nps, "ces": Response.ces}[metric]
    day = _day(Response.submitted_at, session.get_bind().dialect.name)
    statement = (
        select(day, column, func.count())
        .where(column.is_not(None), Response.submitted_at >= start, Response.submitted_at < until)
        .group_by(day, column)
    )
    if touchpoint_id is not None:
        statement = statement.join(Contact, Contact.id == Response.contact_id).where(
            Contact.touchpoint_id == touchpoint_id
        )
    return [(_as_date(d), _outcome(metric, score), n) for d, score, n in session.exec(statement)]


def _outcome(metric: str, score: int) -> float:
    if metric == TargetMetric.CSAT:
        return 1.0 if score >= SATISFIED_CSAT_MIN else 0.0
    if metric == TargetMetric.NPS:
        return 100.0 if score >= 9 else -100.0 if score <= 6 else 0.0
    return float(score)


def _values(counts: Counts, first: date, last: date) -> np.ndarray:
    """The outcomes of the days from ``first`` to ``last`` (inclusive), one per answer."""
    kept = [(value, n) for day, value, n in counts if first <= day <= last and n > 0]
    if not kept:
        return np.zeros(0)
    values, repeats = zip(*kept, strict=True)
    return np.repeat(np.asarray(values, dtype=np.float64), repeats)


def _display(metric: str, mean: float) -> float:
    """Outcomes are 0/1 for shares; the card shows per cent."""
    return 100.0 * mean if metric in (TargetMetric.THEME_SHARE, TargetMetric.CSAT) else mean


def _series(metric: str, counts: Counts, first: date, last: date, do_day: date) -> list[WeekPoint]:
    sums: dict[date, float] = defaultdict(float)
    sizes: dict[date, int] = defaultdict(int)
    for day, value, n in counts:
        sums[week_start(day)] += value * n
        sizes[week_start(day)] += n
    points, week = [], week_start(first)
    while week <= last:
        n = sizes.get(week, 0)
        points.append(
            WeekPoint(
                week_start=week,
                value=_display(metric, sums[week] / n) if n else None,
                n=n,
                since_do=week >= week_start(do_day),
            )
        )
        week += timedelta(weeks=1)
    return points


def measure(*, session: Session, action: ImprovementAction, now: datetime | None = None) -> Effect:
    """Measure an action's target metric before and since it entered Do.

    Days are UTC calendar days: the baseline is the 56 days before the day the card first
    entered Do, the current window the days from then to the newest data, at most 56.

    Args:
        session: Database session.
        action: The card; its ``started_at`` is the moment it first entered Do.
        now: Upper end of the measurement (default: the newest data, or the moment the
            card reached Done, whichever is earlier).

    Returns:
        The :class:`Effect`; its verdict is ``too_little_data`` (with a reason) until
        both periods hold enough data.
    """
    metric = action.target_metric
    if action.started_at is None:
        return Effect(metric=metric, verdict=TOO_LITTLE, reason="not_started")
    theme_ids: set[int] = set()
    if metric == TargetMetric.THEME_SHARE:
        theme_ids = linked_theme_ids(session, action.id)
        if not theme_ids:
            return Effect(metric=metric, verdict=TOO_LITTLE, reason="no_themes")
    do_day = action.started_at.date()
    end = now or _aware(_data_end(session, metric)) or utcnow()
    if action.completed_at is not None:
        end = min(end, action.completed_at)
    end_day = max(end.date(), do_day)
    baseline_from = do_day - timedelta(weeks=BASELINE_WEEKS)
    current_from = max(do_day, end_day - timedelta(weeks=CURRENT_MAX_WEEKS) + timedelta(days=1))
    start = datetime.combine(baseline_from, time.min, UTC)
    until = datetime.combine(end_day + timedelta(days=1), time.min, UTC)
    if metric == TargetMetric.THEME_SHARE:
        counts = _share_counts(session, theme_ids, start, until)
    else:
        counts = _score_counts(session, metric, action.touchpoint_id, start, until)
    before = _values(counts, baseline_from, do_day - timedelta(days=1))
    after = _values(counts, current_from, end_day)
    kind = "proportion" if metric in (TargetMetric.THEME_SHARE, TargetMetric.CSAT) else "mean"
    diff = difference_test(before, after, kind=kind, confidence=CONFIDENCE)
    scale = 100.0 if kind == "proportion" else 1.0

    def scaled(value: float | None) -> float | None:
        return None if value is None else value * scale

    common = {
        "metric": metric,
        "baseline": scaled(float(before.mean())) if before.size else None,
        "current": scaled(float(after.mean())) if after.size else None,
        "effect": scaled(diff.effect),
        "low": scaled(diff.low),
        "high": scaled(diff.high),
        "p_value": diff.p_value,
        "n_before": int(before.size),
        "n_after": int(after.size),
        "test": diff.method,
        "baseline_from": baseline_from,
        "current_from": current_from,
        "current_to": end_day,
        "series": _series(metric, counts, baseline_from, end_day, do_day),
    }
    if (end_day - do_day).days < MIN_CURRENT_DAYS:
        return Effect(verdict=TOO_LITTLE, reason="too_short", **common)
    if before.size < MIN_N or after.size < MIN_N or diff.low is None:
        return Effect(verdict=TOO_LITTLE, reason="too_few", **common)
    return Effect(verdict=verdict_of(metric, diff.low * scale, diff.high * scale), **common)


def verdict_of(metric: str, low: float, high: float) -> str:
    """Improved or worse only when the interval excludes zero; the direction by metric."""
    if low <= 0 <= high:
        return NO_CHANGE
    rose = low > 0
    better = not rose if metric in LOWER_IS_BETTER else rose
    return IMPROVED if better else WORSE
