"""Alternating offers: direct talks at a host's venue, or shuttle diplomacy through a mediator.

The delegations take turns: each answers the other's last offer by accepting it or making
a counter-offer, until one accepts or the step limit is reached. In `direct` talks offers
pass straight across the table; in `shuttle` the mediator carries each one, which takes
its relay delay. A mediator that drafts packages puts a compromise to both sides every
`draft_every_steps` offers.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from sim.agents.messages import Message, Say, delegation_address, party_of
from sim.events import EventKind
from sim.protocols.table import Table


class AlternatingOffers(Table):
    def talk(self) -> Generator[Any, Any, int | None]:
        ctx = self.ctx
        mediator = ctx.scenario.mediators.get(self.mediator) if self.mediator else None
        drafting = mediator is not None and mediator.drafts_packages
        ctx.post.send(Message(Say.OPEN, self.actor, delegation_address(self.opener), -1))
        while True:
            message: Message = yield self.box.get(lambda m: m.say in (Say.OFFER, Say.ACCEPT))
            sender = party_of(message.sender)
            receiver = ctx.other(sender)
            if message.say is Say.ACCEPT:
                ctx.recorder.emit(EventKind.RESPONSE, message.sender, delegation_address(receiver),
                                  outcome=message.outcome, accepted=True, aspiration=message.aspiration)
                return message.outcome
            ctx.tally.steps += 1
            ctx.recorder.emit(EventKind.OFFER, message.sender, delegation_address(receiver),
                              **self.describe(message.outcome), step=ctx.tally.steps,
                              value=float(ctx.valuation.utility[sender][message.outcome]),
                              aspiration=message.aspiration)
            if ctx.tally.steps >= self.protocol.max_steps:
                return None
            if drafting and self.mediator and ctx.tally.steps % mediator.draft_every_steps == 0:  # type: ignore[union-attr]
                agreed = yield from self._draft_round(self.mediator)
                if agreed is not None:
                    return agreed
            forward = Message(Say.OFFER, message.sender, delegation_address(receiver), message.outcome)
            self._deliver(forward, self.mediator)
