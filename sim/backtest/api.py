"""`backtest`: for each origin, fit on the record up to it, forecast the next window, score model and baselines.

    >>> from sim.backtest import backtest
    >>> result = backtest("scenarios/ru-ua-channel.yaml", "seeds/history/ru_ua_exchanges.csv",
    ...                   {"channel.rounds.list_size": (20, 200)},
    ...                   origins=["2022-12-31"], horizon=365)  # doctest: +SKIP
    >>> result.scores  # tidy: origin, metric, forecaster, score_kind, value  # doctest: +SKIP

Per origin: `sim.calibrate.calibrate` fits the `ranges` on the record's rows dated from
`training_start` to the origin (both included; the scenario's start_date unless given); its
last generation becomes a `Posterior` whose `data_until` is the origin. The forecast window is
the `horizon` days after the origin; `runs` replications draw their parameters from that
posterior (`sim.compare.simulate`, posterior predictive runs; the runs start on the training
start, so the same runs over the training window fit a discrepancy term,
`sim.forecast.discrepancy`, applied to the forecast only). The model, the model with the
discrepancy and both baselines are scored by `sim.forecast.forecasters`. A window that runs
past the record's last date is forecast but not scored. Published figures of captives held (`holdings`,
`sim.history.holdings`) dated up to the window's end are set against the runs' holdings on the
same days (`sim.compare.holdings`); a figure dated on or before the origin is marked as inside
the training period, which the fit did not use (it fits exchanges only) but the forecaster may
have seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.backtest.leaks import possible_leaks
from sim.calibrate.api import Calibration, calibrate
from sim.calibrate.report import posterior_of
from sim.compare.errors import CompareError
from sim.compare.metrics import cumulative_daily
from sim.compare.simulate import simulate_held
from sim.experiments.paths import validate_point
from sim.experiments.source import open_source
from sim.forecast.discrepancy import Discrepancy, apply_discrepancy, fit_discrepancy
from sim.forecast.forecasters import WindowScores, run_draws, score_window
from sim.forecast.posterior import Posterior
from sim.forecast.scores import crps, interval_coverage
from sim.history import HistoryTable, exchanges, load_history
from sim.history.holdings import Holding
from sim.randomness import Streams
from sim.scenario import Scenario
from sim.scenario.horizon import until

FAN_QUANTILES = (10, 25, 50, 75, 90)


@dataclass(frozen=True)
class OriginResult:
    """One origin: its fit and posterior, its window, the model's runs, the scores (None if not scored), the fan."""

    origin: pd.Timestamp
    start: pd.Timestamp
    end: pd.Timestamp
    fit: Calibration
    posterior: Posterior
    simulated: pd.DataFrame
    scores: WindowScores | None
    fan: pd.DataFrame
    """Per day: the record's cumulative known counts and the runs' quantiles, each side."""
    leaks: list[str]
    holdings: list[dict[str, Any]] = field(default_factory=list)
    """Each published figure of captives held up to the window's end against the runs' holdings that day."""
    discrepancy: Discrepancy | None = None
    """The discrepancy fitted on the training window (applied to the `model_discrepancy` forecaster only)."""


@dataclass(frozen=True)
class Backtest:
    """Every origin's result and the settings; `scores` and `pit` are tidy tables over all origins."""

    scenario_file: str
    scenario_name: str
    history_file: str
    sides: tuple[str, str]
    settings: dict[str, Any]
    origins: list[OriginResult] = field(default_factory=list)

    @property
    def scores(self) -> pd.DataFrame:
        """Tidy scores: origin, metric, forecaster, score_kind, value, observations (scored origins only)."""
        frames = []
        for result in self.origins:
            if result.scores is not None:
                frame = result.scores.scores.copy()
                frame.insert(0, "origin", str(result.origin.date()))
                frames.append(frame)
        columns = ["origin", "metric", "forecaster", "score_kind", "value", "observations"]
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True)[columns]

    @property
    def pit(self) -> pd.DataFrame:
        """PIT values of every scored observation: origin, forecaster, metric, pit."""
        frames = []
        for result in self.origins:
            if result.scores is not None:
                frame = result.scores.pit.copy()
                frame.insert(0, "origin", str(result.origin.date()))
                frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=["origin", "forecaster", "metric", "pit"])


def backtest(scenario: str | Path, history: str | Path | HistoryTable, ranges: Mapping[str, tuple[float, float]],
             *, origins: Sequence[Any], horizon: int, budget: int = 600, population: int = 30, runs: int = 100,
             seed: int = 0, workers: int = 1, training_start: Any = None, by_year: bool = False,
             recorded: Mapping[str, dt.date] | None = None, holdings: Sequence[Holding] = (),
             allow_outside_files: bool | None = None) -> Backtest:
    """Fit, forecast and score at each origin; `CompareError` (one line) on bad input."""
    source = open_source(scenario, allow_outside_files=allow_outside_files)
    base = source.validate()
    if base.channel is None or base.start_date is None:
        raise CompareError(f"{source.file}: channel: a backtest needs a `channel:` section and a start_date")
    if horizon < 1:
        raise CompareError(f"--horizon {horizon}: expected a whole number of days >= 1")
    table = history if isinstance(history, HistoryTable) else load_history(history)
    sides = (base.parties[base.party_ids[0]].name, base.parties[base.party_ids[1]].name)
    record = exchanges(table, sides=sides)
    first = pd.Timestamp(base.start_date) if training_start is None else pd.Timestamp(training_start)
    stamps = sorted(pd.Timestamp(origin) for origin in origins)
    _check_origins(table.path, record, first, stamps)
    settings = {"origins": [str(stamp.date()) for stamp in stamps], "horizon_days": horizon, "budget": budget,
                "population": population, "runs": runs, "seed": seed, "training_start": str(first.date()),
                "distance_by_year": by_year, "parameters": {path: list(bounds) for path, bounds in ranges.items()}}
    result = Backtest(source.file, base.name, table.path, sides, settings)
    last_recorded = record["date"].max()
    for origin in stamps:
        result.origins.append(_one_origin(source, base, table, record, ranges, origin, horizon, first, last_recorded,
                                          budget, population, runs, seed, workers, by_year, recorded or {},
                                          holdings))
    return result


