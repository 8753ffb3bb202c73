"""Running a sweep's chunks so that one bad run costs one row, never the sweep.

A run that raises is already a row with its error (`sim.experiments.worker`). What is left
is the worker itself going away: a process killed by the kernel (out of memory, `kill -9`)
or crashing in native code breaks the whole process pool, and a Dask worker that dies
makes its task fail with `KilledWorker`. `run_chunks` handles both:

- a chunk whose task fails is run again one run per task, and a run whose own task fails
  again becomes a failed row naming the reason (a run whose pool breaks runs once more alone
  first: another chunk still in flight may have broken it);
- a broken pool is started afresh; the chunks that were under way when it broke are the
  suspects, and each runs alone on the new pool (then run by run if it breaks it again),
  so the runs that kill their worker are found and recorded while every other run completes.

Isolating costs a few extra tasks, and only after a failure; a sweep without faults takes
the same path as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sim.experiments.errors import ExecutorLost
from sim.experiments.executors import Executor
from sim.experiments.worker import RunTask

WORKER_DIED = ("WorkerDied: the worker process running this run died (killed by a signal, out of memory, "
               "or a crash in native code)")

Chunk = tuple[str, dict[int, Any], list[RunTask]]
"""What a worker gets for one chunk: the sweep's slug, the scenarios by point, the run tuples."""
ChunkTask = Callable[[int], Chunk]
Worker = Callable[..., list[dict[str, Any]]]
Sink = Callable[[int, list[dict[str, Any]]], None]


def run_chunks(executor: Executor, worker: Worker, chunk_task: ChunkTask, todo: Iterable[int], window: int,
               run_timeout: float | None, write: Sink) -> None:
    """Run every chunk in `todo` and hand its rows to `write(chunk, rows)` as each completes."""
    pending = list(todo)
    while pending:
        submitted: list[int] = []
        finished: set[int] = set()
        try:
            for chunk, rows in _chunk_rows(executor, worker, chunk_task, pending, window, run_timeout, submitted):
                write(chunk, rows)
                finished.add(chunk)
            return
        except BrokenProcessPool:
            executor.restart()
        suspects = [chunk for chunk in submitted if chunk not in finished]
        for chunk in suspects:
            write(chunk, _alone(executor, worker, chunk_task(chunk), run_timeout))
            finished.add(chunk)
        pending = [chunk for chunk in pending if chunk not in finished]


def _chunk_rows(executor: Executor, worker: Worker, chunk_task: ChunkTask, chunks: list[int], window: int,
                run_timeout: float | None, submitted: list[int]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """`(chunk, rows)` as chunks complete; a chunk whose task fails is run again run by run.
    `submitted` collects the chunks handed to the executor, in order."""
    tasks = ((chunk, (*chunk_task(chunk), run_timeout)) for chunk in _noting(chunks, submitted))
    for chunk, future in completions(executor, worker, tasks, window):
        try:
            rows = future.result()
        except (BrokenProcessPool, ExecutorLost):
            raise
        except Exception:  # noqa: BLE001 - e.g. Dask's KilledWorker: find the run that did it
            rows = _run_by_run(executor, worker, chunk_task(chunk), run_timeout)
        yield chunk, rows


def _alone(executor: Executor, worker: Worker, task: Chunk, run_timeout: float | None) -> list[dict[str, Any]]:
    """One chunk on its own; if it breaks the pool again, its runs one at a time."""
    future = executor.submit(worker, *task, run_timeout)
    try:
        return list(executor.result(future))
    except BrokenProcessPool:
        executor.restart()
    except ExecutorLost:
        raise
    except Exception:  # noqa: BLE001 - as in _chunk_rows
        pass
    return _run_by_run(executor, worker, task, run_timeout)


def _run_by_run(executor: Executor, worker: Worker, task: Chunk, run_timeout: float | None) -> list[dict[str, Any]]:
    """Each run of a chunk as its own task, in order; a run whose task fails is a failed row."""
    slug, scenarios, runs = task
    rows: list[dict[str, Any]] = []
    for run in runs:
        rows.extend(_one_run(executor, worker, slug, scenarios, run, run_timeout, again=True))
    return rows


def _one_run(executor: Executor, worker: Worker, slug: str, scenarios: dict[int, Any], run: RunTask,
             run_timeout: float | None, again: bool) -> list[dict[str, Any]]:
    """One run as its own task; a failed row if its task fails or its worker dies.

    Other chunks may still be in flight on the pool while a chunk is run run by run, and one of
    them may break the pool: so a run whose pool broke is run once more (`again`) on the fresh
    pool, alone, before it is recorded as having killed its worker.
    """
    future = executor.submit(worker, slug, {run[1]: scenarios[run[1]]}, [run], run_timeout)
    try:
        return list(executor.result(future))
    except BrokenProcessPool:
        executor.restart()
        if again:
            return _one_run(executor, worker, slug, scenarios, run, run_timeout, again=False)
        return [failed_row(slug, run, WORKER_DIED)]
    except ExecutorLost:
        raise
    except Exception as error:  # noqa: BLE001 - the task itself failed, not the run
        return [failed_row(slug, run, f"{type(error).__name__}: {error}")]


def failed_row(slug: str, run: RunTask, reason: str) -> dict[str, Any]:
    """The row of a run that produced none: its identity, its parameters and the reason."""
    from sim.experiments.worker import run_id

    run_index, point, replication, seed, parameters = run
    return {"run_index": run_index, "run_id": run_id(slug, point, replication), "point": point,
            "replication": replication, "seed": seed, **parameters, "error": reason}


def completions(executor: Executor, fn: Callable[..., Any], tasks: Iterable[tuple[Any, tuple[Any, ...]]],
                window: int) -> Iterator[tuple[Any, Any]]:
    """`(key, future)` for each `(key, args)` as futures complete, at most `window` submitted at once.
    If the consumer stops early (or Ctrl-C), tasks not yet started are cancelled."""
    source = iter(tasks)
    keys: dict[Any, Any] = {}
    try:
        _fill(executor, fn, source, keys, window)
        while keys:
            done, _ = executor.wait_any(set(keys))
            for future in done:
                yield keys.pop(future), future
            _fill(executor, fn, source, keys, window)
    finally:
        if keys:
            executor.cancel(keys)


def _fill(executor: Executor, fn: Callable[..., Any], source: Iterator[tuple[Any, tuple[Any, ...]]],
          keys: dict[Any, Any], window: int) -> None:
    while len(keys) < window:
        item = next(source, None)
        if item is None:
            return
        key, args = item
        keys[executor.submit(fn, *args)] = key


def _noting(chunks: list[int], submitted: list[int]) -> Iterator[int]:
    for chunk in chunks:
        submitted.append(chunk)
        yield chunk
