"""The any-subset frontier: exact against exhaustive enumeration on small rosters, within its
stated bound against an exact dynamic programme on larger ones, and fast enough for 10^5 a side."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from support import SCENARIOS

import sim
from sim.analysis.bargaining import opening_valuation
from sim.analysis.frontier import pareto_indices
from sim.analysis.subsets import SupportedFrontier, subset_problem, supported_frontier

TOLERANCE = 1e-9


def roster_items(rng: np.random.Generator, per_side: int) -> np.ndarray:
    """Captives of two sides as items: releasing one of A's costs A and gains B, and the other way round."""
    held_by_first = np.column_stack([-rng.random(per_side), rng.random(per_side)])
    held_by_second = np.column_stack([rng.random(per_side), -rng.random(per_side)])
    return np.vstack([held_by_first, held_by_second]) * rng.random((2 * per_side, 1))


def all_sums(items: np.ndarray, groups: tuple[np.ndarray, ...] = ()) -> np.ndarray:
    """Every achievable utility pair, enumerated subset by subset and option by option."""
    sums = []
    for taken in itertools.product((False, True), repeat=len(items)):
        subset = items[np.array(taken, dtype=bool)].sum(axis=0)
        for choice in itertools.product(*(range(len(g)) for g in groups)):
            sums.append(subset + sum((g[c] for g, c in zip(groups, choice, strict=True)), np.zeros(2)))
    return np.array(sums)


def pareto_points(points: np.ndarray) -> np.ndarray:
    return points[pareto_indices(points[:, 0], points[:, 1])]


def hull_height(frontier: SupportedFrontier, x: np.ndarray) -> np.ndarray:
    return np.interp(x, frontier.vertices[:, 0], frontier.vertices[:, 1])


