"""Sweeps through the Python API: the table, its seeds, failed runs, executors, resume, manifest."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from pandas.testing import assert_frame_equal

import sim
from sim.experiments import DaskExecutor, ProcessExecutor, SweepError, read_results, replicate, run_points, sweep
from sim.experiments.rows import outcome_row
from sim.files import OutputExistsError

POINTS = [{"parties.RU.trust.initial": 0.1, "protocol.max_steps": 10},
          {"parties.RU.trust.initial": 0.6, "protocol.max_steps": 24}]


def test_each_row_is_reproduced_by_running_its_scenario_alone_with_its_seed(istanbul_path: Path) -> None:
    table = run_points(istanbul_path, POINTS, runs=3, seed=5)
    assert list(table["run_index"]) == list(range(6))
    assert list(table["run_id"])[4] == "istanbul-talks-may-2025-p0001-r0001"
    row = table.iloc[4]
    document = yaml.safe_load(istanbul_path.read_text(encoding="utf-8"))
    document["parties"]["RU"]["trust"]["initial"] = 0.6
    document["protocol"]["max_steps"] = 24
    scenario = sim.validate_document(document)
    expected = outcome_row(sim.run(scenario, seed=int(row["seed"])).outcome, scenario)
    assert {column: row[column] for column in expected} == pytest.approx(expected)
    assert sim.experiments.run_seed(5, 4) == row["seed"]


def test_the_table_has_identity_parameter_and_outcome_columns_in_a_fixed_order(istanbul_path: Path) -> None:
    table = run_points(istanbul_path, POINTS, runs=1)
    assert list(table.columns[:7]) == ["run_index", "run_id", "point", "replication", "seed",
                                       "parties.RU.trust.initial", "protocol.max_steps"]
    assert {"status", "agreement", "agreed_released.RU", "agreed_released.UA", "ratio", "day_of_agreement",
            "rounds", "referrals", "vetoes", "final_trust.RU->UA", "final_trust.UA->RU", "stages_executed",
            "stages_failed", "issues_agreed.ceasefire", "issues_agreed.leaders_meeting"} <= set(table.columns)
    assert table.columns[-1] == "error"
    assert table.columns[-2] == "deal_offers_UA" and "deal_pareto_distance" in table.columns
    assert list(table["protocol.max_steps"]) == [10, 24]
    assert (table["error"] == "").all()


def test_replications_run_the_scenario_as_it_is(istanbul_path: Path) -> None:
    table = replicate(istanbul_path, runs=4, seed=2)
    assert list(table["point"]) == [0, 0, 0, 0] and list(table["replication"]) == [0, 1, 2, 3]
    scenario = sim.load_scenario(istanbul_path)
    assert table["status"].iloc[2] == sim.run(scenario, seed=int(table["seed"].iloc[2])).outcome.status


def test_sweep_builds_the_grid_and_names_columns_by_path(istanbul_path: Path) -> None:
    table = sweep(istanbul_path, values={"parties.UA.leader.veto.threshold": [0.1, 0.3]}, runs=2)
    assert list(table["parties.UA.leader.veto.threshold"]) == [0.1, 0.1, 0.3, 0.3]
    assert list(table["point"]) == [0, 0, 1, 1]


def test_a_bad_point_fails_before_any_run(istanbul_path: Path, tmp_path: Path) -> None:
    with pytest.raises(sim.ScenarioError):
        run_points(istanbul_path, [{"protocol.max_steps": 5}, {"protocol.max_steps": -1}], out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def _raise_on_odd_seeds(scenario: sim.Scenario, seed: int = 0, **kwargs: Any) -> sim.Result:
    if seed % 2:
        raise RuntimeError(f"boom at {seed}")
    return sim.run(scenario, seed=seed, **kwargs)


def test_a_run_that_raises_is_a_row_with_its_error_and_the_rest_complete(
        istanbul_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = run_points(istanbul_path, POINTS, runs=4)
    monkeypatch.setattr("sim.experiments.worker.run", _raise_on_odd_seeds)
    table = run_points(istanbul_path, POINTS, runs=4)
    odd = table["seed"] % 2 == 1
    assert 0 < odd.sum() < len(table)
    assert list(table.loc[odd, "error"]) == [f"RuntimeError: boom at {seed}" for seed in table.loc[odd, "seed"]]
    assert table.loc[odd, "status"].isna().all() and table.loc[odd, "rounds"].isna().all()
    assert table.loc[odd, "day_of_agreement"].isna().all()
    assert_frame_equal(table[~odd], clean[~odd])
    assert (table.dtypes == clean.dtypes).all()


def test_a_table_of_only_failed_runs_keeps_the_same_columns_and_types(
        istanbul_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = run_points(istanbul_path, POINTS[:1], runs=2)

    def fail(*args: Any, **kwargs: Any) -> sim.Result:
        raise ValueError("no")

    monkeypatch.setattr("sim.experiments.worker.run", fail)
    failed = run_points(istanbul_path, POINTS[:1], runs=2)
    assert list(failed.columns) == list(clean.columns)
    assert (failed.dtypes == clean.dtypes).all()
    assert list(failed["error"]) == ["ValueError: no", "ValueError: no"]


@pytest.mark.slow
def test_serial_process_pool_and_dask_give_identical_tables(istanbul_path: Path) -> None:
    serial = run_points(istanbul_path, POINTS, runs=12, seed=3, chunk_size=5)
    with ProcessExecutor(workers=2) as pool:
        pooled = run_points(istanbul_path, POINTS, runs=12, seed=3, chunk_size=5, executor=pool)
    with DaskExecutor(workers=2) as cluster:
        dasked = run_points(istanbul_path, POINTS, runs=12, seed=3, chunk_size=5, executor=cluster)
    assert len(serial) == 24
    assert serial["deal_pareto_distance"].notna().sum() >= 20, "the deal columns are compared too"
    assert_frame_equal(pooled, serial)
    assert_frame_equal(dasked, serial)


def test_resume_runs_only_missing_or_broken_parts_and_gives_the_same_table(
        istanbul_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sweep"
    whole = run_points(istanbul_path, POINTS, runs=10, chunk_size=4, out=folder)
    parts = sorted((folder / "parts").iterdir())
    assert len(parts) == 5
    parts[1].unlink()
    parts[3].write_bytes(b"not parquet at all")
    (folder / "parts" / ".chunk-000002.parquet.123.abcd.tmp").write_bytes(parts[2].read_bytes()[:50])
    (folder / "results.parquet").unlink()
    resumed = run_points(istanbul_path, POINTS, runs=10, chunk_size=4, out=folder, resume=True)
    assert_frame_equal(resumed, whole)
    assert json.loads((folder / "manifest.json").read_text())["counts"]["from_earlier_parts"] == 12


def test_resume_refuses_a_different_plan_naming_the_setting(istanbul_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sweep"
    run_points(istanbul_path, POINTS, runs=2, out=folder)
    with pytest.raises(SweepError, match=r"cannot resume: runs is 2 in the sweep, 3 now"):
        run_points(istanbul_path, POINTS, runs=3, out=folder, resume=True)
    with pytest.raises(SweepError, match="cannot resume: the parameter points differ"):
        run_points(istanbul_path, POINTS[:1], runs=2, out=folder, resume=True)


def test_a_non_empty_folder_is_refused_without_resume(istanbul_path: Path, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(OutputExistsError, match="add --resume to continue the sweep there, or choose another --out"):
        replicate(istanbul_path, runs=1, out=tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_the_manifest_records_plan_design_counts_timings_and_versions(istanbul_path: Path, tmp_path: Path) -> None:
    sweep(istanbul_path, values={"protocol.max_steps": [10, 24]}, runs=3, seed=9, out=tmp_path / "s")
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    plan = manifest["plan"]
    assert plan["scenario"] == str(istanbul_path)
    assert len(plan["scenario_sha256"]) == 64
    assert plan["design"] == {"kind": "grid", "values": {"protocol.max_steps": [10, 24]}, "ranges": {},
                              "samples": None}
    assert plan["points"] == [{"protocol.max_steps": 10}, {"protocol.max_steps": 24}]
    assert (plan["runs"], plan["seed"], plan["total_runs"]) == (3, 9, 6)
    assert manifest["status"] == "complete" and manifest["executor"] == "serial"
    assert manifest["counts"] == {"runs": 6, "ok": 6, "failed": 0, "from_earlier_parts": 0}
    assert manifest["timings"]["runs_seconds"] > 0
    assert {"python", "parley-sim", "numpy", "pyarrow"} <= set(manifest["versions"])


def test_a_document_built_in_code_can_be_swept(istanbul_document: dict[str, Any]) -> None:
    document = copy.deepcopy(istanbul_document)
    table = sweep(document, values={"execution.failure_probability": [0.0, 1.0]}, runs=3)
    executed = table[table["status"].isin(["executed", "failed"])]
    assert set(executed.loc[executed["execution.failure_probability"] == 0.0, "stages_failed"]) <= {0}
    assert document == istanbul_document


def test_read_results_gives_nullable_integer_and_boolean_columns(istanbul_path: Path, tmp_path: Path) -> None:
    replicate(istanbul_path, runs=2, out=tmp_path / "r")
    table = read_results(tmp_path / "r")
    assert table["rounds"].dtype == pd.Int64Dtype()
    assert table["agreement"].dtype == pd.BooleanDtype()
