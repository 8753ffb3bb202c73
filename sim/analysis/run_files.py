"""Write a run's data files: events.jsonl, summary.json, manifest.json (plots are added by the CLI).

`summary.json` is the outcome plus, under `bargaining`, the deal metrics of
`sim.analysis.deal_metrics`.

Every file is written through `sim.files` (a temporary name in the target folder, renamed
into place), so an interrupted run never leaves a half-written file. A folder that already holds files is
never written into unless `force` is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.analysis.deal import deal_metrics, json_safe
from sim.analysis.deal_many import multilateral_metrics
from sim.files import to_json, write_atomically
from sim.talks.result import Result


def run_summary(result: Result) -> dict[str, Any]:
    """What `summary.json` holds: the outcome, and under `bargaining` the deal metrics (NaN as null).

    A channel run has many rounds, each with its own outcome space, so it has no single deal
    to place in a bargaining set: its summary carries the channel's figures instead. A run of
    more than two parties has the N-party metrics (`sim.analysis.deal_many`).
    """
    if result.channel is not None:
        return result.summary()
    if len(result.scenario.parties) > 2:
        return {**result.summary(), "bargaining": json_safe(multilateral_metrics(result))}
    return {**result.summary(), "bargaining": json_safe(deal_metrics(result))}


def write_run(result: Result, folder: Path) -> list[Path]:
    """The run's data files, each written atomically into an already prepared `folder`
    (for a channel run also `exchanges.csv`, its exchanges in the history format)."""
    written = [
        write_atomically(folder / "events.jsonl", result.events_jsonl()),
        write_atomically(folder / "summary.json", to_json(run_summary(result))),
        write_atomically(folder / "manifest.json", to_json(result.manifest())),
    ]
    if result.channel is not None:
        written.append(write_atomically(folder / "exchanges.csv", result.exchanges().to_csv(index=False)))
    return written
