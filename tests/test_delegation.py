"""A delegation's quick answers (`_answer_alone`, `_counter_alone`) decide exactly as its general
generators (`_answer_with_leader`, `_counter`) do, for random states of trust, leverage, time,
clearance and offers, including the cases that need the leader, with and without delegations
that anticipate their own ratifiers (two-level negotiation)."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.agents.delegation import Delegation
from sim.rules.trust import ConstantTrust
from sim.runtime.messages import Message
from sim.talks.setup import start_run

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = {name: sim.load_scenario(ROOT / name) for name in
             ("scenarios/istanbul-2025-05.yaml", "scenarios/shalit-2011.yaml", "scenarios/first-swap-2019-09.yaml",
              "tests/data/tiny.yaml")}


def _anticipating_istanbul() -> sim.Scenario:
    """Istanbul with a tough Ukrainian leader (threshold 0.3) and both delegations anticipating their ratifiers."""
    document = yaml.safe_load((ROOT / "scenarios/istanbul-2025-05.yaml").read_text(encoding="utf-8"))
    document["parties"]["UA"]["leader"]["veto"]["threshold"] = 0.3
    for spec in document["parties"].values():
        spec["delegation"]["anticipation"] = {"enabled": True}
    return sim.validate_document(document)


SCENARIOS["istanbul, anticipating"] = _anticipating_istanbul()


@st.composite
def states(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario, a side, and what its delegation has seen so far."""
    name = draw(st.sampled_from(sorted(SCENARIOS)))
    scenario = SCENARIOS[name]
    return {
        "name": name,
        "seed": draw(st.integers(0, 3)),
        "party": draw(st.sampled_from(scenario.party_ids)),
        "trust": draw(st.sampled_from([0.0, 0.2, 0.5, 0.8, 1.0])),
        "leverage": draw(st.sampled_from([-0.3, 0.0, 0.1, 0.4])),
        "steps": draw(st.integers(0, scenario.protocol.max_steps)),
        "cleared": draw(st.booleans()),
        "refused": draw(st.booleans()),
        "outcome": draw(st.floats(0.0, 1.0, exclude_max=True)),
    }


def delegation(state: dict[str, Any]) -> tuple[Delegation, int]:
    """A fresh run's delegation put in `state`, and the outcome offered to it."""
    start = start_run(SCENARIOS[state["name"]], state["seed"])
    ctx, party = start.ctx, state["party"]
    ctx.trust[party] = ConstantTrust(state["trust"])
    ctx.valuation.leverage[party] = state["leverage"]
    ctx.tally.steps = state["steps"]
    agent = Delegation(ctx, party)
    agent.cleared = agent.cleared or state["cleared"]
    agent.refused = state["refused"]
    return agent, int(state["outcome"] * ctx.valuation.space.size)


def drive(answer: Generator[Any, Any, Message]) -> Message | None:
    """The generator's answer if it gives one without waiting; None if it asks the leader first."""
    try:
        next(answer)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    return None


def trail(agent: Delegation) -> list[Any]:
    """What a decision left behind: the events logged, the tally, and the names struck."""
    ctx = agent.ctx
    events = [(e.kind, e.actor, e.target, dict(e.payload)) for e in ctx.recorder.sinks[0].events]  # type: ignore[attr-defined]
    return [tuple(events), (ctx.tally.disputes, ctx.tally.referrals), tuple(sorted(ctx.valuation.struck)),
            agent.cleared, agent.refused]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_answering_an_offer_alone_decides_as_the_general_path(state: dict[str, Any]) -> None:
    quick, outcome = delegation(state)
    value, level, stance = quick._take_offer(outcome)
    fast = quick._answer_alone(outcome, value, level, stance)

    general, _ = delegation(state)
    _, general_level, _ = general._take_offer(outcome)
    slow = drive(general._answer_with_leader(outcome, general_level))

    assert general_level == level
    assert fast == slow
    if fast is not None:  # the leader was not asked: both left the same trail
        assert trail(quick) == trail(general)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_opening_alone_decides_as_the_general_path(state: dict[str, Any]) -> None:
    quick, _ = delegation(state)
    level, stance = quick._aspiration_now()
    fast = quick._counter_alone(level, stance)

    general, _ = delegation(state)
    slow = drive(general._counter(general._aspiration()))

    assert fast == slow
    if fast is not None:
        assert trail(quick) == trail(general)
