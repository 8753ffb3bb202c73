"""`compare`: replications of a channel scenario against a historical table over a window.

    >>> from sim.compare import compare
    >>> result = compare("scenarios/ru-ua-channel.yaml", "seeds/history/ru_ua_exchanges.csv",
    ...                  start="2022-02-24", end="2024-12-31", runs=50)  # doctest: +SKIP
    >>> result.metrics  # one row per metric: history, model median and 10%-90%, baseline  # doctest: +SKIP

The record is oriented to the scenario's two parties (by their names, in sorted id order:
`side_a` is the first party), so `released_by_a` is what the first party released in both.
Metrics and the treatment of blank counts: `sim.compare.metrics`; the baseline:
`sim.compare.baseline`. Proper scores of the runs and of two baselines as distributions
(`sim.forecast.forecasters`) are in `scores`, and in comparison.json under `scores`.

With a `posterior` (`sim.forecast.posterior`), run `i` draws its parameter set from it with
the named stream `posterior` of its seed (posterior predictive runs); without one, every run
uses the scenario's fixed values, and comparison.json says which under `parameters`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.compare.baseline import Baseline, previous_period
from sim.compare.errors import CompareError
from sim.compare.metrics import cumulative_daily, metric_list, series_metrics, share_in_band
from sim.compare.simulate import simulate
from sim.experiments.paths import validate_point
from sim.experiments.source import open_source
from sim.forecast.forecasters import WindowScores, score_window
from sim.forecast.posterior import Posterior
from sim.history import HistoryTable, exchanges, load_history
from sim.scenario import Scenario, load_scenario
from sim.scenario.horizon import until

QUANTILES = (10, 50, 90)


@dataclass(frozen=True)
class Comparison:
    """What `compare` found; `metrics` is the tidy table, `to_json()` the content of comparison.json."""

    scenario: Scenario
    scenario_file: str
    history_file: str
    sides: tuple[str, str]
    start: pd.Timestamp
    end: pd.Timestamp
    runs: int
    seed: int
    record: pd.DataFrame
    baseline: Baseline
    simulated: pd.DataFrame
    per_run: pd.DataFrame
    metrics: pd.DataFrame
    band: pd.DataFrame
    conflict: str | None = None
    """The record's `conflict` the rows were limited to, if any."""
    scores: WindowScores | None = None
    """Proper scores of the runs and the baselines over the window."""
    posterior: Posterior | None = None
    """The posterior the runs drew their parameters from, or None for the scenario's fixed values."""

    def parameters(self) -> dict[str, Any]:
        """Where the runs' parameters came from, for comparison.json."""
        if self.posterior is None:
            return {"source": "fixed values of the scenario file (no --posterior)"}
        seen = max(0, (pd.Timestamp(self.posterior.data_until) - self.start).days + 1)
        return {"source": "posterior", "file": self.posterior.file, "data_until": str(self.posterior.data_until),
                "paths": list(self.posterior.paths), "particles": len(self.posterior.particles),
                "days_of_window_seen_in_fit": seen}

    def scores_json(self) -> dict[str, Any] | None:
        """Scores as {forecaster: {metric: {score_kind: value}}}, with the blanks and left-out baselines."""
        if self.scores is None:
            return None
        table: dict[str, Any] = {}
        for row in self.scores.scores.to_dict("records"):
            table.setdefault(row["forecaster"], {}).setdefault(row["metric"], {})[row["score_kind"]] = _number(
                row["value"])
        return {"forecasters": table, "left_out": self.scores.missing,
                "blank_hand_over_days": self.scores.observed.blank_days}

    def to_json(self) -> dict[str, Any]:
        """The content of comparison.json: the settings, the record's counts, the baseline and every metric."""
        baseline = self.baseline
        record = self.record
        metrics = {}
        for row in self.metrics.to_dict("records"):
            metrics[row["metric"]] = {
                "label": row["label"], "distance_to_history": bool(row["distance"]),
                "historical": _number(row["historical"]), "model_median": _number(row["model_median"]),
                "model_p10": _number(row["model_p10"]), "model_p90": _number(row["model_p90"]),
                "runs_defined": int(row["runs_defined"]), "baseline": _number(row["baseline"]),
            }
        return {
            "scenario": self.scenario.name,
            "scenario_file": self.scenario_file,
            "history_file": self.history_file,
            "sides": {"a": self.sides[0], "b": self.sides[1]},
            "conflict": self.conflict,
            "window": {"from": str(self.start.date()), "to": str(self.end.date()),
                       "days": (self.end - self.start).days + 1},
            "runs": self.runs,
            "seed": self.seed,
            "history": {"exchanges": len(record),
                        "unknown_released_by_a": int(record["released_by_a"].isna().sum()),
                        "unknown_released_by_b": int(record["released_by_b"].isna().sum())},
            "baseline": {"from": str(baseline.start.date()), "to": str(baseline.end.date()),
                         "shift_days": baseline.shift_days,
                         "exchanges": None if baseline.rows is None else len(baseline.rows)},
            "metrics": metrics,
            "parameters": self.parameters(),
            "scores": self.scores_json(),
        }


