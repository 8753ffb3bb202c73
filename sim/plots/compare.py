"""Figures of `parley compare`: the model's spread of runs against the historical record.

`plot_compare_cumulative`: people returned to each side so far, the runs' 10%-90% band and
median against the record's line (known counts only, so a lower bound when counts are
blank) and the naive baseline. `plot_compare_sizes` and `plot_compare_intervals`: empirical
distribution functions of exchange sizes each way and of days between exchanges, all runs
pooled, against the record and the baseline. Each returns a Figure; no pyplot.
`save_compare_plots` writes the three as the PNGs `parley compare` leaves beside its data files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.compare.metrics import intervals_days, known
from sim.plots import save_figure
from sim.plots._common import PARTY_COLOURS, RunFigure, caption

if TYPE_CHECKING:
    from sim.compare.api import Comparison

RECORD_COLOUR = "#222222"
BASELINE_COLOUR = "#7f7f7f"


def save_compare_plots(comparison: Comparison, folder: Path) -> list[Path]:
    """Write `compare_cumulative.png`, `compare_sizes.png` and `compare_intervals.png` into `folder`
    (each atomically, `sim.plots.save_figure`); return their paths in that order."""
    return [save_figure(draw(comparison), Path(folder) / name) for name, draw in COMPARE_FIGURES.items()]


def plot_compare_cumulative(comparison: Comparison) -> Figure:
    """People returned to each side so far: the runs' 10%-90% band and median, the record, the baseline."""
    figure = RunFigure(figsize=(11, 4.8), layout="constrained")
    panels = figure.subplots(1, 2, sharey=False)
    band = comparison.band
    first, second = comparison.sides
    # released_by_a is what side a released: people returned to side b.
    for axes, side, receiver, colour in ((panels[0], "a", second, PARTY_COLOURS[1]),
                                         (panels[1], "b", first, PARTY_COLOURS[0])):
        axes.fill_between(band["date"], band[f"p10_{side}"], band[f"p90_{side}"], color=colour, alpha=0.25,
                          step="post", label="model 10%-90% of runs")
        axes.step(band["date"], band[f"p50_{side}"], where="post", color=colour, linewidth=1.5,
                  label="model median")
        axes.step(band["date"], band[f"record_{side}"], where="post", color=RECORD_COLOUR, linewidth=2,
                  label="history (known counts)")
        baseline = comparison.baseline.rows
        if baseline is not None:
            line = _cumulative(baseline, f"released_by_{side}", band["date"])
            axes.step(band["date"], line, where="post", color=BASELINE_COLOUR, linestyle="--", linewidth=1.2,
                      label="baseline (previous period)")
        axes.set_title(f"returned to {receiver}", fontsize="medium")
        axes.set_ylabel("people returned so far")
        axes.set_ylim(bottom=0)
        axes.set_xlim(band["date"].iloc[0], band["date"].iloc[-1])
        axes.grid(axis="y", color="#dddddd")
        axes.tick_params(axis="x", labelrotation=30)
        axes.legend(loc="upper left", fontsize="small")
    _title(figure, comparison, "Returned to each side: model band against the record")
    return figure


def plot_compare_sizes(comparison: Comparison) -> Figure:
    """Distribution functions of exchange sizes each way: all runs pooled, the record, the baseline."""
    figure = RunFigure(figsize=(11, 4.5), layout="constrained")
    panels = figure.subplots(1, 2)
    for axes, side, name, colour in ((panels[0], "a", comparison.sides[0], PARTY_COLOURS[0]),
                                     (panels[1], "b", comparison.sides[1], PARTY_COLOURS[1])):
        column = f"released_by_{side}"
        baseline = comparison.baseline.rows
        _ecdfs(axes, known(comparison.simulated[column]), known(comparison.record[column]),
               None if baseline is None else known(baseline[column]), colour)
        axes.set_xlabel(f"people released by {name} in one exchange")
        axes.set_title(f"exchange sizes, released by {name}", fontsize="medium")
    _title(figure, comparison, "Exchange sizes (blank counts left out)")
    return figure


def plot_compare_intervals(comparison: Comparison) -> Figure:
    """Distribution functions of the days between consecutive exchanges: runs pooled, record, baseline."""
    figure = RunFigure(figsize=(7, 4.5), layout="constrained")
    axes = figure.add_subplot()
    runs = [intervals_days(rows["date"]) for _, rows in comparison.simulated.groupby("run")]
    pooled = np.concatenate(runs) if runs else np.array([])
    baseline = comparison.baseline.rows
    _ecdfs(axes, pooled, intervals_days(comparison.record["date"]),
           None if baseline is None else intervals_days(baseline["date"]), PARTY_COLOURS[0], "intervals")
    axes.set_xlabel("days between consecutive exchanges")
    _title(figure, comparison, "Days between exchanges")
    return figure


def _ecdfs(axes: Axes, model: np.ndarray, record: np.ndarray, baseline: np.ndarray | None, colour: str,
           what: str = "exchanges") -> None:
    for values, label, style in ((model, "model (all runs)", {"color": colour, "linewidth": 2}),
                                 (record, "history", {"color": RECORD_COLOUR, "linewidth": 2}),
                                 (baseline, "baseline", {"color": BASELINE_COLOUR, "linestyle": "--"})):
        if values is None or len(values) == 0:
            continue
        ordered = np.sort(values)
        shares = np.arange(1, len(ordered) + 1) / len(ordered)
        axes.step(ordered, shares, where="post", label=f"{label}, n={len(ordered)}", **style)
    axes.set_ylabel(f"share of {what} at or below")
    axes.set_ylim(0, 1.02)
    axes.set_xlim(left=0)
    axes.grid(color="#eeeeee")
    axes.legend(loc="lower right", fontsize="small")


def _cumulative(rows: pd.DataFrame, column: str, dates: pd.Series) -> np.ndarray:
    daily = rows.groupby("date")[column].sum(min_count=0).sort_index().cumsum()
    return daily.reindex(dates, method="ffill").fillna(0).to_numpy(dtype=float)


def _title(figure: Figure, comparison: Comparison, what: str) -> None:
    figure.suptitle(f"{what}\n{comparison.scenario.name}, {comparison.start.date()} to {comparison.end.date()}, "
                    f"{comparison.runs} runs", fontsize="medium")
    caption(figure, CAPTIONS[what])


CAPTIONS = {
    "Returned to each side: model band against the record": "Look for where the black record line leaves the "
    "shaded band of runs: there the model is off.",
    "Exchange sizes (blank counts left out)": "The further the model's curve from the record's, the more the sizes "
    "of exchanges differ; a curve to the right means larger exchanges.",
    "Days between exchanges": "A curve to the left means exchanges come more often; compare the model's with the "
    "record's.",
}
"""The one-line caption under each comparison figure, by its heading."""


COMPARE_FIGURES: dict[str, Callable[[Comparison], Figure]] = {
    "compare_cumulative.png": plot_compare_cumulative,
    "compare_sizes.png": plot_compare_sizes,
    "compare_intervals.png": plot_compare_intervals,
}
"""The figures of `parley compare` by file name, in the order the command writes them."""
