"""The leader: final approval of any deal, after a delay, and the power to scrap it late.

A leader is a SimPy process that answers three kinds of request in its mailbox: a referral
from its delegation (may it go below its mandate?), a ratification of an agreed deal, and a
confirmation before each stage of a swap (or it scraps the deal). Its veto rule decides the
first two from the deal's value to its side and its trust in the other side.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np

from sim.rules.veto import VETO_RULES
from sim.runtime.context import RunContext, draw_delay
from sim.runtime.events import EventKind
from sim.runtime.messages import Message, Say, leader_address


class Leader:
    """A party's leader: rules on its delegation's referrals and on deals put to it for ratification."""
    def __init__(self, ctx: RunContext, party: str) -> None:
        self.ctx = ctx
        self.party = party
        self.spec = ctx.scenario.parties[party].leader
        self.rule = VETO_RULES.build(self.spec.veto)
        self._stream = f"leader/{party}"
        self.address = leader_address(party)

    def rng(self) -> np.random.Generator:
        """This agent's random stream, made at the first call: passed uncalled to what may draw, so a
        run that never draws never makes it (a stream depends on its name and the seed alone, so
        when it is made changes no draw; making one costs more than a short negotiation's step)."""
        return self.ctx.streams(self._stream)

    def run(self) -> Generator[Any, Any, None]:
        """The leader's SimPy process: answer each referral, ratification or confirmation in its mailbox."""
        box = self.ctx.post.box(self.address)
        while True:
            message: Message = yield box.get()
            if message.say is Say.CONFIRM:
                self._confirm(message)
                continue
            yield self.ctx.env.timeout(draw_delay(self.spec.delay, self.rng))
            self._rule(message)

    def _rule(self, message: Message) -> None:
        ctx = self.ctx
        value = float(ctx.valuation.utility[self.party][message.outcome])
        trust = ctx.trust[self.party].value
        approved = self.rule.approves(value, trust, self.rng)
        if not approved:
            ctx.tally.vetoes += 1
        stage = "referral" if message.say is Say.REFER else "ratification"
        ctx.recorder.emit(
            EventKind.APPROVAL if approved else EventKind.VETO, self.address, message.sender,
            stage=stage, outcome=message.outcome, value=value, trust=trust,
        )
        ctx.post.send(Message(Say.RULING, self.address, message.sender, message.outcome, approved=approved))

    def _confirm(self, message: Message) -> None:
        """Before a stage: go on (logged as an approval), or scrap the deal (with `scrap_probability`)."""
        scrapped = self.spec.scrap_probability > 0.0 and self.rng().random() < self.spec.scrap_probability
        if not scrapped:
            self.ctx.recorder.emit(EventKind.APPROVAL, self.address, message.sender, stage="execution",
                                   outcome=message.outcome)
        self.ctx.post.send(Message(Say.RULING, self.address, message.sender, message.outcome, approved=not scrapped))
