"""Statistics from sums: the trend pages read daily rollups, never single answers.

Every function here takes counts or moments (n, sum, sum of squares) and gives the same
numbers :mod:`ml.stats` gives for the raw answers: NPS with the interval of
:func:`ml.stats.nps`, CSAT top-2-box with a Wilson interval, CES mean with a Student-t
interval, and differences tested as :func:`ml.stats.difference_test` tests them
(two-proportion z-test for shares, Welch's t-test for means).

Small-n rules for the pages: under :data:`SUPPRESS_N` answers a value is not shown at
all; under :data:`LOW_N` it is shown but flagged, and no change is called significant.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ml.stats import (
    Difference,
    Estimate,
    proportion_ci,
    t_critical,
    two_proportion_interval,
    welch_interval,
    z_critical,
)

__all__ = [
    "LOW_N",
    "SUPPRESS_N",
    "Moments",
    "ces_from_moments",
    "csat_from_counts",
    "driver_difference",
    "mean_difference",
    "nps_from_counts",
    "nps_moments",
    "proportion_difference",
    "reliability",
    "significant",
]

LOW_N = 30
SUPPRESS_N = 5
ALPHA = 0.05


class Moments(NamedTuple):
    """n values summarised by their sum and sum of squares."""

    n: int
    total: float
    total_sq: float

    def __sub__(self, other: Moments) -> Moments:  # type: ignore[override]
        return Moments(self.n - other.n, self.total - other.total, self.total_sq - other.total_sq)

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def variance(self) -> float | None:
        """Sample variance (ddof = 1); None for n < 2."""
        if self.n < 2:
            return None
        return max(0.0, (self.total_sq - self.total**2 / self.n) / (self.n - 1))


def reliability(n: int) -> str:
    """``"suppressed"`` under 5 answers, ``"low"`` under 30, else ``"ok"``."""
    if n < SUPPRESS_N:
        return "suppressed"
    if n < LOW_N:
        return "low"
    return "ok"


def nps_from_counts(promoters: int, detractors: int, n: int, confidence: float = 0.95) -> Estimate:
    """NPS (−100..100) from counts, with the interval of :func:`ml.stats.nps`.

    The variance is that of a difference of two multinomial shares, computed from shares
    with one pseudo-answer added to each group (promoters, passives, detractors).
    """
    if n < 0 or promoters < 0 or detractors < 0 or promoters + detractors > n:
        raise ValueError("need 0 <= promoters + detractors <= n")
    z = z_critical(confidence)
    if n == 0:
        return Estimate(None, None, None, 0)
    value = 100.0 * (promoters - detractors) / n
    if n == 1:
        return Estimate(value, None, None, 1)
    pp, pd = (promoters + 1) / (n + 3), (detractors + 1) / (n + 3)
    half = 100.0 * z * math.sqrt((pp + pd - (pp - pd) ** 2) / n)
    return Estimate(value, max(-100.0, value - half), min(100.0, value + half), n)


def nps_moments(promoters: int, detractors: int, n: int) -> Moments:
    """NPS answers as values +100 / 0 / −100, summarised (for Welch's test of a change)."""
    return Moments(n, 100.0 * (promoters - detractors), 10_000.0 * (promoters + detractors))


def csat_from_counts(satisfied: int, n: int, confidence: float = 0.95) -> Estimate:
    """Share of satisfied answers (top-2-box) with a Wilson interval."""
    return proportion_ci(satisfied, n, confidence)


def ces_from_moments(moments: Moments, confidence: float = 0.95) -> Estimate:
    """Mean effort with a Student-t interval, as :func:`ml.stats.mean_ci`."""
    z_critical(confidence)
    n = moments.n
    if n <= 0:
        return Estimate(None, None, None, 0)
    mean = moments.total / n
    if n == 1:
        return Estimate(mean, None, None, 1)
    half = t_critical(confidence, n - 1) * math.sqrt(moments.variance / n)
    return Estimate(mean, mean - half, mean + half, n)


def proportion_difference(
    s1: int, n1: int, s2: int, n2: int, confidence: float = 0.95
) -> Difference:
    """Share 2 minus share 1: pooled two-proportion z-test, unpooled (Wald) interval."""
    method = "two-proportion-z"
    if n1 <= 0 or n2 <= 0:
        return Difference(None, None, None, None, max(n1, 0), max(n2, 0), method)
    p1, p2 = s1 / n1, s2 / n2
    effect = p2 - p1
    if n1 < 2 or n2 < 2:
        return Difference(effect, None, None, None, n1, n2, method)
    return two_proportion_interval(s1, n1, s2, n2, effect=effect, z=z_critical(confidence))


def mean_difference(first: Moments, second: Moments, confidence: float = 0.95) -> Difference:
    """Mean 2 minus mean 1 with Welch's t-test and interval (unequal variances)."""
    method = "welch-t"
    n1, n2 = first.n, second.n
    if n1 <= 0 or n2 <= 0:
        return Difference(None, None, None, None, max(n1, 0), max(n2, 0), method)
    effect = second.mean - first.mean
    if n1 < 2 or n2 < 2:
        return Difference(effect, None, None, None, n1, n2, method)
    return welch_interval(effect, first.variance, n1, second.variance, n2, confidence=confidence)


def significant(diff: Difference, alpha: float = ALPHA) -> bool:
    """A change counts only with a p-value under ``alpha`` and at least 30 answers a side."""
    return (
        diff.p_value is not None
        and diff.p_value < alpha
        and min(diff.n_before, diff.n_after) >= LOW_N
    )


def driver_difference(
    kind: str, mention: tuple, total: tuple, confidence: float = 0.95
) -> Difference:
    """Score of customers who mention a theme minus the score of those who do not.

    Args:
        kind: ``"csat"`` (``(satisfied, n)``), ``"nps"`` (``(promoters, detractors, n)``)
            or ``"ces"`` (``Moments``).
        mention: The sums for the answers whose comment mentions the theme.
        total: The same sums for all answers; those who do not mention it are the rest.
        confidence: Coverage of the interval.

    Returns:
        A :class:`Difference` with ``n_before`` the non-mentioners and ``n_after`` the
        mentioners; the effect is in shares for CSAT, NPS points, CES points.
    """
    if kind == "csat":
        (s_m, n_m), (s_t, n_t) = mention, total
        return proportion_difference(s_t - s_m, n_t - n_m, s_m, n_m, confidence)
    if kind == "nps":
        m, t = nps_moments(*mention), nps_moments(*total)
        return mean_difference(t - m, m, confidence)
    if kind == "ces":
        m, t = Moments(*mention), Moments(*total)
        return mean_difference(t - m, m, confidence)
    raise ValueError("kind must be 'csat', 'nps' or 'ces'")
