"""Executive trends: NPS, CSAT and CES over time from the daily rollups, with honest n.

Every figure comes from ``trend_daily`` (see :mod:`app.services.trend_rollup`); a page
view reads at most one row per day and filter key, never the responses. Periods end at
the newest day with data, so a history imported last year still reads as a trend.
Statistics live in :mod:`ml.trend_stats`: Wilson intervals for CSAT, the multinomial
interval for NPS, Student-t for CES; a change between buckets is significant only when
its test (two-proportion z for CSAT, Welch's t for NPS and CES) gives p < 0.05 with at
least 30 answers on each side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, select

from app.models import ImprovementAction, Touchpoint, TrendDaily
from app.services import N_, DomainError
from app.services.trend_rollup import COUNT_COLUMNS
from ml import trend_stats
from ml.stats import Difference, Estimate

METRICS = ("csat", "nps", "ces")
GRAINS = ("week", "month")
PERIOD_WEEKS = {"13w": 13, "26w": 26, "52w": 52, "104w": 104}
DEFAULT_PERIOD = "26w"
CONFIDENCE = 0.95
DECIMALS = {"csat": 1, "nps": 1, "ces": 2}


@dataclass(frozen=True)
class Filters:
    """What the page shows; every field is a URL parameter, so a view can be shared."""

    touchpoint: str | None = None
    channel: str | None = None
    language: str | None = None
    team: str | None = None
    period: str = DEFAULT_PERIOD
    grain: str = "week"
    metric: str = "csat"

    def args(self, **changes) -> dict[str, str]:
        """The non-default fields as URL arguments, with ``changes`` applied."""
        chosen = replace(self, **changes)
        default = Filters()
        return {
            name: value
            for name, value in vars(chosen).items()
            if value is not None and value != getattr(default, name)
        }


@dataclass(frozen=True)
class FilterOptions:
    touchpoints: list[Touchpoint]
    channels: list[str]
    languages: list[str]
    teams: list[str]


def filter_options(*, session: Session) -> FilterOptions:
    """What the filters may choose from: touchpoints in journey order, values seen in data
    (one pass over the daily rollup for all three)."""
    combinations = session.exec(
        select(TrendDaily.channel, TrendDaily.language, TrendDaily.team).distinct()
    ).all()

    def seen(position: int) -> list[str]:
        return sorted({row[position] for row in combinations if row[position]})

    return FilterOptions(
        touchpoints=list(session.exec(select(Touchpoint).order_by(Touchpoint.position))),
        channels=seen(0),
        languages=seen(1),
        teams=seen(2),
    )


def parse_filters(args: Mapping[str, str], *, session: Session) -> Filters:
    """Read the filters from URL arguments; unknown values are refused, not ignored.

    Raises:
        DomainError: a value is not one the page offers.
    """
    allowed: dict[str, list[str]] = {}
    if any((args.get(name) or "").strip() for name in ("touchpoint", "channel", "language",
                                                        "team")):  # fmt: skip
        options = filter_options(session=session)  # only a filtered view needs the choices
        allowed = {
            "touchpoint": [t.key for t in options.touchpoints],
            "channel": options.channels,
            "language": options.languages,
            "team": options.teams,
        }
    allowed |= {
        "period": list(PERIOD_WEEKS),
        "grain": list(GRAINS),
        "metric": list(METRICS),
    }
    values = {}
    for name, choices in allowed.items():
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if value not in choices:
            raise DomainError(N_("%(value)s is not a valid choice for %(name)s."),
                              value=value[:40], name=name)  # fmt: skip
        values[name] = value
    return Filters(**values)


# --- sums and estimates ----------------------------------------------------------------


@dataclass
class Sums:
    """The rollup's counts summed over some days."""

    nps_n: int = 0
    nps_promoters: int = 0
    nps_detractors: int = 0
    csat_n: int = 0
    csat_satisfied: int = 0
    ces_n: int = 0
    ces_sum: int = 0
    ces_sumsq: int = 0

    def add(self, other: Sums) -> None:
        for name in COUNT_COLUMNS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def n(self, metric: str) -> int:
        return getattr(self, f"{metric}_n")

    def parts(self, metric: str) -> tuple:
        """The sums a metric's statistics need, in :func:`ml.trend_stats` order."""
        if metric == "csat":
            return (self.csat_satisfied, self.csat_n)
        if metric == "nps":
            return (self.nps_promoters, self.nps_detractors, self.nps_n)
        return trend_stats.Moments(self.ces_n, self.ces_sum, self.ces_sumsq)

    @classmethod
    def of(cls, values) -> Sums:
        return cls(*(int(v or 0) for v in values))


