"""Properties of runs of many parties, over randomly built scenarios: captives are never created or lost
(the invariant check every run passes), hard demands hold in every executed deal, refused people are never
released, every named person released is named in the events and the summary, and the same seed gives the
same bytes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import sim
from sim.runtime.events import EventKind


def random_document(seed: int) -> dict[str, Any]:
    """A scenario of 3-6 parties: two blocs or none, generated and named captives, demands, refusals, a veto
    player ratifying in sequence."""
    rng = np.random.default_rng(seed)
    count = int(rng.integers(3, 7))
    ids = [f"P{n}" for n in range(count)]
    parties: dict[str, Any] = {}
    names: dict[str, str] = {}
    for index, party in enumerate(ids):
        home = ids[(index + 1) % count]
        named = [{"name": f"{party} person {k}", "category": "civilian",
                  "value_home": float(rng.uniform(0.5, 5.0)), "value_holder": float(rng.uniform(0.2, 3.0)),
                  "values": {ids[(index + 2) % count]: float(rng.uniform(0.0, 2.0))} if count > 3 else {}}
                 for k in range(int(rng.integers(0, 3)))]
        names |= {captive["name"]: party for captive in named}
        parties[party] = {
            "name": f"Party {party}", "leader": {"name": "Leader"},
            "delegation": {"name": "Delegation", "strategy": {"kind": "aspiration",
                                                              "exponent": float(rng.uniform(0.5, 3.0))}},
            "roster": {"home": home, "generate": {"civilian": int(rng.integers(0, 8))}, "named": named},
            "interests": {"value_home": {"civilian": 1.0}, "value_holder": {"civilian": float(rng.uniform(0.3, 1.5))}},
        }
    for party in ids:
        others = [name for name, holder in names.items() if holder != party]
        if others and rng.random() < 0.6:
            name = str(rng.choice(others))
            hard = bool(rng.random() < 0.4)
            parties[party]["demands"] = [{"name": name, "kind": "hard" if hard else "soft",
                                          "penalty": 0.0 if hard else float(rng.uniform(0.0, 0.3))}]
    hard_names = {d["name"] for p in parties.values() for d in p.get("demands", []) if d["kind"] == "hard"}
    for party in ids:
        own = [name for name, holder in names.items() if holder == party and name not in hard_names]
        if own and rng.random() < 0.3:
            parties[party]["refuses"] = [own[0]]
    document: dict[str, Any] = {
        "name": f"random {seed}", "horizon_days": 60, "categories": ["civilian"], "parties": parties,
        "mediators": {"M": {"name": "Mediator", "style": "host", "drafts_packages": True}},
        "protocol": {"kind": "single_text", "mediator": "M", "max_steps": 25},
        "veto_players": {"house": {"party": ids[0], "name": "House", "delay": {"mean": 1.0}}},
    }
    parties[ids[0]]["ratification"] = {"mode": "in_sequence", "order": ["house", "leader"]}
    if rng.random() < 0.5:
        cut = count // 2
        document["blocs"] = {"one": {"members": ids[:cut] if cut > 1 else ids[:2]},
                             "two": {"members": ids[cut:] if cut > 1 else ids[2:]}}
        if len(document["blocs"]["two"]["members"]) < 2:
            del document["blocs"]
    return document


@pytest.mark.parametrize("seed", range(25))
def test_runs_of_many_parties_keep_their_promises(seed: int) -> None:
    scenario = sim.validate_document(random_document(seed), f"random-{seed}.yaml")
    hard = {d.name for p in scenario.parties.values() for d in p.demands if d.kind == "hard"}
    refused = {name for p in scenario.parties.values() for name in p.refuses}
    for run_seed in range(3):
        result = sim.run(scenario, seed=run_seed)  # raises if captives were created or lost, or time ran back
        named = {name for names in result.released_named().values() for name in names}
        moved = [name for event in result.events if event.kind is EventKind.STAGE_EXECUTED
                 for name in event.payload.get("names", [])]
        assert sorted(moved) == sorted(named)
        assert not named & refused
        if result.outcome.status == "executed":
            assert hard <= named, (seed, run_seed, hard - named)
        assert sim.run(scenario, seed=run_seed).events_jsonl() == result.events_jsonl()
