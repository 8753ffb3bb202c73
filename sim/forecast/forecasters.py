"""Score the model's runs and both baselines over one window: the tidy score table of a forecast.

`score_window` takes the model's runs (exchange rows with a `run` column), the oriented
record, the training period and the window, draws each baseline as many times as there are
runs (named streams `baseline.previous_year` and `baseline.count_model` of the base seed),
and returns rows `forecaster`, `metric`, `score_kind`, `value`, `observations`, plus the
PIT values of each forecaster. Forecasters: `model`, `previous_year`, `count_model`
(`sim.forecast.baselines`), and any `extra` draws the caller adds (the backtest adds
`model_discrepancy`: the model's runs spread by `sim.forecast.discrepancy`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sim.forecast.baselines import BaselineError, count_model, previous_year
from sim.forecast.ensemble import Ensemble, pit_values, score, summarise
from sim.forecast.units import Observed, observe
from sim.randomness import Streams

FORECASTERS = ("model", "model_discrepancy", "previous_year", "count_model")


@dataclass(frozen=True)
class WindowScores:
    """The scores of every forecaster over one window, their PIT values, and what could not be scored."""

    scores: pd.DataFrame
    pit: pd.DataFrame
    observed: Observed
    ensembles: dict[str, Ensemble]
    missing: dict[str, str]
    """Forecasters left out, with the reason (a baseline with no training exchange)."""


def run_draws(simulated: pd.DataFrame, runs: int) -> list[pd.DataFrame]:
    """The model's runs as a list of exchange frames, run 0 first (an empty frame for a run without exchange)."""
    groups = dict(tuple(simulated.groupby("run", sort=True))) if len(simulated) else {}
    return [groups.get(index, simulated.iloc[0:0]) for index in range(runs)]


def score_window(simulated: pd.DataFrame, runs: int, record: pd.DataFrame, training_start: pd.Timestamp,
                 origin: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp, sides: tuple[str, str],
                 seed: int, extra: Mapping[str, list[pd.DataFrame]] | None = None) -> WindowScores:
    """Scores of the model's `runs` and both baselines (fitted on the record from `training_start` to `origin`)
    against the record over [start, end]."""
    training = record.loc[(record["date"] >= training_start) & (record["date"] <= origin)]
    draws: dict[str, list[pd.DataFrame]] = {"model": run_draws(simulated, runs), **(extra or {})}
    missing = {}
    streams = Streams(seed)
    for name, baseline in (("previous_year", previous_year), ("count_model", count_model)):
        try:
            draws[name] = baseline(training, training_start, origin, start, end, runs, streams(f"baseline.{name}"))
        except BaselineError as error:
            missing[name] = str(error)
    observed = observe(record, start, end)
    frames, pits, ensembles = [], [], {}
    for name, drawn in draws.items():
        ensembles[name] = summarise(drawn, start, end)
        frame = pd.DataFrame(score(ensembles[name], observed, sides))
        frame.insert(0, "forecaster", name)
        frames.append(frame)
        pit = pit_values(ensembles[name], observed, sides)
        pit.insert(0, "forecaster", name)
        pits.append(pit)
    return WindowScores(pd.concat(frames, ignore_index=True), pd.concat(pits, ignore_index=True), observed, ensembles,
                        missing)


def format_scores(scores: pd.DataFrame) -> str:
    """A text table: one line per metric, CRPS (and log score) and 50%/80% coverage of each forecaster."""
    names = [name for name in FORECASTERS if name in set(scores["forecaster"])]
    table = scores.pivot_table(index="metric", columns=["forecaster", "score_kind"], values="value", sort=False,
                               dropna=False)
    metrics = list(dict.fromkeys(scores["metric"]))
    width = max(len(metric) for metric in metrics)
    header = f"{'metric':<{width}}" + "".join(f"  {name + ' crps':>19} {'c50':>4} {'c80':>4}" for name in names)
    lines = [header]
    for metric in metrics:
        line = f"{metric:<{width}}"
        for name in names:
            crps = table.loc[metric, (name, "crps")] if (name, "crps") in table.columns else float("nan")
            c50 = table.loc[metric, (name, "coverage50")]
            c80 = table.loc[metric, (name, "coverage80")]
            log = table.loc[metric, (name, "log")] if (name, "log") in table.columns else float("nan")
            shown = _show(crps) + ("" if pd.isna(log) else f" (log {log:.2f})")
            line += f"  {shown:>19} {_share(c50):>4} {_share(c80):>4}"
        lines.append(line)
    return "\n".join(lines)


def _show(value: float) -> str:
    if pd.isna(value):
        return "-"
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def _share(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:.2f}"[1:] if value < 1 else "1"
