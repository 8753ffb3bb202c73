"""The Python interface of experiments: replications, sweeps and explicit parameter points.

Each function returns the tidy table (one row per run; see `sim.experiments.rows` for the
columns) as a pandas DataFrame. With `out=None` the sweep streams into a temporary folder
that is removed afterwards; give `out` to keep `results.parquet` and `manifest.json` and to
be able to resume. `executor` is an `Executor` (you close it) or a name: "serial" (default),
"process" or "dask" (made and closed here).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.experiments.design import design_points, make_design
from sim.experiments.executors import Executor
from sim.experiments.plan import make_plan
from sim.experiments.source import ScenarioSource
from sim.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

Source = str | Path | dict[str, Any] | Scenario | ScenarioSource


def run_points(source: Source, points: Sequence[Mapping[str, Any]], runs: int = 1, seed: int = 0, *,
               executor: Executor | str | None = None, out: str | Path | None = None, resume: bool = False,
               progress: bool | None = False, chunk_size: int | None = None,
               design: dict[str, Any] | None = None, seeding: str = "run",
               run_timeout: float | None = None) -> pd.DataFrame:
    """Run each point (a dict of dotted path -> value) `runs` times; one row per run.

    Run `i = point_index * runs + replication` has seed `sim.experiments.run_seed(seed, i)`;
    with `seeding="replication"` it is `run_seed(seed, replication)`, the same seeds at every
    point (common random numbers, as sensitivity analysis uses).
    Every point is validated before the first run; a bad one raises `sim.ScenarioError`.
    A run longer than `run_timeout` seconds, one that raises and one whose worker process dies
    each become a row with the reason in `error`.
    """
    from sim.experiments.sweep import execute

    plan = make_plan(source, points, runs, seed, design, chunk_size, seeding)
    if out is not None:
        report = execute(plan, Path(out), executor, resume, progress, run_timeout)
        return read_results(report.folder)
    with tempfile.TemporaryDirectory(prefix="parley-sweep-") as folder:
        report = execute(plan, Path(folder) / "sweep", executor, False, progress, run_timeout)
        return read_results(report.folder)


def replicate(source: Source, runs: int, seed: int = 0, *, executor: Executor | str | None = None,
              out: str | Path | None = None, resume: bool = False, progress: bool | None = False,
              run_timeout: float | None = None) -> pd.DataFrame:
    """`runs` replications of the scenario as it is."""
    return run_points(source, [{}], runs, seed, executor=executor, out=out, resume=resume, progress=progress,
                      design={"kind": "replications"}, run_timeout=run_timeout)


def sweep(source: Source, *, values: Mapping[str, Sequence[Any]] | None = None,
          ranges: Mapping[str, Sequence[float]] | None = None, design: str = "grid", samples: int | None = None,
          runs: int = 1, seed: int = 0, executor: Executor | str | None = None, out: str | Path | None = None,
          resume: bool = False, progress: bool | None = False, run_timeout: float | None = None) -> pd.DataFrame:
    """A grid (full factorial of `values`, ranges as `samples` evenly spaced values) or a Latin
    hypercube (`design="lhs"`: `samples` points over `ranges`, crossed with the grid of `values`),
    each point run `runs` times."""
    chosen = make_design(values, ranges, design, samples)
    points = design_points(chosen, seed)
    return run_points(source, points, runs, seed, executor=executor, out=out, resume=resume, progress=progress,
                      design=chosen.describe(), run_timeout=run_timeout)


def read_results(folder: str | Path) -> pd.DataFrame:
    """A sweep folder's `results.parquet` as a DataFrame with stable dtypes: integer and boolean
    columns are pandas' nullable types, so a failed run's empty outcome does not change them."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(Path(folder) / "results.parquet")
    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=mapping.get)
