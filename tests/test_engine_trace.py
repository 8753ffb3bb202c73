"""Trace tests: tiny scenarios whose exact event sequence is known by hand."""

from __future__ import annotations

import pytest
from support import bargaining_document, load, swap_document

import sim
from sim.runtime.events import EventKind

HOUR = 1.0 / 24.0


def test_alternating_offers_follow_the_aspiration_formula_step_by_step() -> None:
    """A opens at its best (low); B asks high; A concedes to mid; B, at aspiration 0.25, accepts mid."""
    result = sim.run(load(bargaining_document()), seed=0)
    trace = [(pytest.approx(e.time), e.kind, e.actor) for e in result.events]
    assert trace == [
        (0.0, EventKind.TALKS_OPENED, "table"),
        (pytest.approx(1 * HOUR), EventKind.OFFER, "A/delegation"),
        (pytest.approx(2 * HOUR), EventKind.OFFER, "B/delegation"),
        (pytest.approx(3 * HOUR), EventKind.OFFER, "A/delegation"),
        (pytest.approx(4 * HOUR), EventKind.RESPONSE, "B/delegation"),
        (pytest.approx(4 * HOUR), EventKind.AGREEMENT, "table"),
        (pytest.approx(4 * HOUR), EventKind.APPROVAL, "A/leader"),
        (pytest.approx(4 * HOUR), EventKind.APPROVAL, "B/leader"),
        (pytest.approx(4 * HOUR), EventKind.APPROVAL, "A/leader"),
        (pytest.approx(4 * HOUR), EventKind.APPROVAL, "B/leader"),
        (pytest.approx(4 * HOUR), EventKind.RUN_ENDED, "table"),
    ]
    offers = [e.payload["issues"]["price"] for e in result.events if e.kind is EventKind.OFFER]
    assert offers == ["low", "high", "mid"]
    assert [e.payload["aspiration"] for e in result.events if e.kind is EventKind.OFFER] == pytest.approx(
        [1.0, 0.75, 0.5]
    )
    assert result.outcome.issues_agreed == {"price": "mid"}
    assert [e.payload["stage"] for e in result.events if e.kind is EventKind.APPROVAL] == [
        "ratification", "ratification", "execution", "execution"]
    assert result.outcome.status == "executed"
    assert result.outcome.rounds == 3


def test_talks_without_agreement_close_at_the_step_limit() -> None:
    """Two Boulware sides with two steps never meet: the table closes the talks after step 2."""
    result = sim.run(load(bargaining_document(steps=2, exponent=50.0)), seed=0)
    kinds = [e.kind for e in result.events]
    assert kinds == [EventKind.TALKS_OPENED, EventKind.OFFER, EventKind.OFFER, EventKind.TALKS_CLOSED,
                     EventKind.RUN_ENDED]
    assert result.outcome.status == "no agreement"
    assert result.outcome.agreement is False


def test_single_text_mediator_drafts_the_middle_option_and_both_accept_it() -> None:
    """The mediator's first draft maximises the smaller margin: mid, which both accept once they concede."""
    document = bargaining_document(steps=4)
    document["mediators"] = {"M": {"name": "Mediator", "style": "host", "drafts_packages": True}}
    document["protocol"] = {"kind": "single_text", "mediator": "M", "step_hours": 1, "max_steps": 4}
    result = sim.run(load(document), seed=0)
    drafts = [e.payload["issues"]["price"] for e in result.events if e.kind is EventKind.DRAFT]
    assert set(drafts) == {"mid"}
    assert result.outcome.issues_agreed == {"price": "mid"}
    responses = [(e.actor, e.payload["accepted"]) for e in result.events if e.kind is EventKind.RESPONSE]
    assert responses[-2:] == [("A/delegation", True), ("B/delegation", True)]


def test_shuttle_mediator_relays_every_offer_with_its_delay() -> None:
    """In shuttle talks each offer is carried by the mediator, which takes its relay delay."""
    document = bargaining_document()
    document["mediators"] = {"S": {"name": "Shuttle", "style": "shuttle", "relay_delay": {"mean": 0.5}}}
    document["protocol"] = {"kind": "shuttle", "mediator": "S", "step_hours": 1, "max_steps": 4}
    result = sim.run(load(document), seed=0)
    relays = [e for e in result.events if e.kind is EventKind.RELAYED]
    offers = [e for e in result.events if e.kind is EventKind.OFFER]
    assert len(relays) == len(offers) == 3
    assert relays[0].time == pytest.approx(offers[0].time + 0.5)
    assert result.outcome.issues_agreed == {"price": "mid"}


