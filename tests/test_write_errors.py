"""Disk full and other OS errors while writing: one line naming the file, the resume command, exit 1;
and `--force` removes only the files Parley itself writes."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from sim.cli import main
from sim.experiments import read_results, replicate

WRITE_FAILED = 1


def disk_full_after(writes: int) -> Callable[[int], None]:
    """An `os.fsync` that lets `writes` files through, then fails as a full disk does."""
    calls = {"count": 0}
    real = os.fsync

    def fsync(descriptor: int) -> None:
        calls["count"] += 1
        if calls["count"] > writes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(descriptor)

    return fsync


def test_a_full_disk_during_a_sweep_names_the_file_and_how_to_resume(
        istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, a raw OSError traceback with no resume hint."""
    out = tmp_path / "s"
    args = ["sweep", str(istanbul_path), "--runs", "30", "--seed", "5", "--workers", "1", "--no-plots",
            "--out", str(out)]
    with monkeypatch.context() as patched:
        patched.setattr("sim.files.os.fsync", disk_full_after(2))  # the manifest and one part
        assert main(args) == WRITE_FAILED
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"parley: {out}/parts/chunk-000001.parquet: cannot write (No space left on device). "
                     f"Finished chunks are saved in {out}/parts. Resume with: parley sweep {istanbul_path} "
                     f"--runs 30 --seed 5 --workers 1 --no-plots --out {out} --resume"]
    assert sorted(path.name for path in (out / "parts").iterdir()) == ["chunk-000000.parquet"]
    assert main([*args, "--resume"]) == 0
    assert_frame_equal(read_results(out), replicate(istanbul_path, runs=30, seed=5))


def test_a_full_disk_during_a_run_is_one_line_and_exit_1(istanbul_path: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sim.files.os.fsync", disk_full_after(0))
    assert main(["run", str(istanbul_path), "--no-plots", "--out", str(tmp_path / "r")]) == WRITE_FAILED
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"parley: {tmp_path}/r/events.jsonl: cannot write (No space left on device)"]
    assert list((tmp_path / "r").iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_writing_to_dev_full_is_one_line_and_exit_1(istanbul_path: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A real ENOSPC from the kernel: the summary is written through a file on /dev/full."""
    import sim.files

    real = sim.files.write_atomically

    def to_dev_full(path: Path, text: str) -> Path:
        if Path(path).name == "summary.json":
            with sim.files.replacing(Path(path)) as temporary:
                temporary.symlink_to("/dev/full")
                temporary.write_text(text)
            return Path(path)
        return real(path, text)

    monkeypatch.setattr("sim.analysis.run_files.write_atomically", to_dev_full)
    assert main(["run", str(istanbul_path), "--no-plots", "--out", str(tmp_path / "r")]) == WRITE_FAILED
    assert capsys.readouterr().err.splitlines() == [
        f"parley: {tmp_path}/r/summary.json: cannot write (No space left on device)"]


def test_run_force_removes_the_old_runs_files_and_nothing_else(istanbul_path: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Before, `--force --no-plots` left the old run's PNGs beside the new data."""
    out = tmp_path / "r"
    out.mkdir()
    for name in ("timeline.png", "trust.png", "channel.png", "summary.json", ".events.jsonl.7.ab12cd34.tmp"):
        (out / name).write_text("old")
    (out / "notes.txt").write_text("mine")
    (out / "figure.png").write_text("mine too")
    assert main(["run", str(istanbul_path), "--no-plots", "--no-report", "--force", "--out", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == ["events.jsonl", "figure.png", "manifest.json",
                                                           "notes.txt", "summary.json"]
    assert (out / "notes.txt").read_text() == "mine"


def test_compare_force_removes_the_old_comparisons_plots_and_nothing_else(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "c"
    out.mkdir()
    for name in ("compare_sizes.png", "comparison.json"):
        (out / name).write_text("old")
    (out / "notes.txt").write_text("mine")
    assert main(["compare", str(root / "scenarios" / "ru-ua-channel.yaml"), "--history",
                 str(root / "seeds" / "history" / "ru_ua_exchanges.csv"), "--from", "2022-03-01", "--to",
                 "2022-06-30", "--runs", "1", "--workers", "1", "--no-plots", "--no-report", "--force", "--out",
                 str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == ["comparison.json", "manifest.json", "notes.txt",
                                                           "simulated_exchanges.csv"]
