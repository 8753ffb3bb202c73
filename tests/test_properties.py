"""Property tests: invariants that hold for every scenario and every seed Hypothesis tries.

Every `sim.run` also checks `sim.talks.invariants` at its end (an `InvariantError` fails the
example), so each example here hunts for violations of those as well; the scenario fuzzing
(tests/test_fuzz_scenarios.py) does the same over mutated shipped scenarios, channels included.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import load, swap_document

import sim
from sim.runtime.events import EventKind

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def swap_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    document = swap_document()
    for party_id in ("X", "Y"):
        party = document["parties"][party_id]
        party["roster"]["generate"] = {"soldier": draw(st.integers(0, 400)), "officer": draw(st.integers(0, 40))}
        party["roster"]["unacknowledged_share"] = draw(st.sampled_from([0.0, 0.1, 0.5]))
        party["delegation"]["authority"] = draw(st.floats(0.0, 1.0))
        party["delegation"]["strategy"] = draw(st.sampled_from([
            {"kind": "aspiration", "exponent": 0.5}, {"kind": "aspiration", "exponent": 4.0, "tolerance": 0.05},
            {"kind": "tit_for_tat", "factor": 1.0},
        ]))
        party["trust"] = draw(st.sampled_from([
            {"kind": "fixed", "initial": 0.3}, {"kind": "beta", "initial": 0.9, "prior_weight": 1},
            {"kind": "smoothing", "initial": 0.1, "rate": 0.9},
        ]))
        party["leader"]["veto"] = draw(st.sampled_from([
            {"kind": "never"}, {"kind": "threshold", "threshold": 0.6}, {"kind": "probabilistic"},
        ]))
        party["leader"]["scrap_probability"] = draw(st.sampled_from([0.0, 0.3]))
        party["interests"]["max_ratio"] = draw(st.sampled_from([None, 1.0, 5.0]))
    document["execution"]["stages"] = draw(st.integers(1, 5))
    document["execution"]["failure_probability"] = draw(st.sampled_from([0.0, 0.5, 1.0]))
    document["protocol"]["package_step"] = draw(st.sampled_from([1, 7, 50]))
    protocol = draw(st.sampled_from(["direct", "shuttle", "single_text"]))
    style = {"direct": "host", "shuttle": "broker", "single_text": "shuttle"}[protocol]
    document["mediators"] = {
        "M": {"name": "Mediator", "style": style, "drafts_packages": protocol == "single_text",
              "relay_delay": {"mean": 0.1, "distribution": "exponential"}, "guarantees_execution": True},
        "N": {"name": "Side mediator", "style": "shuttle", "drafts_packages": draw(st.booleans())},
    }
    if document["mediators"]["N"]["drafts_packages"]:  # several mediators drafting, each on its own cadence
        document["mediators"]["N"].update(drafting=draw(st.sampled_from(["opening", "cadence"])),
                                          draft_every_steps=draw(st.integers(1, 6)))
    document["protocol"].update(kind=protocol, mediator="M")
    if draw(st.booleans()):
        document["events"]["scheduled"] = [{"name": "surrender", "day": draw(st.floats(0, 5)),
                                           "effects": [{"party": "Y", "add_captives": {"soldier": 30}}]}]
    return document


def initial_count(document: dict[str, Any], party: str) -> int:
    return sum(document["parties"][party]["roster"]["generate"].values())


@PROPERTY_SETTINGS
@given(document=swap_scenarios(), seed=st.integers(0, 2**32))
def test_captives_are_never_created_or_lost(document: dict[str, Any], seed: int) -> None:
    """Held at the end plus released equals held at the start plus added by events; no one leaves twice."""
    result = sim.run(load(document), seed=seed)
    for party in ("X", "Y"):
        added = sum(e.payload["add_captives"].get("soldier", 0) for e in result.events
                    if e.kind is EventKind.EXOGENOUS and e.target == party)
        ids = [i for e in result.events if e.kind is EventKind.STAGE_EXECUTED and e.actor == party
               for i in e.payload["ids"]]
        assert len(ids) == len(set(ids)) == result.outcome.released[party]
        assert result.outcome.held[party] + result.outcome.released[party] == initial_count(document, party) + added
        assert result.outcome.released[party] <= result.outcome.agreed_released[party]


@PROPERTY_SETTINGS
@given(document=swap_scenarios(), seed=st.integers(0, 2**32))
def test_a_vetoed_deal_is_never_executed(document: dict[str, Any], seed: int) -> None:
    """After a ratification veto no stage is executed and the status says vetoed."""
    result = sim.run(load(document), seed=seed)
    vetoed = any(e.kind is EventKind.VETO and e.payload["stage"] == "ratification" for e in result.events)
    executed = [e for e in result.events if e.kind is EventKind.STAGE_EXECUTED]
    if vetoed:
        assert executed == []
        assert result.outcome.status == "vetoed"
        assert sum(result.outcome.released.values()) == 0


@PROPERTY_SETTINGS
@given(document=swap_scenarios(), seed=st.integers(0, 2**32))
def test_trust_stays_within_zero_and_one(document: dict[str, Any], seed: int) -> None:
    """Every trust value logged, and the final trust each way, lies in [0, 1]."""
    result = sim.run(load(document), seed=seed)
    for event in result.events:
        if event.kind is EventKind.TRUST_CHANGED:
            assert 0.0 <= event.payload["before"] <= 1.0
            assert 0.0 <= event.payload["after"] <= 1.0
    assert all(0.0 <= value <= 1.0 for value in result.outcome.final_trust.values())


@PROPERTY_SETTINGS
@given(document=swap_scenarios(), seed=st.integers(0, 2**32))
def test_time_and_sequence_numbers_never_go_backwards(document: dict[str, Any], seed: int) -> None:
    """Sequence numbers count 0, 1, 2, ... and simulated time never decreases."""
    result = sim.run(load(document), seed=seed)
    assert [e.seq for e in result.events] == list(range(len(result.events)))
    times = [e.time for e in result.events]
    assert times == sorted(times)
    assert result.events[-1].kind is EventKind.RUN_ENDED
    assert times[-1] <= document["horizon_days"]


@settings(max_examples=25, deadline=None)
@given(document=swap_scenarios(), seed=st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_bytes(document: dict[str, Any], seed: int) -> None:
    """Two runs with one seed write byte-identical event logs."""
    scenario = load(document)
    assert sim.run(scenario, seed=seed).events_jsonl() == sim.run(scenario, seed=seed).events_jsonl()


def test_another_seed_gives_another_log() -> None:
    """Rosters, delays and shocks are drawn from the seed, so seeds 1 and 2 differ."""
    scenario = load(swap_document())
    assert sim.run(scenario, seed=1).events_jsonl() != sim.run(scenario, seed=2).events_jsonl()
