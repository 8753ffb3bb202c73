"""The state one run shares among its processes, and the few operations that change it.

A `RunContext` holds the SimPy environment, the recorder, the random streams, the rosters,
the valuation and each party's trust in the other side. Trust only changes through
`observe_trust`, so every change is logged with its reason. With more than two parties,
`other` names the other side (a bloc id, or "" when there are more than two sides) and
`across` lists the parties on the other sides: those who see a party keep or break its word.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import simpy

from sim.randomness import Stream, Streams
from sim.rules.anticipation import Ratifiers
from sim.rules.trust import TrustModel
from sim.runtime.events import EventKind, Recorder
from sim.runtime.messages import PostOffice
from sim.scenario.schema import Delay, Scenario
from sim.valuation.roster import Roster
from sim.valuation.utilities import Valuation

HOURS_PER_DAY = 24.0


@dataclass(slots=True)
class Tally:
    """Counts of a run's steps and decisions, read by the outcome summary."""

    steps: int = 0
    referrals: int = 0
    vetoes: int = 0
    disputes: int = 0
    drafts: int = 0
    stage_days: list[float] = field(default_factory=list)


@dataclass(slots=True)
class RunContext:
    """The state one run shares among its processes: environment, recorder, streams, rosters, valuation, trust."""
    env: simpy.Environment
    scenario: Scenario
    streams: Streams
    recorder: Recorder
    post: PostOffice
    rosters: dict[str, Roster | None]
    valuation: Valuation
    trust: dict[str, TrustModel]
    tally: Tally = field(default_factory=Tally)
    ratifiers: dict[tuple[str, ...], Ratifiers] = field(default_factory=dict)
    """The ratifiers of each side that anticipates them, made once a run (`ratifiers_of`): a delegation and the
    mediators drafting for it read the same ones, so a veto vector is worked out once for both."""
    _others: dict[str, str] = field(init=False, repr=False)
    _across: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        sides = self.scenario.sides
        self._others, self._across = {}, {}
        for side, members in sides.items():
            others = [other for other in sides if other != side]
            across = tuple(p for other in others for p in sides[other])
            for member in members:
                self._others[member] = (across[0] if len(across) == 1 else others[0]) if len(others) == 1 else ""
                self._across[member] = across
            if len(members) > 1:  # a bloc speaks to the other side as one
                self._others[side] = (across[0] if len(across) == 1 else others[0]) if len(others) == 1 else ""
                self._across[side] = across

    def ratifiers_of(self, members: tuple[str, ...]) -> Ratifiers:
        """The ratifiers of the side made of `members` (one party, or a bloc's members), made at the first call."""
        found = self.ratifiers.get(members)
        if found is None:
            found = self.ratifiers[members] = Ratifiers(self.scenario, members)
        return found

    def other(self, party: str) -> str:
        """The party across the table from `party`; with blocs, the other side; with more than two sides, ""."""
        other = self._others.get(party)
        return other if other is not None else self.scenario.party_ids[0]

    def across(self, party: str) -> tuple[str, ...]:
        """The parties on the other sides from `party` (with two parties: the other one)."""
        return self._across[party]

    def observe_across(self, party: str, kept: bool, weight: float, reason: str) -> None:
        """Every party across the table sees `party` keep (or break) its word."""
        for other in self._across[party]:
            self.observe_trust(other, kept, weight, reason)

    @property
    def step_days(self) -> float:
        """How long one step of the talks takes, in days."""
        return self.scenario.protocol.step_hours / HOURS_PER_DAY

    def observe_trust(self, party: str, kept: bool, weight: float, reason: str) -> None:
        """`party` sees the other side keep (or break) its word; logs the change in trust."""
        model = self.trust[party]
        before = model.value
        model.observe(kept, weight)
        after = model.value
        if after != before:
            self.recorder.emit(
                EventKind.TRUST_CHANGED, party, self.other(party),
                before=before, after=after, reason=reason,
            )


def draw_delay(delay: Delay, rng: Stream) -> float:
    """A waiting time in days from a `Delay` spec (`rng()` is called only for a random one)."""
    if delay.mean <= 0.0:
        return 0.0
    if delay.distribution == "fixed":
        return delay.mean
    return float(rng().exponential(delay.mean))
