"""Small scenarios built in code, shared by the engine, property and trace tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

import sim

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def bargaining_document(steps: int = 4, exponent: float = 1.0) -> dict[str, Any]:
    """Two parties haggle over one three-option issue; no captives, no randomness."""
    party = {
        "leader": {"name": "Leader"},
        "delegation": {"name": "Delegation", "strategy": {"kind": "aspiration", "exponent": exponent}},
        "trust": {"kind": "fixed", "initial": 0.5},
    }
    first = copy.deepcopy(party) | {"name": "A"}
    second = copy.deepcopy(party) | {"name": "B"}
    first["interests"] = {"issue_values": {"price": {"low": 1.0, "mid": 0.5, "high": 0.0}}, "reserved_value": 0.0}
    second["interests"] = {"issue_values": {"price": {"low": 0.0, "mid": 0.5, "high": 1.0}}, "reserved_value": 0.0}
    return {
        "name": "Tiny bargain",
        "horizon_days": 10,
        "parties": {"A": first, "B": second},
        "issues": {"price": {"options": ["low", "mid", "high"]}},
        "protocol": {"kind": "direct", "step_hours": 1, "max_steps": steps},
    }


def swap_document(**overrides: Any) -> dict[str, Any]:
    """Two parties holding each other's soldiers and officers; staged, fallible execution."""
    def party(name: str, count: int) -> dict[str, Any]:
        return {
            "name": name,
            "leader": {"name": f"{name} leader", "veto": {"kind": "probabilistic", "midpoint": 0.4},
                       "delay": {"mean": 0.5, "distribution": "exponential"}, "scrap_probability": 0.05},
            "delegation": {"name": f"{name} delegation", "authority": 0.5,
                           "strategy": {"kind": "aspiration", "exponent": 2.0, "tolerance": 0.02},
                           "referral_delay": {"mean": 0.1, "distribution": "exponential"}},
            "roster": {"generate": {"soldier": count, "officer": count // 10}, "value_noise": 0.3,
                       "unacknowledged_share": 0.05},
            "interests": {"value_home": {"soldier": 1.0, "officer": 2.0},
                          "value_holder": {"soldier": 0.8, "officer": 3.0},
                          "urgency": 0.3, "max_ratio": 2.0},
            "trust": {"kind": "beta", "initial": 0.4, "prior_weight": 3},
        }
    document: dict[str, Any] = {
        "name": "Swap",
        "horizon_days": 60,
        "categories": ["soldier", "officer"],
        "parties": {"X": party("X", 300), "Y": party("Y", 200)},
        "protocol": {"kind": "direct", "max_steps": 20, "package_step": 10},
        "execution": {"stages": 3, "staged_below_trust": 0.8, "start_after_days": 2,
                      "slip_probability": 0.3, "failure_probability": 0.2},
        "events": {"random": [{"name": "shelling", "rate_per_day": 0.2,
                               "effects": [{"party": "X", "trust_signal": -0.5, "urgency": 0.1}]}]},
    }
    document.update(overrides)
    return document


def load(document: dict[str, Any]) -> sim.Scenario:
    return sim.validate_document(document)


def write(tmp_path: Path, document: dict[str, Any], name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def outcomes(name: str, runs: int) -> list[sim.Outcome]:
    """The outcomes of a shipped scenario over seeds 0..runs-1."""
    scenario = sim.load_scenario(SCENARIOS / name)
    return [sim.run(scenario, seed=seed).outcome for seed in range(runs)]


def share(outcomes: list[sim.Outcome], condition: Any) -> float:
    """The share of `outcomes` for which `condition(outcome)` holds."""
    return sum(1 for o in outcomes if condition(o)) / len(outcomes)