def test_a_threshold_veto_stops_a_deal_worth_too_little_to_the_leader() -> None:
    """B's leader approves only deals worth 0.9 to B; mid is worth 0.5, so it is vetoed and nothing runs
    (B's delegation ignores its leader here: with anticipation, the default, it would not agree to mid)."""
    document = bargaining_document()
    document["parties"]["B"]["leader"]["veto"] = {"kind": "threshold", "threshold": 0.9}
    document["parties"]["B"]["delegation"]["anticipation"] = {"enabled": False}
    result = sim.run(load(document), seed=0)
    assert result.outcome.status == "vetoed"
    assert result.outcome.vetoes == 1
    vetoes = [e for e in result.events if e.kind is EventKind.VETO]
    assert [(v.actor, v.payload["stage"]) for v in vetoes] == [("B/leader", "ratification")]
    assert result.outcome.stage_days == []


def test_a_delegation_anticipating_its_leader_agrees_to_nothing_he_would_veto() -> None:
    """The same talks with anticipation on (the default): B's delegation holds out for what its leader
    ratifies, no package worth 0.9 to B is one A accepts, so nothing is agreed and nothing is vetoed."""
    document = bargaining_document()
    document["parties"]["B"]["leader"]["veto"] = {"kind": "threshold", "threshold": 0.9}
    result = sim.run(load(document), seed=0)
    assert not result.outcome.agreed_at_table and result.outcome.vetoes == 0
    assert not [e for e in result.events if e.kind is EventKind.VETO]


def test_a_low_authority_delegation_refers_to_its_leader_and_lowers_trust() -> None:
    """Authority 0.2: conceding below 0.8 needs the leader; the other side reads it as bad faith."""
    document = bargaining_document(steps=6)
    document["parties"]["A"]["delegation"]["authority"] = 0.2
    document["parties"]["B"]["trust"] = {"kind": "beta", "initial": 0.5}
    result = sim.run(load(document), seed=0)
    referrals = [e for e in result.events if e.kind is EventKind.REFERRAL]
    assert [r.actor for r in referrals] == ["A/delegation"]
    assert result.outcome.referrals == 1
    trust = [e for e in result.events if e.kind is EventKind.TRUST_CHANGED]
    assert trust[0].actor == "B" and trust[0].payload["reason"] == "low-authority delegation"
    assert trust[0].payload["after"] < trust[0].payload["before"]


def test_staged_execution_releases_every_agreed_captive_once() -> None:
    """With no failures, three stages release exactly the agreed lists, one third at a time."""
    document = swap_document()
    document["execution"] = {"stages": 3, "staged_below_trust": 1.0, "interval_days": 2}
    document["parties"]["X"]["leader"]["scrap_probability"] = 0.0
    document["parties"]["Y"]["leader"]["scrap_probability"] = 0.0
    document["parties"]["X"]["leader"]["veto"] = {"kind": "never"}
    document["parties"]["Y"]["leader"]["veto"] = {"kind": "never"}
    result = sim.run(load(document), seed=4)
    assert result.outcome.status == "executed"
    stages = [e for e in result.events if e.kind is EventKind.STAGE_EXECUTED]
    for party in ("X", "Y"):
        ids = [i for e in stages if e.actor == party for i in e.payload["ids"]]
        assert len(ids) == len(set(ids)) == result.outcome.agreed_released[party]
    days = result.outcome.stage_days
    assert len(days) == 3 and days[1] - days[0] >= 2.0


def test_the_horizon_cuts_talks_short_and_the_run_says_unfinished() -> None:
    """A 2.5-hour horizon stops the tiny bargain after two offers: no agreement, status unfinished."""
    document = bargaining_document()
    document["horizon_days"] = 2.5 * HOUR
    result = sim.run(load(document), seed=0)
    assert [e.kind for e in result.events] == [EventKind.TALKS_OPENED, EventKind.OFFER, EventKind.OFFER,
                                               EventKind.RUN_ENDED]
    assert result.outcome.status == "unfinished"
    assert result.events[-1].time == pytest.approx(2.5 * HOUR)


def test_the_horizon_during_a_staged_swap_leaves_it_partially_executed() -> None:
    """Stages a month apart and a horizon before the second: only the first stage's captives are released."""
    document = swap_document(horizon_days=25)
    document["execution"] = {"stages": 3, "staged_below_trust": 1.0, "start_after_days": 1, "interval_days": 30}
    for party in ("X", "Y"):
        document["parties"][party]["leader"].update(veto={"kind": "never"}, scrap_probability=0.0)
    result = sim.run(load(document), seed=4)
    assert result.outcome.status == "partially executed"
    assert len(result.outcome.stage_days) == 1
    for party in ("X", "Y"):
        assert 0 < result.outcome.released[party] < result.outcome.agreed_released[party]
