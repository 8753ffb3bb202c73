"""Exogenous events: scheduled and random shocks that shift urgency, leverage or trust.

A counteroffensive raises one side's leverage, an atrocity against captives raises the
other's urgency, a mass surrender adds captives to a roster. Scheduled events happen on
their day; random ones arrive as a Poisson process with their own stream. Each shock is
logged with its effects.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np

from sim.runtime.context import RunContext
from sim.runtime.events import EventKind
from sim.scenario.schema import Effect, RandomEvent, ScheduledEvent
from sim.valuation.captives import category_values
from sim.valuation.roster import generate_roster


def scheduled(ctx: RunContext, event: ScheduledEvent) -> Generator[Any, Any, None]:
    """Process: apply a scheduled event's effects on its day."""
    yield ctx.env.timeout(event.day)
    apply_shock(ctx, event.name, event.effects)


def random_shocks(ctx: RunContext, event: RandomEvent, index: int) -> Generator[Any, Any, None]:
    """Process: apply a random event's effects at Poisson arrivals (`rate_per_day`), drawn from its own stream."""
    rng = ctx.streams(f"events/random/{index}")
    while True:
        yield ctx.env.timeout(float(rng.exponential(1.0 / event.rate_per_day)))
        apply_shock(ctx, event.name, event.effects)


def apply_shock(ctx: RunContext, name: str, effects: list[Effect]) -> None:
    """Log and apply one shock's effects on urgency, leverage, trust and rosters, then recompute the values."""
    valuation = ctx.valuation
    changes_values = any(e.urgency or e.leverage or e.add_captives for e in effects)
    for effect in effects:
        party = effect.party
        ctx.recorder.emit(EventKind.EXOGENOUS, name, party, urgency=effect.urgency, leverage=effect.leverage,
                          trust_signal=effect.trust_signal, add_captives=dict(effect.add_captives))
        valuation.urgency[party] = float(np.clip(valuation.urgency[party] + effect.urgency, 0.0, 10.0))
        valuation.leverage[party] = float(np.clip(valuation.leverage[party] + effect.leverage, -1.0, 1.0))
        if effect.trust_signal:
            ctx.observe_trust(party, kept=effect.trust_signal > 0, weight=abs(effect.trust_signal), reason=name)
        if effect.add_captives:
            _add_captives(ctx, name, effect)
    if changes_values:
        valuation.recompute()


def _add_captives(ctx: RunContext, name: str, effect: Effect) -> None:
    roster = ctx.rosters[effect.party]
    assert roster is not None, "validated: add_captives needs a roster"
    scenario = ctx.scenario
    spec = scenario.parties[effect.party].roster
    assert spec is not None
    counts = [effect.add_captives.get(c, 0) for c in scenario.categories]
    to_home, to_holder = category_values(scenario, effect.party)
    added = generate_roster(effect.party, roster.home, counts, to_home, to_holder,
                            spec.value_noise, 0.0, ctx.streams(f"captives/{name}/{effect.party}"))
    roster.append(added)
