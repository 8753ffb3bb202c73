"""`calibrate`: fit chosen scenario parameters to the record by ABC-SMC, on the sweep executors.

    >>> from sim.calibrate import calibrate
    >>> fit = calibrate("scenarios/ru-ua-channel.yaml", "seeds/history/ru_ua_exchanges.csv",
    ...                 {"channel.rounds.list_size": (40, 200)}, train_to="2023-12-31")  # doctest: +SKIP
    >>> fit.medians  # posterior medians by dotted path  # doctest: +SKIP

Each parameter is a dotted path of the scenario document (as in `parley sweep`) with a
uniform prior over [LOW, HIGH]; a path whose value in the file is a whole number is fitted
as a whole number (proposals are rounded). The data window runs from the scenario's
`start_date` (or `start`) to `train_to`; the distance is `sim.calibrate.distance` (over the whole window, or
year by year with `by_year`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.calibrate.abc import Population, abc_smc, weighted_quantile
from sim.calibrate.distance import DEFAULT_WEIGHTS
from sim.calibrate.worker import distance_chunk
from sim.compare.errors import CompareError
from sim.experiments.executors import imap_unordered, make_executor
from sim.experiments.paths import apply_point, validate_point
from sim.experiments.source import ScenarioSource, open_source
from sim.history import HistoryTable, exchanges, load_history
from sim.scenario import Scenario
from sim.scenario.horizon import until


@dataclass(frozen=True)
class Calibration:
    """A finished fit: the ranges, every generation, the posterior medians and 10-90% intervals, the fitted document."""

    source: ScenarioSource
    paths: list[str]
    ranges: dict[str, tuple[float, float]]
    start: pd.Timestamp
    train_to: pd.Timestamp
    generations: list[Population]
    medians: dict[str, float]
    intervals: dict[str, tuple[float, float]]
    document: dict[str, Any]
    """The scenario document with the posterior medians set."""
    by_year: bool = False

    @property
    def posterior(self) -> Population:
        """The last complete generation: the posterior sample."""
        return self.generations[-1]

    def posterior_frame(self) -> pd.DataFrame:
        """The accepted parameter sets of the last generation: weight, distance, one column per path."""
        final = self.posterior
        frame = pd.DataFrame(final.particles, columns=self.paths)
        frame.insert(0, "distance", final.distances)
        frame.insert(0, "weight", final.weights)
        frame.insert(0, "generation", final.generation)
        return frame

    def generations_frame(self) -> pd.DataFrame:
        """One row per generation: its epsilon, the simulations so far, its median distance."""
        return pd.DataFrame([{"generation": g.generation, "epsilon": g.epsilon, "simulations": g.simulations,
                              "median_distance": float(np.median(g.distances))} for g in self.generations])


def calibrate(scenario: str | Path, history: str | Path | HistoryTable, ranges: Mapping[str, tuple[float, float]],
              *, train_to: Any, start: Any = None, budget: int = 400, population: int = 40, seed: int = 0,
              workers: int = 1, weights: Mapping[str, float] = DEFAULT_WEIGHTS, by_year: bool = False,
              allow_outside_files: bool | None = None) -> Calibration:
    """Fit the `ranges` of `scenario` to the record up to `train_to` by ABC-SMC; `CompareError` on bad input."""
    source = open_source(scenario, allow_outside_files=allow_outside_files)
    base = source.validate()
    if base.channel is None or base.start_date is None:
        raise CompareError(f"{source.file}: channel: calibrate needs a `channel:` section and a start_date")
    if not ranges:
        raise CompareError("--param: give at least one PATH=LOW:HIGH")
    for path, (low, high) in ranges.items():
        if not low < high:
            raise CompareError(f"--param {path}: expected LOW < HIGH, found {low:g}:{high:g}")
        validate_point(source, base, {path: path_value(source.document, path, low)})
        validate_point(source, base, {path: path_value(source.document, path, high)})
    window_start = pd.Timestamp(base.start_date) if start is None else pd.Timestamp(start)
    window_end = pd.Timestamp(train_to)
    if window_start < pd.Timestamp(base.start_date) or window_end < window_start:
        raise CompareError(f"{source.file}: --train-to {window_end.date()}: expected a date from "
                           f"{window_start.date()} on (the scenario starts {base.start_date})")
    table = history if isinstance(history, HistoryTable) else load_history(history)
    sides = (base.parties[base.party_ids[0]].name, base.parties[base.party_ids[1]].name)
    oriented = exchanges(table, sides=sides, start=window_start, end=window_end)
    if len(oriented) == 0:
        raise CompareError(f"{table.path}: no exchanges between {sides[0]} and {sides[1]} from "
                           f"{window_start.date()} to {window_end.date()}")
    paths = list(ranges)
    end_date = dt.date.fromisoformat(str(window_end.date()))

    def scenario_at(theta: np.ndarray) -> Scenario:
        point = {path: path_value(source.document, path, float(value))
                 for path, value in zip(paths, theta, strict=True)}
        return until(validate_point(source, base, point), end_date, source.file)

    def simulate(thetas: np.ndarray, seeds: list[int]) -> np.ndarray:
        items = [(scenario_at(theta), run_seed) for theta, run_seed in zip(thetas, seeds, strict=True)]
        size = max(1, math.ceil(len(items) / (4 * workers)))
        tasks = ((at, (items[at:at + size], oriented, window_start.isoformat(), window_end.isoformat(),
                       dict(weights), by_year)) for at in range(0, len(items), size))
        distances = np.empty(len(items))
        for at, values in imap_unordered(executor, distance_chunk, tasks, window=2 * workers):
            distances[at:at + len(values)] = values
        return distances

    lows = [ranges[path][0] for path in paths]
    highs = [ranges[path][1] for path in paths]
    with make_executor("serial" if workers == 1 else "process", workers) as executor:
        generations = abc_smc(simulate, lows, highs, population=population, budget=budget, seed=seed)
    final = generations[-1]
    medians, intervals = {}, {}
    for index, path in enumerate(paths):
        values = final.particles[:, index]
        medians[path] = path_value(source.document, path, weighted_quantile(values, final.weights, 0.5))
        intervals[path] = (weighted_quantile(values, final.weights, 0.1), weighted_quantile(values, final.weights, 0.9))
    document = apply_point(source, base, medians)
    return Calibration(source, paths, dict(ranges), window_start, window_end, generations, medians, intervals,
                       document, by_year)


def path_value(document: Mapping[str, Any], path: str, value: float) -> float | int:
    """`value` as the path takes it: rounded when the file gives a whole number there, else 4 significant digits."""
    node: Any = document
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            node = node.get(part) if isinstance(node, Mapping) else None
    if isinstance(node, int) and not isinstance(node, bool):
        return int(round(value))
    return float(f"{value:.4g}")
