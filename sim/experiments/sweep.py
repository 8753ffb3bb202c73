"""Run a plan: chunks out to an executor, parts onto disk as they come back, then one table.

The parent keeps only counts in memory while runs are under way: each finished chunk goes
straight to its own Parquet part. The manifest records the plan before the first run, so
`resume=True` can check it is the same sweep and run only the chunks that have no whole
part yet; the assembled table is then the same as an uninterrupted sweep's.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.experiments.errors import SweepError
from sim.experiments.executors import Executor, SerialExecutor, make_executor
from sim.experiments.faults import Worker, run_chunks
from sim.experiments.plan import Plan, plan_difference
from sim.experiments.store import SweepStore, arrow_schema
from sim.experiments.worker import run_chunk
from sim.files import OutputExistsError, folder_lock, prepare_folder
from sim.scenario.limits import LIMITS

PACKAGES = ("parley-sim", "numpy", "simpy", "pydantic", "pandas", "pyarrow", "scipy", "dask", "distributed")
UNCOMPARED = ("scenario", "inputs")
"""Plan settings not compared as a whole on resume: the scenario's path (its sha256 is
compared) and the input files (compared one by one, each change on its own line)."""


@dataclass(frozen=True)
class SweepReport:
    """Where a sweep's table went, and how many runs it holds, succeeded, failed, or came from earlier parts."""

    folder: Path
    results: Path
    total: int
    ok: int
    failed: int
    resumed: int
    seconds: float
    damaged: tuple[str, ...] = ()
    """Parts found damaged on resume, each `path: what is wrong`; their runs were run again."""


def execute(plan: Plan, folder: Path, executor: Executor | str | None = None, resume: bool = False,
            progress: bool | None = None, run_timeout: float | None = None,
            worker: Worker = run_chunk) -> SweepReport:
    """Run `plan` into `folder`; returns where the table went and how many runs succeeded.

    A run longer than `run_timeout` seconds, one that raises, and one whose worker process dies
    are each a row with the reason in `error`; the other runs complete. `worker` is what runs a
    chunk (tests give one that fails on purpose)."""
    if run_timeout is not None and not (isinstance(run_timeout, int | float) and run_timeout > 0):
        raise SweepError(f"run timeout: expected a number of seconds > 0, found {run_timeout!r}")
    with folder_lock(folder, create=not resume):
        return _execute(plan, folder, executor, resume, progress, run_timeout, worker)


def _execute(plan: Plan, folder: Path, executor: Executor | str | None, resume: bool, progress: bool | None,
             run_timeout: float | None, worker: Worker) -> SweepReport:
    """`execute`'s body, run while the folder's lock is held."""
    store = SweepStore(folder)
    schema = arrow_schema(plan.columns)
    chunks = plan.chunk_ranges()
    started = datetime.now(UTC)
    limits = {"run_timeout": run_timeout, "simulated_events": LIMITS.simulated_events}
    if resume:
        _check_resumable(store, plan, limits)
        done = store.finished_chunks(chunks, schema)
    else:
        _prepare(store)
        done = set()
    owned = not isinstance(executor, Executor)
    runner = executor if isinstance(executor, Executor) else make_executor(executor or "serial")
    manifest: dict[str, Any] = {"plan": plan.describe(), "status": "running", "started": started.isoformat(),
                                "executor": runner.name, "workers": runner.workers, "run_timeout": run_timeout,
                                "limits": limits, "versions": _versions()}
    store.write_manifest(manifest)
    resumed = sum(len(chunks[chunk]) for chunk in done)
    clock = time.perf_counter()
    try:
        todo = (chunk for chunk in range(len(chunks)) if chunk not in done)
        _run_chunks(plan, store, runner, todo, resumed, progress, run_timeout, worker)
    except KeyboardInterrupt:
        if owned:
            runner.abort()
        raise
    finally:
        if owned:
            runner.close()
    run_seconds = time.perf_counter() - clock
    results = store.assemble(chunks, schema)
    failed = _count_failed(results)
    seconds = time.perf_counter() - clock
    manifest |= {"status": "complete", "finished": datetime.now(UTC).isoformat(),
                 "timings": {"runs_seconds": round(run_seconds, 3), "total_seconds": round(seconds, 3),
                             "runs_per_second": round((plan.total - resumed) / run_seconds, 1)
                             if run_seconds > 0 else None},
                 "counts": {"runs": plan.total, "ok": plan.total - failed, "failed": failed,
                            "from_earlier_parts": resumed}}
    damaged = tuple(f"{path}: {problem}" for path, problem in store.damaged)
    if damaged:
        manifest["damaged_parts_rerun"] = list(damaged)
    store.write_manifest(manifest)
    return SweepReport(store.folder, results, plan.total, plan.total - failed, failed, resumed, seconds, damaged)


