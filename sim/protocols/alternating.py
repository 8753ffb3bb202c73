"""Alternating offers: direct talks at a host's venue, or shuttle diplomacy through a mediator.

The delegations take turns: each answers the other's last offer by accepting it or making
a counter-offer, until one accepts or the step limit is reached. A bloc speaks through its
own delegation (see `sim.agents.delegation`), so two blocs alternate as two parties do. In `direct` talks offers
pass straight across the table; in `shuttle` the mediator carries each one, which takes
its relay delay. A mediator that drafts packages puts a compromise to both sides every
`draft_every_steps` offers; so does every other drafting mediator with `drafting: cadence`,
each on its own cadence (`sim.rules.mediation.DraftSchedule`).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from sim.protocols.table import Table
from sim.rules.mediation import draft_schedule
from sim.runtime.events import EventKind
from sim.runtime.messages import TABLE, Message, Say, delegation_address, offer, party_of

_OFFER, _LOGGED_OFFER = Say.OFFER, EventKind.OFFER  # an enum member costs a lookup each time it is named


class AlternatingOffers(Table):
    """Alternating offers, direct or through a mediator: each side accepts the last offer or counters it."""
    def talk(self) -> Generator[Any, Any, int | None]:
        """Move offers until one side accepts (the outcome number) or the step limit (None)."""
        ctx = self.ctx
        # per sending delegation: its party and the other side's delegation (the offer's target)
        self._across = {delegation_address(p): (p, delegation_address(ctx.other(p))) for p in self.voices}
        self._schedule = draft_schedule(ctx.scenario, self.mediator, running_on_cadence=True) or None
        ctx.post.listen(TABLE, self._hear)
        try:
            return (yield from self._talk())
        finally:
            ctx.post.listen(TABLE, None)

    def _talk(self) -> Generator[Any, Any, int | None]:
        ctx = self.ctx
        ctx.post.send(Message(Say.OPEN, self.actor, delegation_address(self.opener), -1))
        while True:
            message: Message = yield self.box.get(lambda m: m.say in (Say.OFFER, Say.ACCEPT))
            if message.say is Say.ACCEPT:
                receiver = ctx.other(party_of(message.sender))
                ctx.recorder.emit(EventKind.RESPONSE, message.sender, delegation_address(receiver),
                                  outcome=message.outcome, accepted=True, aspiration=message.aspiration)
                return message.outcome
            self._log_offer(message)
            if ctx.tally.steps >= self.protocol.max_steps:
                return None
            if self._schedule is not None:
                agreed = yield from self._scheduled_drafts(self._schedule)
                if agreed is not None:
                    return agreed
            self._pass_on(message)

    def _hear(self, message: Message) -> bool:
        """Pass on at once an offer that needs nothing else from the table; True if it was handled.

        Anything else (an acceptance, the offer that reaches the step limit or is due a
        mediator's draft) goes to the table's mailbox for `_talk` to wait on; this saves the
        table process two SimPy events per offer and logs the same events in the same order.
        """
        if message.say is not _OFFER:
            return False
        steps = self.ctx.tally.steps + 1
        if steps >= self.protocol.max_steps or (
                self._schedule is not None and self._schedule.due(steps, self.ctx.env.now)):
            return False
        receiver = self._log_offer(message)
        if self.mediator is None:  # `_pass_on` for direct talks, without its two calls
            self.ctx.post.send(offer(message.sender, receiver, message.outcome))
        else:
            self._pass_on(message)
        return True

    def _log_offer(self, message: Message) -> str:
        """Count and log an offer; the address it goes to."""
        ctx = self.ctx
        sender, receiver = self._across[message.sender]
        outcome = message.outcome
        released, issues = ctx.valuation.space.description(outcome)
        ctx.tally.steps += 1
        ctx.recorder.emit(_LOGGED_OFFER, message.sender, receiver, outcome=outcome, released=dict(released),
                          issues=dict(issues), step=ctx.tally.steps,
                          value=float(ctx.valuation.utility[sender][outcome]), aspiration=message.aspiration)
        return receiver

    def _pass_on(self, message: Message) -> None:
        receiver = self._across[message.sender][1]
        self._deliver(offer(message.sender, receiver, message.outcome), self.mediator)
