"""The negotiating table: what every protocol shares.

A table is the process that offers pass through. It opens the talks (logging the venue and
letting each side size up the other's delegation), asks mediators that draft packages to
meet each delegation apart as the talks open (and, on a cadence, after the steps the protocol's
`DraftSchedule` names), hands messages to the mediator who carries them (in shuttle
diplomacy), and closes the talks with an agreement or without one. Protocols subclass it
and supply `talk`, the loop that moves offers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Generator
from typing import Any

from sim.rules.mediation import DraftSchedule
from sim.runtime.context import RunContext
from sim.runtime.events import EventKind
from sim.runtime.messages import TABLE, Message, Say


class Table(ABC):
    """Runs one round of talks; `negotiate` returns the agreed outcome number or None."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.protocol = ctx.scenario.protocol
        self.mediator = self.protocol.mediator
        self.actor = self.mediator or TABLE
        self.box = ctx.post.box(TABLE)
        self.parties = ctx.scenario.party_ids
        self.voices = tuple(ctx.scenario.sides)
        """Who speaks at the table, one per side: a party, or a bloc (two parties without blocs: the parties)."""
        self.opener = self._opener()
        self._schedule: DraftSchedule | None = None
        """Which mediators draft after which step of the talks (set by the protocol; None: none do)."""

    def _opener(self) -> str:
        """The voice that makes the first offer: `protocol.opens`, the side of the party it names, or the first."""
        opens = self.protocol.opens
        sides = self.ctx.scenario.sides
        if opens is None:
            return self.voices[0]
        if opens in sides:
            return opens
        return next(side for side, members in sides.items() if opens in members)

    def negotiate(self) -> Generator[Any, Any, int | None]:
        """The round of talks as a SimPy process: open, side meetings, `talk`, close; the agreed outcome or None."""
        self._open()
        agreed = yield from self._side_meetings()
        if agreed is None:
            agreed = yield from self.talk()
        self._close(agreed)
        return agreed

    @abstractmethod
    def talk(self) -> Generator[Any, Any, int | None]:
        """Move offers until agreement (return the outcome number) or the step limit (return None)."""

    # --- shared steps -----------------------------------------------------------------------

    def _open(self) -> None:
        ctx = self.ctx
        venue = ctx.scenario.mediators[self.mediator].name if self.mediator else ""
        ctx.recorder.emit(EventKind.TALKS_OPENED, self.actor, "", protocol=self.protocol.kind,
                          venue=venue, outcomes=ctx.valuation.space.size)
        for party in self.parties:
            threshold = ctx.trust[party].suspicious_below_authority
            for other in ctx.across(party):
                authority = ctx.scenario.parties[other].delegation.authority
                if authority < threshold:
                    ctx.observe_trust(party, kept=False, weight=(threshold - authority) / threshold,
                                      reason="low-authority delegation")

    def _side_meetings(self) -> Generator[Any, Any, int | None]:
        """Mediators that draft packages, other than the one running the talks, meet each side apart."""
        for mediator_id in sorted(self.ctx.scenario.mediators):
            mediator = self.ctx.scenario.mediators[mediator_id]
            if mediator.drafts_packages and mediator_id != self.mediator:
                agreed = yield from self._draft_round(mediator_id)
                if agreed is not None:
                    return agreed
        return None

    def _scheduled_drafts(self, schedule: DraftSchedule) -> Generator[Any, Any, int | None]:
        """The drafts due after this step (`schedule`), in order, until one is agreed; the package or None."""
        for mediator_id in schedule.due(self.ctx.tally.steps, self.ctx.env.now):
            agreed = yield from self._draft_round(mediator_id)
            if agreed is not None:
                return agreed
        return None

    def _draft_round(self, mediator_id: str) -> Generator[Any, Any, int | None]:
        """Ask a mediator to put a compromise package to both sides; the package if both accept."""
        ctx = self.ctx
        ctx.post.send(Message(Say.CONSULT, self.actor, mediator_id, -1))
        report: Message = yield self.box.get(lambda m: m.say is Say.REPORT)
        return report.outcome if report.approved else None

    def _deliver(self, message: Message, carrier: str | None) -> None:
        """Pass a message across the table, or hand it to the mediator who carries it."""
        if carrier is None:
            self.ctx.post.send(message)
            return
        self.ctx.post.send(message.readdressed(carrier, forward_to=message.recipient))

    def _close(self, agreed: int | None) -> None:
        ctx = self.ctx
        if agreed is None:
            ctx.recorder.emit(EventKind.TALKS_CLOSED, self.actor, "", reason="no agreement",
                              steps=ctx.tally.steps)
            return
        values = {p: float(ctx.valuation.utility[p][agreed]) for p in self.parties}
        ctx.recorder.emit(EventKind.AGREEMENT, self.actor, "", **self.describe(agreed), values=values,
                          steps=ctx.tally.steps)

    def describe(self, outcome: int) -> dict[str, Any]:
        """An outcome as offers and agreements log it; fresh dicts each time (the space's are shared)."""
        released, issues = self.ctx.valuation.space.description(outcome)
        return {"outcome": outcome, "released": dict(released), "issues": dict(issues)}
