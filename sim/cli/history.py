"""`parley history CSV [--from DATE] [--to DATE]`: validate a history table and summarise it.

Kept apart from `sim/cli/main.py`, which only registers the subcommand. A malformed table ends
with one line per problem (file, CSV line, column) and exit code 2, through `HistoryError`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def date_value(text: str) -> pd.Timestamp:
    import pandas as pd  # here, not at the top: `import sim.cli` must stay free of pandas

    try:
        return pd.Timestamp(pd.to_datetime(text, format="%Y-%m-%d"))
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"expected a date like 2022-03-01, found '{text}'") from None


def add_history_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("history", help="validate a historical exchange table and summarise it")
    parser.add_argument("csv", type=Path)
    parser.add_argument("--from", dest="start", type=date_value, help="first date to include (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", type=date_value, help="last date to include (YYYY-MM-DD)")


def command_history(args: argparse.Namespace) -> int:
    from sim.history import load_history
    from sim.history.report import describe_history

    table = load_history(args.csv)
    print(describe_history(table, args.start, args.end))
    return 0
