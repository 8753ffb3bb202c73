"""Historical exchange tables: loading, validation, and what they say happened.

`load_history` reads a CSV in the format of `seeds/history/` (see `SOURCES.md` there) into a
`HistoryTable`, or raises a `HistoryError` naming every bad line and column. `exchanges`,
`deal_totals`, `totals` and `cumulative_returned` turn a table into what a simulated
channel is compared with. Everything but `HistoryError` loads on first use, so that
catching a `HistoryError` (as the command line does) does not import pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sim.history.errors import HistoryError

if TYPE_CHECKING:
    from sim.history.exchange_rows import cumulative_returned, deal_totals, empty_exchanges, exchanges, totals
    from sim.history.table import COLUMNS, HistoryTable, load_history

_HOMES = {
    "COLUMNS": "table", "HistoryTable": "table", "load_history": "table",
    "cumulative_returned": "exchange_rows", "deal_totals": "exchange_rows", "empty_exchanges": "exchange_rows",
    "exchanges": "exchange_rows", "totals": "exchange_rows",
}

__all__ = [
    "COLUMNS", "HistoryError", "HistoryTable", "cumulative_returned", "deal_totals", "empty_exchanges",
    "exchanges", "load_history", "totals",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'sim.history' has no attribute {name!r}")
    return getattr(importlib.import_module(f"sim.history.{_HOMES[name]}"), name)
