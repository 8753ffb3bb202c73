"""Issue 5, item 1c: replications of the Istanbul scenario through the public sweep API, 1 and 2 workers.

Each measurement is `sim.experiments.replicate(istanbul, runs, executor=ProcessExecutor(w))`
in a fresh Python process of its own, the parent of the pool: the time is the whole call
(the pool's start included, its workers importing Parley, every run with its deal metrics,
the Parquet parts, the table read back), so runs/s is what a user of `parley sweep
--workers W` gets. Both worker counts use the process pool, so the speedup compares like
with like. The parent's memory is its peak resident set (ru_maxrss) above what it held just
before the call, with pandas and pyarrow already imported (a sweep loads them anyway), and
tracemalloc's peak of the parent's Python allocations during the call. Worker counts
alternate within each size (1,000 runs with 1 then 2 workers, twice, then 10,000 runs
likewise), and the fastest of the repeats of each counts, so that a neighbour's burst of load
during one sweep does not decide the speedup; memory is judged on every repeat.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.child import run_child

ROOT = Path(__file__).resolve().parent.parent
ISTANBUL = ROOT / "scenarios" / "istanbul-2025-05.yaml"
SIZES = (1_000, 10_000)
QUICK_SIZES = (100, 400)
WORKERS = (1, 2)


@dataclass(frozen=True, slots=True)
class SweepResult:
    runs: int
    workers: int
    seconds: float
    baseline_rss_mb: float
    peak_rss_mb: float
    traced_peak_mb: float
    failed: int

    @property
    def runs_per_second(self) -> float:
        return self.runs / self.seconds

    @property
    def growth_mb(self) -> float:
        """The parent's peak resident memory above its level just before the sweep."""
        return self.peak_rss_mb - self.baseline_rss_mb


def measure(sizes: tuple[int, ...] = SIZES, workers: tuple[int, ...] = WORKERS, repeats: int = 2) -> list[SweepResult]:
    """Every size with every worker count `repeats` times, alternating worker counts within each size."""
    return [measure_one(runs, count) for runs in sizes for _ in range(repeats) for count in workers]


def fastest(results: list[SweepResult]) -> list[SweepResult]:
    """The fastest repeat of each (runs, workers), in the order first measured."""
    best: dict[tuple[int, int], SweepResult] = {}
    for result in results:
        key = (result.runs, result.workers)
        if key not in best or result.seconds < best[key].seconds:
            best[key] = result
    return list(best.values())


def measure_one(runs: int, workers: int) -> SweepResult:
    """One sweep in a fresh Python process (see `_child`), so its peak memory is this sweep's alone."""
    return SweepResult(**run_child("benchmarks.sweeps", ["--runs", str(runs), "--workers", str(workers)],
                                   f"sweep of {runs} runs with {workers} workers"))


def speedup(results: list[SweepResult], runs: int, workers: int = 2) -> float | None:
    """Runs/s with `workers` over runs/s with one worker, at `runs` runs (fastest repeats)."""
    rates = {r.workers: r.runs_per_second for r in fastest(results) if r.runs == runs}
    if 1 not in rates or workers not in rates:
        return None
    return rates[workers] / rates[1]


def memory_flat(results: list[SweepResult], slack_mb: float = 8.0, factor: float = 1.5) -> bool | None:
    """Whether the parent's peak growth at the largest size stays within `factor` x that at the
    smallest plus `slack_mb`, for every worker count (growth in proportion to runs would be 10x)."""
    sizes = sorted({r.runs for r in results})
    if len(sizes) < 2:
        return None
    growth: dict[tuple[int, int], float] = {}
    for r in results:  # the largest growth of the repeats
        growth[(r.runs, r.workers)] = max(growth.get((r.runs, r.workers), 0.0), r.growth_mb)
    counts = {r.workers for r in results}
    return all(growth[(sizes[-1], w)] <= factor * max(growth[(sizes[0], w)], 0.0) + slack_mb for w in counts)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kilobytes on Linux


def _child(runs: int, workers: int) -> SweepResult:
    import pandas  # noqa: F401 - loaded before the baseline: every sweep loads them
    import pyarrow.parquet  # noqa: F401

    from sim.experiments import ProcessExecutor, replicate

    with ProcessExecutor(workers) as executor:
        baseline = _peak_rss_mb()
        tracemalloc.start()
        start = time.perf_counter()
        table = replicate(ISTANBUL, runs, executor=executor)
        seconds = time.perf_counter() - start
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    failed = int((table["error"].fillna("") != "").sum())  # a run that raised has its error here
    return SweepResult(runs, workers, seconds, baseline, _peak_rss_mb(), traced_peak / 2**20, failed)


def main() -> None:
    parser = argparse.ArgumentParser(description="one Istanbul sweep, measured in this process")
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    args = parser.parse_args()
    print(json.dumps(asdict(_child(args.runs, args.workers))))


if __name__ == "__main__":
    main()
