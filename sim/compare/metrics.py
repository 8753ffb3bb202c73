"""Comparison metrics between exchange series: one series (a run, the baseline) against the record.

A series is a frame in the exchange format of `sim.history` (`date`, `released_by_a`,
`released_by_b`, already oriented and cut to the window). Unknown counts (`<NA>`, only
ever in the record) are treated as follows, and the same rule applies to every series:

- `exchanges` and the intervals between exchanges count every exchange: its date is known.
- sizes (median, Wasserstein, KS) use the known counts of that side only;
- ratios use the exchanges where both counts are known (and, per exchange, the second is > 0);
- totals and cumulative lines add the known counts only, so a line with unknowns is a lower bound.

Distances are `scipy.stats.wasserstein_distance` and the KS statistic (`ks_statistic`) and are NaN
when either side has no value to compare; a NaN is reported as null, never as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

NAN = float("nan")


@dataclass(frozen=True)
class Metric:
    """A metric's key in `comparison.json`, its printed label, and whether it is a distance to the record."""

    key: str
    label: str
    distance: bool = False


def metric_list(name_a: str, name_b: str) -> list[Metric]:
    """Every metric of a comparison in report order, labelled with the sides' names."""
    metrics = [Metric("exchanges", "exchanges")]
    for side, name in (("a", name_a), ("b", name_b)):
        metrics += [Metric(f"released_by_{side}.total", f"released by {name}: total (known)"),
                    Metric(f"released_by_{side}.median_size", f"released by {name}: median size"),
                    Metric(f"released_by_{side}.wasserstein", f"released by {name}: size Wasserstein", True),
                    Metric(f"released_by_{side}.ks", f"released by {name}: size KS", True)]
    metrics += [Metric("ratio.median", f"ratio {name_a}/{name_b}: median per exchange"),
                Metric("ratio.total", f"ratio {name_a}/{name_b}: total"),
                Metric("interval.median_days", "days between exchanges: median"),
                Metric("interval.wasserstein", "days between exchanges: Wasserstein", True),
                Metric("interval.ks", "days between exchanges: KS", True)]
    for side, name in (("a", name_b), ("b", name_a)):
        metrics.append(Metric(f"cumulative_{side}.mean_gap", f"returned to {name}: mean daily gap", True))
    return metrics


def known(values: pd.Series) -> np.ndarray:
    """The known counts of a column as floats (blanks dropped)."""
    return values.dropna().to_numpy(dtype=float)


def distances(simulated: np.ndarray, historical: np.ndarray) -> tuple[float, float]:
    """(Wasserstein distance, KS statistic) between two samples; NaN when either is empty."""
    if len(simulated) == 0 or len(historical) == 0:
        return NAN, NAN
    return float(stats.wasserstein_distance(simulated, historical)), ks_statistic(simulated, historical)


def ks_statistic(first: np.ndarray, second: np.ndarray) -> float:
    """The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical
    distribution functions. Computed here, as `scipy.stats.ks_2samp` also computes a p-value
    we do not use, which warns (division by zero) for a sample of one."""
    first, second = np.sort(first), np.sort(second)
    points = np.concatenate([first, second])
    gaps = (np.searchsorted(first, points, side="right") / len(first)
            - np.searchsorted(second, points, side="right") / len(second))
    return float(np.max(np.abs(gaps)))


def intervals_days(dates: pd.Series) -> np.ndarray:
    """Days between consecutive exchange dates (exchanges on the same day count as one date)."""
    days = np.unique(dates.dropna().to_numpy(dtype="datetime64[D]"))
    return np.diff(days).astype(float)


def median_or_nan(values: np.ndarray) -> float:
    """The median of `values`, NaN when there are none."""
    return float(np.median(values)) if len(values) else NAN


def ratios(rows: pd.DataFrame) -> tuple[float, float]:
    """(median of a/b per exchange with b > 0, total a / total b) over exchanges with both counts known."""
    both = rows.dropna(subset=["released_by_a", "released_by_b"])
    first = both["released_by_a"].to_numpy(dtype=float)
    second = both["released_by_b"].to_numpy(dtype=float)
    positive = second > 0
    median = float(np.median(first[positive] / second[positive])) if positive.any() else NAN
    total = float(first.sum() / second.sum()) if second.sum() > 0 else NAN
    return median, total


def cumulative_daily(rows: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    """Known people released so far, per day from `start` to `end` inclusive: shape (days, 2), columns a, b."""
    days = (end - start).days + 1
    offsets = ((rows["date"] - start).dt.days).to_numpy(dtype=int)
    inside = (offsets >= 0) & (offsets < days)
    lines = np.zeros((days, 2))
    for column, side in enumerate(("released_by_a", "released_by_b")):
        counts = rows[side].fillna(0).to_numpy(dtype=float)
        lines[:, column] = np.cumsum(np.bincount(offsets[inside], weights=counts[inside], minlength=days))
    return lines


def series_metrics(rows: pd.DataFrame, record: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                   record_line: np.ndarray | None = None) -> dict[str, float]:
    """Every metric of `metric_list` for one series against the record (both cut to the window)."""
    values: dict[str, float] = {"exchanges": float(len(rows))}
    for side in ("a", "b"):
        column = f"released_by_{side}"
        sizes = known(rows[column])
        values[f"{column}.total"] = float(sizes.sum())
        values[f"{column}.median_size"] = median_or_nan(sizes)
        wasserstein, ks = distances(sizes, known(record[column]))
        values[f"{column}.wasserstein"], values[f"{column}.ks"] = wasserstein, ks
    values["ratio.median"], values["ratio.total"] = ratios(rows)
    gaps = intervals_days(rows["date"])
    values["interval.median_days"] = median_or_nan(gaps)
    values["interval.wasserstein"], values["interval.ks"] = distances(gaps, intervals_days(record["date"]))
    line = cumulative_daily(rows, start, end)
    reference = cumulative_daily(record, start, end) if record_line is None else record_line
    for index, side in enumerate(("a", "b")):
        values[f"cumulative_{side}.mean_gap"] = float(np.mean(np.abs(line[:, index] - reference[:, index])))
    return values


def share_in_band(record_line: np.ndarray, low: np.ndarray, high: np.ndarray) -> float:
    """Share of the days on which the record's cumulative count lies inside [low, high] (both included)."""
    inside = (record_line >= low) & (record_line <= high)
    return float(inside.mean()) if len(inside) else NAN
