"""End-of-run invariants (sim.talks.invariants) and the run guard (sim.runtime.guard): each violation is named."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Generator
from typing import Any

import pytest
from support import load, swap_document

import sim
from sim import engine
from sim.runtime.events import Event, EventKind
from sim.runtime.guard import BoundedEnvironment, EventLimitError, RunTimeoutError, time_limit
from sim.scenario.limits import LIMITS
from sim.talks.invariants import InvariantError, check_run


@pytest.fixture(scope="module")
def swap_result() -> sim.Result:
    """A swap run with trust changes, a scheduled surrender and executed stages (seed chosen for all three)."""
    document = swap_document()
    document["events"] = {"scheduled": [{"name": "surrender", "day": 0.5,
                                         "effects": [{"party": "Y", "add_captives": {"soldier": 30}}]}]}
    result = sim.run(load(document), seed=3)
    kinds = {event.kind for event in result.events}
    assert {EventKind.STAGE_EXECUTED, EventKind.TRUST_CHANGED, EventKind.EXOGENOUS} <= kinds
    return result


def with_events(result: sim.Result, events: list[Event]) -> sim.Result:
    return dataclasses.replace(result, events=tuple(events))


def first(result: sim.Result, kind: EventKind) -> int:
    return next(index for index, event in enumerate(result.events) if event.kind is kind)


def with_veto_at(result: sim.Result, index: int, target: str, stage: str) -> tuple[sim.Result, Event]:
    """`result` with X's leader vetoing at position `index` (same time as the event before), renumbered."""
    before = result.events[index - 1]
    veto = Event(before.run, index, before.time, EventKind.VETO, "X/leader", target, {"stage": stage})
    events = [*result.events[:index], veto, *result.events[index:]]
    return with_events(result, [event._replace(seq=seq) for seq, event in enumerate(events)]), veto


def broken(result: sim.Result, invariant: str) -> str:
    with pytest.raises(InvariantError) as caught:
        check_run(result)
    assert caught.value.invariant == invariant
    return str(caught.value)


def test_a_sound_run_passes_unchanged(swap_result: sim.Result) -> None:
    """check_run returns the very result it was given."""
    assert check_run(swap_result) is swap_result


def test_a_gap_in_sequence_numbers_is_named(swap_result: sim.Result) -> None:
    """Dropping one event leaves a gap in the numbering."""
    events = list(swap_result.events)
    del events[3]
    assert broken(with_events(swap_result, events), "sequence") == (
        f"invariant 'sequence' broken in run {swap_result.run_id}: event 3 has sequence number 4")


def test_time_going_backwards_is_named(swap_result: sim.Result) -> None:
    """An event dated before the one logged ahead of it breaks 'time'."""
    events = list(swap_result.events)
    last = len(events) - 1
    events[last] = events[last]._replace(time=-1.0)
    assert "event" in broken(with_events(swap_result, events), "time")


@pytest.mark.parametrize(("position", "time"), [(-1, float("inf")), (-1, float("nan")), (5, float("nan")), (0, -0.5)])
def test_infinite_nan_or_negative_time_is_named(swap_result: sim.Result, position: int, time: float) -> None:
    events = list(swap_result.events)
    events[position] = events[position]._replace(time=time)
    index = position % len(events)
    assert f"event {index} (" in broken(with_events(swap_result, events), "time")


def test_trust_outside_zero_one_is_named(swap_result: sim.Result) -> None:
    """A trust change to 1.5 breaks 'trust'."""
    events = list(swap_result.events)
    index = first(swap_result, EventKind.TRUST_CHANGED)
    events[index] = events[index]._replace(payload={**events[index].payload, "after": 1.5})
    assert broken(with_events(swap_result, events), "trust").endswith(f"event {index}: trust after = 1.5")


def test_final_trust_outside_zero_one_is_named(swap_result: sim.Result) -> None:
    outcome = dataclasses.replace(swap_result.outcome, final_trust={"X->Y": -0.1, "Y->X": 0.5})
    broken(dataclasses.replace(swap_result, outcome=outcome), "trust")


def test_a_stage_executed_after_a_ratification_veto_is_named(swap_result: sim.Result) -> None:
    """A veto of the deal inserted before the first executed stage breaks 'veto'."""
    index = first(swap_result, EventKind.STAGE_EXECUTED)
    broken(with_veto_at(swap_result, index, "table", "ratification")[0], "veto")


