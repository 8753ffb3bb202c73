""""Did you mean": one suggestion rule for unknown fields in a file and unknown keys in a sweep's path."""

from __future__ import annotations

import pytest

from sim.rules.veto import ProbabilisticVeto, ThresholdVeto
from sim.scenario.channel_schema import RoundRules
from sim.scenario.schema import Party, Protocol, Scenario
from sim.scenario.suggest import did_you_mean, model_at, unknown_field


@pytest.mark.parametrize(("name", "choices", "expected"), [
    ("horizon_dys", ["name", "horizon_days", "parties"], "; did you mean horizon_days?"),
    ("RUS", ["RU", "UA"], "; did you mean RU?"),
    ("tolerence", ["tolerance", "tolerate", "exponent"], "; did you mean tolerance or tolerate?"),
    ("colour", ["name", "horizon_days", "parties"], ""),
    ("x", [], ""),
])
def test_did_you_mean_offers_the_close_names(name: str, choices: list[str], expected: str) -> None:
    assert did_you_mean(name, choices) == expected


@pytest.mark.parametrize(("location", "expected"), [
    (("colour",), Scenario),
    (("parties", "RU", "mood"), Party),
    (("parties", "RU", "leader", "veto", "probabilistic", "midpont"), ProbabilisticVeto),
    (("parties", "RU", "leader", "veto", "threshold", "threshold"), ThresholdVeto),
    (("protocol", "speed"), Protocol),
    (("channel", "rounds", "lsit_size"), RoundRules),
    (("parties", "RU", "leader", "veto", "no-such-kind", "x"), None),
    (("nowhere", "x"), None),
])
def test_model_at_follows_fields_keys_and_plug_in_kinds(location: tuple[str, ...], expected: type | None) -> None:
    assert model_at(Scenario, location) is expected


def test_unknown_field_names_the_kind_and_its_fields_only_for_plug_ins() -> None:
    assert unknown_field("colour", Scenario) == "unknown field"
    assert unknown_field("x", None) == "unknown field"
    assert unknown_field("midpont", ProbabilisticVeto, {"kind": "probabilistic"}) == (
        "unknown field; did you mean midpoint? (fields of kind 'probabilistic': kind, midpoint, slope, trust_weight)")
    assert unknown_field("max_stepz", Protocol, {}) == (
        "unknown field; did you mean max_steps? (fields of kind 'direct': kind, mediator, opens, step_hours, "
        "max_steps, package_step)")
