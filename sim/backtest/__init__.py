"""Rolling-origin backtests of a channel scenario: fit up to each origin, forecast the next window, score it.

Modules: `leaks` (what in a scenario may have seen the data after an origin), `api`
(`backtest`, `Backtest`), `report` (backtest.csv, backtest.parquet, backtest.json and a
posterior file per origin). The figures are `sim.plots.forecast`'s. Loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.backtest.api import Backtest, backtest

_HOMES = {"Backtest": "api", "backtest": "api"}

__all__ = ["Backtest", "backtest"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'sim.backtest' has no attribute {name!r}")
    return getattr(importlib.import_module(f"sim.backtest.{_HOMES[name]}"), name)
