"""Dependencies between stages as a small directed graph: cycles, a topological order, what depends on what.

A graph is given as a mapping from each stage id to the ids it waits for (`after`), in the
order the stages were declared. Everything here is pure and deterministic: ties in the
topological order go to the stage declared first, so the same plan always runs in the same
order. The scenario checks (`sim.scenario.stage_references`) use `find_cycle`; the execution
plan (`sim.talks.stages`) uses `topological_order` and `dependents`.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

Graph = Mapping[str, Sequence[str]]
"""Stage id -> the ids of the stages it waits for, in declaration order."""


def find_cycle(after: Graph) -> list[str] | None:
    """A cycle among the stages as the ids along it, first id repeated at the end (`[a, b, a]`); None if there is
    none. Dependencies on ids not in the graph are ignored (they are reported elsewhere)."""
    colour: dict[str, int] = dict.fromkeys(after, 0)  # 0 unseen, 1 on the current path, 2 done
    for root in after:
        if colour[root]:
            continue
        path: list[str] = [root]
        pending: list[list[str]] = [[d for d in after[root] if d in after]]
        colour[root] = 1
        while path:
            if not pending[-1]:
                colour[path.pop()] = 2
                pending.pop()
                continue
            following = pending[-1].pop(0)
            if colour[following] == 1:
                return [*path[path.index(following):], following]
            if colour[following] == 0:
                colour[following] = 1
                path.append(following)
                pending.append([d for d in after[following] if d in after])
    return None


def topological_order(after: Graph) -> list[str]:
    """The stage ids so that each comes after every stage it waits for; among stages free to go at the same point,
    the one declared first goes first. `ValueError` naming the cycle if there is one."""
    cycle = find_cycle(after)
    if cycle is not None:
        raise ValueError("the stages depend on each other in a cycle: " + " -> ".join(cycle))
    position = {stage: index for index, stage in enumerate(after)}
    waiting = {stage: len({d for d in after[stage] if d in after}) for stage in after}
    followers: dict[str, list[str]] = {stage: [] for stage in after}
    for stage, needs in after.items():
        for need in dict.fromkeys(needs):
            if need in after:
                followers[need].append(stage)
    ready = [position[stage] for stage, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    ids = list(after)
    order: list[str] = []
    while ready:
        stage = ids[heapq.heappop(ready)]
        order.append(stage)
        for follower in followers[stage]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, position[follower])
    return order


def dependents(after: Graph) -> dict[str, tuple[str, ...]]:
    """For each stage, every stage that depends on it directly or through others, in declaration order."""
    followers: dict[str, set[str]] = {stage: set() for stage in after}
    for stage, needs in after.items():
        for need in needs:
            if need in followers:
                followers[need].add(stage)
    found: dict[str, tuple[str, ...]] = {}
    for stage in after:
        seen: set[str] = set()
        frontier = [stage]
        while frontier:
            for follower in followers[frontier.pop()]:
                if follower not in seen:
                    seen.add(follower)
                    frontier.append(follower)
        seen.discard(stage)
        found[stage] = tuple(s for s in after if s in seen)
    return found
