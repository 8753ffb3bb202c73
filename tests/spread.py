"""Print how each shipped scenario's outcome spreads over seeds, as the table in docs/explanation/validity.md.

    python tests/spread.py [RUNS]

For every scenario in scenarios/: the share of runs that agree and that are fully
executed, the most common swap, the 10th-90th percentiles of agreed releases (first party /
second), the median ratio and the median wall time of one run.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

import sim

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def spread_row(path: Path, runs: int) -> str:
    scenario = sim.load_scenario(path)
    first, second = list(scenario.sides)[:2]  # the two sides (with blocs: the blocs)
    seconds, outcomes = [], []
    for seed in range(runs):
        start = time.perf_counter()
        outcomes.append(sim.run(scenario, seed=seed).outcome)
        seconds.append(time.perf_counter() - start)
    agreed = [o for o in outcomes if o.agreement]
    if not agreed:
        return f"| `{path.name}` | 0% | 0% | - | - | - | {1000 * statistics.median(seconds):.1f} ms |"
    sizes = Counter((o.agreed_released[first], o.agreed_released[second]) for o in agreed)
    (top_first, top_second), top_count = sizes.most_common(1)[0]
    low_first, high_first = np.percentile([o.agreed_released[first] for o in agreed], [10, 90])
    low_second, high_second = np.percentile([o.agreed_released[second] for o in agreed], [10, 90])
    ratios = [o.ratio for o in agreed if o.ratio is not None]
    executed = sum(o.status == "executed" for o in outcomes)
    return (f"| `{path.name}` | {len(agreed) / runs:.0%} | {executed / runs:.0%} | "
            f"{top_first} for {top_second} ({top_count / len(agreed):.0%}) | "
            f"{low_first:.0f}-{high_first:.0f} / {low_second:.0f}-{high_second:.0f} | "
            f"{_ratio(statistics.median(ratios))} | {1000 * statistics.median(seconds):.1f} ms |")


def _ratio(value: float) -> str:
    """Two decimals, or two significant digits for a lopsided ratio (1 for 1,040 is not 0.00)."""
    return f"{value:.2f}" if value >= 0.01 else f"{value:.2g}"


def main(runs: int) -> None:
    print("| scenario | agreed | fully executed | most common swap | sizes | median ratio | time per run |")
    print("|---|---|---|---|---|---|---|")
    for path in sorted(SCENARIOS.glob("*.yaml")):
        print(spread_row(path, runs))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
