"""A chunk worker that fails on purpose, for the fault tests of sweeps (tests/test_sweep_faults.py).

It must live in an importable module: process-pool workers start with "spawn" and find it by
name. Runs whose index is in `DIES` kill their own worker process with SIGKILL, as the kernel's
out-of-memory killer would; runs in `TASK_FAILS` make the whole task raise (as a worker lost
under Dask does); every other run is the real `run_chunk`.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Mapping, Sequence
from typing import Any

from sim.experiments.worker import RunTask, run_chunk
from sim.scenario import Scenario

DIES = frozenset({3, 17})
TASK_FAILS = frozenset({9})


def run_chunk_with_faults(slug: str, scenarios: Mapping[int, Scenario], tasks: Sequence[RunTask],
                          run_timeout: float | None = None) -> list[dict[str, Any]]:
    indices = {task[0] for task in tasks}
    if indices & DIES:
        os.kill(os.getpid(), signal.SIGKILL)
    if indices & TASK_FAILS:
        raise MemoryError("lost the worker")
    return run_chunk(slug, scenarios, tasks, run_timeout)


def run_chunk_failing_tasks(slug: str, scenarios: Mapping[int, Scenario], tasks: Sequence[RunTask],
                            run_timeout: float | None = None) -> list[dict[str, Any]]:
    """As `run_chunk_with_faults` without the deaths, so it can run inside the test process."""
    if {task[0] for task in tasks} & TASK_FAILS:
        raise MemoryError("lost the worker")
    return run_chunk(slug, scenarios, tasks, run_timeout)
