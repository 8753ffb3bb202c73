"""Designs: which parameter points a sweep runs.

A point maps dotted paths to values. `grid` is the full factorial of the listed values (a
`--range` joins the grid as `samples` evenly spaced values from low to high, both ends
included); `lhs` draws `samples` points from a Latin hypercube over the ranges (each range is
cut into `samples` equal strata and every stratum holds exactly one sample), crossed with the
grid of any listed values. The hypercube's randomness comes from the sweep's base seed, so the
same command gives the same points.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.experiments.errors import SweepError
from sim.experiments.seeds import design_seed

DESIGNS = ("grid", "lhs")
Point = dict[str, Any]


@dataclass(frozen=True)
class Design:
    """What to sweep: listed values per path, ranges per path, the kind of design and its sample count."""

    values: dict[str, list[Any]] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    kind: str = "grid"
    samples: int | None = None

    def describe(self) -> dict[str, Any]:
        """The design as the manifest records it."""
        return {"kind": self.kind, "values": self.values,
                "ranges": {path: list(bounds) for path, bounds in self.ranges.items()}, "samples": self.samples}


def make_design(values: Mapping[str, Sequence[Any]] | None = None,
                ranges: Mapping[str, Sequence[float]] | None = None,
                kind: str = "grid", samples: int | None = None) -> Design:
    """Check a design's settings; `SweepError` with one line saying what is wrong."""
    listed_values = {str(path): list(listed) for path, listed in (values or {}).items()}
    checked_ranges: dict[str, tuple[float, float]] = {}
    for path, bounds in (ranges or {}).items():
        if len(bounds) != 2:
            raise SweepError(f"range {path}: expected LOW:HIGH, found {list(bounds)}")
        low, high = (float(bound) for bound in bounds)
        if not (np.isfinite(low) and np.isfinite(high)) or low > high:
            raise SweepError(f"range {path}: expected finite LOW <= HIGH, found {low}:{high}")
        checked_ranges[str(path)] = (low, high)
    if kind not in DESIGNS:
        raise SweepError(f"design: expected one of {', '.join(DESIGNS)}, found '{kind}'")
    for path, listed in listed_values.items():
        if not listed:
            raise SweepError(f"set {path}: no values given")
        if path in checked_ranges:
            raise SweepError(f"{path}: given both as a list of values and as a range; choose one")
    if samples is not None and samples < 1:
        raise SweepError(f"samples: expected a whole number >= 1, found {samples}")
    if checked_ranges and samples is None:
        raise SweepError(f"range {next(iter(checked_ranges))}: a range needs a sample count (--samples K)")
    if kind == "lhs" and not checked_ranges:
        raise SweepError("design lhs: needs at least one range (--range PATH=LOW:HIGH)")
    return Design(listed_values, checked_ranges, kind, samples)


def design_points(design: Design, base_seed: int) -> list[Point]:
    """The design's points in a fixed order: the grid varies its last path fastest."""
    listed = dict(design.values)
    if design.kind == "grid":
        for path, (low, high) in design.ranges.items():
            listed[path] = [float(value) for value in np.linspace(low, high, design.samples or 1)]
    grid = [dict(zip(listed, combination, strict=True)) for combination in itertools.product(*listed.values())]
    if design.kind == "grid":
        return grid
    samples = latin_hypercube(list(design.ranges.values()), design.samples or 1, base_seed)
    sampled = [dict(zip(design.ranges, (float(value) for value in row), strict=True)) for row in samples]
    return [{**fixed, **drawn} for fixed in grid for drawn in sampled]


def latin_hypercube(bounds: list[tuple[float, float]], samples: int, base_seed: int) -> np.ndarray:
    """`samples` rows, one column per range, one sample in each of `samples` strata per column."""
    from scipy.stats import qmc

    sampler = qmc.LatinHypercube(d=len(bounds), rng=np.random.default_rng(design_seed(base_seed)))
    unit = sampler.random(samples)
    lows = np.array([low for low, _ in bounds])
    highs = np.array([high for _, high in bounds])
    return qmc.scale(unit, lows, highs) if np.all(highs > lows) else lows + unit * (highs - lows)
