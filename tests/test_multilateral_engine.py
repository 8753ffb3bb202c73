"""The engine for many parties: sides, packages of transfers, ratification by veto players in order,
demands and refusals, and named people in events and summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import sim
from sim.runtime.events import EventKind
from sim.scenario import validate_document
from sim.talks.setup import build_context, start_run
from sim.valuation.roster import Roster
from sim.valuation.sides import Demand, People, side_order

MULTILATERAL = Path(__file__).resolve().parent / "data" / "multilateral.yaml"


def _document() -> dict[str, Any]:
    return yaml.safe_load(MULTILATERAL.read_text(encoding="utf-8"))


def _scenario(document: dict[str, Any]) -> sim.Scenario:
    return validate_document(document, str(MULTILATERAL), base=MULTILATERAL.parent)


def _names_released(result: sim.Result) -> dict[str, list[str]]:
    return {e.actor: e.payload["names"] for e in result.events
            if e.kind is EventKind.STAGE_EXECUTED and "names" in e.payload}


def test_four_parties_in_two_blocs_reach_and_execute_a_package_of_transfers() -> None:
    result = sim.run(_scenario(_document()), seed=1)
    outcome = result.outcome
    assert outcome.status == "executed"
    assert outcome.agreed_released == {"east": 5, "west": 3}
    assert outcome.released == {"AA": 4, "BB": 1, "CC": 1, "DD": 2}
    assert outcome.ratio_of == "east:west" and outcome.ratio == pytest.approx(5 / 3)
    assert result.released_named() == {"AA": ["Ann Reporter", "Bo Activist"], "BB": ["Cy Engineer"],
                                                  "CC": ["Dee Agent"], "DD": []}


def test_events_name_the_people_they_move_and_summary_agrees() -> None:
    result = sim.run(_scenario(_document()), seed=3)
    named = _names_released(result)
    assert named == {party: names for party, names in result.released_named().items() if names}
    for event in result.events:
        if event.kind is EventKind.STAGE_EXECUTED and event.actor == "DD":
            assert "names" not in event.payload  # no one named among DD's captives


def test_a_veto_player_ratifies_after_the_leader_and_its_delay() -> None:
    result = sim.run(_scenario(_document()), seed=1)
    rulings = [(e.time, e.actor) for e in result.events
               if e.kind is EventKind.APPROVAL and e.payload["stage"] == "ratification"]
    agreed = next(e.time for e in result.events if e.kind is EventKind.AGREEMENT)
    assert rulings == [(agreed, "AA/leader"), (agreed, "BB/leader"), (agreed, "CC/leader"), (agreed, "DD/leader"),
                       (agreed + 2.0, "DD/parliament")]


def _ignoring_ratifiers(document: dict[str, Any]) -> None:
    """Delegations that do not anticipate their ratifiers (with it, the default, they agree to nothing vetoed)."""
    for party in document["parties"].values():
        party["delegation"]["anticipation"] = {"enabled": False}


def test_in_sequence_a_leaders_veto_means_the_veto_player_is_never_asked() -> None:
    document = _document()
    document["parties"]["DD"]["leader"]["veto"] = {"kind": "threshold", "threshold": 1.0}
    _ignoring_ratifiers(document)
    result = sim.run(_scenario(document), seed=1)
    assert result.outcome.status == "vetoed"
    actors = [e.actor for e in result.events if e.kind in (EventKind.APPROVAL, EventKind.VETO)
              and e.payload["stage"] == "ratification"]
    assert "DD/parliament" not in actors and "DD/leader" in actors
    assert not [e for e in result.events if e.kind is EventKind.STAGE_EXECUTED]


def test_a_veto_player_asked_together_with_the_leader_vetoes_the_deal_at_once() -> None:
    document = _document()
    document["parties"]["DD"]["ratification"] = {"mode": "together"}
    document["veto_players"]["parliament"]["veto"] = {"kind": "threshold", "threshold": 1.0}
    for party in document["parties"].values():
        party["trust"] = {"kind": "beta"}
    _ignoring_ratifiers(document)
    result = sim.run(_scenario(document), seed=1)
    assert result.outcome.status == "vetoed"
    vetoes = [(e.actor, e.payload["stage"]) for e in result.events if e.kind is EventKind.VETO]
    assert vetoes == [("DD/parliament", "ratification")]
    # the other parties see DD break the deal; DD's bloc-mate CC does not
    reasons = {(e.actor, e.payload["reason"]) for e in result.events if e.kind is EventKind.TRUST_CHANGED}
    assert reasons >= {("AA", "deal vetoed"), ("BB", "deal vetoed")}
    assert ("CC", "deal vetoed") not in reasons


def test_a_hard_demand_is_in_every_executed_deal() -> None:
    scenario = _scenario(_document())
    for seed in range(10):
        result = sim.run(scenario, seed=seed)
        if result.outcome.status == "executed":
            assert "Cy Engineer" in result.released_named()["BB"]


def test_a_hard_demand_takes_packages_without_the_person_out_of_the_feasible_set() -> None:
    start = start_run(_scenario(_document()), seed=0)
    valuation = start.ctx.valuation
    feasible = valuation.feasible("DD", 0.5)
    for outcome in np.flatnonzero(valuation.available):
        package = valuation.package(int(outcome))
        has_cy = package["BB"].size > 0  # Cy Engineer is BB's only captive
        assert bool(feasible[outcome]) == has_cy


def test_a_soft_demand_lowers_the_packages_without_the_person_by_the_penalty() -> None:
    document = _document()
    document["parties"]["CC"]["demands"] = []
    without = build_context(_scenario(document), 0, *_env_and_recorder(_scenario(document))).valuation
    with_demand = start_run(_scenario(_document()), seed=0).ctx.valuation
    roster = with_demand.rosters["AA"]
    assert roster is not None
    ann = roster.index_of("Ann Reporter")
    for outcome in range(with_demand.space.size):
        released = with_demand.package(outcome)["AA"]
        penalty = 0.0 if ann in released.tolist() else 0.2
        assert with_demand.utility["CC"][outcome] == pytest.approx(without.utility["CC"][outcome] - penalty)


def _env_and_recorder(scenario: sim.Scenario) -> tuple[Any, Any]:
    start = start_run(scenario, seed=0)
    return start.env, start.recorder


def test_a_refused_person_is_never_released() -> None:
    document = _document()
    document["parties"]["AA"]["refuses"] = ["Bo Activist"]
    scenario = _scenario(document)
    start = start_run(scenario, seed=0)
    assert start.ctx.valuation.space.levels[0].tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8]  # 9 tradable, one refused
    for seed in range(10):
        assert "Bo Activist" not in sim.run(scenario, seed=seed).released_named()["AA"]


def test_ties_in_the_release_order_put_a_demanded_person_first() -> None:
    def roster(holder: str) -> Roster:
        size = 3
        return Roster(holder=holder, home="X", ids=np.arange(size), category=np.zeros(size, dtype=np.int16),
                      value_home=np.ones(size), value_holder=np.ones(size), acknowledged=np.ones(size, dtype=bool),
                      status=np.zeros(size, dtype=np.int8))

    rosters = {"A": roster("A"), "B": roster("B")}
    plain = side_order(("A", "B"), rosters, People(), set())
    assert plain.indices.tolist() == [0, 1, 2, 0, 1, 2] and plain.holders is not None
    assert plain.holders.tolist() == [0, 0, 0, 1, 1, 1]
    demanded = People(demands=(Demand("X", "someone", "B", 2, hard=False, penalty=0.1),))
    order = side_order(("A", "B"), rosters, demanded, set())
    assert (order.indices[0], order.holders[0]) == (2, 1)  # type: ignore[index]
    assert order.split(1, ("A", "B"))["B"].tolist() == [2]


def test_the_same_seed_gives_the_same_bytes_for_many_parties() -> None:
    scenario = _scenario(_document())
    assert sim.run(scenario, seed=5).events_jsonl() == sim.run(scenario, seed=5).events_jsonl()


def test_a_sweep_has_a_column_per_party_and_totals_per_bloc() -> None:
    from sim.experiments.api import sweep

    table = sweep(MULTILATERAL, values={"veto_players.parliament.delay.mean": [1.0, 3.0]}, runs=2, seed=1,
                  executor="serial")
    assert len(table) == 4 and (table["error"] == "").all()
    for party in ("AA", "BB", "CC", "DD"):
        assert f"released.{party}" in table and f"held.{party}" in table
    assert list(table.filter(like="agreed_released.").columns) == ["agreed_released.east", "agreed_released.west"]
    executed = table[table["status"] == "executed"]
    assert (executed["released.east"] == executed["released.AA"] + executed["released.BB"]).all()
    assert (executed["released.west"] == executed["released.CC"] + executed["released.DD"]).all()
    deal = [column for column in table if column.startswith("deal_")]
    assert {"deal_utility_AA", "deal_surplus_share_DD", "deal_nash_distance", "deal_offers_east"} <= set(deal)
    agreed = table[table["agreement"]]
    shares = agreed[[f"deal_surplus_share_{p}" for p in ("AA", "BB", "CC", "DD")]].sum(axis=1)
    assert shares.to_numpy() == pytest.approx(1.0)


def test_the_n_party_deal_metrics_place_the_deal_in_the_bargaining_set() -> None:
    from sim.analysis.deal_many import multilateral_metric_names, multilateral_metrics
    from sim.analysis.multilateral import multilateral_set

    scenario = _scenario(_document())
    result = sim.run(scenario, seed=1)
    found = multilateral_set(scenario, seed=1)
    metrics = multilateral_metrics(result, found)
    assert list(metrics) == multilateral_metric_names(scenario)
    agreed = next(int(e.payload["outcome"]) for e in result.events if e.kind is EventKind.AGREEMENT)
    assert metrics["deal_utility_CC"] == pytest.approx(found.utilities(agreed)[2])
    if agreed in found.frontier.tolist():
        assert metrics["deal_pareto_distance"] == 0.0
    else:
        assert metrics["deal_pareto_distance"] > 0.0
    nash = found.utilities(found.nash) if found.nash is not None else None
    assert nash is not None
    assert metrics["deal_nash_distance"] == pytest.approx(float(np.linalg.norm(np.subtract(nash, found.utilities(
        agreed)))))
    assert metrics["deal_offers_AA"] == 0.0  # single text: no one made offers


def _two_blocs_alternating() -> sim.Scenario:
    document = _document()
    document["protocol"] = {"kind": "direct", "max_steps": 40}
    document["blocs"]["west"]["lead"] = "DD"
    return _scenario(document)


def test_two_blocs_alternate_offers_through_their_own_delegations() -> None:
    result = sim.run(_two_blocs_alternating(), seed=1)
    offers = [(e.actor, e.target) for e in result.events if e.kind is EventKind.OFFER]
    assert offers[:2] == [("east/delegation", "west/delegation"), ("west/delegation", "east/delegation")]
    assert result.outcome.status == "executed" and result.outcome.ratio_of == "east:west"


def test_a_bloc_accepts_only_what_leaves_every_member_above_its_reserved_value() -> None:
    scenario = _two_blocs_alternating()
    start = start_run(scenario, seed=0)
    valuation = start.ctx.valuation
    for seed in range(8):
        outcome = sim.run(scenario, seed=seed).outcome
        assert outcome.agreement
        for party, value in outcome.values.items():
            assert value >= valuation.reserved(party) - 1e-9, (seed, party)


def test_a_blocs_voice_is_its_least_satisfied_members_surplus() -> None:
    valuation = start_run(_two_blocs_alternating(), seed=0).ctx.valuation
    for outcome in range(valuation.space.size):
        shares = [(valuation.utility[m][outcome] - valuation.reserved(m)) / (1.0 - valuation.reserved(m))
                  for m in ("CC", "DD")]
        assert valuation.utility["west"][outcome] == pytest.approx(min(shares))
    feasible = valuation.feasible("west", 0.5)
    assert (feasible == (valuation.feasible("CC", 0.5) & valuation.feasible("DD", 0.5))).all()


def test_a_bloc_lead_that_is_not_a_member_is_refused() -> None:
    document = _document()
    document["blocs"]["west"]["lead"] = "AA"
    with pytest.raises(sim.ScenarioError, match=r"blocs\.west\.lead: unknown member of 'west' 'AA'"):
        _scenario(document)
