"""The negotiating table: what every protocol shares.

A table is the process that offers pass through. It opens the talks (logging the venue and
letting each side size up the other's delegation), lets mediators that draft packages hold
side meetings with each delegation, relays messages (with a delay when a mediator carries
them), and closes the talks with an agreement or without one. Protocols subclass it and
supply `talk`, the loop that moves offers.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from sim.agents.messages import TABLE, Message, Say, delegation_address, party_of
from sim.context import RunContext, draw_delay
from sim.events import EventKind
from sim.rules.strategy import compromise


class Table:
    """Runs one round of talks; `negotiate` returns the agreed outcome number or None."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.protocol = ctx.scenario.protocol
        self.mediator = self.protocol.mediator
        self.actor = self.mediator or TABLE
        self.rng = ctx.streams("table")
        self.box = ctx.post.box(TABLE)
        self.parties = ctx.scenario.party_ids
        self.opener = self.protocol.opens or self.parties[0]
        self.stated = dict.fromkeys(self.parties, 1.0)

    def negotiate(self) -> Generator[Any, Any, int | None]:
        self._open()
        agreed = yield from self._side_meetings()
        if agreed is None:
            agreed = yield from self.talk()
        self._close(agreed)
        return agreed

    def talk(self) -> Generator[Any, Any, int | None]:
        raise NotImplementedError

    # --- shared steps -----------------------------------------------------------------------

    def _open(self) -> None:
        ctx = self.ctx
        venue = ctx.scenario.mediators[self.mediator].name if self.mediator else ""
        ctx.recorder.emit(EventKind.TALKS_OPENED, self.actor, "", protocol=self.protocol.kind,
                          venue=venue, outcomes=ctx.valuation.space.size)
        for party in self.parties:
            authority = ctx.scenario.parties[ctx.other(party)].delegation.authority
            threshold = ctx.trust[party].suspicious_below_authority
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

    def _draft_round(self, mediator_id: str) -> Generator[Any, Any, int | None]:
        """A mediator drafts a compromise package and puts it to both delegations."""
        ctx = self.ctx
        valuation = ctx.valuation
        allowed = valuation.available
        for party in self.parties:
            allowed = allowed & valuation.feasible(party, ctx.trust[party].value)
        if not allowed.any():
            allowed = valuation.available
        outcome = compromise([valuation.utility[p] for p in self.parties], allowed,
                             [self.stated[p] for p in self.parties])
        ctx.tally.drafts += 1
        ctx.recorder.emit(EventKind.DRAFT, mediator_id, "", **self.describe(outcome))
        for party in self.parties:
            message = Message(Say.DRAFT, mediator_id, delegation_address(party), outcome, ctx.env.now)
            yield from self._deliver(message, mediator_id)
        accepted = True
        for _ in self.parties:
            response: Message = yield self.box.get(lambda m: m.say is Say.RESPONSE)
            party = party_of(response.sender)
            self.stated[party] = response.aspiration
            accepted &= response.approved
            ctx.recorder.emit(EventKind.RESPONSE, response.sender, mediator_id, outcome=outcome,
                              accepted=response.approved, aspiration=response.aspiration)
        return outcome if accepted else None

    def _deliver(self, message: Message, carrier: str | None) -> Generator[Any, Any, None]:
        """Pass a message on; a shuttle or broker mediator carries it, which takes time."""
        ctx = self.ctx
        mediator = ctx.scenario.mediators.get(carrier) if carrier else None
        if mediator is not None and mediator.style != "host":
            yield ctx.env.timeout(draw_delay(mediator.relay_delay, self.rng))
            ctx.recorder.emit(EventKind.RELAYED, carrier or "", message.recipient,
                              say=message.say.value, outcome=message.outcome)
        ctx.post.send(message)

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
        space = self.ctx.valuation.space
        return {"outcome": outcome, "released": space.released(outcome), "issues": space.issue_options(outcome)}
