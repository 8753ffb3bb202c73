"""Run one scenario with one seed: build the SimPy processes, run them, return a `Result`.

The engine wires a scenario to its agents: one leader and one delegation per party, one
process per mediator, the table of the scenario's protocol, and a process per exogenous
event, started in sorted id order. A round of talks runs to agreement or deadline; an agreement goes to the leaders
for ratification and then to execution. Everything random comes from streams derived from
the one seed, so the same seed gives the same event log, byte for byte. This module
imports neither pandas nor matplotlib.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import simpy

from sim.agents.delegation import Delegation
from sim.agents.leader import Leader
from sim.agents.mediator import Mediator
from sim.agents.messages import TABLE, PostOffice, delegation_address, leader_address
from sim.agreement import EXECUTION, RATIFIER, Agreement, execute, ratify
from sim.captives import build_rosters
from sim.context import RunContext
from sim.events import EventKind, MemorySink, Recorder, Sink
from sim.exogenous import random_shocks, scheduled
from sim.guard import BoundedEnvironment
from sim.invariants import check_run
from sim.outcome import Outcome, summarise
from sim.protocols import build_table
from sim.randomness import Streams
from sim.result import Result
from sim.rules.trust import TRUST_MODELS
from sim.scenario.schema import Scenario
from sim.valuation import Valuation, build_space, read_preferences


@dataclass(slots=True)
class RoundState:
    status: str = "talking"
    agreement: Agreement | None = None


def run(scenario: Scenario, seed: int = 0, sinks: Sequence[Sink] = (), run_id: str | None = None) -> Result:
    """Simulate `scenario` with `seed`; events also go to each of `sinks` as they happen."""
    if scenario.channel is not None:
        from sim.channel.engine import run_channel  # the channel builds on this module

        return check_run(run_channel(scenario, seed, sinks, run_id))
    memory = MemorySink()
    env = BoundedEnvironment()
    recorder = Recorder(run_id or make_run_id(scenario, seed), lambda: env.now, [memory, *sinks])
    ctx = build_context(scenario, seed, env, recorder)
    state = RoundState()
    for party in scenario.party_ids:
        env.process(Leader(ctx, party).run())
        env.process(Delegation(ctx, party).run())
    for mediator_id in sorted(scenario.mediators):
        env.process(Mediator(ctx, mediator_id).run())
    for event in scenario.events.scheduled:
        env.process(scheduled(ctx, event))
    for index, random_event in enumerate(scenario.events.random):
        env.process(random_shocks(ctx, random_event, index))
    talks = env.process(round_of_talks(ctx, state))
    env.run(until=env.any_of([talks, env.timeout(scenario.horizon_days)]))
    if not talks.triggered:
        state.status = "partially executed" if ctx.tally.stage_days else "unfinished"
    outcome: Outcome = summarise(ctx, state.status, state.agreement)
    recorder.emit(EventKind.RUN_ENDED, TABLE, "", status=outcome.status)
    return check_run(Result(run_id=recorder.run, seed=seed, scenario=scenario, events=tuple(memory.events),
                            outcome=outcome))


def build_context(scenario: Scenario, seed: int, env: simpy.Environment, recorder: Recorder) -> RunContext:
    streams = Streams(seed)
    rosters = build_rosters(scenario, streams)
    preferences = {p: read_preferences(scenario, p, i) for i, p in enumerate(scenario.party_ids)}
    valuation = Valuation(build_space(scenario, rosters), preferences, rosters)
    for party in scenario.party_ids:
        valuation.urgency[party] = scenario.parties[party].interests.urgency
    valuation.recompute()
    trust = {p: TRUST_MODELS.build(scenario.parties[p].trust) for p in scenario.party_ids}
    addresses = [TABLE, RATIFIER, EXECUTION, *scenario.mediators]
    addresses += [leader_address(p) for p in scenario.party_ids]
    addresses += [delegation_address(p) for p in scenario.party_ids]
    post = PostOffice(env, addresses)
    return RunContext(env, scenario, streams, recorder, post, rosters, valuation, trust)


def round_of_talks(ctx: RunContext, state: RoundState) -> Generator[Any, Any, None]:
    """Talks, then ratification, then execution; `state` says how far it got."""
    outcome = yield ctx.env.process(build_table(ctx).negotiate())
    if outcome is None:
        state.status = "no agreement"
        return
    state.agreement = Agreement(outcome, float(ctx.env.now), ctx.valuation.package(outcome))
    state.status = "ratifying"
    if not (yield from ratify(ctx, state.agreement)):
        state.status = "vetoed"
        ctx.recorder.emit(EventKind.TALKS_CLOSED, TABLE, "", reason="vetoed", steps=ctx.tally.steps)
        return
    state.status = "executing"
    state.status = yield from execute(ctx, state.agreement)


def make_run_id(scenario: Scenario, seed: int) -> str:
    return f"{_slug(scenario.name)}-seed{seed}"


@lru_cache(maxsize=64)
def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "run"
