"""Two-level negotiation (issue 14, item 5): each veto rule's deterministic `veto_probability`, their
combination over a party's ratifiers, and delegations (and mediators' drafts) that keep out of what
their own ratifiers would veto and cite them to ask for more; off by default, as before."""

from __future__ import annotations

import copy
import math
import statistics
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.agents.delegation import Delegation
from sim.agents.mediator import Mediator
from sim.rules.anticipation import Ratifiers, anticipate, held_aspiration, ratifier_rules
from sim.rules.trust import ConstantTrust
from sim.rules.veto import (
    VETO_RULES,
    AlwaysApprove,
    LogisticApproval,
    ProbabilisticVeto,
    ThresholdVeto,
    ValueThreshold,
    combined,
    veto_probability,
)
from sim.runtime.messages import Say
from sim.scenario.anticipation import ENABLED_BY_DEFAULT, Anticipation
from sim.talks.setup import start_run

ROOT = Path(__file__).resolve().parent.parent
ISTANBUL = ROOT / "scenarios" / "istanbul-2025-05.yaml"
ANKARA = ROOT / "scenarios" / "ankara-2024-08.yaml"


def istanbul(threshold: float, enabled: bool | None, *, both: bool = False, cites: bool = True) -> sim.Scenario:
    """Istanbul with UA's leader vetoing deals worth less than `threshold` to Ukraine; anticipation
    set on UA's delegation (and RU's, with `both`) unless `enabled` is None (the field left out)."""
    document = yaml.safe_load(ISTANBUL.read_text(encoding="utf-8"))
    document["parties"]["UA"]["leader"]["veto"]["threshold"] = threshold
    if enabled is not None:
        for party in ("UA", "RU") if both else ("UA",):
            document["parties"][party]["delegation"]["anticipation"] = {"enabled": enabled, "cites_ratifiers": cites}
    return sim.validate_document(document)


def own_leader_vetoed(result: sim.Result, party: str) -> bool:
    """Whether `party`'s own leader vetoed the agreed deal at ratification."""
    return any(event.kind is sim.EventKind.VETO and event.payload.get("stage") == "ratification"
               and event.actor == f"{party}/leader" for event in result.events)


# --- the rules' veto probabilities -----------------------------------------------------------

def test_each_shipped_rule_gives_the_probability_its_approval_draws_from() -> None:
    values = np.array([0.0, 0.1, 0.3, 0.3 - 1e-9, 0.5, 1.0])
    assert AlwaysApprove().veto_probability(values, 0.4).tolist() == [0.0] * 6
    assert ValueThreshold(0.3).veto_probability(values, 0.4).tolist() == [1.0, 1.0, 0.0, 1.0, 0.0, 0.0]
    logistic = LogisticApproval(midpoint=0.45, slope=12.0, trust_weight=1.0)
    for trust in (0.0, 0.25, 0.9):
        found = logistic.veto_probability(values, trust)
        assert found == pytest.approx([1.0 - logistic.probability(float(v), trust) for v in values], abs=1e-12)
    assert logistic.veto_probability(np.array([0.45]), 0.5)[0] == pytest.approx(0.5)


def test_the_threshold_rule_vetoes_exactly_where_it_disapproves() -> None:
    rule = VETO_RULES.build(ThresholdVeto(kind="threshold", threshold=0.25))
    values = np.linspace(0.0, 1.0, 41)
    vetoes = [not rule.approves(float(v), 0.5, lambda: None) for v in values]  # type: ignore[arg-type, return-value]
    assert veto_probability(rule, values, 0.5).astype(bool).tolist() == vetoes


def test_a_plug_in_without_veto_probability_is_read_as_never_vetoing() -> None:
    class Old:
        def approves(self, value: float, trust: float, rng: Any) -> bool:
            return value > 0.9

    assert veto_probability(Old(), np.array([0.1, 0.95]), 0.5).tolist() == [0.0, 0.0]  # type: ignore[arg-type]


def test_independent_ratifiers_combine_as_one_minus_the_product_of_approvals() -> None:
    first, second = np.array([0.0, 0.5, 1.0, 0.2]), np.array([0.0, 0.5, 0.0, 0.5])
    assert combined([first, second]).tolist() == pytest.approx([0.0, 0.75, 1.0, 0.6])  # type: ignore[union-attr]
    assert combined([]) is None


def test_a_partys_ratifiers_are_its_leader_and_veto_players() -> None:
    scenario = sim.load_scenario(ANKARA)
    for party in scenario.party_ids:
        assert len(ratifier_rules(scenario, party)) == 1 + len(scenario.veto_players_of(party))
    scenario = istanbul(0.3, True)
    ratifiers = Ratifiers(scenario, ("RU", "UA"))
    utilities = {"RU": np.array([0.2, 0.9]), "UA": np.array([0.5, 0.1])}
    found = ratifiers.veto_probability(utilities, {"RU": 0.25, "UA": 0.3})
    russian = LogisticApproval(0.45, 12.0, 1.0).veto_probability(utilities["RU"], 0.25)
    ukrainian = np.array([0.0, 1.0])  # threshold 0.3 on UA's own utility
    assert found == pytest.approx(1.0 - (1.0 - russian) * (1.0 - ukrainian))


