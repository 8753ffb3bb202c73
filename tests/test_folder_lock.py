"""One writer per output folder: the lock every writing command holds, and what a second process sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sim.cli import main
from sim.experiments import read_results, run_seed
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


SLOW_SWEEP = """
import sys, time
import sim.experiments.store as store
first_write = store.SweepStore.write_manifest

def slow_write(self, manifest):
    time.sleep(3)  # widen the moment between the emptiness check and the first file
    store.SweepStore.write_manifest = first_write
    first_write(self, manifest)

store.SweepStore.write_manifest = slow_write
from sim.cli.main import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_two_sweeps_into_one_folder_never_mix(istanbul_path: Path, tmp_path: Path) -> None:
    """Before the lock both passed the emptiness check, both exited 0 and the table mixed their
    seeds; now the second is refused with one line while the first writes."""
    out = tmp_path / "s"
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def start(seed: int) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", SLOW_SWEEP, "sweep", str(istanbul_path), "--runs", "20",
                                 "--seed", str(seed), "--workers", "1", "--no-plots", "--out", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)

    first = start(0)
    deadline = time.monotonic() + 60
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    second = start(1)
    _, refused = second.communicate(timeout=120)
    first.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, BAD_INPUT), refused
    assert refused.splitlines() == [f"parley: {out}: another parley process is writing this folder now; wait for "
                                    "it to finish or choose another --out"]
    assert json.loads((out / "manifest.json").read_text())["plan"]["seed"] == 0
    assert read_results(out)["seed"].tolist() == [run_seed(0, index) for index in range(20)]
