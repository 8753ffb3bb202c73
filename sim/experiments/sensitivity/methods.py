"""Sobol and Morris through SALib: sample a design over ranges, analyse outputs into indices.

This module knows nothing of scenarios or the engine: it takes ranges and a seed and gives
the sample matrix (one row per point, one column per parameter), then takes that matrix and
one output per row and gives tidy indices. The tests check it against a function whose
indices are known in closed form. SALib's randomness (the scrambled Sobol' sequence, Morris
trajectories, bootstrap resamples) is seeded from the base seed, so the same seed gives the
same points and the same confidence intervals.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.experiments.errors import SweepError
from sim.experiments.seeds import design_seed

if TYPE_CHECKING:
    import pandas as pd

METHODS = ("sobol", "morris")
CONFIDENCE = 0.95
BOOTSTRAP = 200
"""Bootstrap resamples behind each confidence interval."""
MORRIS_LEVELS = 4
MIN_SAMPLES = {"sobol": 4, "morris": 2}
SOBOL_COLUMNS = ("S1", "S1_conf", "ST", "ST_conf")
MORRIS_COLUMNS = ("mu", "mu_star", "mu_star_conf", "sigma")


def check_design(method: str, ranges: Mapping[str, tuple[float, float]], samples: int) -> None:
    """`SweepError` (one line) if the method, a range or the sample count cannot work."""
    if method not in METHODS:
        raise SweepError(f"method: expected one of {', '.join(METHODS)}, found '{method}'")
    if not ranges:
        raise SweepError("sensitivity needs at least one range (--range PATH=LOW:HIGH)")
    for path, (low, high) in ranges.items():
        if not (np.isfinite(low) and np.isfinite(high)) or low >= high:
            raise SweepError(f"range {path}: expected finite LOW < HIGH, found {low}:{high}")
    least = MIN_SAMPLES[method]
    if not isinstance(samples, int) or isinstance(samples, bool) or samples < least:
        raise SweepError(f"samples: {method} needs a whole number >= {least}, found {samples!r}")
    if method == "sobol" and samples & (samples - 1):
        raise SweepError(f"samples: sobol needs a power of 2 (its sequence is balanced only then), "
                         f"found {samples}; try {1 << samples.bit_length()}")


def point_count(method: str, parameters: int, samples: int) -> int:
    """Points a design evaluates: N*(2D+2) for Sobol (with second-order indices), N*(D+1) for Morris."""
    return samples * (2 * parameters + 2) if method == "sobol" else samples * (parameters + 1)


def salib_seed(base_seed: int, purpose: int) -> int:
    """A 32-bit seed for SALib derived from the sweep's base seed; `purpose` 0 samples, 1 analyses."""
    return int(design_seed(base_seed).spawn(2)[purpose].generate_state(1)[0])


def problem(ranges: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """The SALib problem for `ranges`: names and bounds, in range order."""
    return {"num_vars": len(ranges), "names": list(ranges), "bounds": [list(bounds) for bounds in ranges.values()]}


def sample(method: str, ranges: Mapping[str, tuple[float, float]], samples: int, base_seed: int) -> np.ndarray:
    """The design's sample matrix: `point_count(...)` rows, one column per range, in range order."""
    check_design(method, ranges, samples)
    seed = salib_seed(base_seed, 0)
    if method == "sobol":
        from SALib.sample import sobol

        return np.asarray(sobol.sample(problem(ranges), samples, calc_second_order=True, seed=seed))
    from SALib.sample import morris

    return np.asarray(morris.sample(problem(ranges), samples, num_levels=MORRIS_LEVELS, seed=seed))


def analyse(method: str, ranges: Mapping[str, tuple[float, float]], matrix: np.ndarray,
            outputs: Mapping[str, np.ndarray], base_seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indices per outcome and parameter (first frame) and, for Sobol, second-order indices per
    outcome and pair of parameters (second frame; empty for Morris). Confidence intervals are
    95% bootstrap half-widths. An outcome that is the same at every point has no variance to
    share out: its indices are NaN."""
    import pandas as pd

    seed = salib_seed(base_seed, 1)
    names = list(ranges)
    rows: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    for outcome, values in outputs.items():
        values = np.asarray(values, dtype=float)
        if len(values) != len(matrix):
            raise SweepError(f"outcome {outcome}: {len(values)} outputs for {len(matrix)} points")
        if np.ptp(values) == 0:
            columns = SOBOL_COLUMNS if method == "sobol" else MORRIS_COLUMNS
            rows += [{"outcome": outcome, "parameter": name, **dict.fromkeys(columns, np.nan)} for name in names]
            continue
        if method == "sobol":
            indices, second = _sobol(ranges, values, seed)
            rows += [{"outcome": outcome, "parameter": name, **row} for name, row in zip(names, indices, strict=True)]
            pairs += [{"outcome": outcome, **pair} for pair in second]
        else:
            morris_rows = _morris(ranges, matrix, values, seed)
            rows += [{"outcome": outcome, "parameter": name, **row} for name, row in zip(names, morris_rows,
                                                                                         strict=True)]
    second_columns = ["outcome", "first", "second", "S2", "S2_conf"]
    return pd.DataFrame(rows), pd.DataFrame(pairs, columns=second_columns)


def _sobol(ranges: Mapping[str, tuple[float, float]], values: np.ndarray,
           seed: int) -> tuple[list[dict[str, float]], list[dict[str, Any]]]:
    from SALib.analyze import sobol

    with warnings.catch_warnings():
        # A bootstrap resample or a column block of equal outputs gives an index of 0 there;
        # SALib warns once per block, which says nothing the intervals do not.
        warnings.filterwarnings("ignore", message="Constant values encountered", category=UserWarning)
        found = sobol.analyze(problem(ranges), values, calc_second_order=True, num_resamples=BOOTSTRAP,
                              conf_level=CONFIDENCE, seed=seed)
    indices = [{column: float(found[column][i]) for column in SOBOL_COLUMNS} for i in range(len(ranges))]
    names = list(ranges)
    pairs = [{"first": names[i], "second": names[j], "S2": float(found["S2"][i, j]),
              "S2_conf": float(found["S2_conf"][i, j])}
             for i in range(len(names)) for j in range(i + 1, len(names))]
    return indices, pairs


def _morris(ranges: Mapping[str, tuple[float, float]], matrix: np.ndarray, values: np.ndarray,
            seed: int) -> list[dict[str, float]]:
    from SALib.analyze import morris

    found = morris.analyze(problem(ranges), matrix, values, num_resamples=BOOTSTRAP, conf_level=CONFIDENCE,
                           num_levels=MORRIS_LEVELS, seed=seed)
    return [{column: float(found[column][i]) for column in MORRIS_COLUMNS} for i in range(len(ranges))]
