"""Statistics for triage and executive pages: emerging themes and honest intervals.

Two audiences, one rule: never show a number without its uncertainty. The improvement
team sees a theme flagged as *emerging* only when this week's volume is unlikely under
its recent baseline after correcting for the number of themes tested; executives see
NPS/CSAT/CES with confidence intervals and n, and before/after effects with a p-value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from scipy import special
from scipy import stats as sps

__all__ = [
    "Difference",
    "EmergingResult",
    "Estimate",
    "ces",
    "csat",
    "detect_emerging",
    "detect_emerging_series",
    "difference_test",
    "mean_ci",
    "nps",
    "proportion_ci",
]

# Pseudo-count added to a baseline so a theme never seen before has a finite expected
# value and lift (half an observation, as in Jeffreys' prior).
_PRIOR = 0.5


@dataclass(frozen=True, eq=False)
class EmergingResult:
    """Per-theme outcome of the emerging-theme test for one week (arrays of n_themes)."""

    count: np.ndarray
    expected: np.ndarray
    lift: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    flagged: np.ndarray
    baseline_weeks: int
    method: str


# Defaults of detect_emerging, none fitted to data (we have no labelled emerging-theme set):
# - baseline_weeks (4, 8): at least a month so a single odd week cannot be the baseline,
#   at most two months so seasonal drift does not dilute it; the usual range in
#   syndromic-surveillance baselines;
# - alpha 0.05: the conventional false discovery rate, so about one flag in twenty is
#   expected to be noise;
# - min_count 5 distinct items: below that an analyst cannot read a pattern, and the
#   exact tests reach significance on 2-3 items against a zero baseline;
# - min_lift 1.5: at least 50 % above the expected volume, guarding against the
#   overdispersion of real weekly counts (a significant +10 % on a big theme is no news).
def detect_emerging(
    counts: np.ndarray,
    totals: np.ndarray | None = None,
    *,
    baseline_weeks: tuple[int, int] = (4, 8),
    alpha: float = 0.05,
    min_count: int = 5,
    min_lift: float = 1.5,
) -> EmergingResult:
    """Flag themes whose volume in the last week is unusually high.

    The last row of ``counts`` is tested against the up to ``baseline_weeks[1]`` weeks
    before it. Both tests are exact and conditional, so the uncertainty of the baseline
    itself is accounted for and a zero baseline needs no special case:

    * without ``totals`` (Poisson rates): given this week's count X and the baseline sum
      Y over w weeks, X ~ Binomial(X + Y, 1 / (w + 1)) under "same weekly rate";
    * with ``totals`` (shares of all feedback, so a general rise in volume does not flag
      every theme): a one-sided Fisher exact test of X of N_t this week against Y of N_b
      in the baseline.

    p-values are corrected with Benjamini–Hochberg across the themes that can reach
    ``min_count``, those with ``X + Y >= min_count`` (the others get q = 1). A theme is
    flagged when ``q <= alpha``, ``count >= min_count`` and ``lift >= min_lift``, where
    ``expected = (Y + 0.5) / w`` (or ``N_t * (Y + 0.5) / (N_b + 1)`` with totals) and
    ``lift = count / expected``. Real weekly counts are often overdispersed relative to
    Poisson; the count and lift minimums keep that from producing trivial flags.

    Args:
        counts: ``(n_weeks, n_themes)`` counts per week, oldest first: distinct feedback
            items, so one long comment with several segments on a theme counts once.
        totals: Optional ``(n_weeks,)`` number of all feedback items per week.
        baseline_weeks: Minimum and maximum number of preceding weeks to use. With fewer
            than the minimum nothing is flagged and p-values are 1.
        alpha: False discovery rate.
        min_count: Minimum count in the tested week.
        min_lift: Minimum ratio of count to expected.

    Returns:
        An :class:`EmergingResult` with one entry per theme.
    """
    counts = np.asarray(counts, dtype=np.int64)
    if counts.ndim != 2 or counts.shape[0] == 0:
        raise ValueError("counts must be a (n_weeks, n_themes) array with at least one week")
    if (counts < 0).any():
        raise ValueError("counts must be non-negative")
    lo, hi = baseline_weeks
    if not 1 <= lo <= hi:
        raise ValueError("baseline_weeks must be (min, max) with 1 <= min <= max")
    n_themes = counts.shape[1]
    current = counts[-1]
    history = counts[max(0, counts.shape[0] - 1 - hi) : -1]
    w = history.shape[0]
    base = history.sum(axis=0)

    if totals is None:
        method = "poisson-conditional"
        expected = (base + _PRIOR) / max(w, 1)
        p = sps.binom.sf(current - 1, current + base, 1.0 / (w + 1))
    else:
        method = "fisher-share"
        totals = np.asarray(totals, dtype=np.int64)
        if totals.shape != (counts.shape[0],):
            raise ValueError("totals must have one entry per week")
        if (totals[:, None] < counts).any():
            raise ValueError("totals must be at least the count of every theme")
        n_t, n_b = int(totals[-1]), int(totals[-1 - w : -1].sum()) if w else 0
        expected = n_t * (base + _PRIOR) / (n_b + 1)
        # P(X >= x) for X ~ Hypergeom(population n_t + n_b, n_t drawn, x + y successes)
        p = sps.hypergeom.sf(current - 1, n_t + n_b, current + base, n_t)
    p = np.clip(np.nan_to_num(p, nan=1.0), 0.0, 1.0)
    if w < lo:
        p = np.ones(n_themes)
    # A theme with fewer than ``min_count`` in the whole window (this week plus baseline)
    # cannot reach the minimum this week, so it is not among the hypotheses: counting it
    # would only make BH stricter for the themes that can be flagged. Selecting on X + Y,
    # the total both tests condition on, keeps the null p-values valid; selecting on this
    # week's count alone would pick themes by the statistic under test (and did flag a
    # chance week of five mentions in the demo). Its q-value is 1.
    testable = current + base >= min_count
    q = np.ones(n_themes)
    if testable.any():
        q[testable] = sps.false_discovery_control(p[testable])
    lift = np.divide(current, expected, out=np.zeros(n_themes), where=expected > 0)
    flagged = (q <= alpha) & (current >= min_count) & (lift >= min_lift) & (w >= lo)
    return EmergingResult(current, expected, lift, p, q, flagged, w, method)


def detect_emerging_series(
    counts: np.ndarray,
    totals: np.ndarray | None = None,
    **kwargs,
) -> np.ndarray:
    """Run :func:`detect_emerging` for every week of a history.

    Args:
        counts: ``(n_weeks, n_themes)`` weekly counts, oldest first.
        totals: Optional ``(n_weeks,)`` totals.
        **kwargs: Passed on to :func:`detect_emerging`.

    Returns:
        A boolean ``(n_weeks, n_themes)`` array; week t is tested against the weeks
        before it, and weeks with less than the minimum baseline are never flagged.
    """
    counts = np.asarray(counts)
    flags = np.zeros(counts.shape, dtype=bool)
    for t in range(counts.shape[0]):
        week_totals = None if totals is None else np.asarray(totals)[: t + 1]
        flags[t] = detect_emerging(counts[: t + 1], week_totals, **kwargs).flagged
    return flags


# --- confidence intervals ----------------------------------------------------------------


class Estimate(NamedTuple):
    """A point estimate with its confidence interval; bounds are None when n is too small."""

    value: float | None
    low: float | None
    high: float | None
    n: int


class Difference(NamedTuple):
    """Effect of after minus before, with its confidence interval and two-sided p-value."""

    effect: float | None
    low: float | None
    high: float | None
    p_value: float | None
    n_before: int
    n_after: int
    method: str


def _clean(values) -> np.ndarray:
    # Unanswered questions arrive as None/NaN; they are not zeros.
    arr = np.asarray([np.nan if v is None else v for v in np.ravel(values)], dtype=np.float64)
    return arr[~np.isnan(arr)]


@lru_cache(maxsize=32)
def z_critical(confidence: float) -> float:
    """The two-sided normal critical value, e.g. 1.96 for 0.95 (a page asks for it often)."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return float(special.ndtri(0.5 + confidence / 2))


