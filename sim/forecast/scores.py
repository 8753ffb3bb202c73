"""Proper scores of an ensemble forecast against what happened (lower is better, except coverage).

- `crps`: the continuous ranked probability score of the ensemble's empirical distribution,
  CRPS(F, y) = E|X - y| - E|X - X'| / 2, computed by `scoringrules.crps_ensemble` (the
  quantile-decomposition estimator, exact for the empirical distribution). In the units of
  the quantity (people, exchanges, days); a point ensemble scores its absolute error.
- `interval_coverage`: 1 when the observation lies in the ensemble's central interval of the
  given level (its (1 - level)/2 and (1 + level)/2 quantiles, linear interpolation, both ends
  included), else 0. Averaged over many forecasts it should be near the level.
- `log_score`: minus the natural log of the probability the ensemble gave the observed
  count. Raw ensemble frequencies give probability 0 (a score of infinity) to any count no
  member hit, so the probabilities are smoothed: p(k) = (n_k + g(k)) / (m + 1), with n_k the
  members equal to k out of m, and g a geometric distribution on 0, 1, 2, ... whose mean is
  the ensemble mean plus 1/2: one pseudo-member spread over all counts. Every count then has
  p > 0, so the score is finite, and the rule stays proper as m grows.
- `pit`: the probability integral transform, mid-point version for counts:
  (F(y-) + F(y)) / 2. Values of a calibrated forecaster spread evenly over [0, 1].

A missing observation (NaN) gives a NaN score, never 0.
"""

from __future__ import annotations

import numpy as np

LOG_SMOOTHING = "p(k) = (n_k + g(k)) / (m + 1), g geometric on 0, 1, 2, ... with mean = ensemble mean + 1/2"
"""The smoothing of ensemble probabilities in `log_score`, as written into the outputs."""


def _as_arrays(observed: object, ensemble: object) -> tuple[np.ndarray, np.ndarray]:
    values = np.asarray(observed, dtype=float)
    members = np.asarray(ensemble, dtype=float)
    if members.ndim == 0 or members.shape[-1] == 0:
        raise ValueError("an ensemble needs at least one member")
    if members.shape[:-1] != values.shape:
        raise ValueError(f"ensemble shape {members.shape} does not end the observations' shape {values.shape}")
    return values, members


def crps(observed: object, ensemble: object) -> np.ndarray:
    """CRPS of each observation against its ensemble (members on the last axis); NaN where observed is NaN."""
    import scoringrules

    values, members = _as_arrays(observed, ensemble)
    scores = np.asarray(scoringrules.crps_ensemble(np.nan_to_num(values), members, m_axis=-1, estimator="qd"),
                        dtype=float)
    return np.where(np.isnan(values), np.nan, scores)


def interval_coverage(observed: object, ensemble: object, level: float) -> np.ndarray:
    """1.0 where the observation lies in the ensemble's central `level` interval, 0.0 outside, NaN if missing."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), found {level}")
    values, members = _as_arrays(observed, ensemble)
    low = np.quantile(members, (1 - level) / 2, axis=-1)
    high = np.quantile(members, (1 + level) / 2, axis=-1)
    inside = ((values >= low) & (values <= high)).astype(float)
    return np.where(np.isnan(values), np.nan, inside)


def smoothed_log_probability(count: int, members: np.ndarray) -> float:
    """The log of the smoothed ensemble probability of `count` (see `LOG_SMOOTHING`), computed in log space so
    that a count far from every member still gets a finite value."""
    mean = float(np.mean(members)) + 0.5
    log_geometric = np.log1p(-mean / (1.0 + mean)) + count * np.log(mean / (1.0 + mean))
    hits = float(np.count_nonzero(members == count))
    log_mass = np.logaddexp(np.log(hits), log_geometric) if hits else log_geometric
    return float(log_mass - np.log(len(members) + 1.0))


def smoothed_probability(count: int, members: np.ndarray) -> float:
    """The smoothed ensemble probability of `count` (see `LOG_SMOOTHING`); > 0 unless it underflows a float."""
    return float(np.exp(smoothed_log_probability(count, members)))


def log_score(observed: object, ensemble: object) -> np.ndarray:
    """Minus the log of the smoothed probability of each observed count (finite); NaN where observed is NaN."""
    values, members = _as_arrays(observed, ensemble)
    flat_values = values.reshape(-1)
    flat_members = members.reshape(-1, members.shape[-1])
    scores = np.full(flat_values.shape, np.nan)
    for index, (value, row) in enumerate(zip(flat_values, flat_members, strict=True)):
        if np.isnan(value):
            continue
        if value < 0 or value != int(value):
            raise ValueError(f"the log score is for counts; found {value}")
        scores[index] = -smoothed_log_probability(int(value), row)
    return scores.reshape(values.shape)


def pit(observed: object, ensemble: object) -> np.ndarray:
    """Mid-point PIT of each observation under its ensemble: (F(y-) + F(y)) / 2; NaN where observed is NaN."""
    values, members = _as_arrays(observed, ensemble)
    below = np.mean(members < values[..., None], axis=-1)
    at_most = np.mean(members <= values[..., None], axis=-1)
    return np.where(np.isnan(values), np.nan, (below + at_most) / 2)
