"""How often each shipped scenario's deals pass each gate: agreed at the table, ratified, executed.

    python benchmarks/outcome_gates.py [SEEDS]     # default 1,000 seeds per scenario

Prints one line per scenario: the share of runs with each final status, then the shares
agreed at the table, ratified and executed (the outcome flags of issue 17). The old single
flag `agreement` is `agreed_at_table`; the gap to `executed` is deals lost to vetoes,
scrapping or failed stages. Runs are deterministic, so the numbers are too.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sim  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def gates(path: Path, seeds: int) -> str:
    """One line: status shares, then the three gates' shares, over `seeds` seeds of the scenario at `path`."""
    scenario = sim.load_scenario(path)
    statuses: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    for seed in range(seeds):
        outcome = sim.run(scenario, seed=seed).outcome
        statuses[outcome.status] += 1
        passed.update(gate for gate in ("agreed_at_table", "ratified", "executed") if getattr(outcome, gate))
    shares = ", ".join(f"{status} {count / seeds:.1%}" for status, count in sorted(statuses.items()))
    flags = ", ".join(f"{gate} {passed[gate] / seeds:.1%}" for gate in ("agreed_at_table", "ratified", "executed"))
    return f"{path.name} ({seeds} seeds): {shares} | {flags}"


def main(argv: list[str]) -> int:
    """Print the gates of every shipped scenario."""
    seeds = int(argv[0]) if argv else 1_000
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        print(gates(path, seeds), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
