"""A sweep's plan: every point validated, every run's index and seed, the table's columns.

The plan is fixed before any run starts, so a bad path or value fails at once with one line,
and a resumed sweep can check it is continuing the same sweep. Runs are numbered
`point * runs + replication` and cut into chunks of consecutive indices: the unit of work
sent to an executor and of storage on disk. The chunk size depends only on the number of
runs, never on the executor, so any executor can resume any sweep.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sim.experiments.errors import SweepError
from sim.experiments.paths import validate_point
from sim.experiments.rows import parameter_cell, parameter_kinds, sweep_columns
from sim.experiments.seeds import run_seed
from sim.experiments.source import ScenarioSource, open_source
from sim.experiments.worker import RunTask
from sim.scenario import Scenario
from sim.scenario.limits import LIMITS

MAX_SEED = 2**63
SEEDINGS = ("run", "replication")
DESCRIBED = {"points": "the parameter points differ from the sweep's", "design": "the design differs from the sweep's",
             "columns": "the table's columns differ from the sweep's"}


@dataclass(frozen=True)
class Plan:
    """A sweep fixed before any run: its validated points and scenarios, runs, seeding, chunks and columns."""

    source: ScenarioSource
    points: list[dict[str, Any]]
    scenarios: list[Scenario]
    runs: int
    seed: int
    chunk_size: int
    parameters: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    design: dict[str, Any]
    base: Scenario
    """The scenario as the file gives it, before any point's settings."""
    seeding: str = "run"
    """"run": each run's seed comes from its run index; "replication": from its replication
    alone, so every point sees the same seeds (common random numbers)."""

    @property
    def total(self) -> int:
        """The number of runs: points x runs per point."""
        return len(self.points) * self.runs

    @property
    def slug(self) -> str:
        """A short name from the scenario's name, for run ids and the sweep's folder."""
        return re.sub(r"[^a-z0-9]+", "-", self.scenarios[0].name.lower()).strip("-")[:40] or "sweep"

    def chunk_ranges(self) -> ChunkRanges:
        """The run indices of each chunk, in order (computed when asked for, never listed)."""
        return ChunkRanges(self.total, self.chunk_size)

    def chunk_task(self, chunk: int) -> tuple[str, dict[int, Scenario], list[RunTask]]:
        """What a worker needs for one chunk: the slug, the chunk's scenarios, its run tuples."""
        tasks: list[RunTask] = []
        for index in self.chunk_ranges()[chunk]:
            point, replication = divmod(index, self.runs)
            cells = {path: parameter_cell(self.points[point].get(path), kind) for path, kind in self.parameters}
            key = index if self.seeding == "run" else replication
            tasks.append((index, point, replication, run_seed(self.seed, key), cells))
        scenarios = {point: self.scenarios[point] for point in sorted({task[1] for task in tasks})}
        return self.slug, scenarios, tasks

    def input_files(self) -> dict[str, dict[str, str]]:
        """The files the runs read besides the scenario (roster CSVs), by the field naming each:
        path and SHA-256 as read when the points were validated. A field that names another file
        at some point gets a second entry, `FIELD (point N)`."""
        files: dict[str, dict[str, str]] = {}
        for point, scenario in enumerate([self.base, *self.scenarios]):
            for key, entry in scenario.input_files().items():
                if files.get(key, entry) != entry:
                    key = f"{key} (point {point - 1})"
                files.setdefault(key, entry)
        return files

    def describe(self) -> dict[str, Any]:
        """The plan as the manifest records it; a resumed sweep must match it exactly."""
        described = {
            "scenario": self.source.file, "scenario_sha256": self.source.sha256, "inputs": self.input_files(),
            "design": self.design,
            "points": self.points, "runs": self.runs, "seed": self.seed, "total_runs": self.total,
            "chunk_size": self.chunk_size, "columns": [list(column) for column in self.columns],
        }
        if self.seeding != "run":
            described["seeding"] = self.seeding
        return normalise(described)


def make_plan(source: str | Path | dict[str, Any] | Scenario | ScenarioSource, points: Sequence[Mapping[str, Any]],
              runs: int = 1, seed: int = 0, design: dict[str, Any] | None = None,
              chunk_size: int | None = None, seeding: str = "run") -> Plan:
    """Validate every point now; `ScenarioError` or `SweepError` (one line each) if anything is wrong."""
    if seeding not in SEEDINGS:
        raise SweepError(f"seeding: expected one of {', '.join(SEEDINGS)}, found {seeding!r}")
    if not isinstance(runs, int) or runs < 1:
        raise SweepError(f"runs: expected a whole number >= 1, found {runs!r}")
    if not isinstance(seed, int) or not 0 <= seed < MAX_SEED:
        raise SweepError(f"seed: expected a whole number from 0 to 2**63-1, found {seed!r}")
    opened = open_source(source)
    base = opened.validate()
    listed = [dict(point) for point in points] or [{}]
    scenarios = [validate_point(opened, base, point) for point in listed]
    parameters = parameter_kinds(listed)
    total = len(listed) * runs
    if total > LIMITS.sweep_runs:
        raise SweepError(f"runs: {len(listed)} points x {runs} runs = {total:,} runs is more than the limit of "
                         f"{LIMITS.sweep_runs:,} (Limits.sweep_runs)")
    share_roster_rows([base, *scenarios])
    size = chunk_size or min(100, max(10, math.ceil(total / 32)))
    return Plan(opened, listed, scenarios, runs, seed, size, parameters, sweep_columns(base, parameters),
                design or {"kind": "points"}, base, seeding)


class ChunkRanges(Sequence[range]):
    """The run indices of each chunk of a sweep of `total` runs in chunks of `size`, computed
    arithmetically: chunk `c` covers `c * size` up to the next chunk, however many there are."""

    def __init__(self, total: int, size: int) -> None:
        self.total = total
        self.size = size

    def __len__(self) -> int:
        return -(-self.total // self.size)

    def __getitem__(self, chunk: int) -> range:  # type: ignore[override]
        if not -len(self) <= chunk < len(self):
            raise IndexError(f"chunk {chunk} of {len(self)}")
        start = (chunk % len(self)) * self.size
        return range(start, min(start + self.size, self.total))


def share_roster_rows(scenarios: Sequence[Scenario]) -> None:
    """Points that read the same roster file (equal SHA-256) share one copy of its rows, so a
    sweep holds each roster once in memory and sends it once per chunk."""
    rows: dict[str, Any] = {}
    for scenario in scenarios:
        for party in scenario.parties.values():
            loaded = party.roster.loaded if party.roster is not None else None
            if loaded is None:
                continue
            first = rows.setdefault(loaded.sha256, loaded.table)
            if first is not loaded.table:
                party.roster._loaded = replace(loaded, table=first)  # noqa: SLF001 - the one place rows are shared


def normalise(data: Any) -> Any:
    """`data` as it reads back from JSON, so a plan compares equal to its own manifest."""
    return json.loads(json.dumps(data, default=str))


def plan_difference(recorded: Mapping[str, Any], planned: Mapping[str, Any]) -> str | None:
    """The first setting in which two plans differ, said in a few words; None if they match."""
    for key in planned:
        if recorded.get(key) == planned[key]:
            continue
        if key == "scenario_sha256":
            return "the scenario has changed since the sweep started (its sha256 differs)"
        if key in DESCRIBED:
            return DESCRIBED[key]
        return f"{key} is {recorded.get(key)!r} in the sweep, {planned[key]!r} now"
    return None
