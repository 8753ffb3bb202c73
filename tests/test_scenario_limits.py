"""Limits are read when a scenario is checked: raising one in a session works, and the schema shows it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from support import bargaining_document

import sim
from sim.scenario.limits import LIMITS


@pytest.fixture
def raised_captive_limit() -> Iterator[int]:
    before = LIMITS.captives_per_party
    LIMITS.captives_per_party = 3_000_000
    try:
        yield LIMITS.captives_per_party
    finally:
        LIMITS.captives_per_party = before


def big_roster_document(count: int) -> dict[str, object]:
    document = bargaining_document()
    document["categories"] = ["pow"]
    document["parties"]["A"]["roster"] = {"generate": {"pow": count}}
    document["protocol"] = {"package_step": 100_000}
    return document


def test_a_roster_above_the_default_limit_is_refused() -> None:
    with pytest.raises(sim.ScenarioError, match="less than or equal to 2000000"):
        sim.validate_document(big_roster_document(2_500_000))


def test_raising_a_limit_in_a_session_lets_a_larger_scenario_load(raised_captive_limit: int) -> None:
    scenario = sim.validate_document(big_roster_document(2_500_000))
    assert scenario.parties["A"].roster.generate == {"pow": 2_500_000}
    with pytest.raises(sim.ScenarioError, match="less than or equal to 3000000"):
        sim.validate_document(big_roster_document(3_000_001))


def maxima(schema: dict[str, object]) -> list[float]:
    return [value for key, value in _walk(schema) if key == "maximum"]


def _walk(node: object) -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_the_schema_shows_the_bounds_in_force(raised_captive_limit: int) -> None:
    shown = maxima(json.loads(json.dumps(sim.Scenario.model_json_schema())))
    assert raised_captive_limit in shown and 2_000_000 not in shown
