"""A channel run's exchanges as a table in the history format (the columns of `sim.history`).

`side_a` / `side_b` are the names of the scenario's parties in sorted id order, `date` and
`end_date` the calendar days of the first and last executed stage (from `start_date`),
`mediator` the name of the mediator in force, `row_type` always `event`, `conflict` the
scenario's name; a `round` column says which round of talks it came from. The frame can be
passed to `sim.history.exchange_rows` and `cumulative_returned` like a loaded table.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from sim.history.table import COLUMNS

if TYPE_CHECKING:
    from sim.result import Result


def exchanges_frame(result: Result) -> pd.DataFrame:
    scenario = result.scenario
    first, second = scenario.party_ids
    start = pd.Timestamp(scenario.start_date) if scenario.start_date else pd.Timestamp(0)
    records = result.channel.exchanges if result.channel is not None else ()
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
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "line", "round"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    for column in ("released_by_a", "released_by_b"):
        frame[column] = frame[column].astype("Int64")
    frame["round"] = frame["round"].astype("int64")
    return frame