def distance_to_polygon(points: np.ndarray, vertices: np.ndarray) -> np.ndarray:
    """Euclidean distance of each point to the polyline through `vertices`."""
    start, end = vertices[:-1], vertices[1:]
    edge = end - start
    length = np.maximum((edge**2).sum(axis=1), 1e-300)
    along = np.clip(((points[:, None, :] - start[None]) * edge[None]).sum(axis=2) / length, 0.0, 1.0)
    nearest = start[None] + along[..., None] * edge[None]
    return np.sqrt(((points[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)


def check_against_truth(frontier: SupportedFrontier, truth: np.ndarray) -> None:
    """The statements of the module docstring, checked on a known exact frontier `truth`."""
    true_frontier = pareto_points(truth)
    # every vertex is achievable and Pareto-optimal
    for vertex in frontier.vertices:
        assert np.min(np.abs(true_frontier - vertex).max(axis=1)) < TOLERANCE
    # no achievable point lies above the hull, and the true frontier spans the same range
    assert np.all(true_frontier[:, 0] >= frontier.vertices[0, 0] - TOLERANCE)
    assert np.all(true_frontier[:, 0] <= frontier.vertices[-1, 0] + TOLERANCE)
    assert np.all(true_frontier[:, 1] <= hull_height(frontier, true_frontier[:, 0]) + TOLERANCE)
    # the stated bounds hold
    gaps = distance_to_polygon(true_frontier, frontier.vertices)
    assert gaps.max() <= frontier.gap_bound + TOLERANCE
    nearest = np.sqrt(((true_frontier[:, None, :] - frontier.vertices[None]) ** 2).sum(axis=2)).min(axis=1)
    assert nearest.max() <= frontier.vertex_bound + TOLERANCE


@pytest.mark.parametrize("seed", range(8))
def test_supported_frontier_against_every_subset_of_six_a_side(seed: int) -> None:
    rng = np.random.default_rng(seed)
    items = roster_items(rng, 6)
    frontier = supported_frontier(items)
    check_against_truth(frontier, all_sums(items))


@pytest.mark.parametrize("seed", range(4))
def test_supported_frontier_with_issue_groups_against_enumeration(seed: int) -> None:
    rng = np.random.default_rng(50 + seed)
    items = roster_items(rng, 4)
    groups = (rng.random((4, 2)) * 0.5, rng.random((3, 2)) * 0.5)
    frontier = supported_frontier(items, groups, base=(0.1, 0.2))
    check_against_truth(frontier, all_sums(items, groups) + np.array([0.1, 0.2]))


def test_selection_rebuilds_each_vertex_from_its_subset() -> None:
    rng = np.random.default_rng(3)
    items = roster_items(rng, 50)
    groups = (rng.random((5, 2)),)
    frontier = supported_frontier(items, groups, base=(0.3, -0.1))
    for vertex in range(len(frontier.vertices)):
        taken, options = frontier.selection(vertex)
        value = np.array([0.3, -0.1]) + items[taken].sum(axis=0) + groups[0][options[0]]
        assert value == pytest.approx(frontier.vertices[vertex], abs=1e-9)


def test_twelve_a_side_against_exhaustive_enumeration() -> None:
    """All 2^24 subsets of 12 + 12 captives, enumerated side by side: a Pareto point of the whole is a
    Pareto point of each side's 4096 subset sums added together (swapping in a dominating part dominates)."""
    rng = np.random.default_rng(12)
    items = roster_items(rng, 12)
    sides = [pareto_points(all_sums(items[:12])), pareto_points(all_sums(items[12:]))]
    combined = (sides[0][:, None, :] + sides[1][None, :, :]).reshape(-1, 2)
    check_against_truth(supported_frontier(items), combined)


def exact_frontier_by_dynamic_programme(items: np.ndarray) -> np.ndarray:
    """The exact Pareto frontier of subset sums of integer items: best second value for every first value."""
    first = items[:, 0].astype(np.int64)
    low, high = int(first[first < 0].sum()), int(first[first > 0].sum())
    best = np.full(high - low + 1, -np.inf)
    best[-low] = 0.0
    for shift, gain in zip(first, items[:, 1], strict=True):
        moved = np.full_like(best, -np.inf)
        if shift >= 0:
            moved[shift:] = best[: best.size - shift] + gain
        else:
            moved[:shift] = best[-shift:] + gain
        best = np.maximum(best, moved)
    reachable = np.isfinite(best)
    return np.column_stack([np.arange(low, high + 1)[reachable], best[reachable]]).astype(np.float64)


@pytest.mark.parametrize("seed", range(3))
def test_bound_holds_on_two_hundred_a_side_against_an_exact_frontier(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    per_side = 200
    items = np.vstack([
        np.column_stack([-rng.integers(1, 8, per_side), rng.integers(1, 30, per_side)]),
        np.column_stack([rng.integers(1, 8, per_side), -rng.integers(1, 30, per_side)]),
    ]).astype(np.float64)
    frontier = supported_frontier(items)
    truth = exact_frontier_by_dynamic_programme(items)
    check_against_truth(frontier, truth)
    assert frontier.gap_bound > 0.0  # the hull is not the whole story here: the check had something to bound


def test_hundred_thousand_captives_a_side() -> None:
    rng = np.random.default_rng(5)
    items = roster_items(rng, 100_000)
    frontier = supported_frontier(items)
    vertices = frontier.vertices
    assert vertices.shape == (1 + np.count_nonzero(items[:, 0] * items[:, 1] < 0), 2)
    assert np.all(np.diff(vertices[:, 0]) > 0) and np.all(np.diff(vertices[:, 1]) < 0)
    # the ends are the best for each side: every gain taken and no cost paid
    assert vertices[0, 1] == pytest.approx(items[items[:, 1] > 0, 1].sum())
    assert vertices[-1, 0] == pytest.approx(items[items[:, 0] > 0, 0].sum())
    assert frontier.vertex_bound <= np.hypot(items[:, 0], items[:, 1]).max()


def test_subset_problem_reproduces_the_model_utilities_for_lists_in_release_order() -> None:
    """The model's outcomes are the subsets made of release-order prefixes: the items must price them the same."""
    valuation, _ = opening_valuation(sim.load_scenario(SCENARIOS / "istanbul-2025-05.yaml"), seed=2)
    problem = subset_problem(valuation)
    parties = valuation.space.parties
    for outcome in np.random.default_rng(0).integers(0, valuation.space.size, 25).tolist():
        package = valuation.package(outcome)
        taken = np.zeros(len(problem.items), dtype=bool)
        for position, party in enumerate(parties):
            mine = np.flatnonzero(problem.holder == position)
            taken[mine[: package[party].size]] = True
            assert np.array_equal(problem.captive[mine[: package[party].size]], package[party])
        options = valuation.space.coordinates(outcome)[2:]
        value = np.array(problem.base) + problem.items[taken].sum(axis=0)
        value = value + sum(group[option] for group, option in zip(problem.groups, options, strict=True))
        assert value == pytest.approx([valuation.utility[p][outcome] for p in parties], abs=1e-12)