def test_the_rules_agree_with_their_models() -> None:
    rule = VETO_RULES.build(ProbabilisticVeto(kind="probabilistic", midpoint=0.4, slope=10.0, trust_weight=0.5))
    assert veto_probability(rule, np.array([0.4]), 0.5)[0] == pytest.approx(0.5)


# --- the pure core --------------------------------------------------------------------------

def test_anticipate_keeps_out_what_is_vetoed_too_often_and_holds_the_least_they_accept() -> None:
    utility = np.array([0.1, 0.2, 0.3, 0.6, 0.9])
    feasible = np.array([True, True, True, True, False])
    veto = np.array([1.0, 0.5, 0.2, 0.0, 0.0])
    found = anticipate(utility, feasible, veto, 0.2)
    assert found.acceptable.tolist() == [False, False, True, True, False]
    assert found.offerable.tolist() == found.acceptable.tolist()
    assert (found.least, found.ceiling) == (0.3, 0.6)


def test_anticipate_with_nothing_acceptable_offers_the_least_vetoed_and_accepts_nothing() -> None:
    utility = np.array([0.1, 0.2, 0.3])
    found = anticipate(utility, np.array([True, True, True]), np.array([1.0, 0.6, 0.6]), 0.2)
    assert not found.acceptable.any()
    assert found.offerable.tolist() == [False, True, True]
    assert (found.least, found.ceiling) == (0.3, 0.3)


def test_held_aspiration_never_falls_below_what_the_ratifiers_accept() -> None:
    assert held_aspiration(0.5, 0.3) == 0.5
    assert held_aspiration(0.2, 0.3) == 0.3
    assert held_aspiration(0.2, None) == 0.2


def test_a_scenario_that_does_not_say_anticipates_with_a_threshold_of_a_fifth() -> None:
    """Two-level negotiation is on by default (issue 14): a delegation that does not say anticipates its ratifiers."""
    assert ENABLED_BY_DEFAULT is True
    assert Anticipation() == Anticipation(enabled=True, max_veto_probability=0.2, cites_ratifiers=True)
    scenario = sim.load_scenario(ISTANBUL)
    assert [scenario.parties[p].delegation.anticipation.enabled for p in scenario.party_ids] == [True, True]
    assert istanbul(0.3, None).parties["UA"].delegation.anticipation.enabled is True


def test_a_threshold_outside_zero_to_one_is_refused_in_one_line(tmp_path: Path) -> None:
    document = yaml.safe_load(ISTANBUL.read_text(encoding="utf-8"))
    document["parties"]["UA"]["delegation"]["anticipation"] = {"enabled": True, "max_veto_probability": 1.5}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as caught:
        sim.load_scenario(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "bad.yaml" in message and "parties.UA.delegation.anticipation.max_veto_probability" in message


# --- delegations ----------------------------------------------------------------------------

TOUGH = {name: istanbul(threshold, True, both=True) for name, threshold in (("0.15", 0.15), ("0.30", 0.30))}


def veto_of(agent: Delegation) -> np.ndarray:
    """The probability that the agent's own ratifiers veto each outcome now."""
    ctx = agent.ctx
    ratifiers = Ratifiers(ctx.scenario, (agent.party,))
    return ratifiers.veto_probability(ctx.valuation.utility, {agent.party: ctx.trust[agent.party].value})


@st.composite
def states(draw: st.DrawFn) -> dict[str, Any]:
    """An anticipating delegation's situation: scenario, side, trust, time and the offer it hears."""
    return {"name": draw(st.sampled_from(sorted(TOUGH))), "seed": draw(st.integers(0, 3)),
            "party": draw(st.sampled_from(["RU", "UA"])), "trust": draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])),
            "steps": draw(st.integers(0, 24)), "cleared": draw(st.booleans()),
            "outcome": draw(st.floats(0.0, 1.0, exclude_max=True))}


def placed(state: dict[str, Any]) -> tuple[Delegation, int]:
    """A fresh run's delegation put in `state`, and the outcome offered to it."""
    start = start_run(TOUGH[state["name"]], state["seed"])
    ctx, party = start.ctx, state["party"]
    ctx.trust[party] = ConstantTrust(state["trust"])
    ctx.tally.steps = state["steps"]
    agent = Delegation(ctx, party)
    agent.cleared = state["cleared"]
    return agent, int(state["outcome"] * ctx.valuation.space.size)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_an_anticipating_delegation_never_accepts_or_offers_what_its_ratifiers_would_veto(
        state: dict[str, Any]) -> None:
    agent, outcome = placed(state)
    veto = veto_of(agent)
    threshold = agent.spec.anticipation.max_veto_probability
    value, level, stance = agent._take_offer(outcome)
    reply = agent._answer_alone(outcome, value, level, stance)
    if reply is not None and reply.say is Say.ACCEPT:
        assert veto[reply.outcome] <= threshold
    if reply is not None and reply.say is Say.OFFER and stance.allowed.any():
        assert veto[reply.outcome] <= threshold
    if veto[outcome] > threshold:
        assert reply is None or reply.say is not Say.ACCEPT


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_an_anticipating_delegation_decides_alike_on_the_fast_and_general_paths(state: dict[str, Any]) -> None:
    quick, outcome = placed(state)
    value, level, stance = quick._take_offer(outcome)
    fast = quick._answer_alone(outcome, value, level, stance)
    general, _ = placed(state)
    answer = general._answer_with_leader(outcome, general._take_offer(outcome)[1])
    try:
        next(answer)
        slow = None
    except StopIteration as done:
        slow = done.value
    assert fast == slow


