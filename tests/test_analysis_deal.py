"""Deal metrics of a run: where the agreement sits in the bargaining set, who conceded what, and summary.json."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from support import SCENARIOS, bargaining_document, load

import sim
from sim.analysis import agreed_outcome, bargaining_set, deal_metrics
from sim.analysis.run_files import write_run
from sim.runtime.events import EventKind
from sim.runtime.messages import party_of

ISTANBUL = SCENARIOS / "istanbul-2025-05.yaml"
KEYS_ISTANBUL = [
    "deal_agreed",
    "deal_utility_RU", "deal_disagreement_RU", "deal_surplus_share_RU",
    "deal_utility_UA", "deal_disagreement_UA", "deal_surplus_share_UA",
    "deal_pareto_distance", "deal_nash_distance", "deal_kalai_distance", "deal_max_welfare_distance",
    "deal_welfare_gap",
    "deal_concession_RU", "deal_offers_RU", "deal_concession_UA", "deal_offers_UA",
]


@pytest.fixture(scope="module")
def istanbul() -> sim.Result:
    return sim.run(sim.load_scenario(ISTANBUL), seed=3)


def test_metrics_are_a_flat_dict_of_floats_with_stable_keys(istanbul: sim.Result) -> None:
    metrics = deal_metrics(istanbul)
    assert list(metrics) == KEYS_ISTANBUL
    assert all(type(value) is float for value in metrics.values())


def test_agreement_is_placed_by_its_utilities_at_the_opening(istanbul: sim.Result) -> None:
    metrics = deal_metrics(istanbul)
    bargaining = bargaining_set(istanbul.scenario, istanbul.seed)
    agreed = next(e for e in istanbul.events if e.kind is EventKind.AGREEMENT).payload["outcome"]
    assert agreed_outcome(istanbul) == agreed
    utilities = bargaining.utilities(agreed)
    assert (metrics["deal_utility_RU"], metrics["deal_utility_UA"]) == utilities
    assert (metrics["deal_disagreement_RU"], metrics["deal_disagreement_UA"]) == bargaining.disagreement
    gains = [utilities[i] - bargaining.disagreement[i] for i in range(2)]
    assert metrics["deal_surplus_share_RU"] == pytest.approx(gains[0] / sum(gains))
    assert metrics["deal_surplus_share_RU"] + metrics["deal_surplus_share_UA"] == pytest.approx(1.0)
    nash = bargaining.point("nash")
    assert nash is not None
    assert metrics["deal_nash_distance"] == pytest.approx(math.dist(utilities, nash))
    welfare = bargaining.point("max_welfare")
    assert welfare is not None
    assert metrics["deal_welfare_gap"] == pytest.approx(sum(welfare) - sum(utilities))


def test_pareto_distance_is_zero_for_an_undominated_deal_and_the_nearest_frontier_point_otherwise(
        istanbul: sim.Result) -> None:
    bargaining = bargaining_set(istanbul.scenario, istanbul.seed)
    utilities = bargaining.utilities(agreed_outcome(istanbul) or 0)
    frontier = bargaining.frontier_points
    dominated = any(f[0] >= utilities[0] and f[1] >= utilities[1] and tuple(f) != utilities for f in frontier)
    expected = min(math.dist(utilities, f) for f in frontier) if dominated else 0.0
    assert deal_metrics(istanbul, bargaining)["deal_pareto_distance"] == pytest.approx(expected)


def test_concessions_are_first_offer_minus_last_offer_to_the_offering_side(istanbul: sim.Result) -> None:
    metrics = deal_metrics(istanbul)
    for party in ("RU", "UA"):
        values = [e.payload["value"] for e in istanbul.events
                  if e.kind is EventKind.OFFER and party_of(e.actor) == party]
        assert len(values) >= 2
        assert metrics[f"deal_offers_{party}"] == len(values)
        assert metrics[f"deal_concession_{party}"] == values[0] - values[-1]


def test_a_deal_on_the_frontier_of_a_symmetric_bargain_is_at_distance_zero() -> None:
    """The tiny bargain (low / mid / high, opposite values) agrees on one of three undominated outcomes."""
    result = sim.run(load(bargaining_document(steps=6)), seed=0)
    metrics = deal_metrics(result)
    assert metrics["deal_agreed"] == 1.0
    assert metrics["deal_pareto_distance"] == 0.0
    assert metrics["deal_utility_A"] + metrics["deal_utility_B"] == pytest.approx(1.0)
    assert metrics["deal_nash_distance"] in (pytest.approx(0.0), pytest.approx(math.hypot(0.5, 0.5)))


def test_runs_without_agreement_have_nan_for_everything_the_agreement_decides() -> None:
    result = sim.run(load(bargaining_document(steps=1, exponent=50.0)), seed=0)
    assert result.outcome.agreement is False
    metrics = deal_metrics(result)
    assert metrics["deal_agreed"] == 0.0
    for key in ("deal_utility_A", "deal_surplus_share_B", "deal_pareto_distance", "deal_nash_distance",
                "deal_kalai_distance", "deal_max_welfare_distance", "deal_welfare_gap"):
        assert math.isnan(metrics[key]), key
    assert metrics["deal_disagreement_A"] == 0.0
    assert metrics["deal_offers_A"] + metrics["deal_offers_B"] == 1.0


def test_summary_json_holds_the_metrics_under_bargaining_and_events_are_untouched(
        istanbul: sim.Result, tmp_path: Path) -> None:
    write_run(istanbul, tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["bargaining"] == deal_metrics(istanbul)
    nested = istanbul.summary(flat=False)
    assert {key: summary[key] for key in nested} == json.loads(json.dumps(nested))
    assert (tmp_path / "events.jsonl").read_text(encoding="utf-8") == istanbul.events_jsonl()


def test_summary_json_writes_nan_as_null(tmp_path: Path) -> None:
    result = sim.run(load(bargaining_document(steps=1, exponent=50.0)), seed=0)
    write_run(result, tmp_path)
    text = (tmp_path / "summary.json").read_text(encoding="utf-8")
    assert "NaN" not in text
    assert json.loads(text)["bargaining"]["deal_pareto_distance"] is None
