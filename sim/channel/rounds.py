"""One round of a channel: set up fresh talks on the captives held now, run them, record the swap.

A round gets its own mailboxes, tally and agent processes (so its aspiration clock and
mandates start anew) but shares the run's rosters, trust, streams, urgency and leverage.
Each side's list is capped: captives beyond the first `size` in release order are set
aside (status `ASIDE`) for the round and held again after it.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.agents.delegation import Delegation
from sim.agents.leader import Leader
from sim.agents.mediator import Mediator
from sim.channel.flows import CHANNEL
from sim.runtime.context import RunContext, Tally
from sim.runtime.events import EventKind
from sim.runtime.messages import TABLE, PostOffice, delegation_address, leader_address
from sim.scenario.schema import Scenario
from sim.talks.agreement import EXECUTION, RATIFIER
from sim.talks.record import ExchangeRecord
from sim.talks.round import RoundState, round_of_talks
from sim.valuation.roster import CaptiveStatus, release_order
from sim.valuation.utilities import Valuation, build_space


@dataclass(slots=True)
class OpenRound:
    """A round under way: what is needed to close it, even if the horizon cuts it short."""

    number: int
    ctx: RunContext
    mediator: str
    aside: dict[str, NDArray[np.int64]]
    released_before: dict[str, NDArray[np.int64]]
    state: RoundState = field(default_factory=RoundState)


def scenario_for_round(scenario: Scenario, mediator: str | None) -> Scenario:
    """The scenario as one round sees it: only the mediator in force, running the protocol."""
    mediators = {mediator: scenario.mediators[mediator]} if mediator else {}
    protocol = scenario.protocol.model_copy(update={"mediator": mediator})
    return scenario.model_copy(update={"protocol": protocol, "mediators": mediators})


def open_round(base: RunContext, number: int, mediator: str | None, size: int) -> OpenRound:
    """Set aside what is beyond each list, build the round's valuation, mailboxes and agents."""
    scenario = scenario_for_round(base.scenario, mediator)
    categories = len(scenario.categories)
    aside: dict[str, NDArray[np.int64]] = {}
    before: dict[str, NDArray[np.int64]] = {}
    for party in scenario.party_ids:
        roster = base.rosters[party]
        assert roster is not None, "validated: a channel party has a roster"
        before[party] = roster.released_by_category(categories)
        aside[party] = release_order(roster, include_unacknowledged=True)[size:]
        roster.status[aside[party]] = CaptiveStatus.ASIDE
    valuation = Valuation(build_space(scenario, base.rosters), base.valuation.preferences, base.rosters)
    valuation.urgency.update(base.valuation.urgency)
    valuation.leverage.update(base.valuation.leverage)
    valuation.recompute()
    base.valuation = valuation  # exogenous shocks during the round reach this round's valuation
    addresses = [TABLE, RATIFIER, EXECUTION, *scenario.mediators]
    addresses += [leader_address(p) for p in scenario.party_ids] + [delegation_address(p) for p in scenario.party_ids]
    ctx = replace(base, scenario=scenario, post=PostOffice(base.env, addresses), tally=Tally(), valuation=valuation)
    name = scenario.mediators[mediator].name if mediator else ""
    base.recorder.emit(EventKind.ROUND_OPENED, CHANNEL, mediator or "", round=number, mediator=name,
                       lists={p: int(valuation.space.levels[i][-1]) for i, p in enumerate(scenario.party_ids)})
    for party in scenario.party_ids:
        base.env.process(Leader(ctx, party).run())
        base.env.process(Delegation(ctx, party).run())
    if mediator:
        base.env.process(Mediator(ctx, mediator).run())
    return OpenRound(number, ctx, name, aside, before)


def run_round(current: OpenRound) -> Generator[Any, Any, None]:
    """Process: run the open round's talks to their end."""
    yield current.ctx.env.process(round_of_talks(current.ctx, current.state))


def close_round(current: OpenRound, status: str) -> ExchangeRecord | None:
    """Hold the set-aside captives again; log and return the exchange if anyone was released."""
    ctx = current.ctx
    scenario = ctx.scenario
    released: dict[str, int] = {}
    categories: dict[str, dict[str, int]] = {}
    for party in scenario.party_ids:
        roster = ctx.rosters[party]
        assert roster is not None
        roster.status[current.aside[party]] = CaptiveStatus.HELD
        now = roster.released_by_category(len(scenario.categories))
        change = now - current.released_before[party]
        released[party] = int(change.sum())
        categories[party] = {c: int(n) for c, n in zip(scenario.categories, change, strict=True) if n}
    if not any(released.values()):
        return None
    days = ctx.tally.stage_days
    record = ExchangeRecord(round=current.number, day=days[0], end_day=days[-1], released=released,
                            categories=categories, mediator=current.mediator, status=status)
    ctx.recorder.emit(EventKind.EXCHANGE, CHANNEL, "", round=record.round, day=record.day, end_day=record.end_day,
                      released=released, categories=categories, mediator=record.mediator, status=status)
    return record

