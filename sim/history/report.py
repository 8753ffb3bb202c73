"""A short text summary of a history table, as `parley history` prints it."""

from __future__ import annotations

import pandas as pd

from sim.history.exchange_rows import exchanges, totals
from sim.history.table import HistoryTable


def describe_history(table: HistoryTable, start: pd.Timestamp | None = None,
                     end: pd.Timestamp | None = None) -> str:
    """Exchanges, known totals each way, years covered and unknown counts, within [start, end]."""
    frame = table.frame
    if start is not None:
        frame = frame[frame["date"] >= start]
    if end is not None:
        frame = frame[frame["date"] <= end]
    rows = exchanges(frame)
    lines = [f"{table.path}: {len(table)} rows, {len(rows)} exchanges"
             + (f" from {rows['date'].min():%Y-%m-%d} to {rows['date'].max():%Y-%m-%d}" if len(rows) else "")]
    if not len(rows):
        return lines[0]
    years = rows["date"].dt.year
    lines.append(f"  years covered: {years.min()}-{years.max()} ({years.nunique()} with an exchange)")
    unknown = rows["released_by_a"].isna() | rows["released_by_b"].isna()
    lines.append(f"  exchanges with an unknown count: {int(unknown.sum())}")
    lines.append("  known totals (events and whole deals; a blank count is not counted):")
    for pair in totals(frame).itertuples(index=False):
        lines.append(f"    {pair.side_a} -> {pair.side_b}: {pair.released_by_a}"
                     f"{_unknown(pair.unknown_a)}; {pair.side_b} -> {pair.side_a}: {pair.released_by_b}"
                     f"{_unknown(pair.unknown_b)} ({pair.exchanges} exchanges or deals)")
    lines.append("  by year: exchanges, released by side_a, released by side_b (known)")
    for year, group in rows.groupby(years):
        lines.append(f"    {year}: {len(group):3d} {int(group['released_by_a'].sum()):6d} "
                     f"{int(group['released_by_b'].sum()):6d}")
    return "\n".join(lines)


def _unknown(count: int) -> str:
    return f" (+{count} unknown)" if count else ""
