"""`parley sweep`: the summary, the files, exit codes and one-line messages, interrupts and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from sim.cli import main
from sim.experiments import read_results, replicate

BAD_INPUT = 2


def sweep_ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["sweep", *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def sweep_fails(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run a sweep that must be refused: exit 2, nothing on stdout, exactly one line on stderr."""
    code = main(["sweep", *args])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def start_sweep(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "sim.cli", "sweep", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def wait_for_parts(folder: Path, count: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if (folder / "parts").is_dir() and len(list((folder / "parts").glob("chunk-*.parquet"))) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"the sweep ended or stalled before writing {count} parts")


def test_a_two_parameter_sweep_prints_a_summary_and_writes_table_manifest_and_plots(
        istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s"
    printed = sweep_ok(capsys, str(istanbul_path), "--set", "parties.UA.leader.veto.threshold=0.1,0.4",
                       "--set", "protocol.max_steps=24", "--runs", "4", "--workers", "1", "--out", str(out))
    lines = printed.splitlines()
    assert lines[0] == "Istanbul talks, May 2025: 8 runs (2 points x 4), 0 failed, executor serial with 1 worker"
    assert lines[1].split() == ["point", "parties.UA.leader.veto.threshold", "protocol.max_steps", "runs",
                                "agreed_at_table", "[95%", "CI]", "executed", "median", "RU", "releases", "median",
                                "UA", "releases"]
    assert len(lines) == 5
    assert lines[-1] == f"  wrote {out}/: results.parquet, manifest.json, outcomes.png, agreement.png, " \
                        "heatmap.png, agreements.png, report.html (and parts/)"
    for name in ("results.parquet", "manifest.json", "outcomes.png", "agreement.png", "heatmap.png", "agreements.png"):
        assert (out / name).stat().st_size > 0
    assert len(read_results(out)) == 8


def test_a_channel_sweep_runs_and_draws_no_agreements_figure(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    channel = Path(__file__).resolve().parent.parent / "scenarios" / "ru-ua-channel.yaml"
    out = tmp_path / "c"
    printed = sweep_ok(capsys, str(channel), "--set", "horizon_days=400", "--runs", "2", "--workers", "1",
                       "--out", str(out))
    assert printed.splitlines()[-1] == f"  wrote {out}/: results.parquet, manifest.json, outcomes.png, " \
                                       "agreement.png, report.html (and parts/)"
    assert not (out / "agreements.png").exists()
    table = read_results(out)
    assert list(table["status"]) == ["channel", "channel"]
    assert not [column for column in table.columns if column.startswith("deal_")]


def test_without_out_a_fresh_folder_under_sweeps_is_used(
        istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for expected in ("istanbul-talks-may-2025", "istanbul-talks-may-2025-2"):
        printed = sweep_ok(capsys, str(istanbul_path), "--runs", "2", "--workers", "1", "--no-plots", "--no-report")
        assert f"wrote sweeps/{expected}/: results.parquet, manifest.json (and parts/)" in printed


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "parties.RUS.trust.initial=0.3"], "parties.RUS.trust.initial: no key 'RUS' here; did you mean RU?"),
    (["--set", "parties.RU.trust.initial=0.2,7"], "parties.RU.trust.initial: Input should be less than or equal"),
    (["--set", "parties.RU.trust.initial"], "parley: --set 'parties.RU.trust.initial': expected PATH=V1,V2,..."),
    (["--range", "protocol.step_hours=1:x", "--samples", "2"],
     "parley: --range protocol.step_hours: expected LOW:HIGH with two numbers, found '1:x'"),
    (["--range", "protocol.step_hours=0.1:1"], "parley: range protocol.step_hours: a range needs a sample count"),
    (["--design", "lhs", "--samples", "3"], "parley: design lhs: needs at least one range"),
    (["--runs", "0"], "parley: argument --runs: expected a whole number >= 1, found 0"),
    (["--resume"], "s: no manifest.json here, so there is no sweep to resume"),
    (["--executor", "process", "--scheduler", "tcp://127.0.0.1:1"],
     "parley: --scheduler needs the dask executor, not --executor process"),
])
def test_bad_settings_exit_2_with_one_line(args: list[str], message: str, istanbul_path: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    line = sweep_fails(capsys, str(istanbul_path), *args, "--out", str(tmp_path / "s"))
    assert message in line
    assert not (tmp_path / "s").exists()


def test_resume_without_out_is_refused(istanbul_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sweep_fails(capsys, str(istanbul_path), "--resume") == (
        "parley: --resume needs --out DIR, the folder of the sweep to continue")


def test_a_non_empty_out_is_refused_without_resume(istanbul_path: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("keep")
    line = sweep_fails(capsys, str(istanbul_path), "--out", str(tmp_path))
    assert line == (f"parley: {tmp_path}: folder exists and is not empty (add --resume to continue the sweep "
                    "there, or choose another --out)")
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_a_sweep_killed_with_sigkill_and_resumed_equals_an_uninterrupted_one(
        istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s"
    args = [str(istanbul_path), "--runs", "300", "--seed", "4", "--workers", "1", "--no-plots", "--no-report",
            "--out", str(out)]
    process = start_sweep(*args)
    try:
        wait_for_parts(out, 3, process)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert not (out / "results.parquet").exists()
    (out / "parts" / ".chunk-000000.parquet.99.dead.tmp").write_bytes(b"PAR1 half a file")
    sweep_ok(capsys, *args, "--resume")
    manifest = json.loads((out / "manifest.json").read_text())
    assert 0 < manifest["counts"]["from_earlier_parts"] < 300
    assert_frame_equal(read_results(out), replicate(istanbul_path, runs=300, seed=4))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_keeps_the_parts_and_prints_the_resume_command(workers: str, istanbul_path: Path,
                                                                     tmp_path: Path) -> None:
    """In this process or with a pool of workers, Ctrl-C ends with exit 130 and the command to resume."""
    out = tmp_path / "s"
    process = start_sweep(str(istanbul_path), "--runs", "2000", "--workers", workers, "--no-plots", "--no-report",
                          "--out", str(out))
    try:
        wait_for_parts(out, 2, process)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        _, error = process.communicate(timeout=60)
    assert process.returncode == 130
    assert error.splitlines()[-1] == (
        f"parley: interrupted; finished chunks are saved in {out}/parts. Resume with: parley sweep "
        f"{istanbul_path} --runs 2000 --workers {workers} --no-plots --no-report --out {out} --resume")
    assert len(list((out / "parts").glob("chunk-*.parquet"))) >= 2


def test_a_point_where_nothing_is_agreed_gets_a_dash_in_the_report(istanbul_path: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """With two-level negotiation, a leader threshold of 0.4 leaves no deal to agree: no median, not a crash."""
    out = tmp_path / "s"
    printed = sweep_ok(capsys, str(istanbul_path), "--set", "parties.UA.leader.veto.threshold=0.1,0.4",
                       "--set", "parties.UA.delegation.anticipation.enabled=true", "--runs", "3",
                       "--workers", "1", "--no-plots", "--out", str(out))
    assert "report.html" in printed
    rows = [line.split() for line in printed.splitlines() if line.strip().startswith(("0 ", "1 "))]
    assert [row[-2:] for row in rows] == [["1000", "1000"], ["-", "-"]]
    assert "—" in (out / "report.html").read_text(encoding="utf-8")
