"""Baselines as distributions: draws of the window's exchanges that need no simulator, scored like the model.

Both are fitted on the same training rows as the model (the record up to the origin) and
return R draws, each a frame of hand-over days (`date`, `released_by_a`, `released_by_b`):

- **previous_year** (a block bootstrap): the last 365 days before the origin, cut into days;
  a draw strings together blocks of `BLOCK_DAYS` consecutive days, each starting on a day
  drawn at random (wrapping round the year), until the window is covered, and carries each
  day's exchanges over. If those 365 days hold no exchange, the 365 days ending on the last
  exchange before the origin are used instead: the baseline is never an empty window.
- **count_model** (a negative binomial count model): hand-over days are counted in 91-day
  blocks running back from the origin over the training period; their mean and variance give
  a negative binomial (a Poisson when the counts are not over-dispersed) for the number of
  hand-over days in each quarter of the window (scaled by its length), placed on distinct days
  drawn uniformly; each exchange's sizes are a training hand-over day drawn at random.

In both, a size left blank in the record is filled with a known size of that side drawn from
the training rows (blank counts are missing, never zero). Draws come from one named stream
(`sim.randomness.Streams(seed)("baseline.<name>")`), so the same seed gives the same draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.forecast.errors import ForecastError
from sim.forecast.units import SIDES, handover_days, quarters

BLOCK_DAYS = 28
"""Length of a bootstrap block: about a month, so bursts of exchanges stay together."""
YEAR_DAYS = 365
QUARTER_DAYS = 91


class BaselineError(ForecastError):
    """A baseline cannot be fitted (no exchange before the origin); the message is one line."""


@dataclass(frozen=True)
class CountFit:
    """The negative binomial fitted to hand-over days per 91 days: mean, variance, blocks used."""

    mean: float
    variance: float
    blocks: int

    def draw(self, days: int, rng: np.random.Generator) -> int:
        """Hand-over days in a piece of `days` days (the rate scaled by its length)."""
        mean = self.mean * days / QUARTER_DAYS
        if mean <= 0:
            return 0
        if self.variance <= self.mean:
            return int(rng.poisson(mean))
        shape = self.mean ** 2 / (self.variance - self.mean) * days / QUARTER_DAYS
        return int(rng.negative_binomial(shape, shape / (shape + mean)))


def _days_before(rows: pd.DataFrame, training_start: pd.Timestamp, origin: pd.Timestamp) -> pd.DataFrame:
    dates = pd.to_datetime(rows["date"])
    return handover_days(rows.loc[(dates >= training_start) & (dates <= origin)])


def _fill_blanks(sizes: np.ndarray, pool: dict[str, np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """Blank sizes (NaN) in an (n, 2) array replaced by known sizes of that side drawn from `pool`."""
    filled = sizes.copy()
    for column, side in enumerate(SIDES):
        blank = np.isnan(filled[:, column])
        if blank.any():
            filled[blank, column] = rng.choice(pool[side], size=int(blank.sum())) if len(pool[side]) else 0.0
    return filled


def _known_pool(days: pd.DataFrame) -> dict[str, np.ndarray]:
    return {side: days[f"released_by_{side}"].dropna().to_numpy(float) for side in SIDES}


def _frame(dates: list[pd.Timestamp], sizes: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(pd.Series(dates, dtype="datetime64[ns]")),
                         "released_by_a": sizes[:, 0] if len(sizes) else np.array([], float),
                         "released_by_b": sizes[:, 1] if len(sizes) else np.array([], float)})


def previous_year_source(days: pd.DataFrame, origin: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The 365 days the bootstrap resamples: those ending on the origin, or on the last exchange before it."""
    if len(days) == 0:
        raise BaselineError(f"no exchange on or before {origin.date()}: no baseline can be fitted")
    end = origin
    if not ((days["date"] > origin - pd.Timedelta(days=YEAR_DAYS)) & (days["date"] <= origin)).any():
        end = days["date"].max()
    return end - pd.Timedelta(days=YEAR_DAYS - 1), end


def previous_year(rows: pd.DataFrame, training_start: pd.Timestamp, origin: pd.Timestamp, start: pd.Timestamp,
                  end: pd.Timestamp, draws: int, rng: np.random.Generator) -> list[pd.DataFrame]:
    """`draws` block-bootstrap draws of the window [start, end] from the year before the origin."""
    days = _days_before(rows, training_start, origin)
    source_start, source_end = previous_year_source(days, origin)
    inside = days.loc[(days["date"] >= source_start) & (days["date"] <= source_end)]
    offsets = (inside["date"] - source_start).dt.days.to_numpy()
    sizes_by_offset = dict(zip(offsets, inside[["released_by_a", "released_by_b"]].to_numpy(float), strict=True))
    pool = _known_pool(days)
    length = (end - start).days + 1
    result = []
    for _ in range(draws):
        dates, sizes = [], []
        for block_start in range(0, length, BLOCK_DAYS):
            first = int(rng.integers(YEAR_DAYS))
            for step in range(min(BLOCK_DAYS, length - block_start)):
                source = (first + step) % YEAR_DAYS
                if source in sizes_by_offset:
                    dates.append(start + pd.Timedelta(days=block_start + step))
                    sizes.append(sizes_by_offset[source])
        result.append(_frame(dates, _fill_blanks(np.array(sizes, float).reshape(-1, 2), pool, rng)))
    return result


def fit_counts(days: pd.DataFrame, training_start: pd.Timestamp, origin: pd.Timestamp) -> CountFit:
    """Mean and variance of hand-over days per 91-day block, blocks running back from the origin."""
    blocks = max(1, ((origin - training_start).days + 1) // QUARTER_DAYS)
    counts = []
    for index in range(blocks):
        high = origin - pd.Timedelta(days=index * QUARTER_DAYS)
        low = high - pd.Timedelta(days=QUARTER_DAYS - 1)
        counts.append(int(((days["date"] >= low) & (days["date"] <= high)).sum()))
    values = np.array(counts, float)
    return CountFit(float(values.mean()), float(values.var(ddof=1)) if blocks > 1 else float(values.mean()), blocks)


def count_model(rows: pd.DataFrame, training_start: pd.Timestamp, origin: pd.Timestamp, start: pd.Timestamp,
                end: pd.Timestamp, draws: int, rng: np.random.Generator) -> list[pd.DataFrame]:
    """`draws` draws of the window from the negative binomial count model fitted on the training rows."""
    days = _days_before(rows, training_start, origin)
    if len(days) == 0:
        raise BaselineError(f"no exchange on or before {origin.date()}: no baseline can be fitted")
    fit = fit_counts(days, training_start, origin)
    pairs = days[["released_by_a", "released_by_b"]].to_numpy(float)
    pool = _known_pool(days)
    result = []
    for _ in range(draws):
        dates: list[pd.Timestamp] = []
        for low, high in quarters(start, end):
            length = (high - low).days + 1
            count = min(length, fit.draw(length, rng))
            chosen = np.sort(rng.choice(length, size=count, replace=False)) if count else np.array([], int)
            dates += [low + pd.Timedelta(days=int(offset)) for offset in chosen]
        sizes = pairs[rng.integers(len(pairs), size=len(dates))] if dates else np.empty((0, 2))
        result.append(_frame(dates, _fill_blanks(sizes, pool, rng)))
    return result
