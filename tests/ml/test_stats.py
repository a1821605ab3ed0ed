"""Tests for ml.stats: emerging themes and confidence intervals against hand-computed values."""

import numpy as np
import pytest
from scipy import stats as sps

from ml.stats import (
    ces,
    csat,
    detect_emerging,
    detect_emerging_series,
    difference_test,
    mean_ci,
    nps,
    proportion_ci,
)

approx = pytest.approx


def poisson_history(n_weeks, rates, seed):
    return np.random.default_rng(seed).poisson(rates, size=(n_weeks, len(rates)))


class TestEmerging:
    def test_spike_is_flagged(self):
        counts = poisson_history(9, np.full(10, 10.0), seed=1)
        counts[-1, 3] = 40
        result = detect_emerging(counts)
        assert result.flagged.tolist() == [i == 3 for i in range(10)]
        assert result.count[3] == 40
        assert result.expected[3] == approx((counts[:-1, 3].sum() + 0.5) / 8)
        assert result.lift[3] > 3
        assert result.q_value[3] <= 0.05
        assert result.baseline_weeks == 8

    def test_quiet_week_flags_nothing(self):
        counts = poisson_history(9, np.linspace(3, 30, 12), seed=2)
        counts[-1] = np.round(counts[:-1].mean(axis=0))
        result = detect_emerging(counts)
        assert not result.flagged.any()
        assert (result.p_value > 0.2).all()

    def test_volume_increase_does_not_flag_with_totals(self):
        rates = np.array([20.0, 12.0, 8.0, 30.0, 15.0])
        counts = poisson_history(9, rates, seed=3)
        totals = counts.sum(axis=1) + 100
        counts[-1] = counts[:-1].mean(axis=0).round() * 3  # Black Friday: everything x3
        totals[-1] = int(np.mean(totals[:-1]) * 3)
        assert detect_emerging(counts).flagged.all()  # raw volume: all look emerging
        with_totals = detect_emerging(counts, totals)
        assert not with_totals.flagged.any()
        assert with_totals.method == "fisher-share"

    def test_share_increase_is_flagged_with_totals(self):
        counts = np.tile([10, 10, 10], (7, 1))
        totals = np.full(7, 100)
        counts[-1] = [10, 35, 10]
        result = detect_emerging(counts, totals)
        assert result.flagged.tolist() == [False, True, False]
        assert result.expected[1] == approx(100 * 60.5 / 601)

    def test_zero_baseline_new_theme(self):
        counts = np.zeros((6, 3), dtype=int)
        counts[:, 0] = 12
        counts[-1, 2] = 8
        result = detect_emerging(counts)
        assert result.flagged.tolist() == [False, False, True]
        assert result.expected[2] == approx(0.5 / 5)
        assert np.isfinite(result.lift).all()

    def test_min_count_and_min_lift(self):
        counts = np.zeros((9, 2), dtype=int)
        counts[-1] = [4, 0]  # significant against zero but below min_count
        assert not detect_emerging(counts).flagged.any()
        counts = np.tile([1000, 10], (9, 1))
        counts[-1, 0] = 1300  # highly significant, lift only 1.3
        result = detect_emerging(counts)
        assert result.p_value[0] < 1e-6
        assert not result.flagged[0]
        assert detect_emerging(counts, min_lift=1.2).flagged[0]

    def test_correction_only_over_themes_that_can_reach_the_minimum_count(self):
        # Theme 0: 6 this week against 1 a week before, p = 0.0026. Over all 30 themes BH
        # would make that q = 0.077. Themes 1 and 2 (3 a week) can reach 5 and are tested;
        # the other 27 have 4 mentions in the whole window, can never be flagged and must
        # not dilute the correction.
        counts = np.zeros((9, 30), dtype=int)
        counts[:4, 3:] = 1
        counts[:, 1:3] = 3
        counts[:, 0] = 1
        counts[-1, 0] = 6
        result = detect_emerging(counts)
        assert result.p_value[0] == approx(sps.binom.sf(5, 14, 1 / 9))
        assert result.q_value[0] == approx(result.p_value[0] * 3)
        assert (result.q_value[1:3] < 1).all()
        assert (result.q_value[3:] == 1).all()
        assert result.flagged.tolist() == [i == 0 for i in range(30)]

    def test_short_history_flags_nothing(self):
        counts = np.array([[1, 2], [0, 1], [1, 1], [30, 1]])  # 3 baseline weeks < 4
        result = detect_emerging(counts)
        assert not result.flagged.any()
        assert (result.p_value == 1).all()

    def test_many_noisy_themes_few_false_flags(self):
        rng = np.random.default_rng(42)
        rates = rng.uniform(0.5, 40, size=200)
        counts = rng.poisson(rates, size=(12, 200))
        assert detect_emerging(counts).flagged.sum() <= 2
        series = detect_emerging_series(counts)
        assert series.shape == (12, 200)
        assert not series[:4].any()
        assert series.sum() <= 4

    def test_series_finds_the_spike_week(self):
        counts = poisson_history(12, np.full(4, 8.0), seed=5)
        counts[7, 1] = 45
        series = detect_emerging_series(counts, totals=counts.sum(axis=1) + 50)
        assert series[7, 1]
        assert series.sum() == 1

    def test_zero_totals_do_not_crash(self):
        counts = np.zeros((6, 2), dtype=int)
        result = detect_emerging(counts, np.zeros(6, dtype=int))
        assert not result.flagged.any()

    def test_validation(self):
        with pytest.raises(ValueError):
            detect_emerging(np.array([1, 2, 3]))
        with pytest.raises(ValueError):
            detect_emerging(np.ones((5, 2)), totals=np.zeros(5))


