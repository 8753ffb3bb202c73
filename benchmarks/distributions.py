"""Outcome distributions of the shipped scenarios over many seeds, for before/after comparisons.

    python benchmarks/distributions.py [SEEDS] [--channel-seeds N] [--anticipation]

For each scenario in scenarios/: how often each status occurs and the mean and 10th/50th/90th
percentiles of the captives each party released, over seeds 0..SEEDS-1 (channels, which cost
a hundred times more a run, over `--channel-seeds`). Run it on two checkouts and diff the
output: identical text means identical distributions. It reads only `sim.run` and the
outcome, so it runs on any version of Parley. `--anticipation` turns on two-level negotiation
(`delegation.anticipation.enabled`) for every delegation: the distributions the default's flip
would give (only on trees that have the field).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sim  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def anticipating(path: Path) -> sim.Scenario:
    """The scenario at `path` with every delegation anticipating its own ratifiers."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for spec in document["parties"].values():
        spec.setdefault("delegation", {})["anticipation"] = {"enabled": True}
    return sim.validate_document(document, path.name, base=path.parent)


def distribution(path: Path, seeds: int, anticipation: bool = False) -> list[str]:
    """Lines describing the outcome distribution of one scenario over `seeds` seeds."""
    scenario = anticipating(path) if anticipation else sim.load_scenario(path)
    statuses: Counter[str] = Counter()
    released: dict[str, list[int]] = {party: [] for party in scenario.party_ids}
    for seed in range(seeds):
        outcome = sim.run(scenario, seed=seed).outcome
        statuses[outcome.status] += 1
        for party in scenario.party_ids:
            released[party].append(outcome.released[party])
    lines = [f"{path.name} ({seeds} seeds): " + ", ".join(f"{s} {n}" for s, n in sorted(statuses.items()))]
    for party, values in released.items():
        low, mid, high = np.percentile(values, [10, 50, 90])
        lines.append(f"  released by {party}: mean {np.mean(values):.2f}, p10 {low:g}, p50 {mid:g}, p90 {high:g}")
    return lines


def main(argv: list[str]) -> int:
    seeds = int(argv[0]) if argv and not argv[0].startswith("--") else 1000
    channel_seeds = int(argv[argv.index("--channel-seeds") + 1]) if "--channel-seeds" in argv else 100
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        is_channel = "channel:" in path.read_text(encoding="utf-8")
        lines = distribution(path, channel_seeds if is_channel else seeds, "--anticipation" in argv)
        print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
