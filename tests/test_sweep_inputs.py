"""A sweep's inputs: roster rows travel with the scenario, the manifest fingerprints every file
and limit, a resume refuses any change one line each, and absurd sizes are refused up front."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from sim.cli import main
from sim.experiments import read_results, replicate
from sim.experiments.plan import make_plan
from sim.experiments.sweep import execute

BAD_INPUT = 2


@pytest.fixture
def csv_scenario(data_dir: Path, tmp_path: Path) -> Path:
    """The CSV-roster scenario and its roster, copied where the test may change them."""
    folder = tmp_path / "scenario"
    folder.mkdir()
    shutil.copy(data_dir / "csv_scenario.yaml", folder / "csv_scenario.yaml")
    shutil.copy(data_dir / "roster.csv", folder / "roster.csv")
    return folder / "csv_scenario.yaml"


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    code = main(["sweep", *args])
    captured = capsys.readouterr()
    assert code == BAD_INPUT, captured.err
    return captured.err.splitlines()


def test_the_manifest_records_each_roster_file_and_the_limits(csv_scenario: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s"
    assert main(["sweep", str(csv_scenario), "--runs", "3", "--workers", "1", "--no-plots", "--run-timeout", "30",
                 "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    roster = csv_scenario.parent / "roster.csv"
    assert manifest["plan"]["inputs"] == {
        "parties.A.roster.csv": {"path": str(roster), "sha256": hashlib.sha256(roster.read_bytes()).hexdigest()}}
    assert manifest["limits"] == {"run_timeout": 30.0, "simulated_events": 10_000_000}


def test_resume_refuses_a_changed_roster_and_timeout_one_line_each(csv_scenario: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Before, only the scenario file's hash was compared: half the runs used one roster, half another."""
    out = tmp_path / "s"
    args = [str(csv_scenario), "--runs", "3", "--workers", "1", "--no-plots", "--out", str(out)]
    assert main(["sweep", *args, "--run-timeout", "30"]) == 0
    roster = csv_scenario.parent / "roster.csv"
    roster.write_text(roster.read_text().replace("12,soldier,3.0", "12,soldier,4.0"))
    capsys.readouterr()
    lines = refused(capsys, *args, "--run-timeout", "5", "--resume")
    assert lines == [
        f"parley: {out}: cannot resume: parties.A.roster.csv ({roster}) has changed since the sweep started "
        "(its sha256 differs)",
        f"parley: {out}: cannot resume: --run-timeout is 30 in the sweep, 5 now (parts made under other limits "
        "would mix)",
    ]


@pytest.mark.parametrize("executor", ["process", "dask"])
def test_runs_use_the_rows_read_at_validation_even_if_the_file_goes(executor: str, csv_scenario: Path,
                                                                    tmp_path: Path) -> None:
    """Before, workers re-read the roster for every run: moving it away made every run a failed row
    (and a remote Dask worker would have looked for the client's path on its own disk)."""
    if executor == "dask":
        pytest.importorskip("distributed")
    expected = replicate(csv_scenario, runs=6, seed=2)
    plan = make_plan(csv_scenario, [{}], runs=6, seed=2, design={"kind": "replications"})
    (csv_scenario.parent / "roster.csv").unlink()
    report = execute(plan, tmp_path / "s", executor)
    assert report.failed == 0
    assert_frame_equal(read_results(tmp_path / "s"), expected)


def test_points_reading_one_roster_share_its_rows(csv_scenario: Path) -> None:
    plan = make_plan(csv_scenario, [{"protocol.max_steps": 10}, {"protocol.max_steps": 20}])
    tables = {id(scenario.parties["A"].roster.loaded.table) for scenario in [plan.base, *plan.scenarios]}
    assert len(tables) == 1


def test_chunk_ranges_are_computed_not_listed(istanbul_path: Path) -> None:
    plan = make_plan(istanbul_path, [{}], runs=10_000_000)
    ranges = plan.chunk_ranges()
    assert len(ranges) == 100_000
    assert ranges[0] == range(0, 100)
    assert ranges[-1] == range(9_999_900, 10_000_000)
    assert plan.chunk_task(99_999)[2][-1][0] == 9_999_999


def test_absurd_runs_are_refused_at_once(istanbul_path: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Before, --runs 100000000000 grew the parent by 200 MB/s with no output."""
    lines = refused(capsys, str(istanbul_path), "--runs", "100000000000", "--out", str(tmp_path / "s"))
    assert lines == ["parley: runs: 1 points x 100000000000 runs = 100,000,000,000 runs is more than the limit "
                     "of 10,000,000 (Limits.sweep_runs)"]
    assert not (tmp_path / "s").exists()


def test_too_many_workers_are_refused_unless_forced(istanbul_path: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, --workers 1000 started one process per chunk, up to hundreds."""
    monkeypatch.setattr("sim.cli.options.all_cores", lambda: 2)
    lines = refused(capsys, str(istanbul_path), "--workers", "9", "--out", str(tmp_path / "s"))
    assert lines == ["parley: --workers 9 is more than 4 per core (8 on this machine); add --force-workers if "
                     "you mean it"]
    assert not (tmp_path / "s").exists()
    assert main(["sweep", str(istanbul_path), "--workers", "9", "--force-workers", "--executor", "serial",
                 "--runs", "2", "--no-plots", "--out", str(tmp_path / "s")]) == 0


def test_a_tiny_run_timeout_is_enforced_for_short_runs(data_dir: Path) -> None:
    """Before, a run shorter than the guard's first checkpoint (128 events) never met its limit."""
    table = replicate(data_dir / "tiny.yaml", runs=3, run_timeout=1e-9)
    assert table["error"].str.startswith("RunTimeoutError: the run exceeded its time limit of 1e-09 s").all()


def test_a_runs_manifest_records_its_roster_files(csv_scenario: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(csv_scenario), "--no-plots", "--out", str(tmp_path / "r")]) == 0
    roster = csv_scenario.parent / "roster.csv"
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert manifest["inputs"] == {
        "parties.A.roster.csv": {"path": str(roster), "sha256": hashlib.sha256(roster.read_bytes()).hexdigest()}}


def test_resume_accepts_the_same_files_moved_elsewhere(csv_scenario: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Like the scenario's path, a roster's path may change; its content may not."""
    out = tmp_path / "s"
    assert main(["sweep", str(csv_scenario), "--runs", "3", "--workers", "1", "--no-plots", "--out", str(out)]) == 0
    moved = shutil.copytree(csv_scenario.parent, tmp_path / "moved")
    assert main(["sweep", str(moved / csv_scenario.name), "--runs", "3", "--workers", "1", "--no-plots",
                 "--out", str(out), "--resume"]) == 0