def _run_chunks(plan: Plan, store: SweepStore, runner: Executor, todo: Iterable[int], resumed: int,
                progress: bool | None, run_timeout: float | None, worker: Worker) -> None:
    from tqdm.auto import tqdm

    schema = arrow_schema(plan.columns)
    window = 1 if isinstance(runner, SerialExecutor) else 2 * runner.workers + 2
    with tqdm(total=plan.total, initial=resumed, unit="run", disable=None if progress is None else not progress,
              file=sys.stderr, smoothing=0.05, dynamic_ncols=True) as bar:

        def write(chunk: int, rows: list[dict[str, Any]]) -> None:
            store.write_part(chunk, rows, schema)
            bar.update(len(rows))

        run_chunks(runner, worker, plan.chunk_task, todo, window, run_timeout, write)


def _prepare(store: SweepStore) -> None:
    try:
        prepare_folder(store.folder, force=False)
    except OutputExistsError as error:
        if "not empty" not in str(error):
            raise
        raise OutputExistsError(f"{store.folder}: folder exists and is not empty "
                                "(add --resume to continue the sweep there, or choose another --out)") from None


def _check_resumable(store: SweepStore, plan: Plan, limits: dict[str, Any]) -> None:
    """Refuse to resume a different sweep: one line per changed setting, input file or limit."""
    manifest = store.read_manifest()
    recorded = manifest["plan"]
    described = plan.describe()
    planned = {key: value for key, value in described.items() if key not in UNCOMPARED}
    changes = [change for change in [plan_difference(recorded, planned)] if change is not None]
    changes += input_changes(recorded.get("inputs"), described["inputs"])
    changes += limit_changes(manifest.get("limits", {"run_timeout": manifest.get("run_timeout")}), limits)
    if changes:
        raise SweepError("\n".join(f"{store.folder}: cannot resume: {change}" for change in changes))


def input_changes(recorded: dict[str, dict[str, str]] | None, planned: dict[str, dict[str, str]]) -> list[str]:
    """One line per input file whose content differs from the sweep's; a file that moved with the
    same content is the same input, as the scenario is (a manifest from before inputs were
    recorded has nothing to compare)."""
    if recorded is None:
        return []
    changes = []
    for field in sorted(set(recorded) | set(planned)):
        before, now = recorded.get(field), planned.get(field)
        if before is None or now is None:
            changes.append(f"{field} names a file {'now' if before is None else 'in the sweep'} and not "
                           f"{'in the sweep' if before is None else 'now'}")
        elif before.get("sha256") != now["sha256"]:
            changes.append(f"{field} ({now['path']}) has changed since the sweep started (its sha256 differs)")
    return changes


LIMIT_NAMES = {"run_timeout": "--run-timeout", "simulated_events": "Limits.simulated_events"}


def limit_changes(recorded: dict[str, Any], limits: dict[str, Any]) -> list[str]:
    """One line per run-time limit that differs from the one the sweep's parts were made under."""
    return [f"{LIMIT_NAMES.get(name, name)} is {_shown(recorded.get(name))} in the sweep, {_shown(value)} now "
            "(parts made under other limits would mix)"
            for name, value in limits.items() if name in recorded and recorded[name] != value]


def _shown(value: Any) -> str:
    return "none" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _count_failed(results: Path) -> int:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    errors = pq.read_table(results, columns=["error"]).column("error")
    return int(pc.sum(pc.not_equal(errors, "")).as_py() or 0)


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions

