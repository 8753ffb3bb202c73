"""Signals to a sweep: SIGTERM and SIGHUP stop it like Ctrl-C, and no process of it outlives its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
SETTLE_SECONDS = 10.0


def session_processes(session: int) -> set[int]:
    """Ids of the live processes (zombies excluded) in session `session`, read from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[3]) == session:
            found.add(int(entry.name))
    return found


def start_pool_sweep(scenario: Path, out: Path) -> subprocess.Popen[str]:
    """A long sweep on a pool of two workers, in its own session, started once its workers exist."""
    process = subprocess.Popen([sys.executable, "-m", "sim.cli", "sweep", str(scenario), "--runs", "1000",
                                "--workers", "2", "--executor", "process", "--no-plots", "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (out / "parts").is_dir() and any((out / "parts").glob("chunk-*.parquet")):
            return process
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("the sweep wrote no parts")


def wait_until_gone(session: int) -> set[int]:
    """The session's processes still alive after up to `SETTLE_SECONDS`."""
    deadline = time.monotonic() + SETTLE_SECONDS
    alive = session_processes(session)
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = session_processes(session)
    return alive


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_the_parent_stops_the_sweep_cleanly_and_leaves_no_process(
        number: signal.Signals, istanbul_path: Path, tmp_path: Path) -> None:
    """The parent alone gets the signal (as from `kill`): exit 128 + the signal, one line with the
    resume command, and no worker or resource tracker left behind."""
    out = tmp_path / "s"
    process = start_pool_sweep(istanbul_path, out)
    assert len(session_processes(process.pid)) >= 3  # the parent, two workers (and a resource tracker)
    try:
        process.send_signal(number)
        _, error = process.communicate(timeout=60)
        alive = wait_until_gone(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGKILL) if session_processes(process.pid) else None
    assert process.returncode == EXIT_CODES[number]
    lines = error.splitlines()
    assert len(lines) == 1, error
    word = "interrupted" if number == signal.SIGINT else f"stopped by {number.name}"
    assert lines[0].startswith(f"parley: {word}; finished chunks are saved in {out}/parts. Resume with: ")
    assert lines[0].endswith(f"--out {out} --resume")
    assert alive == set()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_of_a_parent_killed_with_sigkill_exit_on_their_own(istanbul_path: Path, tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the workers notice their parent is gone and exit within seconds,
    so the pipe they share with `| tee` closes."""
    out = tmp_path / "s"
    process = start_pool_sweep(istanbul_path, out)
    try:
        process.kill()
        process.communicate(timeout=20)  # returns only once every holder of the output pipes has exited
        alive = wait_until_gone(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGKILL) if session_processes(process.pid) else None
    assert process.returncode == -signal.SIGKILL
    assert alive == set()
