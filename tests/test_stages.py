"""The pure core of execution plans: cycles, topological order, tranche sizes, and each stage's fate."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.scenario.schema import Execution
from sim.scenario.stage_graph import dependents, find_cycle, topological_order
from sim.talks.stages import Fate, Plan, PlannedStage, Progress, equal_tranches, split_sizes, written_plan


def stage(stage_id: str, *after: str, release: dict[str, float | str] | None = None) -> PlannedStage:
    return PlannedStage(id=stage_id, release=release or {}, deliver=None, after=after, delay_days=0.0,
                        slip_probability=0.0, slip_days=1.0, failure_probability=0.0)


def test_a_cycle_is_found_and_named_from_its_first_stage() -> None:
    assert find_cycle({"a": ["c"], "b": ["a"], "c": ["b"]}) == ["a", "c", "b", "a"]


def test_a_stage_waiting_for_itself_is_a_cycle() -> None:
    assert find_cycle({"a": [], "b": ["b"]}) == ["b", "b"]


def test_a_graph_without_cycle_has_none_and_unknown_ids_are_ignored() -> None:
    assert find_cycle({"a": [], "b": ["a", "zz"], "c": ["a", "b"]}) is None


def test_ties_in_the_order_go_to_the_stage_declared_first() -> None:
    assert topological_order({"people": ["funds"], "pause": [], "funds": []}) == ["pause", "funds", "people"]


def test_the_order_of_a_cycle_is_refused_with_the_cycle_named() -> None:
    with pytest.raises(ValueError, match="a -> b -> a"):
        topological_order({"a": ["b"], "b": ["a"]})


def test_dependents_are_transitive_and_in_declaration_order() -> None:
    found = dependents({"a": [], "b": ["a"], "c": ["b"], "d": [], "e": ["d", "a"]})
    assert found == {"a": ("b", "c", "e"), "b": ("c",), "c": (), "d": ("e",), "e": ()}


@st.composite
def acyclic(draw: st.DrawFn) -> dict[str, list[str]]:
    """A random DAG: stage i may wait only for stages created before it, declared in a shuffled order."""
    size = draw(st.integers(1, 12))
    ids = [f"s{i}" for i in range(size)]
    after = {ids[i]: draw(st.lists(st.sampled_from(ids[:i]), unique=True, max_size=i)) if i else []
             for i in range(size)}
    order = draw(st.permutations(ids))
    return {stage_id: after[stage_id] for stage_id in order}


@given(acyclic())
def test_every_stage_comes_after_all_it_waits_for(after: dict[str, list[str]]) -> None:
    order = topological_order(after)
    assert sorted(order) == sorted(after)
    position = {s: i for i, s in enumerate(order)}
    assert all(position[need] < position[s] for s, needs in after.items() for need in needs)
    assert find_cycle(after) is None


@given(acyclic(), st.data())
def test_an_edge_back_to_an_ancestor_makes_a_cycle_that_is_found(after: dict[str, list[str]],
                                                                   data: st.DataObject) -> None:
    below = {s: d for s, d in dependents(after).items() if d}
    if not below:
        return
    top = data.draw(st.sampled_from(sorted(below)))
    bottom = data.draw(st.sampled_from(below[top]))
    cycled = {s: [*needs, bottom] if s == top else needs for s, needs in after.items()}
    cycle = find_cycle(cycled)
    assert cycle is not None and cycle[0] == cycle[-1]
    assert all(cycle[i + 1] in cycled[cycle[i]] for i in range(len(cycle) - 1))
    with pytest.raises(ValueError, match="cycle"):
        topological_order(cycled)


@given(st.integers(0, 500), st.integers(1, 20))
def test_rest_stages_split_like_numpy_array_split(total: int, stages: int) -> None:
    expected = [len(part) for part in np.array_split(np.arange(total), stages)]
    assert split_sizes(total, ["rest"] * stages) == expected


@given(st.integers(0, 1000), st.lists(st.integers(1, 100), min_size=1, max_size=8), st.integers(0, 3))
def test_shares_and_rests_release_everyone_exactly_once(total: int, weights: list[int], rests: int) -> None:
    shares: list[float | str] = [w / (sum(weights) * (2 if rests else 1)) for w in weights]
    shares += ["rest"] * rests
    sizes = split_sizes(total, shares)
    assert sum(sizes) == total and min(sizes) >= 0
    for share, size in zip(shares, sizes, strict=True):
        if share != "rest":
            assert abs(size - float(share) * total) <= 1.0


def test_a_half_and_the_rest_of_seven_are_four_and_three() -> None:
    assert split_sizes(7, [0.5, "rest"]) == [4, 3]
    assert split_sizes(7, ["rest", 0.5]) == [3, 4]


def test_equal_tranches_chain_the_stages_and_split_as_before() -> None:
    plan = equal_tranches(Execution(stages=3, interval_days=2.0), ("A", "B"), 3)
    assert plan.ids == ("1", "2", "3") and not plan.explicit
    assert [s.after for s in plan.stages] == [(), ("1",), ("2",)]
    assert [s.delay_days for s in plan.stages] == [0.0, 2.0, 2.0]
    chunks = plan.tranches({"A": np.arange(10), "B": np.arange(4)})
    expected = np.array_split(np.arange(10), 3)
    assert all(np.array_equal(chunks[str(i + 1)]["A"], expected[i]) for i in range(3))
    assert [chunks[s]["B"].tolist() for s in plan.ids] == [[0, 1], [2], [3]]


def test_a_written_plan_runs_in_topological_order_with_defaults_filled_in() -> None:
    spec = Execution.model_validate({
        "interval_days": 4.0, "failure_probability": 0.1,
        "plan": {"people": {"release": {"A": "rest"}, "after": ["funds"], "failure_probability": 0.5},
                 "funds": {"deliver": "funds", "delay_days": 1.5}}})
    plan = written_plan(spec)
    assert plan.ids == ("funds", "people") and plan.explicit
    funds, people = plan.stages
    assert (funds.delay_days, funds.failure_probability) == (1.5, 0.1)
    assert (people.delay_days, people.failure_probability) == (4.0, 0.5)


def diamond() -> Progress:
    """funds -> (first, second) -> last, and an independent pause."""
    return Progress(Plan((stage("funds"), stage("pause"), stage("first", "funds"), stage("second", "funds"),
                          stage("last", "first", "second")), explicit=True))


def test_a_failed_stage_cancels_what_depends_on_it_and_nothing_else() -> None:
    progress = diamond()
    assert progress.settle("funds", Fate.FAILED, 3.0) == ["first", "second", "last"]
    assert progress.runnable(progress.plan.stage("pause")) and not progress.runnable(progress.plan.stage("first"))
    progress.settle("pause", Fate.EXECUTED, 4.0)
    assert progress.fates == {"funds": Fate.FAILED, "pause": Fate.EXECUTED, "first": Fate.CANCELLED,
                              "second": Fate.CANCELLED, "last": Fate.CANCELLED}
    assert progress.days["last"] == 3.0
    assert progress.status() == "failed"


def test_a_scrapped_branch_cancels_only_its_own_followers() -> None:
    progress = diamond()
    progress.settle("funds", Fate.EXECUTED, 1.0)
    progress.settle("pause", Fate.EXECUTED, 1.0)
    assert progress.settle("first", Fate.SCRAPPED, 2.0) == ["last"]
    assert progress.runnable(progress.plan.stage("second"))
    progress.settle("second", Fate.EXECUTED, 3.0)
    assert progress.status() == "scrapped"


def test_the_first_stage_to_fail_or_be_scrapped_decides_the_status() -> None:
    progress = diamond()
    progress.settle("pause", Fate.SCRAPPED, 1.0)
    progress.settle("funds", Fate.FAILED, 2.0)
    assert progress.status() == "scrapped"


def test_every_stage_executed_is_executed_and_stages_left_at_the_end_were_not_reached() -> None:
    progress = diamond()
    for stage_id in ("funds", "pause", "first", "second"):
        progress.settle(stage_id, Fate.EXECUTED, 1.0)
    assert progress.status() == "executing"
    progress.close()
    assert progress.fates["last"] is Fate.NOT_REACHED
    assert progress.records()[-1] == {"id": "last", "moves": {"release": {}, "deliver": None},
                                      "after": ["first", "second"], "fate": "not reached", "day": None,
                                      "released": {}}
    progress = diamond()
    for stage_id in progress.plan.ids:
        progress.settle(stage_id, Fate.EXECUTED, 1.0)
    assert progress.status() == "executed"


def test_a_stage_settles_once() -> None:
    progress = diamond()
    progress.settle("funds", Fate.FAILED, 1.0)
    with pytest.raises(ValueError, match="already cancelled"):
        progress.settle("first", Fate.EXECUTED, 2.0)


@given(acyclic(), st.data())
def test_a_failure_cancels_exactly_the_stages_that_wait_for_it_and_the_rest_can_still_run(
        after: dict[str, list[str]], data: st.DataObject) -> None:
    order = topological_order(after)
    progress = Progress(Plan(tuple(stage(s, *after[s]) for s in order), explicit=True))
    done = data.draw(st.integers(0, len(order) - 1))
    for stage_id in order[:done]:
        progress.settle(stage_id, Fate.EXECUTED, 1.0)
    failing = order[done]
    waiting = set(dependents(after)[failing])
    assert set(progress.settle(failing, Fate.FAILED, 2.0)) == waiting
    for planned in progress.plan.stages:
        if planned.id in waiting:
            assert progress.fates[planned.id] is Fate.CANCELLED and not progress.runnable(planned)
        elif planned.id not in order[:done + 1]:
            assert progress.fates[planned.id] is Fate.PENDING
            blocked = any(need in waiting or need == failing for need in planned.after)
            assert not blocked


def test_the_default_plan_is_built_once_per_execution_section() -> None:
    spec = Execution(stages=3)
    assert equal_tranches(spec, ("A", "B"), 3) is equal_tranches(spec, ("A", "B"), 3)
    assert equal_tranches(spec, ("A", "B"), 1).ids == ("1",)
    assert equal_tranches(Execution(stages=3), ("A", "B"), 3) is not equal_tranches(spec, ("A", "B"), 3)
