"""Invariants every finished run must satisfy, checked at the end of every run.

`check_run` makes one pass over a run's events and a few sums over its outcome, and raises
`InvariantError` naming the first invariant broken:

- `sequence`: events are numbered 0, 1, 2, ... in the order they happened;
- `time`: simulated time is finite, never negative and never goes backwards;
- `trust`: every trust value logged, and each side's final trust, lies in [0, 1];
- `veto`: after a leader's veto (of a deal, or of going on with a swap) no stage of that
  deal is executed; only a later agreement may execute again;
- `captives`: nobody is released twice, the released counts in the events equal the
  outcome's, and what each side holds at the end plus what it released equals what it held
  at the start plus what events added.

A violation is a bug in Parley (or in a plug-in), never bad input, so it is not a
`ScenarioError`. The check costs a few percent of a run (see the README, "Reliability").
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sim.events import Event, EventKind

if TYPE_CHECKING:
    from sim.result import Result
    from sim.scenario.schema import Scenario

STOPPING_VETOES = frozenset({"ratification", "execution"})


class InvariantError(RuntimeError):
    """A finished run broke an invariant; `invariant` names which one."""

    def __init__(self, invariant: str, run: str, detail: str) -> None:
        self.invariant = invariant
        super().__init__(f"invariant '{invariant}' broken in run {run}: {detail}")


def check_run(result: Result) -> Result:
    """`result` unchanged if it keeps every invariant; `InvariantError` otherwise."""
    released_ids, added = _check_events(result.run_id, result.events)
    _check_final_trust(result)
    _check_captives(result, released_ids, added)
    return result


def _check_events(run: str, events: tuple[Event, ...]) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Sequence, time, trust and veto in one pass; returns the roster ids each party released
    and the captives events added to each party's roster."""
    released: dict[str, list[int]] = {}
    added: dict[str, int] = {}
    last_time = 0.0
    halted = False
    for index, event in enumerate(events):
        if event.seq != index:
            raise InvariantError("sequence", run, f"event {index} has sequence number {event.seq}")
        if not (event.time >= last_time and math.isfinite(event.time)):
            raise InvariantError("time", run, f"event {index} ({event.kind}) at day {event.time} "
                                 f"after day {last_time}")
        last_time = event.time
        kind = event.kind
        if kind is EventKind.STAGE_EXECUTED:
            if halted:
                raise InvariantError("veto", run, f"event {index}: a stage executed after a veto")
            released.setdefault(event.actor, []).extend(event.payload.get("ids", ()))
        elif kind is EventKind.VETO:
            halted = halted or event.payload.get("stage") in STOPPING_VETOES
        elif kind is EventKind.AGREEMENT:
            halted = False
        elif kind is EventKind.TRUST_CHANGED:
            for key in ("before", "after"):
                if not 0.0 <= event.payload[key] <= 1.0:
                    raise InvariantError("trust", run, f"event {index}: trust {key} = {event.payload[key]}")
        elif kind is EventKind.EXOGENOUS and event.payload.get("add_captives"):
            added[event.target] = added.get(event.target, 0) + sum(event.payload["add_captives"].values())
    return released, added


def _check_final_trust(result: Result) -> None:
    for name, value in result.outcome.final_trust.items():
        if not 0.0 <= value <= 1.0:
            raise InvariantError("trust", result.run_id, f"final trust {name} = {value}")


def _check_captives(result: Result, released_ids: dict[str, list[int]], added: dict[str, int]) -> None:
    outcome = result.outcome
    for party in result.scenario.party_ids:
        ids = released_ids.get(party, [])
        if len(set(ids)) != len(ids):
            raise InvariantError("captives", result.run_id, f"{party} released someone twice")
        if len(ids) != outcome.released[party]:
            raise InvariantError("captives", result.run_id, f"{party}: {len(ids)} ids released in the events, "
                                 f"{outcome.released[party]} in the outcome")
        start = _initial_count(result.scenario, party)
        if start is None:
            continue
        if outcome.held[party] + outcome.released[party] != start + added.get(party, 0):
            raise InvariantError("captives", result.run_id, f"{party} holds {outcome.held[party]} and released "
                                 f"{outcome.released[party]}, but held {start} and gained {added.get(party, 0)}")


def _initial_count(scenario: Scenario, party: str) -> int | None:
    """Captives `party` holds at the start; None if a roster file can no longer be read."""
    roster = scenario.parties[party].roster
    if roster is None:
        return 0
    if roster.generate is not None:
        return sum(roster.generate.values())
    path = Path(roster.csv or "")
    try:
        stat = path.stat()
    except OSError:
        return None
    return _csv_rows(str(path), stat.st_mtime_ns, stat.st_size, tuple(scenario.categories))


@lru_cache(maxsize=64)
def _csv_rows(path: str, mtime_ns: int, size: int, categories: tuple[str, ...]) -> int:
    """Rows of a roster CSV, read once per version of the file (mtime and size are part of the key)."""
    from sim.roster import read_roster_csv
    from sim.scenario.schema import LIMITS

    return int(read_roster_csv(Path(path), categories, LIMITS.captives_per_party).ids.size)
