"""Captives each party holds in a run on given days: what the model says about populations held.

A party's holding on day t is what it held when the run started, plus captives added up to
t (the channel's weekly captures and scheduled events such as a mass surrender, both logged
as `exogenous` events with `add_captives`), minus the captives it released in executed stages
up to t. The same balance the invariant check closes at the end of a run
(`sim.talks.invariants`), read at chosen days.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.runtime.events import EventKind
from sim.talks.result import Result


def held_on(result: Result, days: Sequence[float]) -> dict[str, list[int]]:
    """Captives held by each party at the end of each of `days` (days since the run's start)."""
    parties = result.scenario.party_ids
    start = dict(result.held_at_start or {})
    times: dict[str, list[float]] = {party: [] for party in parties}
    changes: dict[str, list[int]] = {party: [] for party in parties}
    for event in result.events:
        if event.kind is EventKind.EXOGENOUS and event.payload.get("add_captives") and event.target in times:
            times[event.target].append(event.time)
            changes[event.target].append(sum(event.payload["add_captives"].values()))
        elif event.kind is EventKind.STAGE_EXECUTED and event.actor in times:
            times[event.actor].append(event.time)
            changes[event.actor].append(-len(event.payload.get("ids", ())))
    held = {}
    for party in parties:
        moments = np.asarray(times[party], float)
        steps = np.asarray(changes[party], float)
        held[party] = [int(start.get(party, 0) + steps[moments < day + 1].sum()) for day in days]
    return held
