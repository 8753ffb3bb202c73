"""Hypothesis strategies for valid-looking scenarios of every shape, for tests/test_run_bounds.py.

`scenario_documents` starts from a shipped scenario (a round or a channel) and redraws the
fields that drive a run's cost: protocol, steps and their length, delegations' authority and
strategies, mediators that carry and draft, execution stages with slips and failures,
scheduled and random shocks that add captives, a channel's checks, captures and freezes,
and the horizon. Most documents validate; the test runs each one that does.
"""

from __future__ import annotations

import copy
from typing import Any

from fuzzing import base_document
from hypothesis import strategies as st

BASES = ("istanbul-2025-05.yaml", "shalit-2011.yaml", "gaza-truce-2023-11.yaml", "first-swap-2019-09.yaml",
         "ru-ua-channel.yaml")
NAMES = st.sampled_from(["shock", "Olenivka \u2014 \u00e9t\u00e9", "\U0001f600" * 20, "a" * 200, '"quoted"\\'])


@st.composite
def effects(draw: st.DrawFn, parties: list[str], categories: list[str]) -> list[dict[str, Any]]:
    """One to three effects on random parties, some adding captives."""
    found = []
    for _ in range(draw(st.integers(1, 3))):
        effect: dict[str, Any] = {"party": draw(st.sampled_from(parties)),
                                  "urgency": draw(st.floats(-1.0, 1.0)),
                                  "trust_signal": draw(st.sampled_from([0.0, -5.0, 3.0, 100.0]))}
        if categories and draw(st.booleans()):
            effect["add_captives"] = {draw(st.sampled_from(categories)): draw(st.integers(0, 50))}
        found.append(effect)
    return found


def _has_roster(document: dict[str, Any], party: str) -> bool:
    return document["parties"][party].get("roster") is not None


@st.composite
def scenario_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario document with its cost-driving fields redrawn (it may or may not validate)."""
    document = copy.deepcopy(base_document(draw(st.sampled_from(BASES))))
    parties = sorted(document["parties"])
    categories = list(document.get("categories", []))
    mediators = sorted(document.get("mediators", {}))
    channel = document.get("channel") is not None
    document["horizon_days"] = draw(st.floats(1042.0, 1500.0) if channel else st.floats(1.0, 400.0))
    protocol = document.setdefault("protocol", {})
    styles = {mediator: document["mediators"][mediator]["style"] for mediator in mediators}
    carriers = [mediator for mediator in mediators if styles[mediator] != "host"]
    hosts = [mediator for mediator in mediators if styles[mediator] == "host"]
    kinds = ["direct"] + (["single_text"] if mediators else []) + (["shuttle"] if carriers else [])
    protocol["kind"] = draw(st.sampled_from(kinds))
    choices = {"direct": [None, *hosts], "single_text": mediators, "shuttle": carriers}[protocol["kind"]]
    protocol["mediator"] = draw(st.sampled_from(choices))
    protocol["max_steps"] = draw(st.integers(1, 400))
    protocol["step_hours"] = draw(st.sampled_from([0.05, 0.5, 3.0, 24.0, 200.0]))
    for party in parties:
        delegation = document["parties"][party]["delegation"]
        delegation["authority"] = draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))
        delegation["strategy"] = draw(st.sampled_from([
            {"kind": "aspiration", "exponent": 0.01, "tolerance": 0.0},
            {"kind": "aspiration", "exponent": 50.0, "tolerance": 0.0},
            {"kind": "aspiration", "exponent": 1.0, "tolerance": 0.2},
            {"kind": "tit_for_tat"},
        ]))
        document["parties"][party]["trust"] = draw(st.sampled_from([
            {"kind": "fixed"}, {"kind": "beta", "initial": 0.1, "prior_weight": 1}]))
    for mediator in mediators:
        spec = document["mediators"][mediator]
        spec["drafts_packages"] = draw(st.booleans()) or (protocol["kind"] == "single_text"
                                                          and protocol["mediator"] == mediator)
        spec["draft_every_steps"] = draw(st.integers(1, 6))
    execution = document.setdefault("execution", {})
    execution["stages"] = draw(st.integers(1, 30))
    execution["staged_below_trust"] = draw(st.sampled_from([0.0, 1.0]))
    execution["slip_probability"] = draw(st.sampled_from([0.0, 0.5, 1.0]))
    execution["failure_probability"] = draw(st.sampled_from([0.0, 0.05, 1.0]))
    holders = [party for party in parties if _has_roster(document, party)] or parties
    events: dict[str, Any] = {"scheduled": [], "random": []}
    for _ in range(draw(st.integers(0, 3))):
        events["scheduled"].append({"name": draw(NAMES), "day": draw(st.floats(0.0, 50.0)),
                                    "effects": draw(effects(holders, categories))})
    for _ in range(draw(st.integers(0, 2))):
        events["random"].append({"name": draw(NAMES), "rate_per_day": draw(st.sampled_from([0.01, 0.5, 3.0])),
                                 "effects": draw(effects(holders, categories))})
    document["events"] = events
    if channel:
        rounds = document["channel"].setdefault("rounds", {})
        rounds["check_every_days"] = draw(st.sampled_from([0.5, 1.0, 3.0, 30.0]))
        rounds["min_days_between"] = draw(st.sampled_from([0.0, 1.0, 14.0]))
        document["channel"]["capture_every_days"] = draw(st.sampled_from([0.5, 1.0, 7.0]))
        document["channel"]["periods"] = []
    return document
