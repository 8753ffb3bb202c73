"""The delegation: negotiates for its party within a mandate, referring to its leader below it.

A delegation is a SimPy process that answers what the table puts in its mailbox: open the
talks with an offer, answer the other side's offer (accept or counter), answer a mediator's
draft. Its concession strategy sets the utility it insists on; its authority sets how far
it may concede alone. Conceding further needs a referral to its leader, which takes time
and may be refused. It disputes lists that name captives its side denies holding.

A bloc in alternating offers speaks through a delegation of its own, keyed by the bloc id: it
has its lead member's mandate, strategy and leader, and values a package by the bloc's
utility (`sim.valuation.utilities.Valuation`: its least satisfied member's surplus).

A delegation whose `anticipation` is on plays a two-level game (`sim.rules.anticipation`):
its stance allows only packages its own ratifiers (a bloc's: every member's) would veto
with probability at most its threshold, and its aspiration holds at the least they accept.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np

from sim.rules.anticipation import anticipate, held_aspiration
from sim.rules.strategy import STRATEGIES, accepts
from sim.runtime.context import RunContext, draw_delay
from sim.runtime.events import EventKind
from sim.runtime.messages import TABLE, Message, Say, delegation_address, leader_address, offer
from sim.valuation.ranking import Ranking, shared_ranking

DISPUTE_TRUST_WEIGHT = 0.5


class Stance:
    """What a delegation derives from its trust, its leverage and the utilities: kept until one moves.

    The valuation caches each piece too, but looking them up again costs more than the
    decision itself at every offer; `key` says which trust, leverage and valuation generation
    the pieces belong to, and the ranking is fetched only when an offer is chosen (building
    it fails on an empty space, which a bound alone must not).
    """

    __slots__ = ("key", "floor", "ceiling", "mandate", "allowed", "ranking", "offerable", "least")

    def __init__(self, key: tuple[Any, ...], bounds: tuple[float, float], authority: float, allowed: Any,
                 offerable: Any = None) -> None:
        self.key = key
        self.floor, self.ceiling = bounds
        self.mandate = self.ceiling - authority * (self.ceiling - self.floor)
        self.allowed = allowed
        self.ranking: Ranking | None = None
        self.offerable = offerable
        """Outcomes offers are chosen from when the delegation anticipates its ratifiers (None: the feasible ones,
        ranked by the valuation)."""
        self.least: float | None = None
        """The least aspiration a delegation citing its ratifiers holds out for (None: no such floor)."""


class Delegation:
    """Negotiates for one party at the table within its mandate, referring to its leader below it."""
    def __init__(self, ctx: RunContext, party: str) -> None:
        self.ctx = ctx
        self.party = party
        self.other = ctx.other(party)
        lead = ctx.scenario.lead_of(party)  # the party itself, or the member who speaks for a bloc
        self.spec = ctx.scenario.parties[lead].delegation
        self._leader = leader_address(lead)
        self.strategy = STRATEGIES.build(self.spec.strategy)
        self._stream = f"delegation/{party}"
        self.address = delegation_address(party)
        self.cleared = self.spec.authority >= 1.0
        self.refused = False
        self._stance: Stance | None = None
        # checked at every offer, so looked up once: only a side with a roster can deny holding
        # a captive a list names (rosters are made when the run starts), and only some strategies
        # learn from the other side's offers
        self._may_deny = ctx.valuation.rosters.get(party) is not None
        self._observes = self.strategy.observes
        self._tally = ctx.tally
        self._max_steps = ctx.scenario.protocol.max_steps
        self._anticipation = self.spec.anticipation
        members = ctx.scenario.sides.get(party, (party,))  # a bloc's voice answers to every member's ratifiers
        self._ratifiers = ctx.ratifiers_of(members) if self._anticipation.enabled else None

    def rng(self) -> np.random.Generator:
        """This agent's random stream, made at the first call: passed uncalled to what may draw, so a
        run that never draws never makes it (a stream depends on its name and the seed alone, so
        when it is made changes no draw; making one costs more than a short negotiation's step)."""
        return self.ctx.streams(self._stream)

    def run(self) -> Generator[Any, Any, None]:
        """The delegation's SimPy process: answer each message the table sends, one step at a time."""
        ctx = self.ctx
        box = ctx.post.box(self.address)
        step_days = ctx.step_days
        timeout, send = ctx.env.timeout, ctx.post.send
        opening, offering = Say.OPEN, Say.OFFER  # an enum member costs a lookup each time it is named
        while True:
            message: Message = yield box.get()
            if message.say is opening:
                level, stance = self._aspiration_now()
                reply = self._counter_alone(level, stance)
                if reply is None:
                    reply = yield from self._counter(level)
            elif message.say is offering:
                value, level, stance = self._take_offer(message.outcome)
                reply = self._answer_alone(message.outcome, value, level, stance)
                if reply is None:
                    reply = yield from self._answer_with_leader(message.outcome, level)
            else:
                reply = yield from self._answer_draft(message)
            if reply.recipient != message.reply_to:
                reply = reply.readdressed(message.reply_to)  # replies are made out to the table
            yield timeout(step_days)
            send(reply)

    # --- decisions --------------------------------------------------------------------------
    # Most answers need no referral to the leader. `_answer_alone` and `_counter_alone` give
    # those at once, without the nested generators of `_will_accept`, `_counter` and
    # `_refer`, and return None when the leader must be asked; the generators then decide,
    # from the same state, exactly as they always have (a referral cannot have started yet).
    # Both paths stay for speed; tests/test_delegation.py drives them from random states
    # and asserts they decide the same.

    def _take_offer(self, outcome: int) -> tuple[float, float, Stance]:
        """Hear the other side's offer: dispute names, let the strategy see its value; that value
        (after any names are struck), the aspiration now and the stance it comes from."""
        if self._may_deny:
            self._check_names(outcome)
        value = float(self.ctx.valuation.utility[self.party][outcome])
        if self._observes:
            self.strategy.observe(value)
        level, stance = self._aspiration_now()
        return value, level, stance

    def _answer_with_leader(self, outcome: int, level: float) -> Generator[Any, Any, Message]:
        if (yield from self._will_accept(outcome, level)):
            return self._message(Say.ACCEPT, outcome, aspiration=level)
        return (yield from self._counter(level))

    def _answer_alone(self, outcome: int, value: float, level: float, stance: Stance) -> Message | None:
        """Accept or counter `outcome` (worth `value`) as `_will_accept` and `_counter` would; None if
        that needs a referral."""
        if accepts(value, bool(stance.allowed[outcome]), level):
            if value >= stance.mandate or self.cleared:
                return self._message(Say.ACCEPT, outcome, aspiration=level)
            if not self.refused:
                return None
        return self._counter_alone(level, stance)

    def _counter_alone(self, level: float, stance: Stance) -> Message | None:
        """The counter-offer `_counter` makes at `level` when no referral is asked (None if one would be)."""
        if level < stance.mandate and not self.cleared:
            if not self.refused:
                return None
            level = stance.mandate  # a refused delegation is not heard again: `_refer` says no at once
        outcome = self._choose(level, stance)
        if self._may_deny and self._check_names(outcome):
            outcome = self._choose(level)  # names struck: the utilities, so the stance, have moved
        return offer(self.address, TABLE, outcome, level)

    def _answer_draft(self, draft: Message) -> Generator[Any, Any, Message]:
        self._check_names(draft.outcome)
        level = self._aspiration()
        accepted = yield from self._will_accept(draft.outcome, level)
        return self._message(Say.RESPONSE, draft.outcome, approved=accepted, aspiration=level)

    def _will_accept(self, outcome: int, level: float) -> Generator[Any, Any, bool]:
        ctx = self.ctx
        value = float(ctx.valuation.utility[self.party][outcome])
        allowed = bool(self._allowed()[outcome])
        if not accepts(value, allowed, level):
            return False
        if value >= self._mandate() or self.cleared:
            return True
        return (yield from self._refer(outcome))

    def _counter(self, level: float) -> Generator[Any, Any, Message]:
        if level < self._mandate() and not self.cleared:
            candidate = self._choose(level)
            if not (yield from self._refer(candidate)):
                level = self._mandate()
        outcome = self._choose(level)
        if self._check_names(outcome):
            outcome = self._choose(level)
        return self._message(Say.OFFER, outcome, aspiration=level)

    def _refer(self, outcome: int) -> Generator[Any, Any, bool]:
        """Ask the leader to approve going below the mandate; at most once a round if refused."""
        if self.refused:
            return False
        ctx = self.ctx
        ctx.tally.referrals += 1
        ctx.recorder.emit(EventKind.REFERRAL, self.address, self._leader, outcome=outcome,
                          value=float(ctx.valuation.utility[self.party][outcome]))
        yield ctx.env.timeout(draw_delay(self.spec.referral_delay, self.rng))
        ctx.post.send(Message(Say.REFER, self.address, self._leader, outcome))
        ruling: Message = yield ctx.post.box(self.address).get(lambda m: m.say is Say.RULING)
        yield ctx.env.timeout(draw_delay(self.spec.referral_delay, self.rng))
        if ruling.approved:
            self.cleared = True
        else:
            self.refused = True
        return ruling.approved

    def _check_names(self, outcome: int) -> bool:
        """Dispute a list that names captives this side denies holding; True if names were struck."""
        ctx = self.ctx
        denied = ctx.valuation.denied(self.party, outcome)
        if denied == 0:
            return False
        ctx.tally.disputes += 1
        ctx.recorder.emit(EventKind.DISPUTE, self.address, delegation_address(self.other),
                          outcome=outcome, denied=denied)
        ctx.valuation.strike(self.party)
        ctx.observe_across(self.party, kept=False, weight=DISPUTE_TRUST_WEIGHT, reason="names disputed")
        return True

    # --- what the delegation knows ----------------------------------------------------------

    def _current(self) -> Stance:
        """The stance at the current trust, leverage and utilities (the same as asking the valuation)."""
        valuation = self.ctx.valuation
        trust = self.ctx.trust[self.party].value
        key: tuple[Any, ...] = (trust, valuation.leverage[self.party], valuation, valuation.generation)
        if self._ratifiers is not None and len(self._ratifiers.members) > 1:
            key += tuple(self.ctx.trust[member].value for member in self._ratifiers.members)
        stance = self._stance
        if stance is None or stance.key != key:
            if self._ratifiers is None:
                stance = Stance(key, valuation.bounds(self.party, trust), self.spec.authority,
                                valuation.feasible(self.party, trust))
            else:
                stance = self._anticipating(key, trust)
            self._stance = stance
        return stance

    def _anticipating(self, key: tuple[Any, ...], trust: float) -> Stance:
        """The stance of a delegation that anticipates its ratifiers (`sim.rules.anticipation`)."""
        assert self._ratifiers is not None
        ctx, party, spec = self.ctx, self.party, self._anticipation
        valuation = ctx.valuation
        veto = self._ratifiers.veto_probability(valuation.utility, {m: ctx.trust[m].value
                                                                    for m in self._ratifiers.members})
        found = anticipate(valuation.utility[party], valuation.feasible(party, trust), veto, spec.max_veto_probability)
        bounds = (min(valuation.reserved(party), found.ceiling), found.ceiling)
        stance = Stance(key, bounds, self.spec.authority, found.acceptable, found.offerable)
        if spec.cites_ratifiers:
            stance.least = found.least
        return stance

    def _allowed(self) -> Any:
        return self._current().allowed

    def _bounds(self) -> tuple[float, float]:
        stance = self._current()
        return stance.floor, stance.ceiling

    def _mandate(self) -> float:
        """The least this delegation may accept or offer without asking its leader."""
        return self._current().mandate

    def _aspiration(self) -> float:
        return self._aspiration_now()[0]

    def _aspiration_now(self) -> tuple[float, Stance]:
        """The aspiration now, and the stance it was computed from."""
        stance = self._current()
        time = min(1.0, self._tally.steps / self._max_steps)
        level = self.strategy.aspiration(time, stance.floor, stance.ceiling)
        if stance.least is not None:  # a delegation citing its ratifiers holds out for what they accept
            level = held_aspiration(level, stance.least)
        return level, stance

    def _choose(self, level: float, stance: Stance | None = None) -> int:
        """The offer `choose_offer` makes at `level`, found in the party's ranking of outcomes
        (`stance`: the current one, when the caller has just fetched it)."""
        if stance is None:
            stance = self._current()
        if stance.ranking is None:
            valuation = self.ctx.valuation
            if stance.offerable is None:
                stance.ranking = valuation.ranking(self.party, stance.key[0])
            else:
                stance.ranking = shared_ranking(valuation.utility[self.party], stance.offerable,
                                                valuation.opponent(self.party))
        return stance.ranking.choose(level, self.strategy.tolerance)

    def _message(self, say: Say, outcome: int, approved: bool = False, aspiration: float = 0.0) -> Message:
        """A reply, addressed to the table until `run` readdresses it to the asker's `reply_to`."""
        return Message(say, self.address, TABLE, outcome, approved, aspiration)
