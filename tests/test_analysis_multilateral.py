"""The bargaining analysis for N parties: the Pareto set by elimination, Nash and Kalai-Smorodinsky points,
exact or on a stated sample, and `parley analyze` for more than two parties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import sim
from sim.analysis.bargaining import bargaining_set
from sim.analysis.frontier import pareto_indices, solve
from sim.analysis.multilateral import multilateral_set, pareto_rows, solve_n
from sim.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def _brute_pareto(points: np.ndarray) -> set[int]:
    kept = set()
    for i, row in enumerate(points):
        dominated = np.any(np.all(points >= row, axis=1) & np.any(points > row, axis=1))
        first_copy = not np.any(np.all(points[:i] == row, axis=1))
        if not dominated and first_copy:
            kept.add(i)
    return kept


@pytest.mark.parametrize("dimensions", [2, 3, 5])
def test_the_pareto_set_is_the_brute_force_one(dimensions: int) -> None:
    rng = np.random.default_rng(dimensions)
    points = np.round(rng.random((1500, dimensions)), 2)  # rounding makes ties and duplicates
    assert set(pareto_rows(points).tolist()) == _brute_pareto(points)


def test_in_two_dimensions_the_pareto_set_and_solutions_match_the_bilateral_analysis() -> None:
    rng = np.random.default_rng(7)
    points = rng.random((2000, 2))
    assert set(pareto_rows(points).tolist()) == set(pareto_indices(points[:, 0], points[:, 1]).tolist())
    both = solve_n(points, (0.2, 0.3))
    bilateral = solve(points[:, 0], points[:, 1], (0.2, 0.3))
    assert (both.nash, both.kalai) == (bilateral.nash, bilateral.kalai)


def test_nash_maximises_the_product_and_kalai_the_smallest_normalised_gain() -> None:
    points = np.array([[0.5, 0.5, 0.5], [0.9, 0.4, 0.25], [0.6, 0.6, 0.1], [0.1, 0.1, 0.1]])
    found = solve_n(points, (0.1, 0.1, 0.1))
    assert found.nash == 0  # 0.4^3 = 0.064 beats 0.8*0.3*0.15 = 0.036 and 0.5*0.5*0 = 0
    # smallest gain over (ideal - disagreement) = (0.8, 0.5, 0.4): 0.5 for the first, 0.375 for the second
    assert found.kalai == 0 and found.ideal == (0.9, 0.6, 0.5)
    # a tie in the smallest normalised gain goes to the larger sum of gains
    tied = solve_n(np.array([[0.5, 0.5, 0.5], [0.9, 0.4, 0.3]]), (0.1, 0.1, 0.1))
    assert tied.kalai == 1
    assert solve_n(points, (0.95, 0.0, 0.0)).nash is None  # nobody gives the first party 0.95


def test_a_two_party_scenario_has_the_bilateral_nash_and_kalai_points() -> None:
    scenario = sim.load_scenario(ROOT / "benchmarks" / "scenarios" / "bilateral-3x10.yaml")
    found = multilateral_set(scenario)
    bilateral = bargaining_set(scenario)
    assert (found.nash, found.kalai) == (bilateral.solutions.nash, bilateral.solutions.kalai)
    assert set(found.frontier.tolist()) == set(bilateral.frontier.tolist())


def test_above_the_limit_a_stated_sample_is_analysed_the_same_for_the_same_seed() -> None:
    scenario = sim.load_scenario(ROOT / "benchmarks" / "scenarios" / "parties-16.yaml")
    sampled = multilateral_set(scenario, seed=3, limit=500)
    assert sampled.sampled and sampled.considered.size == 500
    assert multilateral_set(scenario, seed=3, limit=500).considered.tolist() == sampled.considered.tolist()
    assert not multilateral_set(sim.load_scenario(ROOT / "tests" / "data" / "multilateral.yaml")).sampled


def test_parley_analyze_prints_the_points_for_seven_parties(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(ROOT / "scenarios" / "ankara-2024-08.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "BY     DE     NO     PL     RU     SI     US" in lines[1]
    nash = next(line for line in lines if line.lstrip().startswith("Nash"))
    assert nash.endswith("releases east 17, west 10")


@pytest.mark.parametrize("block", [3, 17, 512])
def test_the_pareto_set_does_not_depend_on_the_block_size(block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Integer points have many equal sums, where a dominated row may come before the row dominating it."""
    from sim.analysis import multilateral

    monkeypatch.setattr(multilateral, "BLOCK", block)
    points = np.random.default_rng(block).integers(0, 6, size=(400, 3)).astype(float)
    assert set(pareto_rows(points).tolist()) == _brute_pareto(points)
