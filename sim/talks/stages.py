"""An execution plan as pure data: its stages in order, who is released in which, and the fate of each stage.

No SimPy here: `sim.talks.agreement.execute` walks a `Progress` through a `Plan` and does
the waiting, asking and drawing. A `Plan` is the scenario's `execution.plan`, or without one
today's equal tranches as a chain (`equal_tranches`). Its stages come in topological order,
ties to the stage declared first. `Progress` keeps each stage's fate: `executed`, `failed`,
`scrapped`, `cancelled` (a stage it waits for, directly or through others, failed or was
scrapped) or `not reached` (the run ended first); stages that do not depend on a failed one
go on. The status of the whole swap is `executed` when every stage was, otherwise the fate
of the first stage that failed or was scrapped (`failed` or `scrapped`): captives released by
the stages that did run are released all the same, and counted in the outcome's `released`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.scenario.schema import Execution
from sim.scenario.stage_graph import dependents, topological_order
from sim.scenario.stages import REST


class Fate(StrEnum):
    """What became of one stage."""

    PENDING = "pending"
    EXECUTED = "executed"
    FAILED = "failed"
    SCRAPPED = "scrapped"
    CANCELLED = "cancelled"
    NOT_REACHED = "not reached"


ENDS_THE_STAGE = (Fate.FAILED, Fate.SCRAPPED)
"""Fates that cancel every stage depending on the stage."""


@dataclass(frozen=True, slots=True)
class PlannedStage:
    """One stage with the `execution` defaults filled in: what it moves, what it waits for, its odds and delay."""

    id: str
    release: Mapping[str, float | str]
    """Share (0..1] of each party's agreed captives, or `rest`."""
    deliver: str | None
    after: tuple[str, ...]
    delay_days: float
    """Days from the last stage in `after` being executed (or from the plan's start) to this stage."""
    slip_probability: float
    slip_days: float
    failure_probability: float


@dataclass(frozen=True, slots=True)
class Plan:
    """The stages of a swap in the order they are carried out; `explicit` when the scenario wrote the plan."""

    stages: tuple[PlannedStage, ...]
    explicit: bool
    ids: tuple[str, ...] = field(init=False)
    """The stage ids, in order."""
    _shares: dict[str, tuple[tuple[str, ...], tuple[float | str, ...]]] = field(init=False)
    _by_id: dict[str, PlannedStage] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ids", tuple(stage.id for stage in self.stages))
        object.__setattr__(self, "_by_id", {stage.id: stage for stage in self.stages})
        shares: dict[str, tuple[list[str], list[float | str]]] = {}
        for stage in self.stages:
            for party, share in stage.release.items():
                ids, values = shares.setdefault(party, ([], []))
                ids.append(stage.id)
                values.append(share)
        object.__setattr__(self, "_shares", {p: (tuple(i), tuple(v)) for p, (i, v) in shares.items()})

    def stage(self, stage_id: str) -> PlannedStage:
        """The stage with this id."""
        return self._by_id[stage_id]

    def tranches(self, packages: Mapping[str, NDArray[np.int64]]) -> dict[str, dict[str, NDArray[np.int64]]]:
        """Stage id -> party -> the captives (indices, in release order) that stage releases of `packages`."""
        found: dict[str, dict[str, NDArray[np.int64]]] = {stage_id: {} for stage_id in self.ids}
        for party, package in packages.items():
            if party not in self._shares:
                continue
            ids, shares = self._shares[party]
            taken = 0
            for stage_id, size in zip(ids, split_sizes(len(package), shares), strict=True):
                found[stage_id][party] = package[taken:taken + size]
                taken += size
        return found


