"""Calibration of a channel scenario against the record: ABC-SMC (`abc`), its distance
(`distance`), the fit (`api.calibrate`) and its files (`report`). Loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.calibrate.abc import Population, abc_smc
    from sim.calibrate.api import Calibration, calibrate

_HOMES = {"Calibration": "api", "calibrate": "api", "Population": "abc", "abc_smc": "abc"}

__all__ = ["Calibration", "Population", "abc_smc", "calibrate"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'sim.calibrate' has no attribute {name!r}")
    return getattr(importlib.import_module(f"sim.calibrate.{_HOMES[name]}"), name)
