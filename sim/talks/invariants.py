"""Invariants every finished run must satisfy, checked at the end of every run.

`check_run` makes one pass over a run's events and a few sums over its outcome, and raises
`InvariantError` naming the first invariant broken:

- `sequence`: events are numbered 0, 1, 2, ... in the order they happened;
- `time`: simulated time is finite, never negative and never goes backwards;
- `trust`: every trust value logged, and each side's final trust, lies in [0, 1];
- `veto`: after a leader's veto (of a deal, or of going on with a swap) no stage of that
  deal is executed; only a later agreement may execute again;
- `captives`: the ids released in the events number what the outcome says each side
  released, and what each side holds at the end plus what it released equals what it held
  at the start plus what events added. (Releasing someone twice is caught earlier, by the
  roster at the moment of release.)

A violation is a bug in Parley (or in a plug-in), never bad input, so it is not a
`ScenarioError`. The check costs a few percent of a run (see the README, "Reliability").
"""

from __future__ import annotations

import math
import operator
from typing import TYPE_CHECKING

from sim.runtime.events import Event, EventKind

if TYPE_CHECKING:
    from sim.talks.result import Result

STOPPING_VETOES = frozenset({"ratification", "execution"})


class InvariantError(RuntimeError):
    """A finished run broke an invariant; `invariant` names which one."""

    def __init__(self, invariant: str, run: str, detail: str) -> None:
        self.invariant = invariant
        super().__init__(f"invariant '{invariant}' broken in run {run}: {detail}")


def check_run(result: Result) -> Result:
    """`result` unchanged if it keeps every invariant; `InvariantError` otherwise."""
    released, added = _check_events(result.run_id, result.events)
    _check_final_trust(result)
    _check_captives(result, released, added)
    return result


def _check_events(run: str, events: tuple[Event, ...]) -> tuple[dict[str, int], dict[str, int]]:
    """Sequence, time, trust and veto; returns how many roster ids each party released and how
    many captives events added to each party's roster."""
    _check_order(run, events)
    released: dict[str, int] = {}
    added: dict[str, int] = {}
    halted = False
    # Enum members as locals: this loop runs after every run, so attribute lookups count.
    stage, veto, agreement, trust, shock = (EventKind.STAGE_EXECUTED, EventKind.VETO, EventKind.AGREEMENT,
                                            EventKind.TRUST_CHANGED, EventKind.EXOGENOUS)
    for index, event in enumerate(events):
        kind = event.kind
        if kind is stage:
            if halted:
                raise InvariantError("veto", run, f"event {index}: a stage executed after a veto")
            released[event.actor] = released.get(event.actor, 0) + len(event.payload.get("ids", ()))
        elif kind is veto:
            halted = halted or event.payload.get("stage") in STOPPING_VETOES
        elif kind is agreement:
            halted = False
        elif kind is trust:
            _check_trust_change(run, index, event)
        elif kind is shock and event.payload.get("add_captives"):
            added[event.target] = added.get(event.target, 0) + sum(event.payload["add_captives"].values())
    return released, added


def _check_order(run: str, events: tuple[Event, ...]) -> None:
    """Sequence numbers 0, 1, 2, ...; times finite, from 0, never going back."""
    sequence = [event.seq for event in events]
    if sequence != list(range(len(events))):
        index = next(i for i, seq in enumerate(sequence) if seq != i)
        raise InvariantError("sequence", run, f"event {index} has sequence number {sequence[index]}")
    times = [event.time for event in events]
    # `<=` is False against NaN, so one pass catches NaN, negative time and going back; in order,
    # only the last time can be infinite.
    if all(map(operator.le, [0.0, *times], times)) and (not times or times[-1] < math.inf):
        return
    before = [0.0, *times]
    index = next((i for i, time in enumerate(times) if not before[i] <= time < math.inf), len(times) - 1)
    raise InvariantError("time", run, f"event {index} ({events[index].kind}) at day {times[index]} "
                         f"after day {before[index]}")


def _check_trust_change(run: str, index: int, event: Event) -> None:
    for key in ("before", "after"):
        if not 0.0 <= event.payload[key] <= 1.0:
            raise InvariantError("trust", run, f"event {index}: trust {key} = {event.payload[key]}")


def _check_final_trust(result: Result) -> None:
    for name, value in result.outcome.final_trust.items():
        if not 0.0 <= value <= 1.0:
            raise InvariantError("trust", result.run_id, f"final trust {name} = {value}")


def _check_captives(result: Result, released: dict[str, int], added: dict[str, int]) -> None:
    outcome = result.outcome
    for party in result.scenario.party_ids:
        if released.get(party, 0) != outcome.released[party]:
            raise InvariantError("captives", result.run_id, f"{party}: {released.get(party, 0)} ids released in "
                                 f"the events, {outcome.released[party]} in the outcome")
        if result.held_at_start is None:
            continue
        start = result.held_at_start[party]
        if outcome.held[party] + outcome.released[party] != start + added.get(party, 0):
            raise InvariantError("captives", result.run_id, f"{party} holds {outcome.held[party]} and released "
                                 f"{outcome.released[party]}, but held {start} and gained {added.get(party, 0)}")