def compare(scenario: str | Path | Scenario, history: str | Path | HistoryTable, *, start: Any = None,
            end: Any = None, runs: int = 20, seed: int = 0, workers: int = 1,
            conflict: str | None = None, allow_outside_files: bool | None = None,
            posterior: Posterior | None = None, in_sample: bool = False) -> Comparison:
    """Run `runs` replications through `end` and compare their exchanges in [start, end] with the record
    (its rows between the scenario's two parties, and of `conflict` only when it is given); with a
    `posterior`, each run draws its parameters from it (the scenario must then be a file). A posterior
    fitted on rows dated on or after `start` has seen the window and is refused unless `in_sample`."""
    file = "<scenario>" if isinstance(scenario, Scenario) else str(scenario)
    loaded = (scenario if isinstance(scenario, Scenario)
              else load_scenario(scenario, allow_outside_files=allow_outside_files))
    table = history if isinstance(history, HistoryTable) else load_history(history)
    if loaded.channel is None:
        raise CompareError(f"{file}: channel: compare needs a `channel:` section (a scenario of recurring rounds)")
    if loaded.start_date is None:
        raise CompareError(f"{file}: start_date: compare needs the scenario's start_date")
    if runs < 1 or workers < 1:
        raise CompareError(f"--runs {runs}, --workers {workers}: expected whole numbers >= 1")
    first_day = pd.Timestamp(loaded.start_date)
    window_start = first_day if start is None else pd.Timestamp(start)
    window_end = (first_day + pd.Timedelta(days=math.ceil(loaded.horizon_days) - 1) if end is None
                  else pd.Timestamp(end))
    _check_window(file, first_day, window_start, window_end)
    extended = until(loaded, dt.date.fromisoformat(str(window_end.date())), file)
    sides = (loaded.parties[loaded.party_ids[0]].name, loaded.parties[loaded.party_ids[1]].name)
    oriented = exchanges(table, sides=sides, conflict=conflict)
    record = oriented.loc[(oriented["date"] >= window_start) & (oriented["date"] <= window_end)]
    record = record.reset_index(drop=True)
    if len(record) == 0:
        of = f" of conflict '{conflict}'" if conflict is not None else ""
        raise CompareError(f"{table.path}: no exchanges between {sides[0]} and {sides[1]}{of} from "
                           f"{window_start.date()} to {window_end.date()} (the scenario's party names)")
    baseline = previous_period(oriented, window_start, window_end)
    scenario_of = None
    if posterior is not None:
        origin = None if in_sample else (window_start - pd.Timedelta(days=1)).date()
        scenario_of = _drawn_scenarios(scenario, posterior, origin, window_end, allow_outside_files)
    simulated = simulate(extended, runs, seed, window_start, window_end, workers, scenario_of)
    per_run, lines = _per_run(simulated, record, runs, window_start, window_end)
    record_line = cumulative_daily(record, window_start, window_end)
    band = _band(record_line, lines, window_start)
    metrics = _metrics(sides, record, baseline, per_run, record_line, lines, window_start, window_end)
    scores = score_window(simulated, runs, oriented, first_day, window_start - pd.Timedelta(days=1), window_start,
                          window_end, sides, seed)
    return Comparison(loaded, file, table.path, sides, window_start, window_end, runs, seed, record, baseline,
                      simulated, per_run, metrics, band, conflict, scores, posterior)


