"""From agreement to swap: the leaders ratify the deal, then it is executed in stages.

`ratify` asks each party's leader and veto players for final approval, in stages: a party
ratifying `together` asks all its ratifiers in the first stage, one ratifying `in_sequence`
asks one per stage in its order and stops at its first veto; in each stage every party
still approving is asked at once. With no veto players this is one stage of leaders. A veto
ends the deal and costs the vetoing party the trust of the parties across the table.
`execute` carries out the swap: in one go when trust is high, or in stages when either
side's trust is below `staged_below_trust`. Before each stage each leader
may scrap the deal; a stage may slip by some days or fail, each more likely when trust is
low, less likely when a mediator guarantees execution. Executed stages build trust, failed
or scrapped ones destroy it.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.agents.veto_player import veto_player_address
from sim.runtime.context import RunContext
from sim.runtime.events import EventKind
from sim.runtime.messages import Message, Say, leader_address, party_of
from sim.scenario.multilateral import LEADER
from sim.scenario.schema import Scenario
from sim.talks.stages import Fate, Plan, PlannedStage, Progress, equal_tranches, written_plan

EXECUTION = "execution"
RATIFIER = "ratification"
BROKEN_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class Agreement:
    """An agreed deal: the outcome number, when, and the captives each side will release."""

    outcome: int
    day: float
    packages: dict[str, NDArray[np.int64]]


def ratify(ctx: RunContext, agreement: Agreement) -> Generator[Any, Any, bool]:
    """Every party's ratifiers rule on the deal, stage by stage; True when none vetoes."""
    chains = {party: ratification_stages(ctx.scenario, party) for party in ctx.scenario.party_ids}
    vetoed: set[str] = set()
    for stage in range(max(len(chain) for chain in chains.values())):
        asked = [address for party, chain in chains.items() if party not in vetoed and stage < len(chain)
                 for address in chain[stage]]
        vetoed.update((yield from _ask(ctx, Say.RATIFY, RATIFIER, agreement.outcome, asked)))
    vetoed_by = sorted(vetoed)
    for party in vetoed_by:
        ctx.observe_across(party, kept=False, weight=1.0, reason="deal vetoed")
    return not vetoed_by


def ratification_stages(scenario: Scenario, party: str) -> list[list[str]]:
    """The addresses `party` asks to ratify, stage by stage: all at once, or one by one in its order."""
    players = list(scenario.veto_players_of(party))
    spec = scenario.parties[party].ratification
    everyone = [LEADER, *players]
    if spec.mode == "together":
        return [[_ratifier_address(party, name) for name in everyone]]
    return [[_ratifier_address(party, name)] for name in (spec.order or everyone)]


def _ratifier_address(party: str, name: str) -> str:
    return leader_address(party) if name == LEADER else veto_player_address(party, name)


def execution_plan(ctx: RunContext) -> Plan:
    """The plan the agreed swap follows: the scenario's `execution.plan`, or else equal tranches (as many as
    `execution.stages` when either side's trust is below `staged_below_trust`, one otherwise)."""
    spec = ctx.scenario.execution
    if spec.plan:
        return written_plan(spec)
    parties = ctx.scenario.party_ids
    lowest_trust = min(ctx.trust[p].value for p in parties)
    return equal_tranches(spec, parties, spec.stages if lowest_trust < spec.staged_below_trust else 1)


def execute(ctx: RunContext, agreement: Agreement, progress: Progress | None = None) -> Generator[Any, Any, str]:
    """Carry out the swap stage by stage in plan order (`progress` keeps each stage's fate); returns 'executed',
    'failed' or 'scrapped' (see `sim.talks.stages`)."""
    progress = progress or Progress(execution_plan(ctx))
    plan = progress.plan
    chunks = plan.tranches(agreement.packages)
    parties = ctx.scenario.party_ids
    rng = ctx.streams("execution")
    yield ctx.env.timeout(ctx.scenario.execution.start_after_days)
    start = float(ctx.env.now)
    for number, stage in enumerate(plan.stages, start=1):
        if not progress.runnable(stage):
            continue
        if stage.after:
            since = max([progress.days[need] for need in stage.after])
            yield ctx.env.timeout(max(0.0, stage.delay_days - (float(ctx.env.now) - since)))
        elif stage.delay_days > float(ctx.env.now) - start:
            yield ctx.env.timeout(stage.delay_days - (float(ctx.env.now) - start))
        fate = yield from _carry_out(ctx, agreement, plan, stage, number, chunks[stage.id], parties, rng)
        if fate is Fate.EXECUTED:
            progress.released[stage.id] = {p: int(chunk.size) for p, chunk in chunks[stage.id].items()
                                           if ctx.rosters.get(p) is not None and chunk.size}
        for cancelled in progress.settle(stage.id, fate, float(ctx.env.now)):
            if plan.explicit:  # the tranches of old scenarios log as before: an end, nothing after it
                ctx.recorder.emit(EventKind.STAGE_CANCELLED, EXECUTION, "", id=cancelled,
                                  stage=plan.ids.index(cancelled) + 1, stages=len(plan.stages), because=stage.id)
    return progress.status()


