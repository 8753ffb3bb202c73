"""What the end-of-run invariant check and the run guard cost on the shipped Istanbul scenario.

    python benchmarks/invariants_cost.py [--seeds 200] [--blocks 7]

Runs the scenario over `--seeds` seeds in alternating blocks, once as Parley runs it (the
guarded SimPy environment and `check_run` at the end) and once with both swapped out for a
plain `simpy.Environment` and no check, and prints the median milliseconds per run of each,
plus the time of `check_run` alone per run. Interleaving keeps a busy machine from favouring
either side; the figures still move by a few percent from one try to the next.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import simpy

import sim
import sim.engine as engine
import sim.talks.setup as setup
from sim.runtime.guard import BoundedEnvironment
from sim.talks.invariants import check_run

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "istanbul-2025-05.yaml"


def block(scenario: sim.Scenario, seeds: int) -> float:
    times = []
    for seed in range(seeds):
        start = time.perf_counter()
        sim.run(scenario, seed=seed)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--blocks", type=int, default=7)
    args = parser.parse_args()
    scenario = sim.load_scenario(SCENARIO)
    modes = {"plain": (simpy.Environment, lambda result: result), "checked": (BoundedEnvironment, check_run)}
    medians: dict[str, list[float]] = {mode: [] for mode in modes}
    for _ in range(args.blocks):
        for mode, (environment, check) in modes.items():
            setup.BoundedEnvironment, engine.check_run = environment, check  # type: ignore[assignment]
            medians[mode].append(block(scenario, args.seeds))
    setup.BoundedEnvironment, engine.check_run = BoundedEnvironment, check_run  # type: ignore[assignment]
    results = [sim.run(scenario, seed=seed) for seed in range(args.seeds)]
    start = time.perf_counter()
    for result in results:
        check_run(result)
    alone = (time.perf_counter() - start) / len(results) * 1e6
    plain, checked = (statistics.median(medians[mode]) for mode in modes)
    print(f"Istanbul, {args.seeds} seeds x {args.blocks} blocks: plain {plain:.3f} ms per run, guarded and "
          f"checked {checked:.3f} ms ({(checked / plain - 1) * 100:+.1f}%); check_run alone {alone:.0f} us per run")


if __name__ == "__main__":
    main()
