"""Figures of a sensitivity analysis: the indices with their 95% confidence intervals.

Sobol: one panel per outcome, a horizontal pair of bars per parameter, first-order S1 (the
share of the outcome's variance the parameter explains alone) and total ST (alone and
through interactions), each with its bootstrap interval. Morris: one panel per outcome,
mu* (mean absolute elementary effect: importance) against sigma (their spread:
non-linearity or interactions), with mu*'s interval, each point labelled and a dashed line
where sigma = mu* (above it, effects vary more than they weigh on average). Nothing
touches pyplot. `save_sensitivity_plot` writes the figure as `sensitivity.png`, the file
`parley sensitivity` leaves beside the result's data files.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.plots import save_figure
from sim.plots._common import PARTY_COLOURS, RunFigure, caption, parameter_words

if TYPE_CHECKING:
    import pandas as pd

    from sim.experiments.sensitivity import SensitivityResult

PANEL_COLUMNS = 2
BAR_HEIGHT = 0.38
AXIS_LIMITS = (-0.5, 1.5)
PLOT_NAME = "sensitivity.png"


def save_sensitivity_plot(result: SensitivityResult, folder: str | Path) -> Path:
    """Write `plot_sensitivity(result)` into `folder` as `sensitivity.png` (atomically); return its path."""
    return save_figure(plot_sensitivity(result), Path(folder) / PLOT_NAME)


def plot_sensitivity(result: SensitivityResult) -> Figure:
    """The indices of `result` as a Figure (Sobol: S1 and ST bars; Morris: mu* against sigma), titled
    with the design's size."""
    title = (f"{result.method.capitalize()} indices: {result.samples} samples, {len(result.matrix)} points "
             f"x {result.runs} run{'s' if result.runs > 1 else ''} (95% intervals)")
    if result.method == "sobol":
        figure = plot_sobol(result.indices, result.outcomes, title)
        caption(figure, "Long bars are the parameters that move each outcome; ST well above S1 means the parameter "
                "acts through interactions with others.")
        return figure
    figure = plot_morris(result.indices, result.outcomes, title)
    caption(figure, "Parameters far to the right move the outcome most; high up, their effect depends on the others.")
    return figure


