"""A channel run's exchanges as a table in the history format (`sim.talks.record.EXCHANGE_COLUMNS`).

`side_a` / `side_b` are the names of the scenario's parties in sorted id order, `date` and
`end_date` the calendar days of the first and last executed stage (from `start_date`),
`mediator` the name of the mediator in force, `row_type` always `event`, `conflict` the
scenario's name; a `round` column says which round of talks it came from. The frame can be
passed to `sim.history.exchange_rows` and `cumulative_returned` like a loaded table.

With `channel.record_stages` each executed stage is a row of its own (`row_type` `stage`,
`deal` "<scenario name>, round N", dated on the stage's day), read from the run's
`stage_executed` events: the shape in which history tables list a deal carried out in stages.
A single round with an execution plan (`execution.plan`) gives one `stage` row per stage of the
plan, whatever its fate (executed, failed, scrapped, cancelled, not reached: in `notes`, with
the issue value a stage delivered), dated on the day its fate was settled.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sim.runtime.events import Event, EventKind
from sim.scenario.schema import Scenario
from sim.talks.record import EXCHANGE_COLUMNS, ChannelRecord


def exchanges_frame(scenario: Scenario, events: Sequence[Event], channel: ChannelRecord | None,
                    stages: Sequence[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """A run's exchanges (its `channel` record, with `record_stages` its stage events, or with an execution plan
    each of its `stages`) as a history table."""
    start = pd.Timestamp(scenario.start_date) if scenario.start_date else pd.Timestamp(0)
    if scenario.channel is None and scenario.execution.plan:
        return _typed(_plan_rows(scenario, events, stages, start))
    first, second = scenario.party_ids
    records = channel.exchanges if channel is not None else ()
    if scenario.channel is not None and scenario.channel.record_stages:
        return _typed(_stage_rows(scenario, events, start))
    rows = []
    for index, record in enumerate(records):
        day, end_day = math.floor(record.day), math.floor(record.end_day)
        mix = {p: ", ".join(f"{c} {n}" for c, n in record.categories[p].items()) for p in (first, second)}
        rows.append({
            "date": start + pd.Timedelta(days=day),
            "end_date": start + pd.Timedelta(days=end_day) if end_day != day else pd.NaT,
            "conflict": scenario.name,
            "side_a": scenario.parties[first].name,
            "side_b": scenario.parties[second].name,
            "released_by_a": record.released[first],
            "released_by_b": record.released[second],
            "mediator": record.mediator or "none",
            "categories": f"{first}: {mix[first]}; {second}: {mix[second]}",
            "deal": "",
            "row_type": "event",
            "source_url": "",
            "source_title": "",
            "notes": f"round {record.round}, {record.status}",
            "line": index + 1,
            "round": record.round,
        })
    return _typed(rows)


def _stage_rows(scenario: Scenario, events: Sequence[Event], start: pd.Timestamp) -> list[dict[str, object]]:
    """One row per executed stage, in order: what each party released in it."""
    first, second = scenario.party_ids
    rows: dict[tuple[int, int], dict[str, object]] = {}
    released: dict[tuple[int, int], dict[str, int]] = {}
    mixes: dict[tuple[int, int], list[str]] = {}
    number, mediator = 0, ""
    for event in events:
        if event.kind is EventKind.ROUND_OPENED:
            number, mediator = int(event.payload["round"]), str(event.payload["mediator"])
        elif event.kind is EventKind.STAGE_EXECUTED:
            stage = (number, int(event.payload["stage"]))
            if stage not in rows:
                rows[stage] = {
                    "date": start + pd.Timedelta(days=math.floor(event.time)), "end_date": pd.NaT,
                    "conflict": scenario.name, "side_a": scenario.parties[first].name,
                    "side_b": scenario.parties[second].name, "mediator": mediator or "none",
                    "deal": f"{scenario.name}, round {number}", "row_type": "stage", "source_url": "",
                    "source_title": "", "notes": f"round {number}, stage {stage[1]} of {event.payload['stages']}",
                    "round": number}
                released[stage], mixes[stage] = {first: 0, second: 0}, []
            released[stage][event.actor] += int(event.payload["released"])
            mix = ", ".join(f"{c} {n}" for c, n in event.payload["categories"].items())
            mixes[stage].append(f"{event.actor}: {mix}")
    return [{**row, "released_by_a": released[stage][first], "released_by_b": released[stage][second],
             "categories": "; ".join(mixes[stage]), "line": index + 1}
            for index, (stage, row) in enumerate(rows.items())]


def _plan_rows(scenario: Scenario, events: Sequence[Event], stages: Sequence[Mapping[str, Any]],
               start: pd.Timestamp) -> list[dict[str, object]]:
    """One row per stage of the execution plan, in plan order, whatever its fate: what the first two parties (in
    sorted id order) released in it, what it delivered, and its fate in `notes` (undated if never reached)."""
    first, second = scenario.party_ids[:2]
    mixes: dict[str, list[str]] = {}
    delivered: dict[str, str] = {}
    for event in events:
        if event.kind is EventKind.STAGE_EXECUTED and "id" in event.payload and event.payload["released"]:
            mix = ", ".join(f"{c} {n}" for c, n in event.payload["categories"].items())
            mixes.setdefault(str(event.payload["id"]), []).append(f"{event.actor}: {mix}")
        elif event.kind is EventKind.ISSUE_DELIVERED:
            delivered[str(event.payload["id"])] = f"; {event.payload['issue']} = {event.payload['value']}"
    rows: list[dict[str, object]] = []
    for index, stage in enumerate(stages):
        day = stage["day"]
        released = stage["released"]
        rows.append({
            "date": start + pd.Timedelta(days=math.floor(day)) if day is not None else pd.NaT, "end_date": pd.NaT,
            "conflict": scenario.name, "side_a": scenario.parties[first].name,
            "side_b": scenario.parties[second].name, "released_by_a": released.get(first, 0),
            "released_by_b": released.get(second, 0), "mediator": _mediator(scenario),
            "categories": "; ".join(mixes.get(stage["id"], [])), "deal": scenario.name, "row_type": "stage",
            "source_url": "", "source_title": "",
            "notes": f"stage {stage['id']} ({index + 1} of {len(stages)}): {stage['fate']}"
                     + delivered.get(stage["id"], ""),
            "line": index + 1, "round": 1})
    return rows


def _mediator(scenario: Scenario) -> str:
    mediator = scenario.protocol.mediator
    return scenario.mediators[mediator].name if mediator in scenario.mediators else "none"


def _typed(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*EXCHANGE_COLUMNS, "line", "round"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    for column in ("released_by_a", "released_by_b"):
        frame[column] = frame[column].astype("Int64")
    frame["round"] = frame["round"].astype("int64")
    return frame
