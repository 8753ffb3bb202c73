"""The Python front door: load a scenario, run it, look at events as a DataFrame."""

from __future__ import annotations

from support import SCENARIOS

import sim


def test_load_run_and_tabulate_the_istanbul_scenario() -> None:
    scenario = sim.load_scenario(SCENARIOS / "istanbul-2025-05.yaml")
    result = sim.run(scenario, seed=7)
    frame = result.events_frame()
    assert len(frame) == len(result.events)
    assert list(frame.columns[:5]) == ["seq", "time", "kind", "actor", "target"]
    assert frame["seq"].tolist() == list(range(len(frame)))
    offers = frame[frame["kind"] == "offer"]
    assert len(offers) == result.outcome.rounds
    assert set(offers["actor"]) == {"RU/delegation", "UA/delegation"}


def test_summary_and_manifest_identify_the_run() -> None:
    scenario = sim.load_scenario(SCENARIOS / "istanbul-2025-05.yaml")
    result = sim.run(scenario, seed=7)
    summary = result.summary()
    assert summary["run"] == "istanbul-talks-may-2025-seed7"
    assert summary["seed"] == 7
    assert summary["status"] == result.outcome.status
    manifest = result.manifest()
    assert manifest["schema_version"] == 1
    assert len(manifest["scenario_sha256"]) == 64
    assert manifest["scenario_sha256"] == sim.run(scenario, seed=8).manifest()["scenario_sha256"]


def test_public_api_is_what_the_front_door_lists() -> None:
    assert set(sim.__all__) >= {"load_scenario", "run", "Scenario", "ScenarioError", "Result", "Event", "EventKind"}
    assert issubclass(sim.ScenarioError, ValueError)
