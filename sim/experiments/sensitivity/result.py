"""What a sensitivity analysis gives back, and how it is written to a folder.

`SensitivityResult` holds the indices (tidy: one row per outcome and parameter), Sobol's
second-order indices, the sample matrix as drawn, the per-point outputs the indices were
computed from (parameters as run, i.e. integers rounded, the number of successful runs, the
mean of each outcome), and the sweep table of every run. `save` writes `indices.csv`,
`second_order.csv` (Sobol: S2 and its interval per outcome and pair of parameters),
`points.csv`, `results.parquet` and `manifest.json`, each to a temporary name first. Data
only: the figure is `sim.plots.sensitivity.plot_sensitivity(result)`, and the command line
writes it beside these files as `sensitivity.png`.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.files import to_json, write_atomically

if TYPE_CHECKING:
    import pandas as pd

@dataclass(frozen=True)
class SensitivityResult:
    """The indices of a sensitivity analysis with the design, the per-point means and every run behind them."""

    method: str
    scenario: str
    ranges: dict[str, tuple[float, float]]
    outcomes: list[str]
    samples: int
    runs: int
    seed: int
    integers: list[str]
    indices: pd.DataFrame
    second_order: pd.DataFrame
    matrix: np.ndarray
    points: pd.DataFrame
    table: pd.DataFrame = field(repr=False)
    timings: dict[str, float] = field(default_factory=dict)
    common_seeds: bool = True

    def describe(self) -> dict[str, Any]:
        """The settings as the manifest records them."""
        return {"method": self.method, "scenario": self.scenario,
                "ranges": {path: list(bounds) for path, bounds in self.ranges.items()},
                "integer_parameters": self.integers, "outcomes": self.outcomes, "samples": self.samples,
                "points": len(self.matrix), "runs": self.runs, "total_runs": len(self.table), "seed": self.seed,
                "seeds": "common to every point" if self.common_seeds else "one per run",
                "confidence_level": 0.95, "timings": self.timings, "versions": _versions()}

    def save(self, folder: str | Path) -> list[Path]:
        """Write the result's files into `folder` (made if missing); returns their paths. A
        `results.parquet` already holding this table's runs (the sweep's own, when `out` was
        given) is kept, and so is its `manifest.json`, which gains a `sensitivity` section."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = [write_atomically(folder / "indices.csv", self.indices.to_csv(index=False, float_format="%.6g"))]
        if self.method == "sobol":
            written.append(write_atomically(folder / "second_order.csv",
                                            self.second_order.to_csv(index=False, float_format="%.6g")))
        written.append(write_atomically(folder / "points.csv", self.points.to_csv(float_format="%.6g")))
        results = folder / "results.parquet"
        kept = _holds_table(results, self.table)
        if not kept:
            temporary = results.with_name(f".{results.name}.partial")
            self.table.to_parquet(temporary, index=False)
            temporary.replace(results)
        written.append(results)
        manifest_path = folder / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if kept and manifest_path.exists() else {}
        manifest["sensitivity"] = self.describe()
        written.append(write_atomically(manifest_path, to_json(manifest)))
        return written


def _holds_table(path: Path, table: pd.DataFrame) -> bool:
    """Whether `path` is already this table's Parquet file (the sweep's own, when `out` was given)."""
    if not path.exists():
        return False
    import pyarrow.parquet as pq

    stored = pq.read_table(path, columns=["run_id", "seed"])
    return bool(stored.column("run_id").to_pylist() == table["run_id"].tolist()
                and stored.column("seed").to_pylist() == table["seed"].tolist())


def _versions() -> dict[str, str]:
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for package in ("parley-sim", "SALib", "numpy", "scipy", "pandas"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions
