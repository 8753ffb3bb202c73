"""What a worker runs during calibration: validated scenarios in, one distance per run out.

A top-level function of an importable module, so a "spawn" process pool and a Dask worker
can find it by name. It gets `(scenario, seed)` pairs already validated by the parent, the
record cut to the training window, and the distance weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from sim.calibrate.distance import calibration_distance
from sim.engine import run
from sim.scenario import Scenario


def distance_chunk(items: Sequence[tuple[Scenario, int]], record: pd.DataFrame, start: str, end: str,
                   weights: Mapping[str, float], by_year: bool = False) -> list[float]:
    """Run each `(scenario, seed)` and return its exchanges' distance from the record over [start, end]."""
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    distances = []
    for scenario, seed in items:
        rows = run(scenario, seed=seed, run_id="calibrate").exchanges()
        rows = rows.loc[(rows["date"] >= low) & (rows["date"] <= high)]
        distances.append(calibration_distance(rows, record, low, high, weights, by_year))
    return distances
