"""Bounded runs: a scenario's worst case is estimated at validation, and a run stops at its bounds.

Failure 1 of issue 18: a scenario that passed `parley validate` (random shocks at a high rate
over a century, a huge `max_steps`) ran out of memory in `parley run`. Now validation refuses
it in one line naming the fields; the event log stops at `Limits.log_entries` and
`Limits.log_bytes`; `parley run --time-limit` ends a long run with status `timed_out`; and a
property test checks that the estimate bounds what Hypothesis-made scenarios really do.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from bounded import scenario_documents
from fuzzing import base_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
import sim.talks.setup
from sim.cli import main
from sim.runtime.events import LogLimitError
from sim.runtime.guard import BoundedEnvironment, RunLimitError, RunTimeoutError, time_limit
from sim.scenario.cost import estimate_cost, find_cost_problems
from sim.scenario.horizon import until
from sim.scenario.limits import LIMITS

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, document: dict[str, Any], name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def sizes_of(scenario: sim.Scenario) -> dict[str, int]:
    return {party: sum((spec.roster.generate or {}).values()) if spec.roster is not None else 0
            for party, spec in scenario.parties.items()}


@contextmanager
def limits(**values: Any) -> Iterator[None]:
    """Set some `LIMITS` for the block, as a user raising or lowering them in a session would."""
    with mock.patch.multiple(LIMITS, **values):
        yield


def exhausting_document() -> dict[str, Any]:
    """The kind of file that validated and then ran out of memory: many random shocks, a century, huge max_steps."""
    document = base_document("istanbul-2025-05.yaml")
    document = {**document, "horizon_days": 36_500.0,
                "protocol": {**document["protocol"], "max_steps": 100_000, "step_hours": 0.01}}
    shock = {"name": "shelling", "rate_per_day": 10.0, "effects": [{"party": "RU", "urgency": 0.001}] * 100}
    document["events"] = {"random": [{**shock, "name": f"shelling {index}"} for index in range(50)]}
    return document


def test_a_scenario_whose_worst_case_is_too_big_is_refused_in_one_line_naming_the_fields(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, exhausting_document())
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:") and "events.random.0.rate_per_day: too big for one run" in lines[0]
    assert "log entries (limit 1,000,000)" in lines[0] and "and 46 more" in lines[0]
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_the_estimate_names_max_steps_when_steps_make_the_run_too_big() -> None:
    document = base_document("first-swap-2019-09.yaml")
    document = {**document, "horizon_days": 36_500.0,
                "protocol": {**document.get("protocol", {}), "max_steps": 100_000, "step_hours": 0.05}}
    with limits(log_entries=100_000):
        with pytest.raises(sim.ScenarioError) as caught:
            sim.validate_document(document, "x.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "protocol.max_steps"
    # 100,000 offers at most 6 entries each, plus a few dozen for the round, its stages and its shocks
    found = re.search(r"about ([\d,]+) log entries \(limit 100,000\)", problem.message)
    assert found is not None and 600_000 <= int(found.group(1).replace(",", "")) <= 600_100


@pytest.mark.parametrize("name", sorted(path.name for path in (ROOT / "scenarios").glob("*.yaml")))
def test_every_shipped_scenario_is_well_under_the_default_limits(name: str) -> None:
    scenario = sim.load_scenario(ROOT / "scenarios" / name)
    assert find_cost_problems(scenario, sizes_of(scenario)) == []
    totals = estimate_cost(scenario, sizes_of(scenario)).totals()
    assert totals["entries"] < LIMITS.log_entries / 2 and totals["bytes"] < LIMITS.log_bytes / 2


def test_benchmark_scenarios_validate_under_the_default_limits() -> None:
    """The bilateral cases, Istanbul scaled to 10^6 captives a side, the channel over 30 years."""
    from benchmarks.istanbul_scaling import scaled_document
    from benchmarks.problem import cases

    for problem in cases():
        sim.validate_document(problem.document, "bilateral-3x10.yaml")
    for captives in (1_000, 1_000_000):
        sim.validate_document(scaled_document(captives))
    channel = sim.load_scenario(ROOT / "scenarios" / "ru-ua-channel.yaml")
    thirty = until(channel, dt.date(2052, 2, 23))
    assert find_cost_problems(thirty, sizes_of(thirty)) == []


def test_running_a_channel_past_its_limits_with_until_is_refused() -> None:
    channel = sim.load_scenario(ROOT / "scenarios" / "ru-ua-channel.yaml")
    with pytest.raises(sim.ScenarioError, match="running until 2120-01-01: too big for one run"):
        until(channel, dt.date(2120, 1, 1))


def test_the_log_stops_at_its_entry_cap_with_one_line_and_exit_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "scenarios" / "ru-ua-channel.yaml"
    scenario = sim.load_scenario(path)
    with limits(log_entries=500):
        with pytest.raises(LogLimitError, match="reached 500 entries"):
            sim.run(scenario, seed=1)
        # as if the estimate had missed (a plug-in looping, say): the run itself stops
        with mock.patch("sim.scenario.loader.find_cost_problems", return_value=[]):
            assert main(["run", str(path), "--out", str(tmp_path / "out"), "--no-plots"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Limits.log_entries" in error and "Traceback" not in error
    assert not (tmp_path / "out" / "events.jsonl").exists()


def test_the_log_stops_at_its_byte_cap() -> None:
    """Ten years of the channel log more than 4,096 entries, so their bytes are measured while it runs."""
    scenario = until(sim.load_scenario(ROOT / "scenarios" / "ru-ua-channel.yaml"), dt.date(2032, 2, 23))
    with limits(log_bytes=1_000_000):
        with pytest.raises(LogLimitError, match="more than the limit Limits.log_bytes of 1,000,000"):
            sim.run(scenario, seed=1)
    assert len(sim.run(scenario, seed=1).events_jsonl()) > 1_000_000


def test_a_run_under_its_caps_keeps_its_log() -> None:
    """The caps change nothing for a run that stays under them: same seed, same bytes."""
    scenario = sim.load_scenario(ROOT / "scenarios" / "ru-ua-channel.yaml")
    before = sim.run(scenario, seed=3).events_jsonl()
    with limits(log_bytes=len(before) + 1, log_entries=before.count("\n") + 1):
        assert sim.run(scenario, seed=3).events_jsonl() == before


def test_parley_run_stopped_by_its_time_limit_is_timed_out_with_no_outcome(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    path = ROOT / "scenarios" / "ru-ua-channel.yaml"
    assert main(["run", str(path), "--out", str(out), "--time-limit", "0.0001"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "timed out after 0.0001 s" in error and "--time-limit" in error
    assert sorted(child.name for child in out.iterdir()) == ["manifest.json"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "timed_out" and manifest["time_limit_seconds"] == 0.0001


def test_parley_run_states_its_default_time_limit() -> None:
    from sim.cli.main import build_parser

    assert f"default {LIMITS.run_seconds:g}" in " ".join(build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
                                                        .choices["run"].format_help().split())
    assert LIMITS.run_seconds == 600.0


# --- the property: the estimate bounds the run --------------------------------------------------

SMALL = {"simulated_events": 400_000, "log_entries": 40_000, "log_bytes": 40_000_000, "messages": 200_000}
"""Small limits for the property test: validation refuses the large cases, so the rest run quickly."""


@contextmanager
def watched_environments() -> Iterator[list[BoundedEnvironment]]:
    """Every environment a run makes, to read how many simulated events it processed."""
    made: list[BoundedEnvironment] = []

    class Watched(BoundedEnvironment):
        def __init__(self, max_events: int | None = None) -> None:
            super().__init__(max_events)
            made.append(self)

    with mock.patch.object(sim.talks.setup, "BoundedEnvironment", Watched):
        yield made


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("PARLEY_BOUND_EXAMPLES", "60")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=scenario_documents(), seed=st.integers(0, 2**32))
def test_a_validated_scenario_runs_within_its_estimate_and_the_caps(document: dict[str, Any], seed: int) -> None:
    """Events, log entries and bytes of every run of a validated scenario stay under the estimate and the caps.

    60 cases by default; `PARLEY_BOUND_EXAMPLES=300` for a longer hunt (it passes, about two minutes)."""
    with limits(**SMALL):
        try:
            scenario = sim.validate_document(document, "generated.yaml")
        except sim.ScenarioError as error:
            assert all("\n" not in str(problem) for problem in error.problems)
            return
        estimate = estimate_cost(scenario, sizes_of(scenario)).totals()
        assert all(estimate[measure] <= SMALL[limit] for measure, limit in
                   (("events", "simulated_events"), ("entries", "log_entries"), ("bytes", "log_bytes")))
        with watched_environments() as made:
            try:
                with time_limit(5.0):
                    result = sim.run(scenario, seed=seed)
            except RunTimeoutError:
                return  # slow but bounded; the deterministic bounds are what this test checks
    (env,) = made
    assert env.processed <= estimate["events"]
    assert len(result.events) <= estimate["entries"]
    assert len(result.events_jsonl()) <= estimate["bytes"]


def test_run_limit_errors_are_run_limit_errors() -> None:
    assert issubclass(LogLimitError, RunLimitError)
