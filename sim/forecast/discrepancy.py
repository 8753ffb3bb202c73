"""A discrepancy term: the over-dispersion of exchange sizes and waiting times the model does not make.

The channel model draws its exchange sizes and the days between exchanges from bargaining
over the stocks held; the record is more ragged than that. The discrepancy stands for what the
model leaves out (news, politics, logistics that move a swap by weeks or double its size). It
is fitted after calibration, on the training window only, by comparing the record with the
posterior predictive runs over the same window, on a log scale:

    sigma_size^2 = max(0, Var(log record sizes) - Var(log run sizes, all runs pooled))  (population variances)
    sigma_gap^2  = max(0, Var(log record gaps)  - Var(log run gaps, all runs pooled))

and it is applied to **forecast outputs only**, never inside a simulation: each forecast
exchange's sizes are multiplied by exp(sigma_size e - sigma_size^2 / 2), and each waiting time
(from the origin to the first exchange, then between exchanges) by exp(sigma_gap e -
sigma_gap^2 / 2), e standard normal (a mean-one factor), sizes rounded and at least 1 (a 0 stays 0), gaps
at least one day; exchanges pushed past the window's end drop out. The draws come from the named
stream `discrepancy` of the base seed. A sigma of 0 leaves the runs as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.forecast.units import SIDES, gaps, handover_days


@dataclass(frozen=True)
class Discrepancy:
    """Extra log-scale spread of exchange sizes and of waiting times, fitted on the training window."""

    size_sigma: float
    gap_sigma: float

    def to_json(self) -> dict[str, float]:
        """The two sigmas, for backtest.json."""
        return {"size_sigma": self.size_sigma, "gap_sigma": self.gap_sigma}


def _log_sizes(days: pd.DataFrame) -> np.ndarray:
    values = np.concatenate([days[f"released_by_{side}"].to_numpy(float) for side in SIDES])
    values = values[~np.isnan(values) & (values > 0)]
    return np.log(values)


def _extra_sigma(record: np.ndarray, model: np.ndarray) -> float:
    if len(record) < 2 or len(model) < 2:
        return 0.0
    return float(np.sqrt(max(0.0, float(np.var(record)) - float(np.var(model)))))


def fit_discrepancy(record: pd.DataFrame, runs: list[pd.DataFrame]) -> Discrepancy:
    """The discrepancy of the runs' exchanges against the record's, both over the same training window."""
    record_days = handover_days(record)
    run_days = [handover_days(rows) for rows in runs]
    model_sizes = np.concatenate([_log_sizes(days) for days in run_days]) if run_days else np.array([])
    record_gaps = gaps(record_days)
    model_gaps = np.concatenate([gaps(days) for days in run_days]) if run_days else np.array([])
    return Discrepancy(_extra_sigma(_log_sizes(record_days), model_sizes),
                       _extra_sigma(np.log(record_gaps[record_gaps > 0]), np.log(model_gaps[model_gaps > 0])))


def apply_discrepancy(draws: list[pd.DataFrame], discrepancy: Discrepancy, origin: pd.Timestamp,
                      end: pd.Timestamp, rng: np.random.Generator) -> list[pd.DataFrame]:
    """Each draw's hand-over days with sizes and waiting times spread by the discrepancy (see the module)."""
    spread = []
    size, gap = discrepancy.size_sigma, discrepancy.gap_sigma
    for rows in draws:
        days = handover_days(rows.loc[(rows["date"] > origin) & (rows["date"] <= end)])
        if len(days) == 0:
            spread.append(days)
            continue
        offsets = (days["date"] - origin).dt.days.to_numpy(float)
        waits = np.diff(np.concatenate([[0.0], offsets]))
        waits = np.maximum(1.0, np.round(waits * np.exp(gap * rng.standard_normal(len(waits)) - gap * gap / 2)))
        dates = origin + pd.to_timedelta(np.cumsum(waits), unit="D")
        frame = pd.DataFrame({"date": dates})
        for side in SIDES:
            values = days[f"released_by_{side}"].to_numpy(float)
            factor = np.exp(size * rng.standard_normal(len(values)) - size * size / 2)
            scaled = np.where(values > 0, np.maximum(1.0, np.round(values * factor)), values)
            frame[f"released_by_{side}"] = scaled  # blanks stay blank, zeros stay zero
        spread.append(frame.loc[frame["date"] <= end].reset_index(drop=True))
    return spread
