"""Replications of a channel scenario on the sweep executors, each run's exchanges brought back.

`simulate_chunk` is what a worker runs: a top-level function of an importable module (so a
"spawn" process pool and a Dask worker find it by name) that gets a validated `Scenario`
and `(run, seed)` pairs and returns each run's exchanges in the window, in the history
format plus `run`. Run `i` has seed `sim.experiments.run_seed(seed, i)`, as in a sweep, and
the runs are put back in run order, so the result does not depend on the worker count.

With `scenario_of` (posterior predictive runs), each run gets its own scenario, built in the
parent from the run's index and seed (a parameter set drawn from a posterior), and the
workers run `simulate_drawn` instead; the run seeds are the same.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd

from sim.compare.holdings import held_on
from sim.engine import run
from sim.experiments.executors import imap_unordered, make_executor
from sim.experiments.seeds import run_seed
from sim.history.exchange_rows import empty_exchanges
from sim.history.table import COLUMNS
from sim.scenario import Scenario

SIMULATED_COLUMNS = (*COLUMNS, "run")


def simulate_chunk(scenario: Scenario, tasks: Sequence[tuple[int, int]], start: str, end: str) -> list[pd.DataFrame]:
    """Exchanges dated in [start, end] of each `(run, seed)`, with a `run` column, in the order given."""
    frames = []
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    for index, seed in tasks:
        frame = run(scenario, seed=seed, run_id=f"compare-r{index:04d}").exchanges()
        frame = frame.loc[(frame["date"] >= low) & (frame["date"] <= high), list(COLUMNS)].copy()
        frame["run"] = index
        frames.append(frame)
    return frames


def simulate_drawn(items: Sequence[tuple[int, int, Scenario]], start: str, end: str,
                   held_days: Sequence[float] = ()) -> list[tuple[pd.DataFrame, dict[str, list[int]]]]:
    """Like `simulate_chunk`, each `(run, seed, scenario)` with its own scenario; with each run's exchanges,
    the captives each party held on `held_days` (days since the scenario's start, `sim.compare.holdings`)."""
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    results = []
    for index, seed, scenario in items:
        result = run(scenario, seed=seed, run_id=f"compare-r{index:04d}")
        frame = result.exchanges()
        frame = frame.loc[(frame["date"] >= low) & (frame["date"] <= high), list(COLUMNS)].copy()
        frame["run"] = index
        results.append((frame, held_on(result, held_days) if held_days else {}))
    return results


def simulate(scenario: Scenario, runs: int, seed: int, start: pd.Timestamp, end: pd.Timestamp,
             workers: int = 1, scenario_of: Callable[[int, int], Scenario] | None = None) -> pd.DataFrame:
    """All runs' exchanges in the window, sorted by run then date; `workers` > 1 uses a process pool.
    `scenario_of(run, seed)`, when given, is run `run`'s own scenario (else every run uses `scenario`)."""
    return simulate_held(scenario, runs, seed, start, end, workers, scenario_of)[0]


def simulate_held(scenario: Scenario, runs: int, seed: int, start: pd.Timestamp, end: pd.Timestamp,
                  workers: int = 1, scenario_of: Callable[[int, int], Scenario] | None = None,
                  held_days: Sequence[float] = ()) -> tuple[pd.DataFrame, list[dict[str, list[int]]]]:
    """`simulate`, and with `scenario_of` each run's holdings on `held_days` (one dict per run, run 0 first)."""
    seeds = [(index, run_seed(seed, index)) for index in range(runs)]
    size = max(1, math.ceil(runs / (4 * workers)))
    chunks = [seeds[at:at + size] for at in range(0, runs, size)]
    low, high = start.isoformat(), end.isoformat()
    tasks: Iterator[tuple[int, tuple[Any, ...]]]
    worker: Callable[..., list[pd.DataFrame]]
    if scenario_of is None:
        tasks = ((number, (scenario, chunk, low, high)) for number, chunk in enumerate(chunks))
        worker = simulate_chunk
    else:
        tasks = ((number, ([(index, run, scenario_of(index, run)) for index, run in chunk], low, high,
                           tuple(held_days))) for number, chunk in enumerate(chunks))
        worker = simulate_drawn
    results: dict[int, list[Any]] = {}
    with make_executor("serial" if workers == 1 else "process", workers) as executor:
        for number, frames in imap_unordered(executor, worker, tasks, window=2 * workers):
            results[number] = frames
    ordered = [item for number in sorted(results) for item in results[number]]
    held = [item[1] for item in ordered] if scenario_of is not None else []
    frames = [item[0] if scenario_of is not None else item for item in ordered]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        empty = empty_exchanges()
        empty["run"] = pd.Series(dtype="int64")
        return empty, held
    table = pd.concat(frames, ignore_index=True)
    table["run"] = table["run"].astype("int64")
    return table, held
