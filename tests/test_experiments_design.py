"""Designs and seeds: which points a sweep runs, and the seed of every run."""

from __future__ import annotations

import numpy as np
import pytest

from sim.experiments import SweepError, design_points, make_design, run_seed


def test_a_grid_is_the_full_factorial_with_the_last_path_varying_fastest() -> None:
    design = make_design({"a": [1, 2], "b": ["x", "y", "z"]})
    assert design_points(design, 0) == [
        {"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 1, "b": "z"},
        {"a": 2, "b": "x"}, {"a": 2, "b": "y"}, {"a": 2, "b": "z"},
    ]


def test_a_range_in_a_grid_gives_evenly_spaced_values_ends_included() -> None:
    points = design_points(make_design({"a": [True]}, {"b": (0.0, 1.0)}, samples=5), 0)
    assert [point["b"] for point in points] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert all(point["a"] is True for point in points)


def test_latin_hypercube_puts_exactly_one_sample_in_each_stratum_of_each_range() -> None:
    ranges = {"a": (0.0, 1.0), "b": (10.0, 30.0), "c": (-1.0, 1.0)}
    samples = 17
    points = design_points(make_design(ranges=ranges, kind="lhs", samples=samples), 4)
    assert len(points) == samples
    for path, (low, high) in ranges.items():
        values = np.array([point[path] for point in points])
        assert values.min() >= low and values.max() <= high
        strata = np.floor((values - low) / (high - low) * samples).astype(int)
        assert sorted(strata) == list(range(samples))


def test_latin_hypercube_points_depend_on_the_base_seed_only() -> None:
    design = make_design(ranges={"a": (0.0, 1.0)}, kind="lhs", samples=6)
    assert design_points(design, 3) == design_points(design, 3)
    assert design_points(design, 3) != design_points(design, 4)


def test_latin_hypercube_is_crossed_with_the_grid_of_listed_values() -> None:
    points = design_points(make_design({"k": ["x", "y"]}, {"a": (0.0, 1.0)}, "lhs", 3), 0)
    assert [point["k"] for point in points] == ["x", "x", "x", "y", "y", "y"]
    assert [point["a"] for point in points[:3]] == [point["a"] for point in points[3:]]


@pytest.mark.parametrize(("values", "ranges", "kind", "samples", "message"), [
    ({}, {"a": (0.0, 1.0)}, "grid", None, "range a: a range needs a sample count (--samples K)"),
    ({}, {}, "lhs", 4, "design lhs: needs at least one range (--range PATH=LOW:HIGH)"),
    ({}, {"a": (2.0, 1.0)}, "lhs", 4, "range a: expected finite LOW <= HIGH, found 2.0:1.0"),
    ({"a": [1]}, {"a": (0.0, 1.0)}, "grid", 2, "a: given both as a list of values and as a range; choose one"),
    ({"a": []}, {}, "grid", None, "set a: no values given"),
    ({}, {}, "sobol", None, "design: expected one of grid, lhs, found 'sobol'"),
])
def test_a_bad_design_is_refused_with_one_line(values: dict, ranges: dict, kind: str, samples: int | None,
                                               message: str) -> None:
    with pytest.raises(SweepError) as caught:
        make_design(values, ranges, kind, samples)
    assert str(caught.value) == message


def test_run_seeds_follow_the_documented_rule_and_fit_parley_run() -> None:
    expected = int(np.random.SeedSequence(7, spawn_key=(12,)).generate_state(1, np.uint64)[0] >> np.uint64(1))
    assert run_seed(7, 12) == expected
    seeds = [run_seed(7, index) for index in range(1000)]
    assert len(set(seeds)) == 1000
    assert all(0 <= seed < 2**63 for seed in seeds)
    assert run_seed(8, 12) != run_seed(7, 12)
