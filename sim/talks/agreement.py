"""From agreement to swap: the leaders ratify the deal, then it is executed in stages.

`ratify` asks each leader for final approval; a veto ends the deal and costs the vetoing
side the other's trust. `execute` carries out the swap: in one go when trust is high, or in
stages when either side's trust is below `staged_below_trust`. Before each stage each leader
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

from sim.runtime.context import RunContext
from sim.runtime.events import EventKind
from sim.runtime.messages import Message, Say, leader_address, party_of

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
    """Both leaders rule on the deal; True when neither vetoes."""
    vetoed_by = yield from _ask_leaders(ctx, Say.RATIFY, RATIFIER, agreement.outcome)
    for party in vetoed_by:
        ctx.observe_trust(ctx.other(party), kept=False, weight=1.0, reason="deal vetoed")
    return not vetoed_by


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
            ctx.recorder.emit(EventKind.DEAL_SCRAPPED, leader_address(scrapper), leader_address(ctx.other(scrapper)),
                              stage=stage + 1, stages=stages)
            ctx.observe_trust(ctx.other(scrapper), kept=False, weight=BROKEN_WEIGHT, reason="deal scrapped")
            return "scrapped"
        mean_trust = float(np.mean([ctx.trust[p].value for p in parties]))
        if rng.random() < spec.slip_probability * (1.0 - mean_trust):
            ctx.recorder.emit(EventKind.STAGE_SLIPPED, EXECUTION, "", stage=stage + 1, days=spec.slip_days)
            yield ctx.env.timeout(spec.slip_days)
        failed = [p for p in parties if rng.random() < _failure_probability(ctx, p)]
        if failed:
            for party in failed:
                ctx.recorder.emit(EventKind.STAGE_FAILED, party, ctx.other(party), stage=stage + 1, stages=stages)
                ctx.observe_trust(ctx.other(party), kept=False, weight=BROKEN_WEIGHT, reason="stage failed")
            return "failed"
        _release(ctx, chunks, stage, stages)
    return "executed"


def _ask_leaders(ctx: RunContext, say: Say, mailbox: str, outcome: int) -> Generator[Any, Any, list[str]]:
    """Put a request to both leaders and wait for both rulings; returns the parties that said no."""
    box = ctx.post.box(mailbox)
    for party in ctx.scenario.party_ids:
        ctx.post.send(Message(say, mailbox, leader_address(party), outcome))
    refusing = []
    for _ in ctx.scenario.party_ids:
        ruling: Message = yield box.get()
        if not ruling.approved:
            refusing.append(party_of(ruling.sender))
    return sorted(refusing)


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
        ctx.recorder.emit(
            EventKind.STAGE_EXECUTED, party, ctx.other(party), stage=stage + 1, stages=stages,
            released=int(indices.size),
            categories={c: int(n) for c, n in zip(categories, counts, strict=True) if n},
            ids=roster.ids[indices].tolist(),
        )
    ctx.tally.stage_days.append(float(ctx.env.now))
    for party in parties:
        ctx.observe_trust(party, kept=True, weight=1.0, reason="stage executed")
