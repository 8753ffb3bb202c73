"""Dask faults on a real cluster on 127.0.0.1: a sweep whose workers all die, or whose scheduler
dies, stops with one line and the resume command (exit 1) instead of waiting for ever."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("distributed")

STOPPED = 1


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    worker: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A scheduler and one worker without a nanny (a killed worker stays dead), loopback only."""
    address = f"tcp://127.0.0.1:{free_port()}"
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    dask = [sys.executable, "-m"]
    scheduler = subprocess.Popen([*dask[:2], "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                                  address.rsplit(":", 1)[1], "--dashboard-address", ":0", "--no-show"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    worker = subprocess.Popen([*dask[:2], "distributed.cli.dask_worker", address, "--nthreads", "1", "--no-nanny",
                               "--host", "127.0.0.1", "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    try:
        yield Cluster(address, scheduler, worker)
    finally:
        for process in (worker, scheduler):
            process.kill()
            process.wait()


def start_sweep(scenario: Path, out: Path, address: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "sim.cli", "sweep", str(scenario), "--runs", "2000",
                             "--scheduler", address, "--dask-worker-timeout", "3", "--no-plots", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def wait_for_a_part(out: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        if (out / "parts").is_dir() and any((out / "parts").glob("chunk-*.parquet")):
            return
        time.sleep(0.1)
    raise AssertionError(f"no part written: {process.poll()} {process.stderr.read() if process.stderr else ''}")


def check_stopped(process: subprocess.Popen[str], out: Path, expected: str) -> None:
    try:
        _, error = process.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        process.kill()
        _, error = process.communicate()
        raise AssertionError(f"the sweep waited for ever: {error}") from None
    lines = [line for line in error.splitlines() if line.startswith("parley:")]
    assert process.returncode == STOPPED, error
    assert "Traceback" not in error, error
    assert len(lines) == 1, error
    assert re.match(expected, lines[0]), lines[0]
    assert lines[0].endswith(f"--out {out} --resume")


@pytest.mark.slow
def test_a_sweep_whose_only_worker_dies_stops_after_the_stated_wait(cluster: Cluster, istanbul_path: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "s"
    process = start_sweep(istanbul_path, out, cluster.address)
    wait_for_a_part(out, process)
    cluster.worker.send_signal(signal.SIGKILL)
    check_stopped(process, out, rf"parley: dask: the scheduler at {cluster.address} has had no worker for 3 s\. "
                                rf"Finished chunks are saved in {out}/parts\. Resume with: ")


@pytest.mark.slow
def test_a_sweep_whose_scheduler_dies_stops_with_one_line(cluster: Cluster, istanbul_path: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "s"
    process = start_sweep(istanbul_path, out, cluster.address)
    wait_for_a_part(out, process)
    cluster.scheduler.send_signal(signal.SIGKILL)
    check_stopped(process, out, rf"parley: dask: lost the scheduler at {cluster.address} .*\. "
                                rf"Finished chunks are saved in {out}/parts\. Resume with: ")
