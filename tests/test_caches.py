"""The module-level memo caches are pure: a run gives the same event log bytes with every cache
cleared before it as with the caches warm from other scenarios and seeds."""

from __future__ import annotations

from pathlib import Path

import sim
from sim.talks import setup
from sim.valuation import preferences, ranking, space

ROOT = Path(__file__).resolve().parent.parent
RUNS = [(name, seed) for name in ("istanbul-2025-05.yaml", "shalit-2011.yaml", "ru-ua-channel.yaml",
                                  "first-swap-2019-09.yaml") for seed in (0, 3)]


def clear_caches() -> None:
    """Empty every module-level memo in `sim/` (grep for lru_cache and module-level dicts to find them)."""
    space._shared_memo.cache_clear()
    ranking._memo.clear()
    preferences._memo.clear()
    setup._slug.cache_clear()


def log(name: str, seed: int) -> bytes:
    """The event log and outcome of one run, as bytes (a fresh scenario object each time)."""
    result = sim.run(sim.load_scenario(ROOT / "scenarios" / name), seed=seed)
    return result.events_jsonl().encode() + repr(result.outcome.to_dict()).encode()


def test_clearing_the_caches_changes_no_event_log() -> None:
    cold = {}
    for name, seed in RUNS:
        clear_caches()
        cold[(name, seed)] = log(name, seed)
    assert len(preferences._memo) > 0 and len(ranking._memo) > 0  # the runs did fill the caches
    warm = {(name, seed): log(name, seed) for name, seed in reversed(RUNS)}
    assert warm == cold
    assert len(set(cold.values())) == len(RUNS)  # every run has its own log: the comparison is not vacuous


def test_equal_scenarios_share_preferences_and_different_ones_do_not() -> None:
    first = sim.load_scenario(ROOT / "scenarios" / "istanbul-2025-05.yaml")
    again = sim.load_scenario(ROOT / "scenarios" / "istanbul-2025-05.yaml")
    party = first.party_ids[0]
    interests = first.parties[party].interests
    weights = {topic: weight * (2.0 if topic == next(iter(interests.weights)) else 1.0)
               for topic, weight in interests.weights.items()}
    changed = first.model_copy(update={"parties": {
        **first.parties, party: first.parties[party].model_copy(update={
            "interests": interests.model_copy(update={"weights": weights})})}})
    read = preferences.read_preferences(first, party, 0)
    assert preferences.read_preferences(again, party, 0) is read
    other = preferences.read_preferences(changed, party, 0)
    assert other is not read
    assert dict(other.weights) != dict(read.weights)
