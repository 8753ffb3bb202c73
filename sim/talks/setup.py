"""Setting up a run, round or channel alike: the bounded environment, the recorder and the run's context.

`start_run` makes the SimPy environment, the recorder writing to an in-memory sink and to
the caller's sinks, and the `RunContext` (rosters, valuation, trust, mailboxes) from one
seed; `start_exogenous` starts the scenario's scheduled and random events; `finish_run`
records the end and wraps everything in a `Result`. A round of talks (`sim.talks.round`)
and a channel (`sim.channel.engine`) both start and finish through here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import simpy

from sim.agents.veto_player import veto_player_address
from sim.randomness import Streams
from sim.rules.trust import TRUST_MODELS, JointTrust, TrustModel
from sim.runtime.context import RunContext
from sim.runtime.events import EventKind, MemorySink, Recorder, Sink
from sim.runtime.guard import BoundedEnvironment
from sim.runtime.messages import TABLE, PostOffice, delegation_address, leader_address
from sim.scenario.schema import Scenario
from sim.talks.agreement import EXECUTION, RATIFIER
from sim.talks.exogenous import random_shocks, scheduled
from sim.talks.outcome import Outcome
from sim.talks.record import ChannelRecord
from sim.talks.result import Result
from sim.valuation.captives import build_rosters, resolve_people
from sim.valuation.preferences import read_preferences
from sim.valuation.utilities import Valuation, build_space


@dataclass(frozen=True, slots=True)
class RunStart:
    """A run ready for its processes: environment, recorder, the in-memory log and the context."""

    env: simpy.Environment
    recorder: Recorder
    memory: MemorySink
    ctx: RunContext
    held: Mapping[str, int]
    """Captives each party holds at the start."""


def start_run(scenario: Scenario, seed: int, sinks: Sequence[Sink] = (), run_id: str | None = None) -> RunStart:
    """The environment, recorder and context of one run of `scenario` with `seed`."""
    memory = MemorySink()
    env = BoundedEnvironment()
    recorder = Recorder(run_id or make_run_id(scenario, seed), lambda: env.now, [memory, *sinks])
    ctx = build_context(scenario, seed, env, recorder)
    held = {party: 0 if roster is None else int(roster.ids.size) for party, roster in ctx.rosters.items()}
    return RunStart(env, recorder, memory, ctx, held)


def start_exogenous(ctx: RunContext) -> None:
    """Start the scenario's scheduled events, then its random shocks, in file order."""
    for event in ctx.scenario.events.scheduled:
        ctx.env.process(scheduled(ctx, event))
    for index, random_event in enumerate(ctx.scenario.events.random):
        ctx.env.process(random_shocks(ctx, random_event, index))


def finish_run(start: RunStart, seed: int, outcome: Outcome, channel: ChannelRecord | None = None,
               stages: tuple[dict[str, Any], ...] = ()) -> Result:
    """Record the end of the run and gather its events, outcome and the fates of its stages in a `Result`."""
    start.recorder.emit(EventKind.RUN_ENDED, TABLE, "", status=outcome.status)
    start.recorder.finish()
    return Result(run_id=start.recorder.run, seed=seed, scenario=start.ctx.scenario,
                  events=tuple(start.memory.events), outcome=outcome, channel=channel, held_at_start=start.held,
                  stages=stages)


def build_context(scenario: Scenario, seed: int, env: simpy.Environment, recorder: Recorder) -> RunContext:
    """Rosters, valuation, trust and mailboxes of one run, everything random from `seed`'s streams."""
    streams = Streams(seed)
    rosters = build_rosters(scenario, streams)
    people = resolve_people(scenario, rosters)
    preferences = {p: read_preferences(scenario, p, i) for i, p in enumerate(scenario.party_ids)}
    valuation = Valuation(build_space(scenario, rosters, people), preferences, rosters, scenario.sides, people)
    for party in scenario.party_ids:
        valuation.urgency[party] = scenario.parties[party].interests.urgency
    valuation.recompute()
    trust: dict[str, TrustModel] = {p: TRUST_MODELS.build(scenario.parties[p].trust) for p in scenario.party_ids}
    trust |= {bloc: JointTrust([trust[member] for member in members]) for bloc, members in scenario.sides.items()
              if bloc in scenario.blocs}
    addresses = [TABLE, RATIFIER, EXECUTION, *scenario.mediators]
    addresses += [leader_address(p) for p in scenario.party_ids]
    addresses += [delegation_address(p) for p in scenario.party_ids]
    addresses += [veto_player_address(player.party, key) for key, player in scenario.veto_players.items()]
    addresses += [delegation_address(bloc) for bloc in sorted(scenario.blocs)]
    post = PostOffice(env, addresses)
    return RunContext(env, scenario, streams, recorder, post, rosters, valuation, trust)


def make_run_id(scenario: Scenario, seed: int) -> str:
    """The default run id: the scenario's name as a slug, and the seed."""
    return f"{_slug(scenario.name)}-seed{seed}"


@lru_cache(maxsize=64)
def _slug(name: str) -> str:
    # A bounded pure cache keyed by value: clearing it changes nothing but the time taken.
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "run"
