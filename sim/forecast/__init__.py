"""Forecasts and how they are judged: proper scores, counting units, baselines as distributions, posteriors.

Modules: `scores` (CRPS, interval coverage, log score with a stated smoothing, PIT),
`units` (what is counted: hand-over days, exchanges per quarter, sizes, gaps; blank counts
stay missing), `baselines` (the previous year resampled and a negative-binomial count
model, each a set of draws like the model's), `posterior` (the posterior file with its
`data_until` and scenario hash, and one parameter set drawn per replication), `ensemble`
(scoring a forecaster's draws against the record). Everything loads on first use, so the
command line stays free of pandas and scipy until a command needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.forecast.scores import crps, interval_coverage, log_score, pit

_HOMES = {"crps": "scores", "interval_coverage": "scores", "log_score": "scores", "pit": "scores"}

__all__ = ["crps", "interval_coverage", "log_score", "pit"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'sim.forecast' has no attribute {name!r}")
    return getattr(importlib.import_module(f"sim.forecast.{_HOMES[name]}"), name)