def t_critical(confidence: float, df: float) -> float:
    """Student-t two-sided critical value. ``scipy.special.stdtrit`` is the function
    ``scipy.stats.t.ppf`` calls, without its per-call argument checks (a trend page
    makes hundreds of these calls)."""
    return float(special.stdtrit(df, 0.5 + confidence / 2))


def t_two_sided_p(statistic: float, df: float) -> float:
    return 2 * float(special.stdtr(df, -abs(statistic)))


def z_two_sided_p(statistic: float) -> float:
    return 2 * float(special.ndtr(-abs(statistic)))


def mean_ci(values, confidence: float = 0.95) -> Estimate:
    """Mean with a Student-t confidence interval.

    Args:
        values: Numbers; ``None`` and NaN are ignored.
        confidence: Coverage of the interval.

    Returns:
        ``Estimate(mean, low, high, n)``; all None for n = 0, bounds None for n = 1.
    """
    x = _clean(values)
    n = x.size
    z_critical(confidence)
    if n == 0:
        return Estimate(None, None, None, 0)
    mean = float(x.mean())
    if n == 1:
        return Estimate(mean, None, None, 1)
    half = t_critical(confidence, n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


def proportion_ci(successes: int, n: int, confidence: float = 0.95) -> Estimate:
    """Proportion with a Wilson score interval (sound near 0 and 1 and for small n).

    Args:
        successes: Number of successes, ``0 <= successes <= n``.
        n: Number of trials.
        confidence: Coverage of the interval.

    Returns:
        ``Estimate(share, low, high, n)`` with shares in [0, 1]; all None for n = 0.
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError("need 0 <= successes <= n")
    z = z_critical(confidence)
    if n == 0:
        return Estimate(None, None, None, 0)
    p = successes / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), n)


def _scores(scores, low: int, high: int, name: str) -> np.ndarray:
    x = _clean(scores)
    if ((x < low) | (x > high)).any():
        raise ValueError(f"{name} scores must lie between {low} and {high}")
    return x


def nps(scores_0_to_10, confidence: float = 0.95) -> Estimate:
    """Net Promoter Score (-100..100) with a confidence interval.

    NPS = 100 · (share of 9–10 minus share of 0–6). Its variance is that of a difference
    of two multinomial shares, (p_P + p_D - (p_P - p_D)²) / n. The variance uses shares
    with one pseudo-response added to each of the three groups, so a sample of only
    promoters does not get a zero-width interval; the point estimate is not adjusted.

    Args:
        scores_0_to_10: Scores; ``None``/NaN ignored.
        confidence: Coverage of the interval.

    Returns:
        ``Estimate(nps, low, high, n)``; bounds None for n < 2.
    """
    x = _scores(scores_0_to_10, 0, 10, "NPS")
    n = x.size
    z = z_critical(confidence)
    if n == 0:
        return Estimate(None, None, None, 0)
    promoters, detractors = int((x >= 9).sum()), int((x <= 6).sum())
    value = 100.0 * (promoters - detractors) / n
    if n == 1:
        return Estimate(value, None, None, 1)
    # Add-one smoothing of the three categories (promoters, passives, detractors; +1 each,
    # n + 3): the interval keeps a width at shares of 0 or 1, as Agresti-Coull does for
    # one proportion. Not tuned on data.
    pp, pd = (promoters + 1) / (n + 3), (detractors + 1) / (n + 3)
    half = 100.0 * z * math.sqrt((pp + pd - (pp - pd) ** 2) / n)
    return Estimate(value, max(-100.0, value - half), min(100.0, value + half), n)


def csat(scores_1_to_5, satisfied_min: int = 4, confidence: float = 0.95) -> Estimate:
    """CSAT as the share of satisfied answers (score >= ``satisfied_min``), Wilson CI.

    Returns:
        ``Estimate(share, low, high, n)`` with shares in [0, 1]; all None for n = 0.
    """
    x = _scores(scores_1_to_5, 1, 5, "CSAT")
    return proportion_ci(int((x >= satisfied_min).sum()), x.size, confidence)


def ces(scores_1_to_7, confidence: float = 0.95) -> Estimate:
    """Customer Effort Score as the mean of 1–7 answers with a t interval."""
    return mean_ci(_scores(scores_1_to_7, 1, 7, "CES"), confidence)


def difference_test(before, after, *, kind: str = "auto", confidence: float = 0.95) -> Difference:
    """Before/after effect of an improvement action: after minus before.

    ``kind="mean"`` uses Welch's t-test and interval (unequal variances);
    ``kind="proportion"`` treats values as 0/1 outcomes (e.g. satisfied or not) and uses
    the two-proportion z-test with pooled variance for the p-value and the unpooled
    (Wald) interval for the difference. ``"auto"`` picks proportion when every value is
    0/1 or boolean.

    Args:
        before: Values in the period before the action.
        after: Values in the period after it.
        kind: ``"auto"``, ``"mean"`` or ``"proportion"``.
        confidence: Coverage of the interval.

    Returns:
        A :class:`Difference`; effect is None when a side is empty, interval and p-value
        are None when a side has fewer than two values.
    """
    a, b = _clean(before), _clean(after)
    if kind == "auto":
        kind = "proportion" if np.isin(np.concatenate([a, b]), (0.0, 1.0)).all() else "mean"
    if kind not in ("mean", "proportion"):
        raise ValueError("kind must be 'auto', 'mean' or 'proportion'")
    z = z_critical(confidence)
    n1, n2 = a.size, b.size
    method = "welch-t" if kind == "mean" else "two-proportion-z"
    if n1 == 0 or n2 == 0:
        return Difference(None, None, None, None, n1, n2, method)
    effect = float(b.mean() - a.mean())
    if n1 < 2 or n2 < 2:
        return Difference(effect, None, None, None, n1, n2, method)
    if kind == "mean":
        return welch_interval(effect, a.var(ddof=1), n1, b.var(ddof=1), n2, confidence=confidence)
    return two_proportion_interval(float(a.sum()), n1, float(b.sum()), n2, effect=effect, z=z)


def welch_interval(
    effect: float, var1: float, n1: int, var2: float, n2: int, *, confidence: float = 0.95
) -> Difference:
    """Welch's t-test and interval for a difference of means, from each side's sample
    variance and size (n ≥ 2 on both sides): shared by raw values and rollup sums."""
    method = "welch-t"
    v1, v2 = var1 / n1, var2 / n2
    se = math.sqrt(v1 + v2)
    if se == 0:
        return Difference(effect, effect, effect, float(effect == 0), n1, n2, method)
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    half = t_critical(confidence, df) * se
    p = t_two_sided_p(effect / se, df)
    return Difference(effect, effect - half, effect + half, p, n1, n2, method)


def two_proportion_interval(
    s1: float, n1: int, s2: float, n2: int, *, effect: float, z: float
) -> Difference:
    """Pooled two-proportion z-test, unpooled (Wald) interval, from successes and sizes
    (n ≥ 2 on both sides); ``effect`` is share 2 minus share 1."""
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p = z_two_sided_p(effect / se0) if se0 > 0 else float(effect == 0)
    half = z * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return Difference(effect, effect - half, effect + half, p, n1, n2, "two-proportion-z")
