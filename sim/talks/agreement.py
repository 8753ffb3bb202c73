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


def execute(ctx: RunContext, agreement: Agreement) -> Generator[Any, Any, str]:
    """Carry out the swap; returns 'executed', 'failed' or 'scrapped'."""
    spec = ctx.scenario.execution
    parties = ctx.scenario.party_ids
    lowest_trust = min(ctx.trust[p].value for p in parties)
    stages = spec.stages if lowest_trust < spec.staged_below_trust else 1
    chunks = {p: np.array_split(agreement.packages[p], stages) for p in parties}
    rng = ctx.streams("execution")
    yield ctx.env.timeout(spec.start_after_days)
    for stage in range(stages):
        if stage > 0:
            yield ctx.env.timeout(spec.interval_days)
        scrappers = yield from _ask_leaders(ctx, Say.CONFIRM, EXECUTION, agreement.outcome)
        if scrappers:
            scrapper = scrappers[0]
            ctx.recorder.emit(EventKind.DEAL_SCRAPPED, leader_address(scrapper), _leader_across(ctx, scrapper),
                              stage=stage + 1, stages=stages)
            ctx.observe_across(scrapper, kept=False, weight=BROKEN_WEIGHT, reason="deal scrapped")
            return "scrapped"
        mean_trust = float(np.mean([ctx.trust[p].value for p in parties]))
        if rng.random() < spec.slip_probability * (1.0 - mean_trust):
            ctx.recorder.emit(EventKind.STAGE_SLIPPED, EXECUTION, "", stage=stage + 1, days=spec.slip_days)
            yield ctx.env.timeout(spec.slip_days)
        failed = [p for p in parties if rng.random() < _failure_probability(ctx, p)]
        if failed:
            for party in failed:
                ctx.recorder.emit(EventKind.STAGE_FAILED, party, ctx.other(party), stage=stage + 1, stages=stages)
                ctx.observe_across(party, kept=False, weight=BROKEN_WEIGHT, reason="stage failed")
            return "failed"
        _release(ctx, chunks, stage, stages)
    return "executed"


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


def _failure_probability(ctx: RunContext, party: str) -> float:
    """A side defaults on a stage more often when it distrusts the other; guarantees help."""
    spec = ctx.scenario.execution
    probability = spec.failure_probability * (1.0 - ctx.trust[party].value)
    for mediator in ctx.scenario.mediators.values():
        if mediator.guarantees_execution:
            probability *= 1.0 - mediator.guarantee_strength
    return probability


def _release(ctx: RunContext, chunks: dict[str, list[NDArray[np.int64]]], stage: int, stages: int) -> None:
    categories = ctx.scenario.categories
    parties = ctx.scenario.party_ids
    for party in parties:
        roster = ctx.rosters[party]
        indices = chunks[party][stage]
        if roster is None or indices.size == 0:
            continue
        roster.release(indices)
        counts = roster.count_by_category(indices, len(categories))
        named = {"names": names} if roster.names and (names := _names(roster.names, indices)) else {}
        ctx.recorder.emit(
            EventKind.STAGE_EXECUTED, party, ctx.other(party), stage=stage + 1, stages=stages,
            released=int(indices.size),
            categories={c: int(n) for c, n in zip(categories, counts, strict=True) if n},
            ids=roster.ids[indices].tolist(), **named,
        )
    ctx.tally.stage_days.append(float(ctx.env.now))
    for party in parties:
        ctx.observe_trust(party, kept=True, weight=1.0, reason="stage executed")


def _names(names: dict[int, str], indices: NDArray[np.int64]) -> list[str]:
    """The names of the named captives among `indices`, in release order."""
    return [names[index] for index in indices.tolist() if index in names]
