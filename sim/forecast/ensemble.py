"""Score a forecaster's draws against the record: one tidy row per metric and score kind.

A forecaster (the model's posterior predictive runs, or a baseline) hands over R draws, each
the exchanges it foresees in the window. They are brought to the units of `sim.forecast.units`
and scored with `sim.forecast.scores`:

- `exchanges.per_quarter`: hand-over days per calendar quarter, each quarter one observation
  (crps, log, coverage50, coverage80);
- `exchanges.total`: hand-over days in the window (crps, coverage50, coverage80, as below);
- `total.returned_to_<side>`: people returned to a side over the window (known counts);
- `size.returned_to_<side>`: each observed exchange's known count, against all drawn
  exchanges' counts pooled;
- `gap.days`: each observed gap between hand-over days, against all drawn gaps pooled.

Totals and blanks: the record's total for a side adds its known counts only; when some
hand-over days of the window are blank for that side, each draw's total is multiplied by the
record's share of known days, i.e. blanks are taken as missing at random. A score averages its
observations (quarters, exchanges, gaps); a forecaster with no drawn exchange cannot score
sizes or gaps (NaN, shown as "-", never 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.forecast.scores import crps, interval_coverage, log_score, pit
from sim.forecast.units import SIDES, Observed, gaps, handover_days, per_quarter, quarters

SCORE_KINDS = ("crps", "log", "coverage50", "coverage80")


def side_slug(name: str) -> str:
    """A party name as it appears in metric keys: lower case, spaces as underscores."""
    return "_".join(name.lower().split())


def metric_keys(sides: tuple[str, str]) -> list[str]:
    """Every metric in report order, for the sides' names (a first): returned to b is released by a."""
    returned = {"a": side_slug(sides[1]), "b": side_slug(sides[0])}
    return (["exchanges.per_quarter", "exchanges.total"]
            + [f"total.returned_to_{returned[side]}" for side in SIDES]
            + [f"size.returned_to_{returned[side]}" for side in SIDES] + ["gap.days"])


@dataclass(frozen=True)
class Ensemble:
    """A forecaster's draws in the forecast units: per-draw counts and totals, pooled sizes and gaps."""

    per_quarter: np.ndarray
    """(quarters, draws)"""
    exchanges: np.ndarray
    totals: dict[str, np.ndarray]
    sizes: dict[str, np.ndarray]
    gaps: np.ndarray


def summarise(draws: list[pd.DataFrame], start: pd.Timestamp, end: pd.Timestamp) -> Ensemble:
    """The draws (exchange rows each, any dates) cut to [start, end] and brought to the forecast units."""
    if not draws:
        raise ValueError("a forecast needs at least one draw")
    pieces = quarters(start, end)
    counts: list[np.ndarray] = []
    exchanges: list[int] = []
    totals: dict[str, list[float]] = {side: [] for side in SIDES}
    sizes: dict[str, list[np.ndarray]] = {side: [] for side in SIDES}
    drawn_gaps = []
    for rows in draws:
        inside = rows.loc[(rows["date"] >= start) & (rows["date"] <= end)]
        days = handover_days(inside)
        counts.append(per_quarter(days, pieces))
        exchanges.append(len(days))
        for side in SIDES:
            values = days[f"released_by_{side}"].to_numpy(float)
            values = values[~np.isnan(values)]
            totals[side].append(values.sum())
            sizes[side].append(values)
        drawn_gaps.append(gaps(days))
    return Ensemble(np.array(counts).T, np.array(exchanges, float),
                    {side: np.array(totals[side]) for side in SIDES},
                    {side: np.concatenate(sizes[side]) for side in SIDES}, np.concatenate(drawn_gaps))


def _scores(observed: np.ndarray, members: np.ndarray, count: bool = False) -> dict[str, float]:
    """Mean scores of the observations (rows of `members` their ensembles); NaN when nothing to score."""
    if len(observed) == 0 or members.shape[-1] == 0:
        return {kind: float("nan") for kind in SCORE_KINDS if count or kind != "log"}
    values = {"crps": float(np.mean(crps(observed, members)))}
    if count:
        values["log"] = float(np.mean(log_score(observed, members)))
    values["coverage50"] = float(np.mean(interval_coverage(observed, members, 0.5)))
    values["coverage80"] = float(np.mean(interval_coverage(observed, members, 0.8)))
    return values


def _pooled(observed: np.ndarray, pool: np.ndarray) -> np.ndarray:
    return np.broadcast_to(pool, (len(observed), len(pool)))


def _pairs(ensemble: Ensemble, observed: Observed, sides: tuple[str, str]) -> list[tuple[str, np.ndarray,
                                                                                          np.ndarray, bool]]:
    """(metric, observations, their ensembles, is a count) in report order."""
    keys = metric_keys(sides)
    pairs = [(keys[0], observed.per_quarter, ensemble.per_quarter, True),
             (keys[1], np.array([observed.exchanges], float), ensemble.exchanges[None, :], True)]
    for index, side in enumerate(SIDES):
        thinned = ensemble.totals[side] * observed.known_share[side]
        pairs.append((keys[2 + index], np.array([observed.totals[side]]), thinned[None, :], False))
    for index, side in enumerate(SIDES):
        pairs.append((keys[4 + index], observed.sizes[side], _pooled(observed.sizes[side], ensemble.sizes[side]),
                      False))
    pairs.append((keys[6], observed.gaps, _pooled(observed.gaps, ensemble.gaps), False))
    return pairs


def score(ensemble: Ensemble, observed: Observed, sides: tuple[str, str]) -> list[dict[str, object]]:
    """Tidy rows `metric`, `score_kind`, `value`, `observations` for one forecaster over one window."""
    rows: list[dict[str, object]] = []
    for metric, values, members, count in _pairs(ensemble, observed, sides):
        for kind, value in _scores(values, members, count and metric == "exchanges.per_quarter").items():
            rows.append({"metric": metric, "score_kind": kind, "value": value, "observations": len(values)})
    return rows


def pit_values(ensemble: Ensemble, observed: Observed, sides: tuple[str, str]) -> pd.DataFrame:
    """Mid-point PIT of every observation (`metric`, `pit`), for the PIT histogram; none where a pool is empty."""
    frames = []
    for metric, values, members, _ in _pairs(ensemble, observed, sides):
        if len(values) and members.shape[-1]:
            frames.append(pd.DataFrame({"metric": metric, "pit": pit(values, members)}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"metric": [], "pit": []})
