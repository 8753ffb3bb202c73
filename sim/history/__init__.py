"""Historical exchange tables: loading, validation, and what they say happened.

`load_history` reads a CSV in the format of `seeds/history/` (see `SOURCES.md` there) into a
`HistoryTable`, or raises a `HistoryError` naming every bad line and column. `exchanges`,
`deal_totals`, `totals` and `cumulative_returned` turn a table into what a simulated
channel is compared with.
"""

from sim.history.errors import HistoryError
from sim.history.exchanges import cumulative_returned, deal_totals, empty_exchanges, exchanges, totals
from sim.history.table import COLUMNS, HistoryTable, load_history

__all__ = [
    "COLUMNS", "HistoryError", "HistoryTable", "cumulative_returned", "deal_totals", "empty_exchanges",
    "exchanges", "load_history", "totals",
]
