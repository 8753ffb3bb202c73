"""A channel run's exchanges as a table in the history format (`sim.talks.record.EXCHANGE_COLUMNS`).

`side_a` / `side_b` are the names of the scenario's parties in sorted id order, `date` and
`end_date` the calendar days of the first and last executed stage (from `start_date`),
`mediator` the name of the mediator in force, `row_type` always `event`, `conflict` the
scenario's name; a `round` column says which round of talks it came from. The frame can be
passed to `sim.history.exchange_rows` and `cumulative_returned` like a loaded table.

With `channel.record_stages` each executed stage is a row of its own (`row_type` `stage`,
`deal` "<scenario name>, round N", dated on the stage's day), read from the run's
`stage_executed` events: the shape in which history tables list a deal carried out in stages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from sim.runtime.events import Event, EventKind
from sim.scenario.schema import Scenario
from sim.talks.record import EXCHANGE_COLUMNS, ChannelRecord


def exchanges_frame(scenario: Scenario, events: Sequence[Event], channel: ChannelRecord | None) -> pd.DataFrame:
    """A run's exchanges (its `channel` record, or with `record_stages` its stage events) as a history table."""
    first, second = scenario.party_ids
    start = pd.Timestamp(scenario.start_date) if scenario.start_date else pd.Timestamp(0)
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


def _typed(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*EXCHANGE_COLUMNS, "line", "round"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    for column in ("released_by_a", "released_by_b"):
        frame[column] = frame[column].astype("Int64")
    frame["round"] = frame["round"].astype("int64")
    return frame
