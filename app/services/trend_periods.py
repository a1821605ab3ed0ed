"""The latest stretch of weeks against the stretch before it, for the staff overview.

Periods end on the newest day with data (as the trend pages do) and are read from the
daily rollups; the tests are those of :mod:`app.services.trends`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from app.services.trends import METRICS, Filters, Sums, daily_sums, data_end, difference, estimate
from ml import trend_stats
from ml.stats import Difference, Estimate


@dataclass(frozen=True)
class PeriodChange:
    """One metric in the latest stretch against the stretch of equal length before it."""

    metric: str
    before: Estimate
    now: Estimate
    change: Difference
    significant: bool


@dataclass(frozen=True)
class Periods:
    """The latest ``weeks`` ending on the newest day with data, and the ``weeks`` before."""

    previous_first: date
    current_first: date
    last: date

    @property
    def previous_last(self) -> date:
        return self.current_first - timedelta(days=1)


def latest_periods(*, session: Session, weeks: int) -> Periods | None:
    end = data_end(session=session)
    if end is None:
        return None
    current_first = end - timedelta(weeks=weeks) + timedelta(days=1)
    return Periods(current_first - timedelta(weeks=weeks), current_first, end)


def period_comparison(
    *, session: Session, filters: Filters, periods: Periods
) -> list[PeriodChange]:
    """Every metric in the current period against the previous one, tested as above."""
    daily = daily_sums(session=session, filters=filters, first=periods.previous_first,
                       last=periods.last)  # fmt: skip
    now, before = Sums(), Sums()
    for (day,), sums in daily.items():
        (now if day >= periods.current_first else before).add(sums)
    out = []
    for metric in METRICS:
        change = difference(metric, before, now)
        out.append(PeriodChange(metric, estimate(metric, before), estimate(metric, now), change,
                                trend_stats.significant(change)))  # fmt: skip
    return out
