"""`sensitivity`: global sensitivity of run outcomes to ranges of scenario parameters.

The method's design (SALib, seeded from the base seed) gives a matrix of parameter values;
each row becomes a point of `run_points`, so executors, streaming to Parquet, resume and
per-run seeds work as for any sweep. Each point runs `runs` times, the outcomes are averaged
per point (see `outcomes`), and SALib turns the matrix and the averages into indices.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from sim.experiments.api import Source, run_points
from sim.experiments.errors import SweepError
from sim.experiments.executors import Executor
from sim.experiments.sensitivity.methods import analyse, check_design, point_count, sample
from sim.experiments.sensitivity.outcomes import check_outcomes, point_means
from sim.experiments.sensitivity.parameters import check_corners, integer_paths, matrix_points
from sim.experiments.sensitivity.result import SensitivityResult
from sim.experiments.source import open_source


def sensitivity(source: Source, ranges: Mapping[str, Sequence[float]], outcomes: Sequence[str], *,
                method: str = "sobol", samples: int = 64, runs: int = 1, seed: int = 0,
                executor: Executor | str | None = None, out: str | Path | None = None, resume: bool = False,
                progress: bool | None = False, common_seeds: bool = True) -> SensitivityResult:
    """Sobol (first-order and total indices, 95% bootstrap intervals) or Morris (mu, mu*,
    sigma) indices of each outcome with respect to each range.

    `samples` is Sobol's base sample count N (a power of 2; N*(2D+2) points for D ranges) or
    the number of Morris trajectories (N*(D+1) points). Every point runs `runs` times with
    seeds from `seed`: by default the same `runs` seeds at every point (common random numbers),
    so the indices describe how the parameters move the mean over those seeds and the runs'
    own randomness does not pose as an effect; `common_seeds=False` gives every run its own
    seed, and then that noise inflates ST and blurs S1 unless `runs` is large. With `out`, the
    runs stream into `out/results.parquet` (resumable with `resume=True`) and the result's
    data files are written there too (`SensitivityResult.save`; the figure is
    `sim.plots.sensitivity.save_sensitivity_plot`'s). Bad settings raise
    `SweepError`, bad paths or values `sim.ScenarioError`.
    """
    checked = _check_ranges(ranges)
    check_design(method, checked, samples)
    opened = open_source(source)
    base = opened.validate()
    chosen = check_outcomes(base, list(outcomes))
    names = list(checked)
    integers = integer_paths(opened, base, names)
    check_corners(opened, base, checked, integers)
    clock = time.perf_counter()
    matrix = sample(method, checked, samples, seed)
    points = matrix_points(matrix, names, integers)
    design = {"kind": method, "ranges": {path: list(bounds) for path, bounds in checked.items()},
              "samples": samples, "integer_parameters": integers}
    sampled = time.perf_counter()
    table = run_points(opened, points, runs, seed, executor=executor, out=out, resume=resume, progress=progress,
                       design=design, seeding="replication" if common_seeds else "run")
    ran = time.perf_counter()
    means = point_means(table, chosen, len(points))
    indices, second = analyse(method, checked, matrix, {name: means[name].to_numpy() for name in chosen}, seed)
    done = time.perf_counter()
    per_point = means.copy()
    for position, name in enumerate(names):
        per_point.insert(position, name, [point[name] for point in points])
    timings = {"sample_seconds": round(sampled - clock, 3), "runs_seconds": round(ran - sampled, 3),
               "analysis_seconds": round(done - ran, 3)}
    result = SensitivityResult(method, opened.file, checked, chosen, samples, runs, seed, integers, indices, second,
                               matrix, per_point, table, timings, common_seeds)
    if out is not None:
        result.save(out)
    return result


def planned_points(method: str, ranges: Mapping[str, Sequence[float]], samples: int) -> int:
    """How many points `sensitivity` would run (before replications), after checking the settings."""
    checked = _check_ranges(ranges)
    check_design(method, checked, samples)
    return point_count(method, len(checked), samples)


def _check_ranges(ranges: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, float]]:
    checked: dict[str, tuple[float, float]] = {}
    for path, bounds in ranges.items():
        if len(bounds) != 2:
            raise SweepError(f"range {path}: expected LOW:HIGH, found {list(bounds)}")
        try:
            low, high = (float(bound) for bound in bounds)
        except (TypeError, ValueError):
            raise SweepError(f"range {path}: expected two numbers LOW:HIGH, found {list(bounds)}") from None
        checked[str(path)] = (low, high)
    return checked
