"""Run a channel scenario with one seed: rounds recur over the horizon; returns a `Result`.

The shocks and captures run for the whole horizon beside one loop that checks every
`check_every_days` whether a round may open (see `sim.channel` for the rules), runs it with
the round-of-talks machinery of `sim.talks`, and records its exchange. Everything random
comes from named streams of the one seed. Imports neither pandas nor matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.channel.flows import Freezes, MediatorSchedule, RulesSchedule, capture_flow, random_freezes, scheduled_freeze
from sim.channel.outcome import channel_outcome
from sim.channel.rounds import OpenRound, close_round, open_round, run_round
from sim.runtime.context import RunContext, Tally
from sim.runtime.events import Sink
from sim.scenario.channel_schema import Channel, RoundRules, to_day
from sim.scenario.schema import Scenario
from sim.talks.record import ChannelRecord, ExchangeRecord
from sim.talks.result import Result
from sim.talks.setup import finish_run, start_exogenous, start_run


@dataclass(slots=True)
class ChannelState:
    """What the round loop keeps between rounds."""

    freezes: Freezes = field(default_factory=Freezes)
    rounds_opened: int = 0
    rounds_agreed: int = 0
    last_round_end: float | None = None
    exchanges: list[ExchangeRecord] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    agreed_released: dict[str, int] = field(default_factory=dict)
    current: OpenRound | None = None


def run_channel(scenario: Scenario, seed: int = 0, sinks: Sequence[Sink] = (), run_id: str | None = None) -> Result:
    """Simulate the channel of `scenario` with `seed` over its horizon (the result is not yet checked)."""
    channel = scenario.channel
    assert channel is not None, "run_channel needs a scenario with a channel section"
    start = start_run(scenario, seed, sinks, run_id)
    env, base = start.env, start.ctx
    state = ChannelState()
    start_exogenous(base)
    for party in sorted(channel.capture):
        env.process(capture_flow(base, party, channel.capture[party], channel.capture_every_days))
    for freeze in channel.freezes:
        env.process(scheduled_freeze(base, state.freezes, freeze.party, to_day(freeze.start, scenario.start_date),
                                     to_day(freeze.end, scenario.start_date)))
    for index, spec in enumerate(channel.random_freezes):
        env.process(random_freezes(base, state.freezes, spec.party, spec.rate_per_day, spec.days, index))
    env.process(round_loop(base, channel, MediatorSchedule.from_scenario(scenario, channel), state))
    env.run(until=scenario.horizon_days)
    if state.current is not None:
        _finish(state, "partially executed" if state.current.ctx.tally.stage_days else "unfinished")
    outcome = channel_outcome(base, state.tally, state.exchanges, state.agreed_released)
    record = ChannelRecord(state.rounds_opened, state.rounds_agreed, state.freezes.count, tuple(state.exchanges))
    return finish_run(start, seed, outcome, record)


def round_loop(base: RunContext, channel: Channel, mediators: MediatorSchedule,
               state: ChannelState) -> Generator[Any, Any, None]:
    """Process: on each check day, open a round if `may_open` allows, run it to its end and record it in `state`."""
    every = channel.rounds.check_every_days
    schedule = RulesSchedule.from_scenario(base.scenario, channel)
    rng = base.streams("channel/rounds")
    while True:
        # Checks fall on a fixed grid (every `check_every_days` from day 0), also after a round.
        checks = math.floor(float(base.env.now) / every + 1e-9) + 1
        yield base.env.timeout(checks * every - float(base.env.now))
        rules = schedule.at(float(base.env.now))
        if not may_open(base, rules, state, rng):
            continue
        state.rounds_opened += 1
        size = rules.list_size
        if rules.list_size_spread > 0.0:
            size = max(1, round(size * float(rng.lognormal(0.0, rules.list_size_spread))))
        state.current = open_round(base, state.rounds_opened, mediators.at(float(base.env.now)), size)
        yield from run_round(state.current)
        _finish(state, state.current.state.status)


def may_open(base: RunContext, rules: RoundRules, state: ChannelState, rng: np.random.Generator) -> bool:
    """No freeze, enough days since the last round, pressure at the threshold; then a draw of
    probability `open_probability` x pressure (more pressure, sooner a round)."""
    now = float(base.env.now)
    if state.freezes.frozen(now):
        return False
    if state.last_round_end is not None and now - state.last_round_end < rules.min_days_between:
        return False
    level = pressure(base, rules.pressure_scale)
    if level < rules.pressure_threshold:
        return False
    return bool(rng.random() < rules.open_probability * level)


def pressure(base: RunContext, scale: int) -> float:
    """The smaller of the two sides' trust x (1 + urgency) x min(1, own people held by the other / scale)."""
    levels = []
    for party in base.scenario.party_ids:
        holder = base.rosters[base.other(party)]
        held = holder.held_count() if holder is not None else 0
        levels.append(base.trust[party].value * (1.0 + base.valuation.urgency[party]) * min(1.0, held / scale))
    return min(levels)


def _finish(state: ChannelState, status: str) -> None:
    current = state.current
    assert current is not None
    record = close_round(current, status)
    if record is not None:
        state.exchanges.append(record)
    if current.state.agreement is not None:
        state.rounds_agreed += 1
        sizes = current.ctx.valuation.space.released(current.state.agreement.outcome)
        for party, size in sizes.items():
            state.agreed_released[party] = state.agreed_released.get(party, 0) + size
    _add_tally(state.tally, current.ctx.tally)
    state.last_round_end = float(current.ctx.env.now)
    state.current = None


def _add_tally(total: Tally, part: Tally) -> None:
    total.steps += part.steps
    total.referrals += part.referrals
    total.vetoes += part.vetoes
    total.disputes += part.disputes
    total.drafts += part.drafts
    total.stage_days.extend(part.stage_days)