def _drawn_scenarios(scenario: Any, posterior: Posterior, origin: dt.date | None, end: pd.Timestamp,
                     allow_outside_files: bool | None) -> Any:
    """`scenario_of(run, seed)`: the scenario with run's parameter set drawn from the posterior, through `end`."""
    if isinstance(scenario, Scenario):
        raise CompareError("--posterior: needs the scenario as a file, not a Scenario object")
    source = open_source(scenario, allow_outside_files=allow_outside_files)
    posterior.check(source.document, origin, source.file)
    base = source.validate()
    last_day = dt.date.fromisoformat(str(end.date()))

    def scenario_of(index: int, run_seed: int) -> Scenario:
        return until(validate_point(source, base, posterior.draw(run_seed)), last_day, source.file)

    return scenario_of


def _check_window(file: str, first_day: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp) -> None:
    if start < first_day:
        raise CompareError(f"{file}: --from {start.date()} is before the scenario's start_date {first_day.date()}")
    if end < start:
        raise CompareError(f"{file}: --to {end.date()} is before --from {start.date()}")


def _per_run(simulated: pd.DataFrame, record: pd.DataFrame, runs: int, start: pd.Timestamp,
             end: pd.Timestamp) -> tuple[pd.DataFrame, np.ndarray]:
    record_line = cumulative_daily(record, start, end)
    groups = dict(tuple(simulated.groupby("run", sort=True))) if len(simulated) else {}
    rows, lines = [], []
    for index in range(runs):
        rows_of_run = groups.get(index, simulated.iloc[0:0])
        rows.append({"run": index, **series_metrics(rows_of_run, record, start, end, record_line)})
        lines.append(cumulative_daily(rows_of_run, start, end))
    return pd.DataFrame(rows), np.stack(lines)


def _band(record_line: np.ndarray, lines: np.ndarray, start: pd.Timestamp) -> pd.DataFrame:
    """Per day: the record's cumulative line and the runs' 10%, 50% and 90% quantiles, each side."""
    quantiles = np.percentile(lines, QUANTILES, axis=0)
    band = pd.DataFrame({"date": pd.date_range(start, periods=len(record_line), freq="D")})
    for index, side in enumerate(("a", "b")):
        band[f"record_{side}"] = record_line[:, index]
        for quantile, values in zip(QUANTILES, quantiles, strict=True):
            band[f"p{quantile}_{side}"] = values[:, index]
    return band


def _metrics(sides: tuple[str, str], record: pd.DataFrame, baseline: Baseline, per_run: pd.DataFrame,
             record_line: np.ndarray, lines: np.ndarray, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    historical = series_metrics(record, record, start, end, record_line)
    based = (series_metrics(baseline.rows, record, start, end, record_line) if baseline.rows is not None
             else None)
    rows = []
    for metric in metric_list(*sides):
        values = per_run[metric.key].to_numpy(dtype=float)
        defined = values[~np.isnan(values)]
        low, median, high = (np.percentile(defined, QUANTILES) if len(defined) else (np.nan,) * 3)
        rows.append({"metric": metric.key, "label": metric.label, "distance": metric.distance,
                     "historical": np.nan if metric.distance else historical[metric.key],
                     "model_median": median, "model_p10": low, "model_p90": high, "runs_defined": len(defined),
                     "baseline": np.nan if based is None else based[metric.key]})
    low, high = np.percentile(lines, (10, 90), axis=0)
    for index, (side, name) in enumerate((("a", sides[1]), ("b", sides[0]))):
        share = share_in_band(record_line[:, index], low[:, index], high[:, index])
        rows.append({"metric": f"cumulative_{side}.share_in_band", "label": f"returned to {name}: history in band",
                     "distance": False, "historical": np.nan, "model_median": share, "model_p10": np.nan,
                     "model_p90": np.nan, "runs_defined": lines.shape[0], "baseline": np.nan})
    return pd.DataFrame(rows)


def _number(value: Any) -> float | None:
    """A metric's value for JSON: a float, or None where it is missing (NaN)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