def test_a_citing_delegation_holds_its_aspiration_at_what_its_leader_accepts() -> None:
    start = start_run(istanbul(0.3, True), 0)
    start.ctx.tally.steps = start.ctx.scenario.protocol.max_steps  # the strategy has conceded all the way
    agent = Delegation(start.ctx, "UA")
    level, stance = agent._aspiration_now()
    assert stance.least is not None and stance.least >= 0.3
    assert level >= 0.3
    utility = start.ctx.valuation.utility["UA"]
    assert (utility[stance.allowed] >= 0.3).all()


def test_with_anticipation_off_the_stance_is_todays() -> None:
    start = start_run(istanbul(0.3, False), 0)
    ctx = start.ctx
    agent = Delegation(ctx, "UA")
    stance = agent._current()
    trust = ctx.trust["UA"].value
    assert (stance.floor, stance.ceiling) == ctx.valuation.bounds("UA", trust)
    assert np.array_equal(stance.allowed, ctx.valuation.feasible("UA", trust))
    assert stance.offerable is None and stance.least is None


def test_a_mediators_draft_respects_the_sides_ratifiers() -> None:
    start = start_run(istanbul(0.3, True, both=True), 0)
    ctx = start.ctx
    mediator = Mediator(ctx, "US")
    mediator.stated = {"RU": 0.9, "UA": 0.1}  # Russia says it needs far more than Ukraine
    outcome = mediator._draft(0.0)
    for party in ctx.scenario.party_ids:
        ratifiers = Ratifiers(ctx.scenario, (party,))
        veto = ratifiers.veto_probability(ctx.valuation.utility, {party: ctx.trust[party].value})
        assert veto[outcome] <= ctx.scenario.parties[party].delegation.anticipation.max_veto_probability
    plain = Mediator(start_run(istanbul(0.3, False, both=True), 0).ctx, "US")
    plain.stated = {"RU": 0.9, "UA": 0.1}
    assert float(ctx.valuation.utility["UA"][plain._draft(0.0)]) < 0.3  # without it, the draft would be vetoed
    assert float(ctx.valuation.utility["UA"][outcome]) >= 0.3


# --- whole runs -----------------------------------------------------------------------------

def test_with_a_tough_leader_anticipation_turns_vetoes_into_better_deals_or_none() -> None:
    seeds = range(12)
    before = [sim.run(istanbul(0.25, False, both=True), seed=seed) for seed in seeds]
    assert all(own_leader_vetoed(result, "UA") for result in before)  # today: agreed at the table, then vetoed
    after = [sim.run(istanbul(0.25, True, both=True), seed=seed) for seed in seeds]
    assert not any(own_leader_vetoed(result, "UA") for result in after)
    agreed = [result.outcome.values["UA"] for result in after if result.outcome.agreed_at_table]
    assert len(agreed) >= 10
    assert statistics.median(agreed) >= 0.25
    assert statistics.median(r.outcome.values["UA"] for r in before) < 0.25


def test_without_citing_the_delegation_only_keeps_out_of_vetoes() -> None:
    result = sim.run(istanbul(0.25, True, cites=False), seed=0)
    assert not own_leader_vetoed(result, "UA")


def test_a_blocs_delegation_anticipates_every_members_ratifiers() -> None:
    document = yaml.safe_load(ANKARA.read_text(encoding="utf-8"))
    for spec in document["parties"].values():
        spec["delegation"]["anticipation"] = {"enabled": True}
    scenario = sim.validate_document(copy.deepcopy(document))
    start = start_run(scenario, 0)
    ctx = start.ctx
    for side, members in scenario.sides.items():
        agent = Delegation(ctx, side)
        assert agent._ratifiers is not None and agent._ratifiers.members == members
        stance = agent._current()
        veto = Ratifiers(scenario, members).veto_probability(ctx.valuation.utility,
                                                             {m: ctx.trust[m].value for m in members})
        threshold = agent.spec.anticipation.max_veto_probability
        assert not stance.allowed.any() or (veto[stance.allowed] <= threshold + 1e-12).all()
    outcome = sim.run(scenario, seed=0).outcome
    assert math.isfinite(sum(outcome.values.values()))
