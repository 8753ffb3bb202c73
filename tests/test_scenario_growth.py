"""Validation refuses scenarios whose rosters or periodic checks would grow past the limits over a run."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest
import yaml
from support import SCENARIOS

import sim
from sim.scenario.limits import LIMITS


@cache
def _channel() -> dict[str, Any]:
    return yaml.safe_load((SCENARIOS / "ru-ua-channel.yaml").read_text(encoding="utf-8"))


def problems(document: dict[str, Any]) -> list[str]:
    with pytest.raises(sim.ScenarioError) as caught:
        sim.validate_document(document, "c.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_captures_at_the_top_rate_over_the_horizon_are_refused_at_the_capture_field() -> None:
    document = copy.deepcopy(_channel())
    document["channel"]["capture"]["RU"]["rate_per_day"] = 10_000.0
    assert problems(document) == [
        "c.yaml: channel.capture.RU.rate_per_day: RU's roster may grow to about 10,422,460 captives over the "
        "horizon (10,420,000 from here), more than the limit of 2,000,000"]


def test_many_scheduled_surrenders_are_refused_naming_the_biggest() -> None:
    """1,000 events adding 10,000 captives each pass field by field but not together."""
    document = copy.deepcopy(_channel())
    surrender = {"name": "s", "day": 1, "effects": [{"party": "UA", "add_captives": {"soldier": 10_000}}]}
    document["events"]["scheduled"] = [surrender] * 200 + [
        {**surrender, "effects": [{"party": "UA", "add_captives": {"soldier": 20_000}}]}]
    (problem,) = problems(document)
    assert problem.startswith("c.yaml: events.scheduled.200.effects.0.add_captives: UA's roster may grow to about ")
    assert problem.endswith("(20,000 from here), more than the limit of 2,000,000")


def test_random_surrenders_count_at_their_expected_rate(istanbul_document: dict[str, Any]) -> None:
    istanbul_document["horizon_days"] = 1000
    istanbul_document["events"] = {"random": [{"name": "r", "rate_per_day": 10.0,
                                               "effects": [{"party": "RU", "add_captives": {"soldier": 300}}]}]}
    (problem,) = problems(istanbul_document)
    assert "events.random.0.effects.0.add_captives: RU's roster may grow to about 3,00" in problem


def test_a_channel_checking_too_often_is_refused() -> None:
    document = copy.deepcopy(_channel())
    document["channel"]["rounds"]["check_every_days"] = 0.0005
    assert problems(document) == [
        f"c.yaml: channel.rounds.check_every_days: every 0.0005 days is 2,084,000 times over the horizon, more "
        f"than the limit of {LIMITS.periodic_checks:,}"]


def test_the_shipped_channel_is_within_every_limit() -> None:
    assert sim.validate_document(copy.deepcopy(_channel()), "c.yaml").channel is not None


def test_every_limit_is_documented_with_its_value() -> None:
    """The limits reference (docs/reference/limits.md) has a row for each attribute of Limits, with its default."""
    from support import ROOT

    from sim.scenario.limits import Limits

    readme = (ROOT / "docs" / "reference" / "limits.md").read_text(encoding="utf-8")
    names = [name for name in vars(Limits) if not name.startswith("_")]
    assert len(names) >= 10
    for name in names:
        assert f"| `{name}` | {getattr(Limits, name):,.0f} |" in readme, name
