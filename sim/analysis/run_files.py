"""Write a run's data files: events.jsonl, summary.json, manifest.json (plots are added by the CLI).

`summary.json` is the outcome plus, under `bargaining`, the deal metrics of
`sim.analysis.deal_metrics`.

Every file is written through `sim.files` (a temporary name in the target folder, renamed
into place), so an interrupted run never leaves a half-written file. A folder that already holds files is
never written into unless `force` is given. `read_run` rebuilds a `Result` from a finished
run's folder and its scenario (for `parley report`).
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sim.analysis.deal import deal_metrics, json_safe
from sim.analysis.deal_many import multilateral_metrics
from sim.files import replacing, to_json, write_atomically
from sim.runtime.events import Event, EventKind
from sim.scenario.schema import Scenario
from sim.talks.outcome import Outcome
from sim.talks.record import ChannelRecord, ExchangeRecord
from sim.talks.result import Result, scenario_hash


def run_summary(result: Result) -> dict[str, Any]:
    """What `summary.json` holds: the outcome, and under `bargaining` the deal metrics (NaN as null).

    A channel run has many rounds, each with its own outcome space, so it has no single deal
    to place in a bargaining set: its summary carries the channel's figures instead. A run of
    more than two parties has the N-party metrics (`sim.analysis.deal_many`).
    """
    if result.channel is not None:
        return result.summary(flat=False)
    if len(result.scenario.parties) > 2:
        return {**result.summary(flat=False), "bargaining": json_safe(multilateral_metrics(result))}
    return {**result.summary(flat=False), "bargaining": json_safe(deal_metrics(result))}


def write_run(result: Result, folder: Path) -> list[Path]:
    """The run's data files, each written atomically into an already prepared `folder`
    (for a channel run, or a round with an execution plan, also `exchanges.csv`: its exchanges, or the plan's
    stages, in the history format)."""
    written = [
        write_events(result, folder / "events.jsonl"),
        write_atomically(folder / "summary.json", to_json(run_summary(result))),
        write_atomically(folder / "manifest.json", to_json(result.manifest())),
    ]
    if result.channel is not None or result.scenario.execution.plan:
        written.append(write_atomically(folder / "exchanges.csv", result.exchanges().to_csv(index=False)))
    return written


def write_events(result: Result, path: Path) -> Path:
    """`events.jsonl`, written line by line (a log of up to `Limits.log_bytes` is never held twice in memory)."""
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as stream:
        for event in result.events:
            stream.write(event.to_json())
            stream.write("\n")
    return Path(path)


class RunFilesError(ValueError):
    """A run's folder cannot be read back: a file missing or unreadable, or another scenario's run."""


def read_run(folder: Path, scenario: Scenario) -> Result:
    """The `Result` of a finished run rebuilt from its folder's `events.jsonl`, `summary.json` and
    `manifest.json` and the `scenario` it was run with (checked against the manifest's hash)."""
    folder = Path(folder)
    manifest = _read_json(folder / "manifest.json")
    summary = _read_json(folder / "summary.json")
    if manifest.get("scenario_sha256") != scenario_hash(scenario):
        raise RunFilesError(f"{folder / 'manifest.json'}: scenario_sha256 is not the hash of the scenario given "
                            f"(the run used '{manifest.get('scenario')}', or that scenario changed since)")
    path = folder / "events.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        events = tuple(_event(json.loads(line)) for line in lines if line.strip())
    except OSError as error:
        raise RunFilesError(f"{path}: cannot be read ({error.strerror})") from None
    except (ValueError, KeyError, TypeError) as error:
        raise RunFilesError(f"{path}: not an event log ({error})") from None
    # A run written before the three gates were named has `agreement` and `status` only.
    summary.setdefault("agreed_at_table", summary.get("agreement"))
    summary.setdefault("executed", summary.get("status") == "executed")
    summary.setdefault("ratified", summary.get("status") in ("executed", "failed", "scrapped", "partially executed"))
    try:
        outcome = Outcome(**{field.name: summary[field.name] for field in fields(Outcome)})
        channel = _channel(summary["channel"]) if "channel" in summary else None
        stages = tuple(dict(stage) for stage in summary.get("stages", []))  # none in a run written before plans
    except (KeyError, TypeError, ValueError) as error:
        raise RunFilesError(f"{folder / 'summary.json'}: field {error} missing or malformed") from None
    return Result(run_id=str(manifest.get("run", "")), seed=int(manifest.get("seed", 0)), scenario=scenario,
                  events=events, outcome=outcome, channel=channel, stages=stages)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RunFilesError(f"{path}: cannot be read ({error.strerror})") from None
    except ValueError as error:
        raise RunFilesError(f"{path}: not JSON ({error})") from None
    if not isinstance(data, dict):
        raise RunFilesError(f"{path}: not a JSON object")
    return data


def _event(data: dict[str, Any]) -> Event:
    return Event(run=data["run"], seq=int(data["seq"]), time=float(data["time"]), kind=EventKind(data["kind"]),
                 actor=data["actor"], target=data["target"], payload=MappingProxyType(dict(data["payload"])))


def _channel(data: dict[str, Any]) -> ChannelRecord:
    exchanges = tuple(ExchangeRecord(**row) for row in data["exchange_list"])
    return ChannelRecord(rounds_opened=int(data["rounds_opened"]), rounds_agreed=int(data["rounds_agreed"]),
                         freezes=int(data["freezes"]), exchanges=exchanges)
