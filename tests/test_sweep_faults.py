"""Sweeps under faults: workers that die, tasks that fail, runs over their time limit, and
real sweeps killed with SIGKILL at random moments and resumed until they finish."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from faulty_worker import DIES, TASK_FAILS, run_chunk_failing_tasks, run_chunk_with_faults
from pandas.testing import assert_frame_equal

from sim.cli import main
from sim.experiments import ProcessExecutor, read_results, replicate, run_points
from sim.experiments.faults import WORKER_DIED
from sim.experiments.plan import make_plan
from sim.experiments.sweep import execute
from sim.scenario.limits import LIMITS

CHANNEL = Path(__file__).resolve().parent.parent / "scenarios" / "ru-ua-channel.yaml"
KILLS = int(os.environ.get("PARLEY_KILLS", "6"))
"""SIGKILLs in the kill-and-resume test; PARLEY_KILLS=100 for the long version (docs/development/reliability.md)."""
OUTCOME = ["status", "agreement", "rounds", "released.RU", "deal_pareto_distance"]


def faulty_sweep(istanbul_path: Path, folder: Path, executor: object, worker: object) -> pd.DataFrame:
    plan = make_plan(istanbul_path, [{}], runs=24, seed=5, chunk_size=5)
    report = execute(plan, folder, executor, worker=worker)  # type: ignore[arg-type]
    assert report.total == 24 and report.failed == len(set(range(24)) & (DIES | TASK_FAILS))
    return read_results(folder)


def assert_failed_rows(table: pd.DataFrame, clean: pd.DataFrame, failed: dict[int, str]) -> None:
    """Rows in `failed` carry their reason and no outcome; every other row is the clean sweep's."""
    assert list(table["run_index"]) == list(range(len(clean)))
    is_failed = table["run_index"].isin(list(failed))
    assert dict(zip(table.loc[is_failed, "run_index"], table.loc[is_failed, "error"], strict=True)) == failed
    assert table.loc[is_failed, OUTCOME].isna().all().all()
    assert_frame_equal(table[~is_failed], clean[~is_failed])
    assert_frame_equal(table.loc[is_failed, ["run_id", "seed"]], clean.loc[is_failed, ["run_id", "seed"]])


def test_a_dying_worker_is_a_failed_row_and_every_other_run_completes(istanbul_path: Path, tmp_path: Path) -> None:
    """Runs 3 and 17 SIGKILL their worker, run 9's task raises: three failed rows with reasons, 21 good rows."""
    clean = replicate(istanbul_path, runs=24, seed=5)
    with ProcessExecutor(workers=2) as pool:
        table = faulty_sweep(istanbul_path, tmp_path / "s", pool, run_chunk_with_faults)
    assert_failed_rows(table, clean, {3: WORKER_DIED, 17: WORKER_DIED, 9: "MemoryError: lost the worker"})
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert manifest["counts"] == {"runs": 24, "ok": 21, "failed": 3, "from_earlier_parts": 0}


def test_a_failed_task_is_retried_run_by_run_in_any_executor(istanbul_path: Path, tmp_path: Path) -> None:
    """In the serial executor a chunk task that raises is split: only run 9 fails."""
    clean = replicate(istanbul_path, runs=24, seed=5)
    plan = make_plan(istanbul_path, [{}], runs=24, seed=5, chunk_size=5)
    report = execute(plan, tmp_path / "s", "serial", worker=run_chunk_failing_tasks)
    assert (report.ok, report.failed) == (23, 1)
    assert_failed_rows(read_results(tmp_path / "s"), clean, {9: "MemoryError: lost the worker"})


def test_runs_over_the_time_limit_are_failed_rows_and_quick_ones_complete(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A channel checked every 500 days ends in about 0.03 s; checked every 0.002 days it takes about a
    second, so a limit of 0.3 s stops it. (The second point is far past the worst-case bounds a scenario
    is checked against, which are raised here so that it validates: the time limit is what is tested.)"""
    for bound in ("simulated_events", "messages", "log_entries", "log_bytes"):
        monkeypatch.setattr(LIMITS, bound, 10**12)
    out = tmp_path / "s"
    code = main(["sweep", str(CHANNEL), "--set", "channel.rounds.check_every_days=500.0,0.002", "--runs", "2",
                 "--run-timeout", "0.3", "--workers", "2", "--no-plots", "--no-report", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "4 runs (2 points x 2), 2 failed, executor process with 2 workers" in printed
    table = read_results(out)
    assert list(table["error"][:2]) == ["", ""]
    assert all(error.startswith("RunTimeoutError: the run exceeded its time limit of 0.3 s (stopped at day ")
               for error in table["error"][2:])
    assert json.loads((out / "manifest.json").read_text())["run_timeout"] == 0.3
    assert_frame_equal(table[:2], run_points(CHANNEL, [{"channel.rounds.check_every_days": 500.0}], runs=2))


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_a_bad_run_timeout_is_refused_with_one_line(value: str, istanbul_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", str(istanbul_path), f"--run-timeout={value}", "--workers", "1"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "--run-timeout: expected a number of seconds > 0" in error[0]


def kill_until_finished(command: list[str], out: Path, moments: Iterator[float]) -> int:
    """Start the sweep (resuming once it has a manifest), SIGKILL it and its workers after the next
    random moment, again and again until a start finishes by itself; returns the kills."""
    kills = 0
    while True:
        workers = 1 + kills % 2
        args = [*command, "--workers", str(workers), "--out", str(out)]
        args += ["--resume"] if (out / "manifest.json").exists() else []
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        time.sleep(next(moments))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        _, error = process.communicate(timeout=120)
        if process.returncode == 0:
            return kills
        assert process.returncode == -signal.SIGKILL, error
        kills += 1


@pytest.mark.slow
def test_a_sweep_killed_at_random_moments_and_resumed_equals_an_uninterrupted_one(
        istanbul_path: Path, tmp_path: Path) -> None:
    """SIGKILL whole sweeps (parent and workers) KILLS times at random moments, resuming each until it
    finishes: every finished table has each run exactly once and equals the uninterrupted sweep's."""
    command = [sys.executable, "-m", "sim.cli", "sweep", str(istanbul_path), "--runs", "600", "--seed", "11",
               "--no-plots", "--no-report"]
    rng = np.random.default_rng(2026)
    moments = iter(lambda: float(rng.uniform(0.5, 4.0)), None)
    clean = replicate(istanbul_path, runs=600, seed=11)
    kills, sweeps = 0, 0
    while kills < KILLS:
        out = tmp_path / f"s{sweeps}"
        kills += kill_until_finished(command, out, moments)
        sweeps += 1
        table = read_results(out)
        assert list(table["run_index"]) == list(range(600))
        assert_frame_equal(table, clean)
    print(f"{kills} kills survived over {sweeps} sweeps")
