"""`parley history CSV [--from DATE] [--to DATE]`: validate a history table and summarise it.

A malformed table ends with one line per problem (file, CSV line, column) and exit code 2,
through `HistoryError`. pandas loads only when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.options import date_value


def add_parser(commands: Any) -> None:
    """Register `parley history` and its options."""
    parser = commands.add_parser("history", help="validate a historical exchange table and summarise it")
    parser.add_argument("csv", type=Path)
    parser.add_argument("--from", dest="start", type=date_value, help="first date to include (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", type=date_value, help="last date to include (YYYY-MM-DD)")
    parser.set_defaults(handler=command_history)


def command_history(args: argparse.Namespace) -> int:
    """Read and check the table, then print its summary over the window."""
    from sim.history import load_history
    from sim.history.report import describe_history

    table = load_history(args.csv)
    print(describe_history(table, args.start, args.end))
    return 0
