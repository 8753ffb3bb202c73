"""Known answers for the bargaining solutions on point clouds: brute force, closed forms, hand cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.frontier import distance_to_frontier, pareto_indices, solve


def brute_pareto(points: list[tuple[float, float]]) -> set[tuple[float, float]]:
    """Utility pairs not dominated by any other point, by comparing every pair."""
    kept = set()
    for a in points:
        if not any(b[0] >= a[0] and b[1] >= a[1] and b != a for b in points):
            kept.add(a)
    return kept


def brute_solutions(points: list[tuple[float, float]], d: tuple[float, float]) -> dict[str, float]:
    """Best Nash product, best smallest normalised gain and best sum, by looping over every point."""
    rational = [p for p in points if p[0] >= d[0] and p[1] >= d[1]]
    ideal = (max(p[0] for p in rational), max(p[1] for p in rational))
    return {
        "nash": max((p[0] - d[0]) * (p[1] - d[1]) for p in rational),
        "kalai": max(min((p[0] - d[0]) / (ideal[0] - d[0]), (p[1] - d[1]) / (ideal[1] - d[1])) for p in rational),
        "welfare": max(p[0] + p[1] for p in rational),
    }


@pytest.mark.parametrize("seed", range(6))
def test_pareto_indices_match_brute_force_on_random_clouds_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 12, 300) / 11.0  # a coarse grid, so ties and duplicates are common
    second = rng.integers(0, 12, 300) / 11.0
    kept = pareto_indices(first, second)
    found = [(first[i], second[i]) for i in kept]
    assert set(found) == brute_pareto(list(zip(first, second, strict=True)))
    assert len(found) == len(set(found)), "one point per distinct utility pair"
    assert np.all(np.diff(first[kept]) > 0) and np.all(np.diff(second[kept]) < 0)


@pytest.mark.parametrize("seed", range(6))
def test_solutions_match_brute_force_on_random_clouds(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    first, second = rng.random(400), rng.random(400)
    d = (0.2, 0.1)
    solutions = solve(first, second, d)
    expected = brute_solutions(list(zip(first, second, strict=True)), d)
    assert solutions.nash is not None and solutions.kalai is not None and solutions.max_welfare is not None
    nash, kalai, welfare = solutions.nash, solutions.kalai, solutions.max_welfare
    assert (first[nash] - d[0]) * (second[nash] - d[1]) == pytest.approx(expected["nash"], abs=1e-12)
    assert solutions.ideal is not None
    ideal = solutions.ideal
    kalai_gain = min((first[kalai] - d[0]) / (ideal[0] - d[0]), (second[kalai] - d[1]) / (ideal[1] - d[1]))
    assert kalai_gain == pytest.approx(expected["kalai"], abs=1e-12)
    assert first[welfare] + second[welfare] == pytest.approx(expected["welfare"], abs=1e-12)
    frontier = set(pareto_indices(first, second).tolist())
    assert {nash, kalai, welfare} <= frontier


def test_symmetric_split_of_one_issue_puts_nash_and_kalai_at_one_half() -> None:
    """A gets x, B gets 1 - x on a grid of 1001 values, disagreement (0, 0): both solutions split evenly."""
    x = np.linspace(0.0, 1.0, 1001)
    solutions = solve(x, 1.0 - x, (0.0, 0.0))
    assert x[solutions.nash] == pytest.approx(0.5)
    assert x[solutions.kalai] == pytest.approx(0.5)


def test_linear_frontier_with_dominated_points_gives_one_half_each() -> None:
    """u_B = 1 - u_A on the frontier plus a cloud below it: Nash and Kalai at (0.5, 0.5)."""
    rng = np.random.default_rng(7)
    edge = np.linspace(0.0, 1.0, 201)
    below = rng.random((2000, 2)) * 0.5
    first = np.concatenate([edge, below[:, 0]])
    second = np.concatenate([1.0 - edge, below[:, 1]])
    solutions = solve(first, second, (0.0, 0.0))
    for index in (solutions.nash, solutions.kalai):
        assert (first[index], second[index]) == pytest.approx((0.5, 0.5))
    assert pareto_indices(first, second).size == 201


def test_concave_frontier_separates_nash_from_kalai() -> None:
    """u_B = 1 - u_A^2, disagreement (0, 0). Nash: max x(1 - x^2) at x = 1/sqrt(3), u_B = 2/3.
    Kalai: ideal (1, 1), so the point where x = 1 - x^2, x = (sqrt(5) - 1) / 2."""
    x = np.linspace(0.0, 1.0, 100_001)
    y = 1.0 - x**2
    solutions = solve(x, y, (0.0, 0.0))
    assert x[solutions.nash] == pytest.approx(1.0 / math.sqrt(3.0), abs=1e-4)
    assert y[solutions.nash] == pytest.approx(2.0 / 3.0, abs=1e-4)
    assert x[solutions.kalai] == pytest.approx((math.sqrt(5.0) - 1.0) / 2.0, abs=1e-4)
    assert y[solutions.kalai] == pytest.approx(x[solutions.kalai], abs=1e-4)
    assert x[solutions.max_welfare] == pytest.approx(0.5, abs=1e-4)  # d/dx (x + 1 - x^2) = 0


def test_disagreement_point_shifts_both_solutions_by_hand() -> None:
    """Linear frontier u_A + u_B = 1 with d = (0.2, 0): Nash maximises (x - 0.2)(1 - x), x = 0.6;
    Kalai: ideal (1, 0.8), the line from d to it meets the frontier at (0.6, 0.4)."""
    x = np.linspace(0.0, 1.0, 1001)
    solutions = solve(x, 1.0 - x, (0.2, 0.0))
    assert x[solutions.nash] == pytest.approx(0.6)
    assert x[solutions.kalai] == pytest.approx(0.6)
    assert solutions.ideal == pytest.approx((1.0, 0.8))


def test_discrete_hand_case_where_nash_and_kalai_differ() -> None:
    """Four outcomes, d = (0, 0), ideal (1, 0.5). Nash products: 0, 0.4 * 0.3 = 0.12, 0.9 * 0.15 = 0.135, 0,
    so Nash is (0.9, 0.15). Gains normalised by the ideal: (0.4, 0.6) and (0.9, 0.3), smallest 0.4 and 0.3,
    so Kalai is (0.4, 0.3). Sums: 0.5, 0.7, 1.05, 1.0, so max welfare is (0.9, 0.15)."""
    first = np.array([0.0, 0.4, 0.9, 1.0])
    second = np.array([0.5, 0.3, 0.15, 0.0])
    solutions = solve(first, second, (0.0, 0.0))
    assert (solutions.nash, solutions.kalai, solutions.max_welfare) == (2, 1, 2)
    assert solutions.ideal == (1.0, 0.5)


def test_near_ties_go_to_the_larger_sum_of_gains() -> None:
    """With ideal (1, 0.5), (0.4, 0.3) and (0.7, 0.2) both have smallest normalised gain 0.4; the larger sum wins."""
    first = np.array([0.0, 0.4, 0.7, 1.0])
    second = np.array([0.5, 0.3, 0.2, 0.0])
    solutions = solve(first, second, (0.0, 0.0))
    assert solutions.kalai == 2  # min(0.4, 0.6) = 0.4 = min(0.7, 0.4); sums 0.7 < 0.9


def test_no_rational_outcome_gives_no_solutions() -> None:
    solutions = solve(np.array([0.1, 0.5]), np.array([0.5, 0.1]), (0.6, 0.6))
    assert (solutions.nash, solutions.kalai, solutions.max_welfare, solutions.ideal) == (None, None, None, None)


def test_distance_to_frontier_is_zero_on_it_and_euclidean_below_it() -> None:
    frontier = np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]])
    assert distance_to_frontier((0.5, 0.5), frontier) == 0.0
    assert distance_to_frontier((0.6, 0.6), frontier) == 0.0  # beyond the frontier: nothing dominates it
    assert distance_to_frontier((0.5, 0.2), frontier) == pytest.approx(0.3)
    assert distance_to_frontier((0.1, 0.1), frontier) == pytest.approx(math.hypot(0.4, 0.4))
    assert math.isnan(distance_to_frontier((0.1, 0.1), np.zeros((0, 2))))