def _round(metric: str, value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS[metric])


def estimate(metric: str, sums: Sums) -> Estimate:
    """The metric in display units (CSAT per cent, NPS points, CES 1–7), rounded."""
    if metric == "csat":
        raw = trend_stats.csat_from_counts(sums.csat_satisfied, sums.csat_n, CONFIDENCE)
        scale = 100.0
    elif metric == "nps":
        raw = trend_stats.nps_from_counts(*sums.parts("nps"), CONFIDENCE)
        scale = 1.0
    else:
        raw = trend_stats.ces_from_moments(sums.parts("ces"), CONFIDENCE)
        scale = 1.0
    value, low, high = (None if v is None else _round(metric, v * scale) for v in raw[:3])
    return Estimate(value, low, high, raw.n)


def difference(metric: str, before: Sums, after: Sums) -> Difference:
    """After minus before in display units, tested as the module docstring says."""
    if metric == "csat":
        raw = trend_stats.proportion_difference(*before.parts("csat"), *after.parts("csat"),
                                                confidence=CONFIDENCE)  # fmt: skip
        scale = 100.0
    else:
        first, second = before.parts(metric), after.parts(metric)
        if metric == "nps":
            first, second = trend_stats.nps_moments(*first), trend_stats.nps_moments(*second)
        raw = trend_stats.mean_difference(first, second, CONFIDENCE)
        scale = 1.0
    scaled = [None if v is None else _round(metric, v * scale) for v in raw[:3]]
    return raw._replace(effect=scaled[0], low=scaled[1], high=scaled[2])


# --- periods and buckets ---------------------------------------------------------------


def bucket_start(day: date, grain: str) -> date:
    if grain == "month":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def next_bucket(start: date, grain: str) -> date:
    if grain == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(weeks=1)


def buckets_between(first: date, last: date, grain: str) -> list[date]:
    out, start = [], bucket_start(first, grain)
    while start <= last:
        out.append(start)
        start = next_bucket(start, grain)
    return out


@dataclass(frozen=True)
class Window:
    first: date
    last: date
    grain: str

    @property
    def buckets(self) -> list[date]:
        return buckets_between(self.first, self.last, self.grain)


def data_end(*, session: Session) -> date | None:
    value = session.exec(select(func.max(TrendDaily.day))).one()
    return value if value is None or isinstance(value, date) else date.fromisoformat(str(value))


def window(*, session: Session, filters: Filters) -> Window | None:
    """The chosen period, ending on the newest day with data; None without data."""
    end = data_end(session=session)
    if end is None:
        return None
    first = bucket_start(end - timedelta(weeks=PERIOD_WEEKS[filters.period]) + timedelta(days=1),
                         filters.grain)  # fmt: skip
    return Window(first=first, last=end, grain=filters.grain)


def touchpoint_ids(session: Session) -> dict[str, int]:
    return {t.key: t.id for t in session.exec(select(Touchpoint))}


def apply_filters(statement, model, filters: Filters, session: Session, *, touchpoint=True):
    """Restrict a rollup query to the filters (``touchpoint=False`` to compare them)."""
    if touchpoint and filters.touchpoint:
        statement = statement.where(
            model.touchpoint_id == touchpoint_ids(session).get(filters.touchpoint, -1)
        )
    for name in ("channel", "language", "team"):
        value = getattr(filters, name)
        if value:
            statement = statement.where(getattr(model, name) == value)
    return statement


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def daily_sums(
    *, session: Session, filters: Filters, first: date, last: date, by_touchpoint: bool = False
) -> dict[tuple, Sums]:
    """Sums per day (and touchpoint), from one aggregate query over the rollup."""
    keys = [TrendDaily.day] + ([TrendDaily.touchpoint_id] if by_touchpoint else [])
    statement = select(*keys, *[func.sum(getattr(TrendDaily, c)) for c in COUNT_COLUMNS])
    statement = statement.where(TrendDaily.day >= first, TrendDaily.day <= last)
    statement = apply_filters(statement, TrendDaily, filters, session).group_by(*keys)
    out = {}
    for row in session.exec(statement):
        key = (_as_date(row[0]), *row[1 : len(keys)])
        out[key] = Sums.of(row[len(keys) :])
    return out


