"""The naive baseline: the record's previous period of the same length, repeated.

For a window [from, to] of L days (both ends included), the baseline is the record's
exchanges dated in [from - L days, from - 1 day], each moved forward by L days: "the next
L days will look like the last L days". It needs no model and no fitting, so a model that
does not beat it on a metric has not earned that metric. If the record does not reach back
to from - L days (its first exchange between the two sides is later), there is no baseline:
`None`, reported as null, never an invented series.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Baseline:
    """The record's earlier period [start, end], whose exchanges moved forward `shift_days` days are the baseline."""

    start: pd.Timestamp
    end: pd.Timestamp
    shift_days: int
    rows: pd.DataFrame | None
    """The shifted exchanges, or None when the record does not cover [start, end]."""

    def describe(self) -> str:
        """One line saying what the baseline is, or why there is none."""
        period = f"{self.start.date()}..{self.end.date()}"
        if self.rows is None:
            return f"baseline: none (the history does not reach back to {self.start.date()}, needed for {period})"
        return (f"baseline: the history of {period} moved forward {self.shift_days} days "
                f"({len(self.rows)} exchange{'' if len(self.rows) == 1 else 's'})")


def previous_period(oriented: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> Baseline:
    """The baseline for the window [start, end] from the whole oriented record (all dates)."""
    length = (end - start).days + 1
    earlier_start = start - pd.Timedelta(days=length)
    earlier_end = start - pd.Timedelta(days=1)
    if len(oriented) == 0 or oriented["date"].min() > earlier_start:
        return Baseline(earlier_start, earlier_end, length, None)
    inside = (oriented["date"] >= earlier_start) & (oriented["date"] <= earlier_end)
    rows = oriented.loc[inside].copy()
    rows["date"] = rows["date"] + pd.Timedelta(days=length)
    rows["end_date"] = rows["end_date"] + pd.Timedelta(days=length)
    return Baseline(earlier_start, earlier_end, length, rows.reset_index(drop=True))