def split_sizes(total: int, shares: Sequence[float | str]) -> list[int]:
    """How many of `total` captives each of a party's stages releases, in plan order: a number takes that share
    (boundaries rounded half up on the running total, so the shares add up exactly), `rest` stages split what is
    left evenly, the earlier ones taking one more (as `numpy.array_split`)."""
    rests = shares.count(REST)
    if rests == len(shares):  # every stage says `rest` (the equal tranches): split evenly at once
        size, extra = divmod(total, rests)
        return [size + 1 if index < extra else size for index in range(rests)]
    numbered = [float(s) for s in shares if s != REST]
    sizes: list[int] = []
    running, taken = 0.0, 0
    whole = rests == 0 and abs(sum(numbered) - 1.0) <= 1e-9
    for share in numbered:
        running += share
        boundary = total if whole and len(sizes) == len(numbered) - 1 else min(total, int(running * total + 0.5))
        sizes.append(max(0, boundary - taken))
        taken += sizes[-1]
    left = total - taken
    even = [left // rests + (1 if index < left % rests else 0) for index in range(rests)] if rests else []
    numbered_sizes, rest_sizes = iter(sizes), iter(even)
    return [next(rest_sizes) if share == REST else next(numbered_sizes) for share in shares]


_DEFAULT_PLANS: dict[tuple[int, tuple[str, ...], int], tuple[Execution, Plan]] = {}
"""Default plans already built, by the `id` of their `execution` section (kept alive beside them), parties, stages."""


def equal_tranches(spec: Execution, parties: Sequence[str], stages: int) -> Plan:
    """Today's plan without `execution.plan`: `stages` equal tranches of every party, each after the one before
    (built once per scenario and number of stages: a plan is never changed)."""
    key = (id(spec), tuple(parties), stages)
    cached = _DEFAULT_PLANS.get(key)
    if cached is not None and cached[0] is spec:
        return cached[1]
    if len(_DEFAULT_PLANS) >= 64:
        _DEFAULT_PLANS.clear()
    plan = _equal_tranches(spec, parties, stages)
    _DEFAULT_PLANS[key] = (spec, plan)
    return plan


def _equal_tranches(spec: Execution, parties: Sequence[str], stages: int) -> Plan:
    ids = [str(number) for number in range(1, stages + 1)]
    return Plan(tuple(
        PlannedStage(id=stage_id, release=dict.fromkeys(parties, REST), deliver=None,
                     after=(ids[index - 1],) if index else (),
                     delay_days=spec.interval_days if index else 0.0, slip_probability=spec.slip_probability,
                     slip_days=spec.slip_days, failure_probability=spec.failure_probability)
        for index, stage_id in enumerate(ids)), explicit=False)


def written_plan(spec: Execution) -> Plan:
    """The scenario's own `execution.plan`, its stages in topological order, defaults filled in."""
    order = topological_order({stage_id: stage.after for stage_id, stage in spec.plan.items()})
    stages = []
    for stage_id in order:
        stage = spec.plan[stage_id]
        default_delay = spec.interval_days if stage.after else 0.0
        stages.append(PlannedStage(
            id=stage_id, release=dict(stage.release), deliver=stage.deliver, after=tuple(stage.after),
            delay_days=default_delay if stage.delay_days is None else stage.delay_days,
            slip_probability=_either(stage.slip_probability, spec.slip_probability),
            slip_days=_either(stage.slip_days, spec.slip_days),
            failure_probability=_either(stage.failure_probability, spec.failure_probability)))
    return Plan(tuple(stages), explicit=True)


def _either(own: float | None, default: float) -> float:
    return default if own is None else own


@dataclass(slots=True)
class Progress:
    """How far a plan got: each stage's fate and day, and who it released; cancellations spread on their own."""

    plan: Plan
    fates: dict[str, Fate] = field(init=False)
    days: dict[str, float] = field(init=False)
    released: dict[str, dict[str, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.fates = dict.fromkeys(self.plan.ids, Fate.PENDING)
        self.days = {}
        self.released = {stage_id: {} for stage_id in self.plan.ids}

    def runnable(self, stage: PlannedStage) -> bool:
        """Whether the stage is still to run and every stage it waits for was executed."""
        fates = self.fates
        if fates[stage.id] is not Fate.PENDING:
            return False
        for need in stage.after:
            if fates[need] is not Fate.EXECUTED:
                return False
        return True

    def settle(self, stage_id: str, fate: Fate, day: float) -> list[str]:
        """Record the stage's fate on `day`; a failed or scrapped stage cancels the pending stages that depend on
        it. Returns the ids cancelled now, in plan order."""
        if self.fates[stage_id] is not Fate.PENDING:
            raise ValueError(f"stage '{stage_id}' is already {self.fates[stage_id]}")
        self.fates[stage_id] = fate
        self.days[stage_id] = day
        if fate not in ENDS_THE_STAGE:
            return []
        waiting = dependents({stage.id: stage.after for stage in self.plan.stages})[stage_id]
        order = {s: i for i, s in enumerate(self.plan.ids)}
        cancelled = sorted((s for s in waiting if self.fates[s] is Fate.PENDING), key=order.__getitem__)
        for other in cancelled:
            self.fates[other] = Fate.CANCELLED
            self.days[other] = day
        return cancelled

    def close(self) -> None:
        """At the end of the run: every stage still pending was not reached."""
        for stage_id, fate in self.fates.items():
            if fate is Fate.PENDING:
                self.fates[stage_id] = Fate.NOT_REACHED

    def status(self) -> str:
        """`executed` when every stage was; else the fate of the first stage that failed or was scrapped (by day,
        then plan order); `executing` while stages are still pending and none failed."""
        first: str | None = None
        every = True
        for stage_id, fate in self.fates.items():  # in plan order
            if fate in ENDS_THE_STAGE and (first is None or self.days[stage_id] < self.days[first]):
                first = stage_id
            every = every and fate is Fate.EXECUTED
        if first is not None:
            return str(self.fates[first])
        return "executed" if every else "executing"

    def records(self) -> list[dict[str, Any]]:
        """One plain record per stage in plan order: id, moves, after, fate, day (None if not reached) and the
        number each party released in it (what `summary.json` holds under `stages`)."""
        return [{"id": stage.id, "moves": {"release": dict(stage.release), "deliver": stage.deliver},
                 "after": list(stage.after),
                 "fate": str(self.fates[stage.id]), "day": self.days.get(stage.id),
                 "released": dict(self.released[stage.id])} for stage in self.plan.stages]
