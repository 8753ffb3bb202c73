"""One writer per output folder: the lock every writing command holds, and what a second process sees."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sim.cli import main
from sim.files import FolderBusyError, folder_lock, prepare_folder

BAD_INPUT = 2
HOLDER = """
import sys
from sim.files import folder_lock
with folder_lock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.read()
"""


@contextmanager
def held_elsewhere(folder: Path) -> Iterator[None]:
    """Another process holds `folder`'s lock for the block."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        yield
    finally:
        holder.communicate("", timeout=30)


def test_a_folder_locked_by_another_process_is_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    with held_elsewhere(folder), pytest.raises(FolderBusyError, match="another parley process is writing"):
        with folder_lock(folder):
            pass
    with folder_lock(folder):  # free again once the holder has gone
        assert list(folder.iterdir()) == []


def test_the_lock_is_reentrant_within_a_process_and_writes_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    with folder_lock(folder), folder_lock(folder):
        assert prepare_folder(folder, force=False) == folder


@pytest.mark.parametrize("command", [
    ["sweep", "--runs", "2", "--workers", "1", "--no-plots"],
    ["run", "--no-plots"],
    ["sensitivity", "--range", "parties.RU.trust.initial=0.1:0.9", "--samples", "4", "--runs", "1",
     "--outcome", "agreement", "--workers", "1", "--no-plots"],
])
def test_every_writing_command_refuses_a_folder_another_process_writes(
        command: list[str], istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """run, sweep and sensitivity (and their resumes) exit 2 with one line naming the folder."""
    out = tmp_path / "busy"
    with held_elsewhere(out):
        code = main([command[0], str(istanbul_path), *command[1:], "--out", str(out)])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    assert captured.err.splitlines() == [f"parley: {out}: another parley process is writing this folder now; "
                                         "wait for it to finish or choose another --out"]
    assert list(out.iterdir()) == []


def test_two_sweeps_started_together_into_one_folder_never_mix(istanbul_path: Path, tmp_path: Path) -> None:
    """Before the lock both exited 0 and the table mixed their seeds; now exactly one writes."""
    out = tmp_path / "s"
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    processes = [subprocess.Popen([sys.executable, "-m", "sim.cli", "sweep", str(istanbul_path), "--runs", "60",
                                   "--seed", str(seed), "--workers", "1", "--no-plots", "--out", str(out)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
                 for seed in (0, 1)]
    results = [(process.wait(timeout=120), process.communicate()[1]) for process in processes]
    codes = sorted(code for code, _ in results)
    assert codes == [0, BAD_INPUT], results
    refused = next(error for code, error in results if code == BAD_INPUT)
    assert len(refused.splitlines()) == 1
    assert str(out) in refused

    from sim.experiments import read_results

    table = read_results(out)
    winner = [seed for seed, (code, _) in zip((0, 1), results, strict=True) if code == 0][0]
    import json

    assert json.loads((out / "manifest.json").read_text())["plan"]["seed"] == winner
    from sim.experiments import run_seed

    assert table["seed"].tolist() == [run_seed(winner, index) for index in range(60)]