def plot_sobol(indices: pd.DataFrame, outcomes: list[str], title: str = "") -> Figure:
    """Sobol indices: a panel per outcome, S1 and ST bars per parameter with their 95% intervals."""
    figure, axes = _panels(outcomes, indices["parameter"].nunique())
    for ax, outcome in zip(axes, outcomes, strict=False):
        rows = indices[indices["outcome"] == outcome]
        positions = np.arange(len(rows))[::-1]
        for offset, column, colour in ((BAR_HEIGHT / 2, "S1", PARTY_COLOURS[0]),
                                       (-BAR_HEIGHT / 2, "ST", PARTY_COLOURS[1])):
            ax.barh(positions + offset, rows[column], height=BAR_HEIGHT, color=colour, label=column,
                    xerr=rows[f"{column}_conf"], error_kw={"ecolor": "#333333", "capsize": 3, "linewidth": 1})
        ax.set_yticks(positions, [_short(name) for name in rows["parameter"]])
        ax.axvline(0.0, color="#888888", linewidth=0.8)
        # Noisy estimates can leave [0, 1]; past these limits the interval says enough.
        ax.set_xlim(max(AXIS_LIMITS[0], min(-0.05, _low(rows))), min(AXIS_LIMITS[1], max(1.05, _high(rows))))
        ax.set_xlabel("share of variance")
        ax.set_title(outcome if not rows["S1"].isna().all() else f"{outcome} (constant: no indices)")
        ax.grid(axis="x", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside upper right", fontsize="small")
    figure.suptitle(title)
    return figure


def plot_morris(indices: pd.DataFrame, outcomes: list[str], title: str = "") -> Figure:
    """Morris indices: a panel per outcome, mu* against sigma per parameter, labelled, with mu*'s interval."""
    figure, axes = _panels(outcomes, 4)
    for ax, outcome in zip(axes, outcomes, strict=False):
        rows = indices[indices["outcome"] == outcome]
        ax.errorbar(rows["mu_star"], rows["sigma"], xerr=rows["mu_star_conf"], fmt="o", color=PARTY_COLOURS[0],
                    ecolor="#555555", capsize=3)
        for _, row in rows.iterrows():
            ax.annotate(_short(row["parameter"]), (row["mu_star"], row["sigma"]), textcoords="offset points",
                        xytext=(5, 5), fontsize="small")
        reach = max(float(np.nanmax((rows["mu_star"] + rows["mu_star_conf"]).to_numpy(), initial=0.0)),
                    float(np.nanmax(rows["sigma"].to_numpy(), initial=0.0)), 1e-9)
        ax.set_xlim(0.0, reach * 1.25)
        ax.set_ylim(0.0, reach * 1.25)
        ax.plot([0.0, reach * 1.25], [0.0, reach * 1.25], color="#bbbbbb", linewidth=0.8, linestyle="--")
        ax.set_xlabel("mu* (mean |elementary effect|)")
        ax.set_ylabel("sigma (spread of effects)")
        ax.set_title(outcome)
        ax.grid(alpha=0.3)
    figure.suptitle(title)
    return figure


def plot_point_outputs(result: SensitivityResult, outcome: str) -> Figure:
    """The per-point mean of `outcome` against each parameter, one panel per parameter: where
    the indices come from. A parameter that matters shows a trend or a split; one that does
    not shows the same cloud across its range."""
    names = list(result.ranges)
    columns = min(3, len(names))
    rows = math.ceil(len(names) / columns)
    figure = RunFigure(figsize=(4.0 * columns, 3.0 * rows + 0.5), layout="constrained")
    axes = list(np.atleast_1d(figure.subplots(rows, columns, squeeze=False, sharey=True)).flat)
    for ax, name in zip(axes, names, strict=False):
        ax.scatter(result.points[name], result.points[outcome], s=8, alpha=0.5, color=PARTY_COLOURS[0],
                   edgecolors="none")
        ax.set_xlabel(_short(name))
        ax.grid(alpha=0.3)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    for ax in axes[::columns]:
        ax.set_ylabel(outcome)
    runs = f"mean over {result.runs} run{'s' if result.runs > 1 else ''} per point"
    figure.suptitle(f"{outcome} at each of the {len(result.points)} points ({runs})")
    return figure


def _panels(outcomes: list[str], parameters: int) -> tuple[Figure, list[Axes]]:
    columns = min(PANEL_COLUMNS, max(1, len(outcomes)))
    rows = math.ceil(len(outcomes) / columns)
    height = max(3.0, 0.6 * parameters + 1.6)
    figure = RunFigure(figsize=(6.0 * columns, height * rows + 0.6), layout="constrained")
    axes = list(np.atleast_1d(figure.subplots(rows, columns, squeeze=False)).flat)
    for ax in axes[len(outcomes):]:
        ax.set_visible(False)
    return figure, axes[:len(outcomes)]


def _low(rows: pd.DataFrame) -> float:
    values = np.concatenate([(rows[c] - rows[f"{c}_conf"]).to_numpy(dtype=float) for c in ("S1", "ST")])
    return float(np.nanmin(values, initial=0.0)) - 0.05


def _high(rows: pd.DataFrame) -> float:
    values = np.concatenate([(rows[c] + rows[f"{c}_conf"]).to_numpy(dtype=float) for c in ("S1", "ST")])
    return float(np.nanmax(values, initial=1.0)) + 0.05


def _short(path: str) -> str:
    """A dotted path as short words (`parties.RU.leader.veto.threshold` -> `RU veto threshold`), so the label fits."""
    return parameter_words(path.replace(".leader.veto.", ".veto."))
