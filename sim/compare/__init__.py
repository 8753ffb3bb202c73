"""Compare a channel scenario with the historical record: `compare(...)` and `parley compare`.

Modules: `metrics` (each metric, and how blank counts are treated), `baseline` (the naive
previous-period baseline), `simulate` (replications on the sweep executors), `api`
(`compare`, `Comparison`), `report` (printed table and output files). Everything but
`CompareError` loads on first use, so importing the command line stays free of pandas and scipy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sim.compare.errors import CompareError

if TYPE_CHECKING:
    from sim.compare.api import Comparison, compare

_HOMES = {"Comparison": "api", "compare": "api"}

__all__ = ["CompareError", "Comparison", "compare"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'sim.compare' has no attribute {name!r}")
    return getattr(importlib.import_module(f"sim.compare.{_HOMES[name]}"), name)
