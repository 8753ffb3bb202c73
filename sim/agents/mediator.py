"""The mediator: carries messages between the sides and drafts compromise packages.

A mediator is a SimPy process with its own mailbox. A message that arrives with
`forward_to` set is carried on to that address; a shuttle or broker takes its relay delay
to do so, a host passes it across its table at once. Asked by the table to `CONSULT`, it
drafts the package that comes closest to what each side last told it it needs (the largest
smallest margin over their stated aspirations), puts it to both delegations, and reports
to the table whether both accepted. A mediator with interests of its own leans its drafts
toward its preferred package, and presses as its deadline nears (`sim.rules.mediation`).
The styles differ where a mediator drafts: a host's draft reaches both sides at once, a
shuttle carries it to each side in turn (its relay delay each way), and a broker's is out
of sight (a mediator on a cadence or with interests logs `public: false` on its drafts). A draft
leaves out packages that a side anticipating its own ratifiers would refuse for fear of
their veto (`sim.rules.anticipation`), so a draft is not accepted and then vetoed, unless
that leaves nothing to draft.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np

from sim.rules.anticipation import SLACK, Ratifiers
from sim.rules.mediation import closeness, drafts_in_detail, lean_of, leaning_draft, press_from_day
from sim.runtime.context import RunContext, draw_delay
from sim.runtime.events import EventKind
from sim.runtime.messages import TABLE, Message, Say, delegation_address, party_of


class Mediator:
    """A third party that carries offers between the sides (shuttle diplomacy) and drafts packages."""
    def __init__(self, ctx: RunContext, mediator_id: str) -> None:
        self.ctx = ctx
        self.address = mediator_id
        self.spec = ctx.scenario.mediators[mediator_id]
        self._stream = f"mediator/{mediator_id}"
        self.parties = ctx.scenario.party_ids
        self.stated = dict.fromkeys(self.parties, 1.0)
        self._detailed = drafts_in_detail(self.spec)
        self._press_from = press_from_day(self.spec.interests, ctx.scenario.start_date)
        self._pressed = False
        self._near: tuple[object, Any] | None = None  # (outcome space, closeness to the preferred package)
        self._ratifiers: dict[str, Ratifiers] | None = None
        """The ratifiers of each party whose delegation anticipates them (each answers a draft for itself):
        made at the first draft, as most mediators never draft."""
        self._ratified_mask: tuple[tuple[Any, ...], Any] | None = None
        """The last mask of `_ratified`, with the key it was made for."""

    def rng(self) -> np.random.Generator:
        """This agent's random stream, made at the first call: passed uncalled to what may draw, so a
        run that never draws never makes it (a stream depends on its name and the seed alone, so
        when it is made changes no draw; making one costs more than a short negotiation's step)."""
        return self.ctx.streams(self._stream)

    def run(self) -> Generator[Any, Any, None]:
        """The mediator's SimPy process: relay what it is asked to carry, draft when consulted."""
        box = self.ctx.post.box(self.address)
        while True:
            message: Message = yield box.get(lambda m: m.say is not Say.RESPONSE)
            if message.say is Say.CONSULT:
                yield from self._draft_round()
            else:
                yield from self.carry(message)

    def carry(self, message: Message) -> Generator[Any, Any, None]:
        """Pass a message on to its `forward_to`; carrying between capitals takes the relay delay."""
        ctx = self.ctx
        if self.spec.style != "host":
            yield ctx.env.timeout(draw_delay(self.spec.relay_delay, self.rng))
            ctx.recorder.emit(EventKind.RELAYED, self.address, message.forward_to,
                              say=message.say.value, outcome=message.outcome)
        ctx.post.send(message.readdressed(message.forward_to))

    def _draft_round(self) -> Generator[Any, Any, None]:
        ctx = self.ctx
        pressing = ctx.env.now >= self._press_from
        if pressing and not self._pressed:
            self._pressed = True
            ctx.recorder.emit(EventKind.MEDIATOR_PRESSED, self.address, "", deadline_day=self._press_from
                              + self.spec.interests.press_days, step=ctx.tally.steps)
        lean = lean_of(self.spec, pressing)
        outcome = self._draft(lean)
        ctx.tally.drafts += 1
        space = ctx.valuation.space
        detail = ({"step": ctx.tally.steps, "pressing": pressing, "lean": lean, "public": self.spec.style != "broker"}
                  if self._detailed else {})
        ctx.recorder.emit(EventKind.DRAFT, self.address, "", outcome=outcome, released=space.released(outcome),
                          issues=space.issue_options(outcome), **detail)
        for party in self.parties:
            yield from self.carry(Message(Say.DRAFT, self.address, self.address, outcome,
                                          reply_to=self.address, forward_to=delegation_address(party)))
        accepted = True
        for _ in self.parties:
            response: Message = yield ctx.post.box(self.address).get(lambda m: m.say is Say.RESPONSE)
            self.stated[party_of(response.sender)] = response.aspiration
            accepted &= response.approved
            ctx.recorder.emit(EventKind.RESPONSE, response.sender, self.address, outcome=outcome,
                              accepted=response.approved, aspiration=response.aspiration)
        ctx.post.send(Message(Say.REPORT, self.address, TABLE, outcome, approved=accepted))

    def _draft(self, lean: float) -> int:
        """The package with the largest smallest margin over what each side said it needs, leaning by `lean`
        toward the mediator's preferred package (`sim.rules.mediation.leaning_draft`)."""
        ctx = self.ctx
        valuation = ctx.valuation
        allowed = valuation.available
        for party in self.parties:
            allowed = allowed & valuation.feasible(party, ctx.trust[party].value)
        if self._ratifiers is None:
            self._ratifiers = {party: ctx.ratifiers_of((party,)) for party in self.parties
                               if ctx.scenario.parties[party].delegation.anticipation.enabled}
        if self._ratifiers:
            ratified = allowed & self._ratified()
            allowed = ratified if ratified.any() else allowed
        if not allowed.any():
            allowed = valuation.available
        return leaning_draft([valuation.utility[p] for p in self.parties], allowed,
                             [self.stated[p] for p in self.parties], self._closeness() if lean else None, lean)

    def _closeness(self) -> Any:
        """Closeness (0..1) of each outcome to the preferred package, made once per outcome space."""
        space = self.ctx.valuation.space
        preferred = self.spec.interests.preferred
        assert preferred is not None, "a lean needs a preferred package"
        if self._near is None or self._near[0] is not space:
            self._near = (space, closeness(space, preferred))
        return self._near[1]

    def _ratified(self) -> Any:
        """Outcomes no anticipating party's ratifiers would veto with more than its delegation's threshold
        (made again only when the utilities or the trust it depends on change)."""
        ctx = self.ctx
        valuation = ctx.valuation
        assert self._ratifiers is not None, "made by `_draft`"
        trust = {party: ctx.trust[party].value for party in self._ratifiers}
        key = (valuation, valuation.generation, *trust.values())
        if self._ratified_mask is not None and self._ratified_mask[0] == key:
            return self._ratified_mask[1]
        mask = valuation.available
        for party, ratifiers in self._ratifiers.items():
            threshold = ctx.scenario.parties[party].delegation.anticipation.max_veto_probability
            mask = mask & (ratifiers.veto_probability(valuation.utility, trust) <= threshold + SLACK)
        self._ratified_mask = (key, mask)
        return mask
