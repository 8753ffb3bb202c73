"""One round of talks as a whole run: agents start, talks run to agreement or deadline, then
ratification and execution.

One leader and one delegation per party, one process per veto player and per mediator and a process per
exogenous event are started in sorted id order; the table of the scenario's protocol runs
the talks. `round_of_talks` is also what each round of a channel runs (`sim.channel.rounds`).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

from sim.agents.delegation import Delegation
from sim.agents.leader import Leader
from sim.agents.mediator import Mediator
from sim.agents.veto_player import VetoPlayer
from sim.protocols import build_table
from sim.runtime.context import RunContext
from sim.runtime.events import EventKind, Sink
from sim.runtime.messages import TABLE
from sim.scenario.schema import Scenario
from sim.talks.agreement import Agreement, execute, execution_plan, ratify
from sim.talks.outcome import summarise
from sim.talks.result import Result
from sim.talks.setup import finish_run, start_exogenous, start_run
from sim.talks.stages import Progress


@dataclass(slots=True)
class RoundState:
    """How far a round of talks got, and the agreement if one was reached."""

    status: str = "talking"
    agreement: Agreement | None = None
    ratified: bool = False
    progress: Progress | None = None
    """The stages of the swap and their fates, once its execution began."""


def run_round(scenario: Scenario, seed: int = 0, sinks: Sequence[Sink] = (), run_id: str | None = None) -> Result:
    """Simulate one round of talks of `scenario` with `seed` (the result is not yet checked)."""
    start = start_run(scenario, seed, sinks, run_id)
    env, ctx = start.env, start.ctx
    state = RoundState()
    for party in scenario.party_ids:
        env.process(Leader(ctx, party).run())
        env.process(Delegation(ctx, party).run())
    for bloc in sorted(scenario.blocs):  # a bloc's own voice, for offers between two blocs
        env.process(Delegation(ctx, bloc).run())
    for player in sorted(scenario.veto_players):
        env.process(VetoPlayer(ctx, player).run())
    for mediator_id in sorted(scenario.mediators):
        env.process(Mediator(ctx, mediator_id).run())
    start_exogenous(ctx)
    talks = env.process(round_of_talks(ctx, state))
    env.run(until=env.any_of([talks, env.timeout(scenario.horizon_days)]))
    if not talks.triggered:
        state.status = "partially executed" if ctx.tally.stage_days else "unfinished"
    if state.progress is not None:
        state.progress.close()
    stages = tuple(state.progress.records()) if state.progress is not None else ()
    return finish_run(start, seed, summarise(ctx, state.status, state.agreement, state.ratified), stages=stages)


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
    state.ratified = True
    state.status = "executing"
    state.progress = Progress(execution_plan(ctx))
    state.status = yield from execute(ctx, state.agreement, state.progress)
