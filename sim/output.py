"""Write a run's files: events.jsonl, summary.json, manifest.json (plots are added by the CLI).

`summary.json` is the outcome plus, under `bargaining`, the deal metrics of
`sim.analysis.deal_metrics`.

Every file is written through `sim.atomic` (a temporary name in the target folder, renamed
into place), so an interrupted run never leaves a half-written file. A folder that already holds files is
never written into unless `force` is given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.analysis.deal import deal_metrics, json_safe
from sim.atomic import write_atomically
from sim.result import Result


class OutputExistsError(FileExistsError):
    """The output folder cannot be used: it holds files (and overwriting was not asked for) or cannot be made."""


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def prepare_folder(folder: Path, force: bool) -> Path:
    """Create `folder`; refuse one that already holds files unless `force`."""
    if folder.exists() and not folder.is_dir():
        raise OutputExistsError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputExistsError(f"{folder}: folder exists and is not empty (use --force to overwrite)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputExistsError(f"{folder}: cannot create the folder ({error.strerror})") from None
    return folder


def fresh_folder(parent: Path, name: str) -> Path:
    """A folder under `parent` named `name`, or `name-2`, `name-3`, ... if taken."""
    candidate = parent / name
    counter = 2
    while candidate.exists():
        candidate = parent / f"{name}-{counter}"
        counter += 1
    return candidate


def run_summary(result: Result) -> dict[str, Any]:
    """What `summary.json` holds: the outcome, and under `bargaining` the deal metrics (NaN as null).

    A channel run has many rounds, each with its own outcome space, so it has no single deal
    to place in a bargaining set: its summary carries the channel's figures instead.
    """
    if result.channel is not None:
        return result.summary()
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
