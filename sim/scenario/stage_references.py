"""Cross-reference checks of an execution plan (`execution.plan`).

Each check yields `(path, message)` pairs, so the loader can name the field and its line: a
stage waiting for a stage that does not exist, stages that wait for each other in a cycle
(the cycle is named), a release naming an unknown party or one that holds no captives, a
delivery of an unknown issue or of an issue delivered twice, and a party's captives released
twice (shares over 1) or not in full (shares under 1, or no stage at all).
"""

from __future__ import annotations

from collections.abc import Iterator

from sim.scenario.schema import Scenario
from sim.scenario.stage_graph import find_cycle
from sim.scenario.stages import REST
from sim.scenario.suggest import unknown_name

PLAN = "execution.plan"
TOLERANCE = 1e-9
"""Shares of a party adding up to within this of 1 count as exactly 1."""


def find_stage_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """Every broken reference in the scenario's execution plan, as (dotted path, message)."""
    plan = scenario.execution.plan
    if not plan:
        return []
    return [*_check_after(scenario), *_check_moves(scenario), *_check_shares(scenario)]


def _check_after(scenario: Scenario) -> Iterator[tuple[str, str]]:
    plan = scenario.execution.plan
    for stage_id, stage in plan.items():
        for index, need in enumerate(stage.after):
            if need not in plan:
                yield f"{PLAN}.{stage_id}.after.{index}", unknown_name("stage", need, set(plan))
    cycle = find_cycle({stage_id: stage.after for stage_id, stage in plan.items()})
    if cycle is not None:
        first, second = cycle[0], cycle[1]
        index = plan[first].after.index(second) if second in plan[first].after else 0
        yield (f"{PLAN}.{first}.after.{index}",
               "the stages wait for each other in a cycle: " + " -> ".join(cycle) + "; no stage of it could start")


def _check_moves(scenario: Scenario) -> Iterator[tuple[str, str]]:
    delivered: dict[str, str] = {}
    for stage_id, stage in scenario.execution.plan.items():
        for party in stage.release:
            path = f"{PLAN}.{stage_id}.release.{party}"
            if party not in scenario.parties:
                yield path, unknown_name("party", party, set(scenario.parties))
            elif scenario.parties[party].roster is None:
                yield path, f"party '{party}' holds no captives to release"
        if stage.deliver is None:
            continue
        path = f"{PLAN}.{stage_id}.deliver"
        if stage.deliver not in scenario.issues:
            yield path, unknown_name("issue", stage.deliver, set(scenario.issues))
        elif stage.deliver in delivered:
            yield path, f"issue '{stage.deliver}' is already delivered by stage '{delivered[stage.deliver]}'"
        else:
            delivered[stage.deliver] = stage_id


def _check_shares(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Each party holding captives is released in full, once: its numbered shares add up to 1, or to less with at
    least one `rest`."""
    plan = scenario.execution.plan
    for party_id in sorted(scenario.parties):
        if scenario.parties[party_id].roster is None:
            continue
        total, rests, last = 0.0, [], ""
        for stage_id, stage in plan.items():
            share = stage.release.get(party_id)
            if share is None:
                continue
            if share == REST:
                rests.append(stage_id)
            else:
                total += float(share)
                last = stage_id
                if total > 1.0 + TOLERANCE:
                    yield (f"{PLAN}.{stage_id}.release.{party_id}",
                           f"party '{party_id}' would be released twice: its shares add up to {total:g} here, "
                           "more than 1")
                    break
        else:
            if not rests and not last:
                yield PLAN, (f"no stage releases party '{party_id}''s captives (give one a share or "
                             f"`{REST}` under `release`)")
            elif rests and total >= 1.0 - TOLERANCE:
                yield (f"{PLAN}.{rests[0]}.release.{party_id}",
                       f"party '{party_id}' would be released twice: its shares already add up to 1, so "
                       f"`{REST}` releases no one")
            elif not rests and total < 1.0 - TOLERANCE:
                yield (f"{PLAN}.{last}.release.{party_id}",
                       f"party '{party_id}''s shares add up to {total:g}, so not all its agreed captives would be "
                       f"released; make them add up to 1 or give a stage `{REST}`")