def _carry_out(ctx: RunContext, agreement: Agreement, plan: Plan, stage: PlannedStage, number: int,
               chunks: dict[str, NDArray[np.int64]], parties: tuple[str, ...],
               rng: np.random.Generator) -> Generator[Any, Any, Fate]:
    """One stage: each leader may scrap it, it may slip, any party may default on it; else it is executed."""
    stages = len(plan.stages)
    named = {"id": stage.id} if plan.explicit else {}
    scrappers = yield from _ask_leaders(ctx, Say.CONFIRM, EXECUTION, agreement.outcome)
    if scrappers:
        scrapper = scrappers[0]
        ctx.recorder.emit(EventKind.DEAL_SCRAPPED, leader_address(scrapper), _leader_across(ctx, scrapper),
                          stage=number, stages=stages, **named)
        ctx.observe_across(scrapper, kept=False, weight=BROKEN_WEIGHT, reason="deal scrapped")
        return Fate.SCRAPPED
    mean_trust = float(np.mean([ctx.trust[p].value for p in parties]))
    if rng.random() < stage.slip_probability * (1.0 - mean_trust):
        ctx.recorder.emit(EventKind.STAGE_SLIPPED, EXECUTION, "", stage=number, days=stage.slip_days, **named)
        yield ctx.env.timeout(stage.slip_days)
    failed = [p for p in parties if rng.random() < _failure_probability(ctx, p, stage.failure_probability)]
    if failed:
        for party in failed:
            ctx.recorder.emit(EventKind.STAGE_FAILED, party, ctx.other(party), stage=number, stages=stages, **named)
            ctx.observe_across(party, kept=False, weight=BROKEN_WEIGHT, reason="stage failed")
        return Fate.FAILED
    _release(ctx, chunks, number, stages, named, parties)
    if stage.deliver is not None:
        value = ctx.valuation.space.issue_options(agreement.outcome)[stage.deliver]
        ctx.recorder.emit(EventKind.ISSUE_DELIVERED, EXECUTION, "", id=stage.id, stage=number, stages=stages,
                          issue=stage.deliver, value=value)
    ctx.tally.stage_days.append(float(ctx.env.now))
    for party in parties:
        ctx.observe_trust(party, kept=True, weight=1.0, reason="stage executed")
    return Fate.EXECUTED


def _ask_leaders(ctx: RunContext, say: Say, mailbox: str, outcome: int) -> Generator[Any, Any, list[str]]:
    """Put a request to every leader and wait for every ruling; returns the parties that said no."""
    return (yield from _ask(ctx, say, mailbox, outcome, [leader_address(p) for p in ctx.scenario.party_ids]))


def _ask(ctx: RunContext, say: Say, mailbox: str, outcome: int, addresses: list[str]) -> Generator[Any, Any, list[str]]:
    """Put a request to each address and wait for every ruling; returns the parties whose ratifier said no."""
    box = ctx.post.box(mailbox)
    for address in addresses:
        ctx.post.send(Message(say, mailbox, address, outcome))
    refusing = []
    for _ in addresses:
        ruling: Message = yield box.get()
        if not ruling.approved:
            refusing.append(party_of(ruling.sender))
    return sorted(set(refusing))


def _leader_across(ctx: RunContext, party: str) -> str:
    """The leader across the table from `party` (with blocs: the other side's id; with more sides: "")."""
    other = ctx.other(party)
    return leader_address(other) if other in ctx.scenario.parties else other


def _failure_probability(ctx: RunContext, party: str, base: float) -> float:
    """A side defaults on a stage (`base` at zero trust) more often when it distrusts the other; guarantees help."""
    probability = base * (1.0 - ctx.trust[party].value)
    for mediator in ctx.scenario.mediators.values():
        if mediator.guarantees_execution:
            probability *= 1.0 - mediator.guarantee_strength
    return probability


def _release(ctx: RunContext, chunks: dict[str, NDArray[np.int64]], number: int, stages: int,
             named: dict[str, str], parties: tuple[str, ...]) -> None:
    """Release each party's captives of this stage and log what each released."""
    categories = ctx.scenario.categories
    for party in parties:
        roster = ctx.rosters[party]
        indices = chunks.get(party)
        if roster is None or indices is None or (indices.size == 0 and not named):
            continue  # a written plan logs every party of the stage, even one whose share came to no one
        roster.release(indices)
        counts = roster.count_by_category(indices, len(categories))
        names = {"names": names} if roster.names and (names := _names(roster.names, indices)) else {}
        ctx.recorder.emit(
            EventKind.STAGE_EXECUTED, party, ctx.other(party), stage=number, stages=stages,
            released=int(indices.size),
            categories={c: int(n) for c, n in zip(categories, counts, strict=True) if n},
            ids=roster.ids[indices].tolist(), **names, **named,
        )


def _names(names: dict[int, str], indices: NDArray[np.int64]) -> list[str]:
    """The names of the named captives among `indices`, in release order."""
    return [names[index] for index in indices.tolist() if index in names]