def _check_origins(file: str, record: pd.DataFrame, first: pd.Timestamp, origins: list[pd.Timestamp]) -> None:
    if not origins:
        raise CompareError("--origins: give at least one date")
    if len(record) == 0:
        raise CompareError(f"{file}: no exchanges between the scenario's parties")
    low, high = max(first, record["date"].min()), record["date"].max()
    for origin in origins:
        if not low <= origin <= high:
            raise CompareError(f"--origins {origin.date()}: outside the record of {file} "
                               f"({low.date()} to {high.date()}, from the training start)")


def _one_origin(source: Any, base: Scenario, table: HistoryTable, record: pd.DataFrame,
                ranges: Mapping[str, tuple[float, float]], origin: pd.Timestamp, horizon: int, first: pd.Timestamp,
                last_recorded: pd.Timestamp, budget: int, population: int, runs: int, seed: int, workers: int,
                by_year: bool, recorded: Mapping[str, dt.date], holdings: Sequence[Holding] = ()) -> OriginResult:
    fit = calibrate(source, table, ranges, train_to=origin, start=first, budget=budget, population=population,
                    seed=seed, workers=workers, by_year=by_year)
    posterior = posterior_of(fit, table.path)
    posterior.check(source.document, origin.date(), source.file)
    start, end = origin + pd.Timedelta(days=1), origin + pd.Timedelta(days=horizon)
    last_day = dt.date.fromisoformat(str(end.date()))

    def scenario_of(index: int, run_seed: int) -> Scenario:
        return until(validate_point(source, base, posterior.draw(run_seed)), last_day, source.file)

    first_day = base.start_date
    assert first_day is not None, "checked in backtest()"
    names = {base.parties[party].name: party for party in base.party_ids}
    figures = [figure for figure in holdings if figure.holder in names and first_day <= figure.date <= last_day]
    whole, held = simulate_held(base, runs, seed, first, end, workers, scenario_of,
                                [float((figure.date - first_day).days) for figure in figures])
    simulated = whole.loc[whole["date"] >= start].reset_index(drop=True)
    training = record.loc[(record["date"] >= first) & (record["date"] <= origin)]
    discrepancy = fit_discrepancy(training, run_draws(whole.loc[whole["date"] <= origin], runs))
    spread = apply_discrepancy(run_draws(simulated, runs), discrepancy, origin, end, Streams(seed)("discrepancy"))
    scores = None
    if end <= last_recorded:
        scores = score_window(simulated, runs, record, first, origin, start, end, (base.parties[base.party_ids[0]].name,
                              base.parties[base.party_ids[1]].name), seed, {"model_discrepancy": spread})
    fan = fan_table(simulated, runs, record, start, end, observed=end <= last_recorded)
    leaks = possible_leaks(source.document, origin.date(), list(ranges), recorded)
    compared = [_holding_row(figure, [run[names[figure.holder]][index] for run in held], origin)
                for index, figure in enumerate(figures)]
    return OriginResult(origin, start, end, fit, posterior, simulated, scores, fan, leaks, compared, discrepancy)


def _holding_row(figure: Holding, values: list[int], origin: pd.Timestamp) -> dict[str, Any]:
    """A published figure against the runs' holdings on its day: quantiles, CRPS, inside the 80% band."""
    members = np.asarray(values, float)
    low, median, high = np.percentile(members, (10, 50, 90))
    return {"date": str(figure.date), "holder": figure.holder, "held": figure.held, "published": figure.count,
            "model_p10": float(low), "model_median": float(median), "model_p90": float(high),
            "crps": float(crps(float(figure.count), members)),
            "inside_80": bool(interval_coverage(float(figure.count), members, 0.8) == 1.0),
            "in_training_period": figure.date <= origin.date(), "source_url": figure.source_url}


def fan_table(simulated: pd.DataFrame, runs: int, record: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
              observed: bool = True) -> pd.DataFrame:
    """Per day of the window: the runs' 10/25/50/75/90% cumulative people returned, each side, and the record's
    cumulative known counts (NaN past the record's end)."""
    lines = np.stack([cumulative_daily(rows, start, end) for rows in run_draws(simulated, runs)])
    quantiles = np.percentile(lines, FAN_QUANTILES, axis=0)
    inside = record.loc[(record["date"] >= start) & (record["date"] <= end)]
    record_line = cumulative_daily(inside, start, end) if observed else np.full(lines.shape[1:], np.nan)
    fan = pd.DataFrame({"date": pd.date_range(start, end, freq="D")})
    for index, side in enumerate(("a", "b")):
        fan[f"record_{side}"] = record_line[:, index]
        for quantile, values in zip(FAN_QUANTILES, quantiles, strict=True):
            fan[f"p{quantile}_{side}"] = values[:, index]
    return fan
