"""What a forecast counts: hand-over days, exchanges per quarter, sizes each way, gaps between exchanges.

The record has one row per exchange event, dated by its hand-over day; a simulated channel
gives one row per hand-over too (a staged deal, one row per stage). The unit counted here is
the **hand-over day**: rows of the same pair on the same day are one exchange, their counts
added. A day's count for a side is known only when every row of that day gives it; a blank
count is missing, never zero, and each side is treated separately.

- exchanges per quarter: hand-over days in each calendar quarter of the window (the first and
  last quarter cut to the window);
- totals: the known people returned to each side over the window;
- sizes: the known count of each hand-over day, each side;
- gaps: days between consecutive hand-over days inside the window.

The record's `deal` column groups stages into one agreement; the shipped Russia-Ukraine
record has no such rows, so deal-level scores are not computed for it (`deal_rows` says so).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SIDES = ("a", "b")


def handover_days(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per hand-over day: `date`, `released_by_a`, `released_by_b` (float, NaN where unknown)."""
    if len(rows) == 0:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "released_by_a": pd.Series(dtype=float),
                             "released_by_b": pd.Series(dtype=float)})
    frame = pd.DataFrame({"date": pd.to_datetime(rows["date"]).dt.normalize().to_numpy()})
    for side in SIDES:
        frame[f"released_by_{side}"] = pd.to_numeric(rows[f"released_by_{side}"], errors="coerce").to_numpy(float)
    grouped = frame.groupby("date", sort=True)
    days = grouped.sum(min_count=1)
    for side in SIDES:
        column = f"released_by_{side}"
        days.loc[grouped[column].apply(lambda values: bool(values.isna().any())), column] = np.nan
    return days.reset_index()


def quarters(start: pd.Timestamp, end: pd.Timestamp) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The calendar quarters of [start, end], the first and last cut to the window: (first day, last day)."""
    pieces = []
    low = start
    while low <= end:
        quarter_end = (low + pd.offsets.QuarterEnd(0)).normalize()
        high = min(end, quarter_end)
        pieces.append((low, high))
        low = high + pd.Timedelta(days=1)
    return pieces


def per_quarter(days: pd.DataFrame, pieces: list[tuple[pd.Timestamp, pd.Timestamp]]) -> np.ndarray:
    """Hand-over days in each quarter of `pieces`."""
    dates = days["date"]
    return np.array([int(((dates >= low) & (dates <= high)).sum()) for low, high in pieces], dtype=float)


def gaps(days: pd.DataFrame) -> np.ndarray:
    """Days between consecutive hand-over days."""
    return np.diff(days["date"].to_numpy(dtype="datetime64[D]")).astype(float)


@dataclass(frozen=True)
class Observed:
    """What the record shows over a window, in the units above, with its blanks counted per side."""

    per_quarter: np.ndarray
    exchanges: int
    totals: dict[str, float]
    """Known people released by each side (a: side a released, returned to side b)."""
    sizes: dict[str, np.ndarray]
    gaps: np.ndarray
    blank_days: dict[str, int]
    """Hand-over days whose count for that side is blank."""
    known_share: dict[str, float]
    """Share of hand-over days with that side's count known (1 when there are none)."""


def observe(rows: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> Observed:
    """The record's rows dated in [start, end] in the forecast units."""
    inside = rows.loc[(pd.to_datetime(rows["date"]) >= start) & (pd.to_datetime(rows["date"]) <= end)]
    days = handover_days(inside)
    totals, sizes, blanks, shares = {}, {}, {}, {}
    for side in SIDES:
        values = days[f"released_by_{side}"].to_numpy(float)
        known = values[~np.isnan(values)]
        totals[side] = float(known.sum())
        sizes[side] = known
        blanks[side] = int(np.isnan(values).sum())
        shares[side] = float(len(known) / len(values)) if len(values) else 1.0
    return Observed(per_quarter(days, quarters(start, end)), len(days), totals, sizes, gaps(days), blanks, shares)


def deal_rows(rows: pd.DataFrame) -> int:
    """How many rows name a `deal` (deal-level scoring needs some)."""
    return int((rows["deal"].fillna("") != "").sum()) if "deal" in rows else 0
