"""Proper scores against known values: CRPS (point and uniform ensembles), coverage, log score, PIT."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.forecast.scores import crps, interval_coverage, log_score, pit, smoothed_probability


def test_crps_of_a_point_ensemble_is_the_absolute_error() -> None:
    assert crps([3.0, 10.0], [[7.0] * 5, [4.0] * 5]) == pytest.approx([4.0, 6.0])


def test_crps_of_two_members_matches_the_integral() -> None:
    """F = 1/2 on [0, 1): the integral of (F - 1{x >= 0})^2 is 1/4."""
    assert crps(0.0, [0.0, 1.0]) == pytest.approx(0.25)


@pytest.mark.parametrize("observed", [1, 3, 7, 10])
def test_crps_of_a_discrete_uniform_ensemble_matches_its_closed_form(observed: int) -> None:
    """Members 1..m: E|X - y| = ((y-1)y + (m-y)(m-y+1)) / 2m and E|X - X'| = (m^2 - 1) / 3m."""
    m = 10
    expected = ((observed - 1) * observed + (m - observed) * (m - observed + 1)) / (2 * m) - (m * m - 1) / (6 * m)
    assert crps(float(observed), np.arange(1.0, m + 1)) == pytest.approx(expected)


def test_crps_of_a_large_uniform_ensemble_approaches_the_continuous_uniform() -> None:
    """For U(0, 1) and y in [0, 1], CRPS = y^2 - y + 1/3."""
    members = (np.arange(4000) + 0.5) / 4000
    for observed in (0.0, 0.3, 0.5, 1.0):
        assert crps(observed, members) == pytest.approx(observed ** 2 - observed + 1 / 3, abs=1e-6)


def test_a_missing_observation_scores_nan_not_zero() -> None:
    scores = crps([np.nan, 2.0], [[1.0, 2.0], [1.0, 2.0]])
    assert math.isnan(scores[0]) and scores[1] == pytest.approx(0.25)
    assert math.isnan(log_score([np.nan], [[1.0]])[0])
    assert math.isnan(interval_coverage([np.nan], [[1.0, 2.0]], 0.5)[0])


def test_coverage_uses_the_central_interval_both_ends_included() -> None:
    members = np.arange(0.0, 101.0)  # the 80% interval is [10, 90], the 50% one [25, 75]
    assert list(interval_coverage([50.0, 90.0, 95.0, 5.0], np.tile(members, (4, 1)), 0.8)) == [1.0, 1.0, 0.0, 0.0]
    assert list(interval_coverage([25.0, 76.0], np.tile(members, (2, 1)), 0.5)) == [1.0, 0.0]


def test_log_score_is_finite_where_no_member_hit_and_follows_the_stated_smoothing() -> None:
    """Nine members at 5: mean + 1/2 = 5.5, so g(0) = 1 / 6.5 and p(0) = g(0) / 10."""
    assert log_score(0.0, [5.0] * 9) == pytest.approx(math.log(65.0))
    assert log_score(5.0, [5.0] * 9) == pytest.approx(-math.log((9 + (1 / 6.5) * (5.5 / 6.5) ** 5) / 10))
    assert np.isfinite(log_score(1000.0, [0.0] * 50))


def test_smoothed_probabilities_sum_to_one() -> None:
    members = np.array([0.0, 2.0, 2.0, 3.0, 7.0])
    assert sum(smoothed_probability(k, members) for k in range(2000)) == pytest.approx(1.0)


def test_the_log_score_refuses_a_non_count() -> None:
    with pytest.raises(ValueError, match="counts"):
        log_score(1.5, [1.0, 2.0])


def test_mid_point_pit() -> None:
    members = np.arange(10.0)
    assert pit([4.5, 4.0, -1.0, 20.0], np.tile(members, (4, 1))) == pytest.approx([0.5, 0.45, 0.0, 1.0])
