"""Possible leaks: what in a scenario file may have been set while looking at data after a forecast origin.

Two kinds are listed, by dotted path, for each origin:

- **dated after the origin**: any value in the document that is a date after the origin (a
  `start` of a period, a mediator's take-over, ...) and any scheduled event whose `day` falls
  after it: the scenario "knows" that something happens then;
- **fitted past the origin and not refitted**: paths the file says were calibrated on rows
  up to a later date (`recorded`, from the `parley calibrate` command in its header) that the
  backtest does not refit.

Every other value of a hand-set scenario was chosen by a person who may have known the whole
record; the file does not say when, so the backtest states that too (`HAND_SET_NOTE`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

HAND_SET_NOTE = ("every value not refitted was set by hand or fitted earlier; the scenario file does not say "
                 "what its author had seen, so any of them may carry knowledge of the window")


def _dates(node: Any, path: str) -> Iterator[tuple[str, dt.date]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from _dates(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _dates(value, f"{path}.{index}")
    elif isinstance(node, dt.date):
        yield path, node if not isinstance(node, dt.datetime) else node.date()
    elif isinstance(node, str) and len(node) == 10 and node[4] == "-" and node[7] == "-":
        try:
            yield path, dt.date.fromisoformat(node)
        except ValueError:
            return


def possible_leaks(document: Mapping[str, Any], origin: dt.date, refitted: Sequence[str],
                   recorded: Mapping[str, dt.date] | None = None) -> list[str]:
    """The paths of `document` that may know the window after `origin`, each with why, sorted by path."""
    found = []
    for path, date in _dates(document, ""):
        if date > origin and path != "start_date":
            found.append(f"{path}: dated {date}, after the origin")
    start = document.get("start_date")
    scheduled = (document.get("events") or {}).get("scheduled") or []
    if start is not None:
        first = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
        for index, event in enumerate(scheduled):
            if isinstance(event, Mapping) and isinstance(event.get("day"), int | float):
                date = first + dt.timedelta(days=float(event["day"]))
                if date > origin:
                    found.append(f"events.scheduled.{index}: day {event['day']} is {date}, after the origin")
    for path, until in sorted((recorded or {}).items()):
        if path not in refitted and until > origin:
            found.append(f"{path}: fitted on rows up to {until} and not refitted")
    return sorted(found)