def test_a_referral_veto_does_not_stop_later_execution(swap_result: sim.Result) -> None:
    """A veto of a referral during the talks is followed by an agreement, so execution is fine."""
    index = first(swap_result, EventKind.AGREEMENT)
    vetoed, veto = with_veto_at(swap_result, index, "X/delegation", "referral")
    assert check_run(vetoed).events[index] == veto


def test_a_release_missing_from_the_events_is_named(swap_result: sim.Result) -> None:
    """One id dropped from an executed stage: the events list one release fewer than the outcome counts."""
    events = list(swap_result.events)
    index = first(swap_result, EventKind.STAGE_EXECUTED)
    party = events[index].actor
    ids = list(events[index].payload["ids"])
    events[index] = events[index]._replace(payload={**events[index].payload, "ids": ids[1:]})
    released = swap_result.outcome.released[party]
    assert broken(with_events(swap_result, events), "captives").endswith(
        f"{party}: {released - 1} ids released in the events, {released} in the outcome")


def test_a_captive_lost_from_the_count_is_named(swap_result: sim.Result) -> None:
    """One captive fewer held at the end than start + added - released breaks 'captives'."""
    held = {party: count - (party == "Y") for party, count in swap_result.outcome.held.items()}
    outcome = dataclasses.replace(swap_result.outcome, held=held)
    message = broken(dataclasses.replace(swap_result, outcome=outcome), "captives")
    assert "Y holds" in message and "gained 30" in message


def test_every_shipped_scenario_keeps_the_invariants() -> None:
    """sim.run checks at the end of each run; the shipped scenarios pass at two seeds."""
    from support import SCENARIOS

    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = sim.load_scenario(path)
        for seed in (0, 7):
            assert sim.run(scenario, seed=seed).events[-1].kind is EventKind.RUN_ENDED


def zero_time_loop(env: BoundedEnvironment) -> Generator[Any, Any, None]:
    while True:
        yield env.timeout(0)


def test_a_zero_time_loop_stops_at_the_event_cap() -> None:
    """A process that never lets time advance is stopped after max_events events."""
    env = BoundedEnvironment(max_events=500)
    env.process(zero_time_loop(env))
    with pytest.raises(EventLimitError, match="more than 500 simulated events"):
        env.run(until=1)
    assert env.processed == 501


def test_a_zero_time_loop_stops_at_the_time_limit() -> None:
    """Under time_limit(0.2) the same loop stops with RunTimeoutError within a fraction of a second."""
    start = time.monotonic()
    with time_limit(0.2):
        env = BoundedEnvironment()
    env.process(zero_time_loop(env))
    with pytest.raises(RunTimeoutError, match="exceeded its time limit"):
        env.run(until=1)
    assert 0.2 <= time.monotonic() - start < 2.0


def test_a_time_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="found 0"), time_limit(0):
        pass


def test_sim_run_obeys_the_event_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """sim.run of a sound scenario with a cap of 50 events stops and names the setting to raise.

    The cap is lowered after loading: loaded under it, the scenario's worst-case estimate
    would be refused before any run (`sim.scenario.cost`)."""
    scenario = load(swap_document())
    monkeypatch.setattr(LIMITS, "simulated_events", 50)
    with pytest.raises(EventLimitError, match="Limits.simulated_events"):
        sim.run(scenario, seed=1)


def test_the_guard_leaves_the_log_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run under a generous time limit logs the same bytes as one without."""
    scenario = load(swap_document())
    with time_limit(60):
        limited = sim.run(scenario, seed=2).events_jsonl()
    monkeypatch.setattr(engine, "check_run", lambda result: result)
    assert limited == sim.run(scenario, seed=2).events_jsonl()


def test_parley_run_stopped_by_the_event_cap_says_so_in_one_line(
        istanbul_path: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 1, one line naming the cap; nothing is written for the stopped run."""
    from sim.cli import main

    monkeypatch.setattr(LIMITS, "simulated_events", 40)
    # as if the worst-case estimate had missed (a plug-in looping, say): the run-time cap stops the run
    monkeypatch.setattr("sim.scenario.loader.find_cost_problems", lambda scenario, sizes: [])
    assert main(["run", str(istanbul_path), "--no-plots", "--no-report", "--out", str(tmp_path / "out")]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("parley: the run processed more than 40 simulated events (at day ")
    assert not (tmp_path / "out" / "summary.json").exists()


def test_the_guarded_environment_keeps_simpys_fast_bindings() -> None:
    """timeout, process and event are bound to the instance as in a plain simpy.Environment."""
    import simpy

    assert {"timeout", "process", "event", "all_of", "any_of"} <= set(vars(BoundedEnvironment()))
    assert set(vars(BoundedEnvironment())) >= set(vars(simpy.Environment()))
