"""The calibration distance: a weighted mean of comparison metrics, each scaled by the record.

Terms (each 0 for a perfect match; a term the run cannot define, such as sizes when it
has no exchange, counts as 1):

- `exchanges`: |n_model - n_record| / n_record;
- `size_a`, `size_b`: Wasserstein distance between exchange sizes each way / the record's median size;
- `interval`: Wasserstein distance between days between exchanges / the record's median gap;
- `cumulative`: mean daily gap between the cumulative lines, each side / the record's final
  total, averaged over the two sides.

Blank counts follow `sim.compare.metrics`. The distance is the weighted mean of the terms.

`by_year=True` scores each calendar year of the window apart (each against its own record
and scales) and averages the years in which the record has an exchange. Pooled over a long
window, sizes and gaps cannot tell which year a run got wrong, so parameters that hold only
from some date on (`channel.periods`) are barely identified; year by year they are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from sim.compare.metrics import cumulative_daily, intervals_days, known, series_metrics

TERMS = ("exchanges", "size_a", "size_b", "interval", "cumulative")
DEFAULT_WEIGHTS = dict.fromkeys(TERMS, 1.0)


def record_scales(record: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> dict[str, float]:
    """What each term is divided by, from the record (1 where the record gives nothing to scale by)."""
    line = cumulative_daily(record, start, end)
    scales = {"exchanges": float(len(record)),
              "size_a": _median(known(record["released_by_a"])), "size_b": _median(known(record["released_by_b"])),
              "interval": _median(intervals_days(record["date"])),
              "cumulative_a": float(line[-1, 0]), "cumulative_b": float(line[-1, 1])}
    return {key: value if value > 0 and not math.isnan(value) else 1.0 for key, value in scales.items()}


def calibration_distance(rows: pd.DataFrame, record: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                         weights: Mapping[str, float] = DEFAULT_WEIGHTS, by_year: bool = False) -> float:
    """The distance of one run's exchanges `rows` from the record over [start, end] (both cut to it)."""
    if not by_year:
        return window_distance(rows, record, start, end, weights)
    values = []
    for low, high in year_pieces(start, end):
        part = record.loc[(record["date"] >= low) & (record["date"] <= high)]
        if len(part):
            mine = rows.loc[(rows["date"] >= low) & (rows["date"] <= high)]
            values.append(window_distance(mine, part, low, high, weights))
    return float(np.mean(values)) if values else window_distance(rows, record, start, end, weights)


def year_pieces(start: pd.Timestamp, end: pd.Timestamp) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """[start, end] cut at each new year: (first day, last day) of each piece."""
    pieces = []
    low = start
    while low <= end:
        high = min(end, pd.Timestamp(year=low.year, month=12, day=31))
        pieces.append((low, high))
        low = high + pd.Timedelta(days=1)
    return pieces


def window_distance(rows: pd.DataFrame, record: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                    weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> float:
    """The distance over [start, end] taken whole: the weighted mean of the scaled terms."""
    scales = record_scales(record, start, end)
    values = series_metrics(rows, record, start, end)
    terms = {
        "exchanges": abs(values["exchanges"] - len(record)) / scales["exchanges"],
        "size_a": values["released_by_a.wasserstein"] / scales["size_a"],
        "size_b": values["released_by_b.wasserstein"] / scales["size_b"],
        "interval": values["interval.wasserstein"] / scales["interval"],
        "cumulative": (values["cumulative_a.mean_gap"] / scales["cumulative_a"]
                       + values["cumulative_b.mean_gap"] / scales["cumulative_b"]) / 2,
    }
    total = sum(weights.get(term, 0.0) for term in TERMS)
    return sum(weights.get(term, 0.0) * (1.0 if math.isnan(value) else value)
               for term, value in terms.items()) / total


def _median(values: np.ndarray) -> float:
    return float(np.median(values)) if len(values) else float("nan")
