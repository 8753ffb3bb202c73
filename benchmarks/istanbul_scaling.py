"""Issue 5, item 1b: the Istanbul scenario at its shipped size and with rosters scaled up.

At the shipped size: the median wall time of one run over a range of seeds, in this
process. Scaled: each side holds N captives (10^3 to 10^6), the category mix of the
shipped roster kept, and `protocol.package_step` scaled with N so that each side still has
about as many package levels as the shipped Russian roster (3,000 captives in blocks of
100, 31 levels); without that the outcome space, a product of the two sides' levels,
would grow with N squared and hit the 2,000,000-package limit. The step limit is doubled
(24 to 48 offers): with the shipped 24, talks between two rosters of 10^5 or more end
without agreement, and a run that stops at the table skips ratification and the staged
swap (whose events list every released id), which would flatter the large sizes; with 48
every size reaches an executed swap of most of both rosters. Each size runs in a fresh
subprocess, which reports the median time of its runs and its peak resident memory
(ru_maxrss, which counts numpy's buffers and the interpreter, unlike tracemalloc), and a
least-squares fit of log time on log N gives the growth exponent.
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import statistics
import time
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

import sim
from benchmarks.child import run_child

ROOT = Path(__file__).resolve().parent.parent
ISTANBUL = ROOT / "scenarios" / "istanbul-2025-05.yaml"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
SCALED_MAX_STEPS = 48


@cache
def shipped_document() -> dict[str, Any]:
    return yaml.safe_load(ISTANBUL.read_text(encoding="utf-8"))


def scaled_document(captives: int) -> dict[str, Any]:
    """Istanbul with `captives` per side, same category mix, package step scaled to keep the levels.

    The step limit is `SCALED_MAX_STEPS` so that every size ends in an executed swap.
    """
    document = copy.deepcopy(shipped_document())
    largest = max(sum(p["roster"]["generate"].values()) for p in document["parties"].values())
    for party in document["parties"].values():
        party["roster"]["generate"] = _scale_counts(party["roster"]["generate"], captives)
    shipped_step = document["protocol"]["package_step"]
    document["protocol"]["package_step"] = max(1, round(shipped_step * captives / largest))
    document["protocol"]["max_steps"] = SCALED_MAX_STEPS
    return document


def _scale_counts(counts: dict[str, int], total: int) -> dict[str, int]:
    """Counts in the same proportions summing to `total` (largest remainders get the leftovers)."""
    shares = {category: count * total / sum(counts.values()) for category, count in counts.items()}
    scaled = {category: int(share) for category, share in shares.items()}
    leftovers = sorted(shares, key=lambda c: (scaled[c] - shares[c], c))[: total - sum(scaled.values())]
    return {category: scaled[category] + (category in leftovers) for category in counts}


@dataclass(frozen=True, slots=True)
class SizeResult:
    captives: int
    package_step: int
    outcomes: int
    runs: int
    median_seconds: float
    peak_rss_mb: float
    baseline_rss_mb: float
    status: str


def shipped_median(runs: int) -> tuple[float, list[float]]:
    """Median seconds of one Istanbul run at the shipped size, seeds 0..runs-1, and every time."""
    scenario = sim.load_scenario(ISTANBUL)
    seconds = []
    for seed in range(runs):
        start = time.perf_counter()
        sim.run(scenario, seed=seed)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), seconds


def measure_size(captives: int, runs: int) -> SizeResult:
    """Run in a fresh Python process (see `_child`) so peak memory belongs to this size alone."""
    return SizeResult(**run_child("benchmarks.istanbul_scaling", ["--captives", str(captives), "--runs", str(runs)],
                                  f"scaled Istanbul at {captives} captives"))


def growth_exponent(results: list[SizeResult]) -> float:
    """Slope of log(time) against log(captives): 1 is linear."""
    sizes = np.log([r.captives for r in results])
    times = np.log([r.median_seconds for r in results])
    slope, _ = np.polyfit(sizes, times, 1)
    return float(slope)


def top_decade_exponent(results: list[SizeResult]) -> float | None:
    """Slope between the two largest sizes: where fixed costs no longer hide the growth."""
    if len(results) < 2:
        return None
    below, top = results[-2], results[-1]
    return float(np.log(top.median_seconds / below.median_seconds) / np.log(top.captives / below.captives))


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _child(captives: int, runs: int) -> SizeResult:
    scenario = sim.validate_document(scaled_document(captives))
    baseline = _peak_rss_mb()
    seconds, status, outcomes = [], "", 0
    for seed in range(runs):
        start = time.perf_counter()
        result = sim.run(scenario, seed=seed)
        seconds.append(time.perf_counter() - start)
        status = status or result.outcome.status
        outcomes = int(result.events[0].payload["outcomes"])
    return SizeResult(captives, scenario.protocol.package_step, outcomes, runs, statistics.median(seconds),
                      _peak_rss_mb(), baseline, status)


def main() -> None:
    parser = argparse.ArgumentParser(description="one scaled Istanbul size, measured in this process")
    parser.add_argument("--captives", type=int, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(asdict(_child(args.captives, args.runs))))


if __name__ == "__main__":
    main()
