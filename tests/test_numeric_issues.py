"""Numeric issues: grids of amounts, value curves, and how runs, summaries and analysis show amounts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.cli import main
from sim.scenario.numeric import ValueCurve, curve_values, format_amount, grid_size, numeric_grid
from sim.valuation.utilities import build_space

NUMERIC = Path(__file__).resolve().parent / "data" / "numeric.yaml"


@pytest.mark.parametrize(("low", "high", "step", "expected"), [
    (0.0, 30.0, 1.0, tuple(range(31))),
    (0.0, 10.0, 3.0, (0, 3, 6, 9, 10)),
    (0.0, 1.0, 0.25, (0, 0.25, 0.5, 0.75, 1.0)),
    (0.0, 0.3, 0.1, (0.0, 0.1, 0.2, 0.3)),
])
def test_a_grid_runs_from_low_in_steps_and_always_ends_at_high(low: float, high: float, step: float,
                                                               expected: tuple[float, ...]) -> None:
    grid = numeric_grid(low, high, step)
    assert grid == expected
    assert grid_size(low, high, step) == len(grid)


def test_whole_amounts_are_ints_so_they_log_without_a_decimal_point() -> None:
    grid = numeric_grid(0.0, 10e9, 0.5e9)
    assert len(grid) == 21
    assert grid[12] == 6_000_000_000 and isinstance(grid[12], int)
    assert json.dumps(grid[12]) == "6000000000"
    assert format_amount(grid[12], "USD") == "6,000,000,000 USD"
    assert format_amount(2.5, "days") == "2.5 days"


def test_curves_give_values_from_0_to_1() -> None:
    grid = (0, 5, 10)
    rising = curve_values(ValueCurve(curve="linear"), grid, 0.0, 10.0)
    falling = curve_values(ValueCurve(curve="linear", rising=False), grid, 0.0, 10.0)
    concave = curve_values(ValueCurve(curve="concave", curvature=2.0), grid, 0.0, 10.0)
    table = curve_values(ValueCurve(curve="table", points=[(0, 0.0), (4, 0.8), (10, 1.0)]), grid, 0.0, 10.0)
    np.testing.assert_allclose(rising, [0.0, 0.5, 1.0])
    np.testing.assert_allclose(falling, [1.0, 0.5, 0.0])
    np.testing.assert_allclose(concave, [0.0, (1 - np.exp(-1)) / (1 - np.exp(-2)), 1.0])
    assert concave[1] == pytest.approx(0.731, abs=1e-3)
    np.testing.assert_allclose(table, [0.0, 0.8 + 0.2 / 6, 1.0])


def test_a_numeric_issue_is_an_axis_of_amounts_and_its_status_quo_an_amount() -> None:
    scenario = sim.load_scenario(NUMERIC)
    space = build_space(scenario, {"A": None, "B": None})
    assert space.issues == ("pause_days", "funds")
    assert space.options[0] == tuple(range(31))
    assert space.options[1][-1] == 10_000_000_000
    assert scenario.issues["funds"].status_quo_index == 0
    outcome = space.index({"A": 0, "B": 0}, {"pause_days": 7, "funds": 6_000_000_000})
    assert space.issue_options(outcome) == {"pause_days": 7, "funds": 6_000_000_000}


def test_option_issues_keep_their_labels_and_status_quo() -> None:
    document = {"name": "x", "horizon_days": 5,
                "parties": {p: {"name": p, "leader": {"name": p}, "delegation": {"name": p}} for p in "AB"},
                "issues": {"meet": {"options": ["declined", "agreed"], "status_quo": "agreed"}}}
    scenario = sim.validate_document(document)
    issue = scenario.issues["meet"]
    assert issue.kind == "options" and issue.values == ("declined", "agreed") and issue.status_quo_index == 1


def test_a_run_agrees_on_amounts_and_writes_them_as_numbers(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["run", str(NUMERIC), "--seed", "0", "--out", str(out), "--no-plots", "--no-report"]) == 0
    printed = capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    agreed = summary["issues_agreed"]
    assert set(agreed) == {"pause_days", "funds"}
    assert isinstance(agreed["pause_days"], int) and isinstance(agreed["funds"], int)
    assert 0 <= agreed["funds"] <= 10_000_000_000 and agreed["funds"] % 500_000_000 == 0
    assert f"funds = {format_amount(agreed['funds'], 'USD')}" in printed
    offers = [json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
              if '"kind":"offer"' in line]
    assert offers and all(isinstance(o["payload"]["issues"]["funds"], int) for o in offers)
    # the linkage holds in every offer: at most one day of pause per ten people A releases
    assert all(o["payload"]["issues"]["pause_days"] * 10 <= o["payload"]["released"]["A"] for o in offers)


def test_analyze_prints_amounts_with_their_unit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(NUMERIC)]) == 0
    nash = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("Nash"))
    assert " days, funds " in nash and nash.endswith(" USD")


def test_the_sweep_table_has_a_numeric_column_per_numeric_issue() -> None:
    from sim.experiments.rows import outcome_columns, outcome_row

    scenario = sim.load_scenario(NUMERIC)
    columns = dict(outcome_columns(scenario))
    assert columns["issues_agreed.funds"] == "float" and columns["issues_agreed.pause_days"] == "float"
    row = outcome_row(sim.run(scenario, seed=1).outcome, scenario)
    assert isinstance(row["issues_agreed.funds"], int)
