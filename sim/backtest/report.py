"""Files of `parley backtest`: backtest.csv and backtest.parquet (tidy scores), backtest.json, posteriors.

`backtest.csv` has one row per origin, metric, forecaster and score kind (`origin`, `metric`,
`forecaster`, `score_kind`, `value`, `observations`), values written with 10 significant
digits, so the same seed gives the same bytes. `backtest.json` holds the settings, and per
origin the window, the fit, the possible leaks, the record's blank counts, the baselines left
out, and which forecaster scored best on each metric. Each origin's posterior is written as
`posterior-<origin>.json` (`sim.forecast.posterior`), usable with `parley compare --posterior`.
The figures are drawn by `sim.plots.forecast`, which the command line calls.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.backtest.leaks import HAND_SET_NOTE
from sim.files import to_json, write_atomically
from sim.forecast.ensemble import SCORE_KINDS
from sim.forecast.scores import LOG_SMOOTHING
from sim.talks.result import package_version

if TYPE_CHECKING:
    import pandas as pd

    from sim.backtest.api import Backtest, OriginResult


def scores_csv(scores: pd.DataFrame) -> str:
    """The tidy score table as CSV text (10 significant digits)."""
    return str(scores.to_csv(index=False, lineterminator="\n", float_format="%.10g"))


def best_by_metric(scores: pd.DataFrame) -> dict[str, dict[str, str]]:
    """For each metric and score kind, the forecaster that did best (lowest CRPS or log score; coverage nearest
    its level), or "tie"."""
    best: dict[str, dict[str, str]] = {}
    for (metric, kind), group in scores.groupby(["metric", "score_kind"], sort=False):
        values = group.dropna(subset=["value"])
        if len(values) == 0:
            continue
        target = {"coverage50": 0.5, "coverage80": 0.8}.get(str(kind))
        loss = (values["value"] - target).abs() if target is not None else values["value"]
        winners = values.loc[loss == loss.min(), "forecaster"].tolist()
        best.setdefault(str(metric), {})[str(kind)] = winners[0] if len(winners) == 1 else "tie"
    return best


def _origin_json(result: OriginResult) -> dict[str, Any]:
    final = result.fit.posterior
    document: dict[str, Any] = {
        "window": {"from": str(result.start.date()), "to": str(result.end.date())},
        "scored": result.scores is not None,
        "fit": {"data_until": str(result.posterior.data_until), "generations": len(result.fit.generations),
                "simulations": final.simulations, "epsilon": _number(final.epsilon),
                "medians": dict(result.fit.medians),
                "p10_p90": {path: list(bounds) for path, bounds in result.fit.intervals.items()}},
        "posterior_file": f"posterior-{result.origin.date()}.json",
        "possible_leaks": result.leaks,
        "runs_with_exchanges": int(result.simulated["run"].nunique()) if len(result.simulated) else 0,
        "holdings": result.holdings,
        "discrepancy": None if result.discrepancy is None else result.discrepancy.to_json(),
    }
    if result.scores is not None:
        seen = result.scores.observed
        document["record"] = {"hand_over_days": seen.exchanges, "known_totals": seen.totals,
                              "blank_hand_over_days": seen.blank_days}
        document["baselines_left_out"] = result.scores.missing
        frame = result.scores.scores
        document["best"] = best_by_metric(frame)
    else:
        document["note"] = "the window runs past the record's last date: forecast written, not scored"
    return document


def backtest_json(result: Backtest, command: list[str]) -> dict[str, Any]:
    """The content of backtest.json."""
    return {
        "command": " ".join(command),
        "scenario": result.scenario_name, "scenario_file": result.scenario_file, "history_file": result.history_file,
        "sides": {"a": result.sides[0], "b": result.sides[1]},
        "settings": result.settings,
        "units": "hand-over days (rows of one pair on one day are one exchange); blank counts are missing",
        "score_kinds": list(SCORE_KINDS), "log_score_smoothing": LOG_SMOOTHING,
        "forecasters": {"model": "posterior predictive runs of the scenario (a parameter set drawn per run)",
                        "model_discrepancy": "the same runs with sizes and waiting times spread by the discrepancy "
                                             "fitted on the training window (forecast outputs only)",
                        "previous_year": "block bootstrap (28-day blocks) of the 365 days before the origin",
                        "count_model": "negative binomial hand-over days per quarter, sizes from training days"},
        "hand_set": HAND_SET_NOTE,
        "origins": {str(origin.origin.date()): _origin_json(origin) for origin in result.origins},
        "package_version": package_version(),
    }


def write_backtest(result: Backtest, folder: Path, command: list[str]) -> list[Path]:
    """Write backtest.csv, backtest.parquet, pit.csv, fan-<origin>.csv, posterior-<origin>.json, backtest.json."""
    scores = result.scores
    written = [write_atomically(folder / "backtest.csv", scores_csv(scores))]
    parquet = folder / "backtest.parquet"
    scores.to_parquet(parquet.with_suffix(".parquet.tmp"), index=False)
    parquet.with_suffix(".parquet.tmp").replace(parquet)
    written.append(parquet)
    written.append(write_atomically(folder / "pit.csv", scores_csv(result.pit)))
    for origin in result.origins:
        day = origin.origin.date()
        fan = origin.fan.copy()
        fan["date"] = fan["date"].dt.strftime("%Y-%m-%d")
        written.append(write_atomically(folder / f"fan-{day}.csv", scores_csv(fan)))
        written.append(write_atomically(folder / f"posterior-{day}.json", to_json(origin.posterior.to_json())))
    written.append(write_atomically(folder / "backtest.json", to_json(backtest_json(result, command))))
    return written


def format_backtest(result: Backtest) -> str:
    """What `parley backtest` prints: per origin, its window and fit, then each metric's scores by forecaster."""
    from sim.forecast.forecasters import format_scores

    lines = [f"{result.scenario_name}: backtest against {result.history_file}, "
             f"{result.settings['runs']} runs, budget {result.settings['budget']}, seed {result.settings['seed']}",
             "CRPS: lower is better (people, exchanges or days); log: minus log probability of the quarter's count; "
             "c50/c80: share of observations inside the 50%/80% intervals"]
    for origin in result.origins:
        lines += ["", f"origin {origin.origin.date()}: fitted on {result.settings['training_start']}.."
                  f"{origin.origin.date()}, forecast {origin.start.date()}..{origin.end.date()}"]
        if origin.scores is None:
            lines.append("  past the record's last date: forecast written, not scored")
            continue
        seen = origin.scores.observed
        lines.append(f"  record: {seen.exchanges} hand-over days; blank counts: released by {result.sides[0]} "
                     f"{seen.blank_days['a']}, by {result.sides[1]} {seen.blank_days['b']}")
        lines.append(format_scores(origin.scores.scores))
        lines += [f"  {name}: left out: {reason}" for name, reason in origin.scores.missing.items()]
        for row in origin.holdings:
            lines.append(f"  held by {row['holder']} on {row['date']}: published {row['published']}, model "
                         f"{row['model_median']:.0f} ({row['model_p10']:.0f}-{row['model_p90']:.0f}), "
                         f"{'inside' if row['inside_80'] else 'outside'} the 80% band"
                         f"{' (inside the training period)' if row['in_training_period'] else ''}")
        if origin.leaks:
            lines.append(f"  possible leaks ({len(origin.leaks)}): " + "; ".join(origin.leaks))
    return "\n".join(lines)


def _number(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else float(value)
