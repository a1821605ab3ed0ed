"""Trend statistics from counts, checked against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from ml import trend_stats as ts


def test_wilson_interval_for_csat():
    # 40 of 50 satisfied: p = 0.8, z = 1.959964. Wilson centre (p + z²/2n) / (1 + z²/n)
    # = (0.8 + 0.038415) / 1.076829 = 0.778596; half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)
    # = 1.959964 · sqrt(0.0032 + 0.000384146) / 1.076829 = 0.108967.
    est = ts.csat_from_counts(40, 50)
    assert est.value == pytest.approx(0.8)
    assert est.low == pytest.approx(0.778597 - 0.108967, abs=2e-5)
    assert est.high == pytest.approx(0.778597 + 0.108967, abs=2e-5)
    assert est.n == 50


def test_nps_and_its_interval():
    # 50 promoters, 20 detractors of 100: NPS 30. Shares with one pseudo-answer per group:
    # pp = 51/103, pd = 21/103; var = (pp + pd − (pp − pd)²)/n = (0.699029 − 0.084834)/100.
    est = ts.nps_from_counts(50, 20, 100)
    half = 100 * 1.959964 * math.sqrt((72 / 103 - (30 / 103) ** 2) / 100)
    assert est.value == pytest.approx(30.0)
    assert est.low == pytest.approx(30 - half, abs=1e-3)
    assert est.high == pytest.approx(30 + half, abs=1e-3)


def test_ces_mean_with_student_t_interval():
    # Efforts 2, 4, 4, 6: mean 4, sample variance 8/3, t(0.975, 3) = 3.182446.
    values = [2, 4, 4, 6]
    moments = ts.Moments(len(values), float(sum(values)), float(sum(v * v for v in values)))
    est = ts.ces_from_moments(moments)
    half = 3.182446 * math.sqrt((8 / 3) / 4)
    assert est.value == pytest.approx(4.0)
    assert (est.low, est.high) == (
        pytest.approx(4 - half, abs=1e-5),
        pytest.approx(4 + half, abs=1e-5),
    )


def test_small_n_rules():
    assert [ts.reliability(n) for n in (0, 4, 5, 29, 30)] == [
        "suppressed", "suppressed", "low", "low", "ok",
    ]  # fmt: skip


def test_two_proportion_z_test_for_a_change():
    # 30/100 → 45/100: pooled p = 0.375, se0 = sqrt(0.375·0.625·0.02) = 0.068465,
    # z = 0.15 / 0.068465 = 2.19089, two-sided p = 0.028459.
    diff = ts.proportion_difference(30, 100, 45, 100)
    assert diff.effect == pytest.approx(0.15)
    assert diff.p_value == pytest.approx(0.028459, abs=1e-5)
    assert ts.significant(diff)
    # The same shares on 20 answers a side are not called significant, whatever p says.
    assert not ts.significant(ts.proportion_difference(6, 20, 9, 20))


def test_driver_difference_compares_mentioners_with_everyone_else():
    # 100 answers, 60 satisfied; the 20 who mention the theme: 4 satisfied (20 %),
    # the other 80: 56 satisfied (70 %). Difference −0.5.
    diff = ts.driver_difference("csat", (4, 20), (60, 100))
    assert diff.effect == pytest.approx(0.2 - 0.7)
    assert (diff.n_before, diff.n_after) == (80, 20)
    assert diff.high < 0


def test_welch_test_on_means():
    # Means 3 and 5, variances 1 and 4, n = 30 each: se = sqrt(1/30 + 4/30) = 0.408248,
    # t = 4.89898, df = (5/30)² / ((1/30)²/29 + (4/30)²/29) = 25·29/17 = 42.647.
    def moments(mean, var, n):
        return ts.Moments(n, mean * n, var * (n - 1) + mean * mean * n)

    diff = ts.mean_difference(moments(3, 1, 30), moments(5, 4, 30))
    assert diff.effect == pytest.approx(2.0)
    from scipy import stats

    expected_p = 2 * stats.t.sf(2 / math.sqrt(5 / 30), 25 * 29 / 17)
    assert diff.p_value == pytest.approx(expected_p, rel=1e-3)
