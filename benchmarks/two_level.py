"""The Istanbul veto sweep of issue 14: does a tougher Ukrainian leader get more, or a veto?

    python benchmarks/two_level.py [--runs 200] [--seed 0] [--set PATH=VALUE ...] [--json FILE]

Sweeps `parties.UA.leader.veto.threshold` over 0.10 to 0.40 in 7 steps on
`scenarios/istanbul-2025-05.yaml`, `--runs` runs a step with common random numbers (run `r`
of every step gets the seed `run_seed(seed, r)`, as `run_points(..., seeding="replication")`
seeds them, so steps differ by the threshold alone), and prints one line a step:
the share of runs agreed at the table, ratified and executed; the share that ended with the
deal vetoed at ratification by the leader of a side whose own delegation agreed it (UA's,
RU's, either: in talks between two delegations both agreed every deal); and, over the runs
agreed at the table, the median value of the deal to each side and the median number each
side releases. `--set PATH=VALUE` (YAML value, repeatable) changes the scenario at every
step, e.g. `--set parties.UA.delegation.anticipation.enabled=true`, so the script runs on
trees with and without that field (where anticipation is on by default, `=false` gives
"before"). `--json FILE` also writes the table as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

import sim  # noqa: E402
from sim.experiments.plan import make_plan  # noqa: E402
from sim.experiments.seeds import run_seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "istanbul-2025-05.yaml"
PATH = "parties.UA.leader.veto.threshold"
THRESHOLDS = [round(float(value), 2) for value in np.linspace(0.10, 0.40, 7)]
PARTIES = ("RU", "UA")


def vetoing_leaders(result: Any) -> set[str]:
    """The parties whose own leader vetoed the agreed deal at ratification."""
    return {event.actor.split("/")[0] for event in result.events
            if event.kind is sim.EventKind.VETO and event.payload.get("stage") == "ratification"
            and event.actor.endswith("/leader")}


def step(scenario: Any, runs: int, seed: int) -> dict[str, Any]:
    """The figures of one step: `runs` runs of `scenario`, run `r` with the seed `run_seed(seed, r)`."""
    agreed = ratified = executed = 0
    vetoed = dict.fromkeys([*PARTIES, "any"], 0)
    values: dict[str, list[float]] = {party: [] for party in PARTIES}
    released: dict[str, list[int]] = {party: [] for party in PARTIES}
    ceasefire = 0
    for index in range(runs):
        result = sim.run(scenario, seed=run_seed(seed, index))
        outcome = result.outcome
        if not outcome.agreed_at_table:
            continue
        agreed += 1
        ratified += outcome.ratified
        executed += outcome.executed
        vetoers = vetoing_leaders(result)
        for party in vetoers:
            vetoed[party] += 1
        vetoed["any"] += bool(vetoers)
        ceasefire += outcome.issues_agreed.get("ceasefire") == "thirty_days"
        for party in PARTIES:
            values[party].append(outcome.values[party])
            released[party].append(outcome.agreed_released[party])
    row: dict[str, Any] = {"runs": runs, "agreed": agreed / runs, "ratified": ratified / runs,
                           "executed": executed / runs}
    row |= {f"vetoed_by_own_leader.{party}": count / runs for party, count in vetoed.items()}
    for party in PARTIES:
        row[f"median_value.{party}"] = statistics.median(values[party]) if values[party] else None
        row[f"median_released.{party}"] = statistics.median(released[party]) if released[party] else None
    row["ceasefire_agreed"] = ceasefire / runs
    return row


def sweep(runs: int, seed: int, settings: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step's figures, in threshold order."""
    points = [{**settings, PATH: threshold} for threshold in THRESHOLDS]
    plan = make_plan(SCENARIO, points, runs=runs, seed=seed)
    return [{"threshold": threshold, **step(scenario, runs, seed)}
            for threshold, scenario in zip(THRESHOLDS, plan.scenarios, strict=True)]


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a text table, shares in per cent."""
    def number(value: Any, digits: int) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = ["threshold  agreed  ratified  executed  vetoed_own(UA)  vetoed_own(RU)  vetoed_own(any)"
             "  median_value(UA)  median_value(RU)  median_released(UA)  median_released(RU)  ceasefire"]
    for row in rows:
        lines.append(
            f"{row['threshold']:9.2f}  {row['agreed']:6.1%}  {row['ratified']:8.1%}  {row['executed']:8.1%}  "
            f"{row['vetoed_by_own_leader.UA']:14.1%}  {row['vetoed_by_own_leader.RU']:14.1%}  "
            f"{row['vetoed_by_own_leader.any']:15.1%}  {number(row['median_value.UA'], 3):>16}  "
            f"{number(row['median_value.RU'], 3):>16}  {number(row['median_released.UA'], 0):>19}  "
            f"{number(row['median_released.RU'], 0):>19}  {row['ceasefire_agreed']:9.1%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the sweep and print (and optionally save) its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                        help="a scenario setting applied at every step (YAML value)")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    settings = {}
    for item in args.set:
        path, _, value = item.partition("=")
        settings[path] = yaml.safe_load(value)
    rows = sweep(args.runs, args.seed, settings)
    print(f"{SCENARIO.name}: {PATH} over {THRESHOLDS}, {args.runs} runs a step, seed {args.seed}"
          + (f", settings {settings}" if settings else ""))
    print(table(rows))
    if args.json is not None:
        args.json.write_text(json.dumps({"settings": settings, "runs": args.runs, "seed": args.seed, "rows": rows},
                                        indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