class TestIntervals:
    def test_mean_ci_hand_computed(self):
        # mean 5, s = sqrt(20/3), se = s/2, t(0.975, 3) = 3.182446
        est = mean_ci([2, 4, 6, 8])
        half = 3.182446 * (20 / 3) ** 0.5 / 2
        assert est == approx((5.0, 5 - half, 5 + half, 4), rel=1e-6)

    def test_mean_ci_small_n(self):
        assert mean_ci([]) == (None, None, None, 0)
        assert mean_ci([3.0]) == (3.0, None, None, 1)
        assert mean_ci([None, float("nan"), 4]) == (4.0, None, None, 1)

    def test_wilson_hand_computed(self):
        est = proportion_ci(8, 10)
        assert est.value == 0.8
        assert est.low == approx(0.49016, abs=1e-4)
        assert est.high == approx(0.94332, abs=1e-4)

    def test_wilson_edges(self):
        assert proportion_ci(0, 0) == (None, None, None, 0)
        est = proportion_ci(0, 5)
        assert est.low == 0.0
        assert est.high == approx(1.959964**2 / (5 + 1.959964**2), rel=1e-6)
        with pytest.raises(ValueError):
            proportion_ci(6, 5)

    def test_nps_hand_computed(self):
        scores = [10, 9, 9, 8, 7, 6, 3, 10, 9, 5]  # 5 promoters, 3 detractors, n = 10
        est = nps(scores)
        assert est.value == approx(20.0)
        pp, pd = 6 / 13, 4 / 13  # one pseudo-response per group for the variance
        half = 100 * 1.959964 * ((pp + pd - (pp - pd) ** 2) / 10) ** 0.5
        assert est.low == approx(20 - half, rel=1e-5)
        assert est.high == approx(min(100.0, 20 + half), rel=1e-5)
        assert est.n == 10

    def test_nps_all_promoters_has_width_and_is_clipped(self):
        est = nps([10] * 20)
        assert est.value == 100.0
        assert est.high == 100.0
        assert est.low < 100.0

    def test_nps_small_n_and_range(self):
        assert nps([]) == (None, None, None, 0)
        assert nps([3]) == (-100.0, None, None, 1)
        with pytest.raises(ValueError):
            nps([11])

    def test_csat_and_ces(self):
        est = csat([5, 4, 4, 3, 1, 5, 2, 4])
        assert est == proportion_ci(5, 8)
        assert csat([5, 4, 3], satisfied_min=5).value == approx(1 / 3)
        assert ces([2, 4, 6, 6]).n == 4
        assert ces([1, 7]).value == 4.0
        with pytest.raises(ValueError):
            csat([0, 3])
        with pytest.raises(ValueError):
            ces([8])


class TestDifference:
    def test_welch_hand_computed(self):
        before, after = [3, 4, 5], [5, 6, 7, 8]
        diff = difference_test(before, after)
        assert diff.method == "welch-t"
        assert diff.effect == approx(2.5)
        se = (1 / 3 + (5 / 3) / 4) ** 0.5
        df = 0.75**2 / ((1 / 3) ** 2 / 2 + (5 / 12) ** 2 / 3)
        assert df == approx(4.959, abs=1e-3)
        half = sps.t.ppf(0.975, df) * se
        assert (diff.low, diff.high) == approx((2.5 - half, 2.5 + half))
        reference = sps.ttest_ind(after, before, equal_var=False)
        assert diff.p_value == approx(reference.pvalue)

    def test_two_proportions_hand_computed(self):
        before = [1] * 30 + [0] * 70
        after = [1] * 45 + [0] * 55
        diff = difference_test(before, after)
        assert diff.method == "two-proportion-z"
        assert diff.effect == approx(0.15)
        # pooled p = 0.375, se0 = sqrt(0.375 * 0.625 * 0.02), z = 2.19089
        assert diff.p_value == approx(0.028459, abs=1e-5)
        half = 1.959964 * (0.3 * 0.7 / 100 + 0.45 * 0.55 / 100) ** 0.5
        assert (diff.low, diff.high) == approx((0.15 - half, 0.15 + half), rel=1e-5)

    def test_degenerate_inputs(self):
        assert difference_test([], [1, 2]).effect is None
        one = difference_test([4], [5, 6])
        assert one.effect == approx(1.5)
        assert one.p_value is None and one.low is None
        same = difference_test([3, 3], [3, 3], kind="mean")
        assert same.p_value == 1.0 and same.low == same.high == 0.0
        with pytest.raises(ValueError):
            difference_test([1, 2], [3, 4], kind="median")
