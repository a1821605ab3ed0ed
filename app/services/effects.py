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
from datetime import UTC, date, datetime, timedelta
from typing import Any

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


def _share_outcomes(
    session: Session, theme_ids: set[int], start: datetime, end: datetime
) -> list[tuple[datetime, float]]:
    """(moment, 1 if the item mentions a linked theme else 0) for every analysed item."""
    items = session.exec(
        select(FeedbackItem.id, FeedbackItem.occurred_at).where(
            FeedbackItem.processed_at.is_not(None),
            FeedbackItem.occurred_at >= start,
            FeedbackItem.occurred_at < end,
        )
    ).all()
    mentioning = set(
        session.exec(
            select(Segment.feedback_item_id)
            .where(
                Segment.theme_id.in_(theme_ids),
                Segment.occurred_at >= start,
                Segment.occurred_at < end,
            )
            .distinct()
        )
    )
    return [(moment, 1.0 if item_id in mentioning else 0.0) for item_id, moment in items]


def _score_outcomes(
    session: Session, metric: str, touchpoint_id: int | None, start: datetime, end: datetime
) -> list[tuple[datetime, float]]:
    """One outcome per answer: satisfied 0/1 (CSAT), +100/0/−100 (NPS), the score (CES)."""
    column = {"csat": Response.csat, "nps": Response.nps, "ces": Response.ces}[metric]
    statement = select(Response.submitted_at, column).where(
        column.is_not(None), Response.submitted_at >= start, Response.submitted_at < end
    )
    if touchpoint_id is not None:
        statement = statement.join(Contact, Contact.id == Response.contact_id).where(
            Contact.touchpoint_id == touchpoint_id
        )
    rows = session.exec(statement).all()
    if metric == TargetMetric.CSAT:
        return [(moment, 1.0 if score >= SATISFIED_CSAT_MIN else 0.0) for moment, score in rows]
    if metric == TargetMetric.NPS:
        return [(moment, 100.0 if s >= 9 else -100.0 if s <= 6 else 0.0) for moment, s in rows]
    return [(moment, float(score)) for moment, score in rows]


def _display(metric: str, mean: float) -> float:
    """Outcomes are 0/1 for shares; the card shows per cent."""
    return 100.0 * mean if metric in (TargetMetric.THEME_SHARE, TargetMetric.CSAT) else mean


def _series(metric: str, outcomes, first: date, last: date, do_day: date) -> list[WeekPoint]:
    by_week: dict[date, list[float]] = defaultdict(list)
    for moment, value in outcomes:
        by_week[week_start(_aware(moment))].append(value)
    points, week = [], first
    while week <= last:
        values = by_week.get(week, [])
        mean = sum(values) / len(values) if values else None
        points.append(
            WeekPoint(
                week_start=week,
                value=None if mean is None else _display(metric, mean),
                n=len(values),
                since_do=week >= week_start(do_day),
            )
        )
        week += timedelta(weeks=1)
    return points


def measure(*, session: Session, action: ImprovementAction, now: datetime | None = None) -> Effect:
    """Measure an action's target metric before and since it entered Do.

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
    do_at = action.started_at
    end = now or _aware(_data_end(session, metric)) or utcnow()
    if action.completed_at is not None:
        end = min(end, action.completed_at)
    end = max(end, do_at)
    baseline_from = do_at - timedelta(weeks=BASELINE_WEEKS)
    current_from = max(do_at, end - timedelta(weeks=CURRENT_MAX_WEEKS))
    # Strictly after the last moment, so the newest answer is inside the window.
    until = end + timedelta(microseconds=1)
    if metric == TargetMetric.THEME_SHARE:
        outcomes = _share_outcomes(session, theme_ids, baseline_from, until)
    else:
        outcomes = _score_outcomes(session, metric, action.touchpoint_id, baseline_from, until)
    before = [v for moment, v in outcomes if _aware(moment) < do_at]
    after = [v for moment, v in outcomes if _aware(moment) >= current_from]
    kind = "proportion" if metric in (TargetMetric.THEME_SHARE, TargetMetric.CSAT) else "mean"
    diff = difference_test(before, after, kind=kind, confidence=CONFIDENCE)
    scale = 100.0 if kind == "proportion" else 1.0

    def scaled(value: float | None) -> float | None:
        return None if value is None else value * scale

    series = _series(metric, outcomes, week_start(baseline_from), week_start(end), do_at.date())
    common = {
        "metric": metric,
        "baseline": scaled(sum(before) / len(before)) if before else None,
        "current": scaled(sum(after) / len(after)) if after else None,
        "effect": scaled(diff.effect),
        "low": scaled(diff.low),
        "high": scaled(diff.high),
        "p_value": diff.p_value,
        "n_before": len(before),
        "n_after": len(after),
        "test": diff.method,
        "baseline_from": baseline_from.date(),
        "current_from": current_from.date(),
        "current_to": end.date(),
        "series": series,
    }
    if end - do_at < timedelta(days=MIN_CURRENT_DAYS):
        return Effect(verdict=TOO_LITTLE, reason="too_short", **common)
    if len(before) < MIN_N or len(after) < MIN_N or diff.low is None:
        return Effect(verdict=TOO_LITTLE, reason="too_few", **common)
    return Effect(verdict=verdict_of(metric, diff.low * scale, diff.high * scale), **common)


def verdict_of(metric: str, low: float, high: float) -> str:
    """Improved or worse only when the interval excludes zero; the direction by metric."""
    if low <= 0 <= high:
        return NO_CHANGE
    rose = low > 0
    better = not rose if metric in LOWER_IS_BETTER else rose
    return IMPROVED if better else WORSE