# --- series ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One bucket of a series: the value with its interval, n and small-n status.

    ``value`` is None when suppressed (n < 5) or empty; ``change`` is against the last
    shown bucket before it, ``significant`` only when its test says so.
    """

    start: date
    value: float | None
    low: float | None
    high: float | None
    n: int
    reliability: str
    change: float | None = None
    p_value: float | None = None
    significant: bool = False


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: list[Point]


def series_points(metric: str, by_bucket: dict[date, Sums], buckets: list[date]) -> list[Point]:
    points, previous = [], None
    for start in buckets:
        sums = by_bucket.get(start, Sums())
        n = sums.n(metric)
        status = trend_stats.reliability(n)
        if status == "suppressed":
            points.append(Point(start, None, None, None, n, "suppressed" if n else "empty"))
            continue
        est = estimate(metric, sums)
        change = p = None
        significant = False
        if previous is not None:
            diff = difference(metric, previous, sums)
            change, p, significant = diff.effect, diff.p_value, trend_stats.significant(diff)
        points.append(Point(start, est.value, est.low, est.high, n, status, change, p, significant))
        previous = sums
    return points


def bucketed(daily: dict[tuple, Sums], grain: str) -> dict[tuple, Sums]:
    """Day sums folded into buckets, keeping any further key parts (touchpoint)."""
    out: dict[tuple, Sums] = defaultdict(Sums)
    for (day, *rest), sums in daily.items():
        out[(bucket_start(day, grain), *rest)].add(sums)
    return out


@dataclass(frozen=True)
class Annotation:
    """An improvement action on the time axis, at the bucket it entered Do."""

    action_id: int
    title: str
    day: date
    bucket: date


def annotations(*, session: Session, filters: Filters, span: Window) -> list[Annotation]:
    """Actions that entered Do in the window (for the filtered touchpoint, or for all)."""
    statement = select(ImprovementAction).where(
        ImprovementAction.started_at.is_not(None), ImprovementAction.archived_at.is_(None)
    )
    if filters.touchpoint:
        tp = touchpoint_ids(session).get(filters.touchpoint, -1)
        statement = statement.where(
            sa.or_(ImprovementAction.touchpoint_id == tp, ImprovementAction.touchpoint_id.is_(None))
        )
    out = []
    for action in session.exec(statement.order_by(ImprovementAction.started_at)):
        day = action.started_at.date()
        if span.first <= day <= span.last:
            out.append(Annotation(action.id, action.title, day, bucket_start(day, span.grain)))
    return out


@dataclass
class ScoreTrends:
    """The trend page's score charts: one series per metric, and one metric by touchpoint."""

    window: Window
    metrics: list[Series] = field(default_factory=list)
    by_touchpoint: list[Series] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)


def score_trends(*, session: Session, filters: Filters, language: str) -> ScoreTrends | None:
    """NPS, CSAT and CES per bucket for the filters; the chosen metric per touchpoint."""
    span = window(session=session, filters=filters)
    if span is None:
        return None
    buckets = span.buckets
    totals = bucketed(daily_sums(session=session, filters=filters, first=span.first,
                                 last=span.last), span.grain)  # fmt: skip
    by_bucket = {key[0]: sums for key, sums in totals.items()}
    result = ScoreTrends(window=span, annotations=annotations(session=session, filters=filters,
                                                              span=span))  # fmt: skip
    result.metrics = [Series(m, m, series_points(m, by_bucket, buckets)) for m in METRICS]
    if not filters.touchpoint:
        per = bucketed(daily_sums(session=session, filters=filters, first=span.first,
                                  last=span.last, by_touchpoint=True), span.grain)  # fmt: skip
        for tp in session.exec(select(Touchpoint).order_by(Touchpoint.position)):
            mine = {key[0]: sums for key, sums in per.items() if key[1] == tp.id}
            if mine:
                points = series_points(filters.metric, mine, buckets)
                result.by_touchpoint.append(Series(tp.key, tp.name(language), points))
    return result
