"""What runs beside the rounds of a channel: captures, freezes, and the mediator in force.

The round rules in force change on the dates of `channel.periods` (`RulesSchedule`).
Captures are a Poisson flow per party, drawn every `capture_every_days` from the party's own
stream and split by category with a multinomial draw; the captives join the party's
roster with values drawn as for a generated roster. A freeze keeps rounds from opening
until its end; it is logged when it starts.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.runtime.context import RunContext
from sim.runtime.events import EventKind
from sim.runtime.messages import leader_address
from sim.scenario.channel_schema import Capture, Channel, RoundRules, to_day
from sim.scenario.schema import Scenario
from sim.valuation.captives import category_values
from sim.valuation.roster import generate_roster

CHANNEL = "channel"


@dataclass(slots=True)
class Freezes:
    """Until when the channel is frozen; shared by the freeze processes and the round loop."""

    until: float = 0.0
    count: int = 0

    def frozen(self, now: float) -> bool:
        """True while a freeze is in force at `now`."""
        return now < self.until


@dataclass(frozen=True, slots=True)
class MediatorSchedule:
    """The mediator in force on each day: (start day, mediator id or None), in order."""

    periods: tuple[tuple[float, str | None], ...] = field(default_factory=tuple)
    default: str | None = None

    @classmethod
    def from_scenario(cls, scenario: Scenario, channel: Channel) -> MediatorSchedule:
        """The periods of `channel.mediators`; before the first, the protocol's own mediator."""
        periods = tuple((to_day(p.start, scenario.start_date), p.mediator) for p in channel.mediators)
        return cls(periods, scenario.protocol.mediator)

    def at(self, day: float) -> str | None:
        """The mediator in force on `day`, or None for none."""
        current = self.default
        for start, mediator in self.periods:
            if start <= day:
                current = mediator
        return current


@dataclass(frozen=True, slots=True)
class RulesSchedule:
    """The round rules in force on each day: `channel.rounds`, then each period on top, by start day."""

    periods: tuple[tuple[float, RoundRules], ...]

    @classmethod
    def from_scenario(cls, scenario: Scenario, channel: Channel) -> RulesSchedule:
        """`channel.rounds` from day 0, then each of `channel.periods` applied over the rules before it."""
        periods = [(0.0, channel.rounds)]
        for period in channel.periods:
            periods.append((to_day(period.start, scenario.start_date), period.apply(periods[-1][1])))
        return cls(tuple(periods))

    def at(self, day: float) -> RoundRules:
        """The round rules in force on `day`."""
        current = self.periods[0][1]
        for start, rules in self.periods:
            if start <= day:
                current = rules
        return current


def capture_flow(ctx: RunContext, party: str, capture: Capture, every: float) -> Generator[Any, Any, None]:
    """Every `every` days, add Poisson(rate x every) new captives to `party`'s roster."""
    scenario = ctx.scenario
    rng = ctx.streams(f"channel/captures/{party}")
    values_rng = ctx.streams(f"channel/captures/{party}/values")
    shares = np.array([capture.mix.get(c, 0.0) if capture.mix else 1.0 for c in scenario.categories])
    shares = shares / shares.sum()
    spec = scenario.parties[party].roster
    assert spec is not None, "validated: a channel party has a roster"
    to_home, to_holder = category_values(scenario, party)
    while True:
        yield ctx.env.timeout(every)
        count = int(rng.poisson(capture.rate_per_day * every))
        if count == 0:
            continue
        counts = rng.multinomial(count, shares)
        roster = ctx.rosters[party]
        assert roster is not None
        roster.append(generate_roster(party, ctx.other(party), counts.tolist(), to_home, to_holder,
                                      spec.value_noise, 0.0, values_rng))
        ctx.recorder.emit(EventKind.EXOGENOUS, "captures", party, urgency=0.0, leverage=0.0, trust_signal=0.0,
                          add_captives={c: int(n) for c, n in zip(scenario.categories, counts, strict=True) if n})


def scheduled_freeze(ctx: RunContext, freezes: Freezes, party: str, start: float,
                     end: float) -> Generator[Any, Any, None]:
    """Process: freeze the channel from day `start` until day `end`."""
    yield ctx.env.timeout(start)
    _freeze(ctx, freezes, party, end, "scheduled")


def random_freezes(ctx: RunContext, freezes: Freezes, party: str, rate_per_day: float, days: float,
                   index: int) -> Generator[Any, Any, None]:
    """Process: freezes of `days` days at Poisson arrivals (`rate_per_day`), drawn from the freeze's own stream."""
    rng = ctx.streams(f"channel/freezes/{index}")
    while True:
        yield ctx.env.timeout(float(rng.exponential(1.0 / rate_per_day)))
        _freeze(ctx, freezes, party, float(ctx.env.now) + days, "random")


def _freeze(ctx: RunContext, freezes: Freezes, party: str, until: float, reason: str) -> None:
    freezes.until = max(freezes.until, until)
    freezes.count += 1
    ctx.recorder.emit(EventKind.CHANNEL_FROZEN, leader_address(party), CHANNEL, until=until, reason=reason)
