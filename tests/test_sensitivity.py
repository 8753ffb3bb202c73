"""Sensitivity analysis: the SALib glue against known indices, integer parameters, point
means, and `sensitivity` through the real engine (shape, determinism, executors, files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from support import swap_document

from sim.experiments import ProcessExecutor, SweepError, run_points, sensitivity
from sim.experiments.sensitivity import analyse, point_count, sample
from sim.experiments.sensitivity.outcomes import point_means, valid_outcomes
from sim.experiments.sensitivity.parameters import integer_paths
from sim.experiments.source import open_source
from sim.files import OutputExistsError
from sim.plots.sensitivity import plot_morris, plot_sensitivity, plot_sobol, save_sensitivity_plot
from sim.scenario import ScenarioError, validate_document

UNIT = {"x1": (0.0, 1.0), "x2": (0.0, 1.0), "x3": (0.0, 1.0)}
A, B = 3.0, 1.0
RANGES = {"parties.X.trust.initial": (0.1, 0.7), "protocol.max_steps": (4, 20)}


def linear(matrix: np.ndarray) -> np.ndarray:
    """Y = a*x1 + b*x2 with independent uniforms: S1 = ST = a^2/(a^2+b^2), b^2/(a^2+b^2), 0."""
    return A * matrix[:, 0] + B * matrix[:, 1]


def test_sobol_indices_of_a_linear_function_match_theory_within_their_intervals() -> None:
    matrix = sample("sobol", UNIT, 512, seed := 1)
    indices, second = analyse("sobol", UNIT, matrix, {"y": linear(matrix)}, seed)
    expected = {"x1": A**2 / (A**2 + B**2), "x2": B**2 / (A**2 + B**2), "x3": 0.0}
    for row in indices.itertuples():
        assert abs(row.S1 - expected[row.parameter]) <= max(row.S1_conf, 1e-9), row
        assert abs(row.ST - expected[row.parameter]) <= max(row.ST_conf, 1e-9), row
        assert abs(row.S1 - expected[row.parameter]) < 0.05
    assert list(indices.columns) == ["outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert [(p.first, p.second) for p in second.itertuples()] == [("x1", "x2"), ("x1", "x3"), ("x2", "x3")]
    assert (second["S2"].abs() <= second["S2_conf"] + 1e-9).all(), "no interactions in a sum"


def test_morris_gives_zero_mu_star_to_a_parameter_that_does_not_enter_the_output() -> None:
    matrix = sample("morris", UNIT, 20, seed := 2)
    indices = analyse("morris", UNIT, matrix, {"y": linear(matrix)}, seed)[0].set_index("parameter")
    assert indices.loc["x3", "mu_star"] == pytest.approx(0.0, abs=1e-12)
    assert indices.loc["x1", "mu_star"] == pytest.approx(A)
    assert indices.loc["x2", "mu_star"] == pytest.approx(B)
    assert indices.loc["x1", "sigma"] == pytest.approx(0.0, abs=1e-9), "a linear effect does not vary"


def test_designs_have_the_documented_size_and_depend_only_on_the_seed() -> None:
    assert sample("sobol", UNIT, 8, 0).shape == (point_count("sobol", 3, 8), 3) == (64, 3)
    assert sample("morris", UNIT, 5, 0).shape == (point_count("morris", 3, 5), 3) == (20, 3)
    assert np.array_equal(sample("sobol", UNIT, 8, 4), sample("sobol", UNIT, 8, 4))
    assert not np.array_equal(sample("sobol", UNIT, 8, 4), sample("sobol", UNIT, 8, 5))
    matrix = sample("sobol", {"a": (2.0, 3.0)}, 16, 0)
    assert matrix.min() >= 2.0 and matrix.max() <= 3.0


def test_a_constant_outcome_has_no_indices_rather_than_a_division_by_zero() -> None:
    matrix = sample("sobol", UNIT, 8, 0)
    indices = analyse("sobol", UNIT, matrix, {"flat": np.ones(len(matrix))}, 0)[0]
    assert indices[["S1", "ST"]].isna().all().all()


@pytest.mark.parametrize(("method", "ranges", "samples", "message"), [
    ("sobol", {"a": (1.0, 1.0)}, 8, "range a: expected finite LOW < HIGH, found 1.0:1.0"),
    ("sobol", {"a": (0.0, 1.0)}, 2, "samples: sobol needs a whole number >= 4, found 2"),
    ("sobol", {"a": (0.0, 1.0)}, 12, "samples: sobol needs a power of 2 (its sequence is balanced only then), "
                                     "found 12; try 16"),
    ("morris", {"a": (0.0, 1.0)}, 1, "samples: morris needs a whole number >= 2, found 1"),
    ("fast", {"a": (0.0, 1.0)}, 8, "method: expected one of sobol, morris, found 'fast'"),
])
def test_bad_designs_are_refused_with_one_line(method: str, ranges: dict[str, tuple[float, float]], samples: int,
                                               message: str) -> None:
    with pytest.raises(SweepError) as caught:
        sample(method, ranges, samples, 0)
    assert str(caught.value) == message


def test_integer_fields_are_found_from_the_schema_or_the_value_held() -> None:
    source = open_source(swap_document())
    base = validate_document(source.document, source.file, source.lines)
    paths = ["protocol.max_steps", "execution.stages", "parties.X.trust.initial",
             "parties.X.roster.generate.soldier", "execution.failure_probability"]
    assert integer_paths(source, base, paths) == ["protocol.max_steps", "execution.stages",
                                                  "parties.X.roster.generate.soldier"]
    with pytest.raises(ScenarioError, match="no key 'stagez' here; did you mean stages"):
        integer_paths(source, base, ["execution.stagez"])


@pytest.mark.parametrize(("ranges", "found"), [
    ({"protocol.max_stepz": (4, 20)}, "unknown field; did you mean max_steps?"),
    ({"parties.X.trust.initial": (0.5, 1.5)}, "(swept value parties.X.trust.initial=1.5)"),
])
def test_a_range_the_scenario_cannot_take_fails_before_any_run(ranges: dict[str, tuple[float, float]],
                                                               found: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        sensitivity(swap_document(), ranges, ["agreement"], samples=4)
    assert found in str(caught.value.problems[0])


def frame(points: list[int], errors: list[str], agreement: list[Any]) -> pd.DataFrame:
    return pd.DataFrame({"point": points, "error": errors, "status": ["executed"] * len(points),
                         "agreement": pd.array(agreement, dtype="boolean")})


def test_point_means_are_probabilities_over_the_runs_that_did_not_fail() -> None:
    table = frame([0, 0, 0, 1, 1], ["", "", "ValueError: x", "", ""], [True, False, None, True, True])
    means = point_means(table, ["agreement"], 2)
    assert means["agreement"].tolist() == [0.5, 1.0]
    assert means["runs_ok"].tolist() == [2, 2]


def test_a_point_without_a_successful_run_stops_the_analysis_naming_it() -> None:
    table = frame([0, 1, 1], ["", "RuntimeError: boom", "RuntimeError: boom"], [True, None, None])
    with pytest.raises(SweepError) as caught:
        point_means(table, ["agreement"], 2)
    assert str(caught.value) == ("1 of 2 points have no successful run (point 1: RuntimeError: boom); "
                                 "every point needs an output")


def run(**settings: Any) -> Any:
    return sensitivity(swap_document(), RANGES, ["agreement", "executed", "released.X"],
                       **{"samples": 4, "runs": 1, "seed": 3, **settings})


def test_sensitivity_through_the_engine_gives_a_tidy_table_per_outcome_and_parameter() -> None:
    result = run()
    assert [tuple(row) for row in result.indices[["outcome", "parameter"]].itertuples(index=False)] == [
        (outcome, parameter) for outcome in ("agreement", "executed", "released.X") for parameter in RANGES]
    assert result.matrix.shape == (24, 2) and len(result.table) == 24
    assert result.integers == ["protocol.max_steps"]
    steps = result.points["protocol.max_steps"]
    assert steps.tolist() == [round(value) for value in result.matrix[:, 1]]
    assert result.table["protocol.max_steps"].tolist() == steps.tolist(), "the runs used the rounded values"
    assert result.points["executed"].between(0, 1).all()


def test_same_seed_same_indices_whatever_the_executor() -> None:
    serial = run()
    again = run()
    with ProcessExecutor(workers=2) as pool:
        pooled = run(executor=pool)
    assert_frame_equal(serial.indices, again.indices)
    assert_frame_equal(serial.indices, pooled.indices)
    assert_frame_equal(serial.points, pooled.points)
    assert not run(seed=4).matrix.tolist() == serial.matrix.tolist()


def test_sensitivity_with_out_writes_its_data_files_and_the_plot_goes_beside_them(tmp_path: Path) -> None:
    out = tmp_path / "sens"
    result = run(method="morris", samples=2, out=out)
    assert sorted(p.name for p in out.iterdir()) == ["indices.csv", "manifest.json", "parts", "points.csv",
                                                     "results.parquet"], "the result draws no figure itself"
    assert save_sensitivity_plot(result, out) == out / "sensitivity.png"
    assert (out / "sensitivity.png").read_bytes().startswith(b"\x89PNG")
    assert_frame_equal(pd.read_csv(out / "indices.csv"), result.indices, atol=1e-5)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete", "the sweep's own manifest is kept"
    assert manifest["plan"]["design"]["kind"] == "morris"
    described = manifest["sensitivity"]
    assert (described["method"], described["samples"], described["points"], described["runs"]) == ("morris", 2, 6, 1)
    assert described["ranges"] == {"parties.X.trust.initial": [0.1, 0.7], "protocol.max_steps": [4, 20]}
    assert set(described["timings"]) == {"sample_seconds", "runs_seconds", "analysis_seconds"}
    assert "SALib" in described["versions"]


def test_unknown_outcomes_are_refused_listing_the_valid_names() -> None:
    with pytest.raises(SweepError) as caught:
        sensitivity(swap_document(), RANGES, ["agreed"], samples=4)
    message = str(caught.value)
    assert message.startswith("outcome 'agreed' is not a numeric outcome of the sweep table; valid: agreed_at_table, "
                              "ratified, executed, agreement, ")
    assert "executed" in message and "\n" not in message
    assert "status" not in valid_outcomes(validate_document(swap_document(), "<document>", {}))


def test_a_resumed_analysis_gives_the_same_indices_and_a_second_run_into_the_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "sens"
    first = run(out=out)
    resumed = run(out=out, resume=True)
    assert_frame_equal(first.indices, resumed.indices)
    assert json.loads((out / "manifest.json").read_text())["counts"]["from_earlier_parts"] == 24
    with pytest.raises(OutputExistsError, match="add --resume"):
        run(out=out)


def test_every_point_runs_the_same_seeds_unless_asked_otherwise() -> None:
    common = run(runs=2)
    assert common.table.groupby("replication")["seed"].nunique().tolist() == [1, 1]
    independent = run(runs=2, common_seeds=False)
    assert independent.table["seed"].nunique() == len(independent.table)


def test_an_outcome_with_no_value_at_a_point_stops_the_analysis_naming_it() -> None:
    table = frame([0, 1], ["", ""], [True, False]).assign(day_of_agreement=[0.5, None])
    with pytest.raises(SweepError) as caught:
        point_means(table, ["day_of_agreement"], 2)
    assert str(caught.value).startswith("outcome day_of_agreement: no value at 1 of 2 points (first: point 1)")


def test_plots_draw_for_both_methods_and_mark_an_outcome_that_never_changes() -> None:
    matrix = sample("sobol", UNIT, 8, 0)
    indices = analyse("sobol", UNIT, matrix, {"flat": np.ones(len(matrix)), "y": linear(matrix)}, 0)[0]
    figure = plot_sobol(indices, ["flat", "y"])
    assert [ax.get_title() for ax in figure.axes] == ["flat (constant: no indices)", "y"]
    assert [label.get_text() for label in figure.axes[1].get_yticklabels()] == ["x1", "x2", "x3"]
    result = run(method="morris", samples=2)
    morris = plot_sensitivity(result)
    assert [ax.get_title() for ax in morris.axes if ax.get_visible()] == ["agreement", "executed", "released.X"]
    assert sorted(text.get_text() for text in morris.axes[2].texts) == ["X trust initial", "max steps"]
    matrix = sample("morris", UNIT, 4, 0)
    flat = analyse("morris", UNIT, matrix, {"flat": np.ones(len(matrix))}, 0)[0]
    assert plot_morris(flat, ["flat"]).axes[0].get_title() == "flat"


def test_run_points_refuses_an_unknown_seeding_and_records_common_seeds_in_the_plan(tmp_path: Path) -> None:
    with pytest.raises(SweepError, match="seeding: expected one of run, replication, found 'shared'"):
        run_points(swap_document(), [{}], seeding="shared")
    run_points(swap_document(), [{}, {}], runs=2, seeding="replication", out=tmp_path / "s")
    assert json.loads((tmp_path / "s" / "manifest.json").read_text())["plan"]["seeding"] == "replication"
