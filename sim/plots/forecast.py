"""Figures of `parley backtest`: a fan chart per origin and a PIT histogram.

`plot_fan`: people returned to each side since the origin, the model's median with its 50%
and 80% bands (posterior predictive runs), and the record over them (known counts only, so a
lower bound when counts are blank). `plot_pit`: the mid-point PIT values of every scored
observation, one panel per forecaster; a calibrated forecaster's bars are level, a U shape
means bands too narrow, a hump too wide. `save_backtest_plots` writes them as PNGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.forecast.forecasters import FORECASTERS
from sim.plots import save_figure
from sim.plots._common import PARTY_COLOURS, RunFigure

if TYPE_CHECKING:
    from sim.backtest.api import Backtest, OriginResult

RECORD_COLOUR = "#222222"


def plot_fan(result: OriginResult, sides: tuple[str, str], scenario: str) -> Figure:
    """The fan chart of one origin: each side's cumulative people returned, bands of the runs, the record."""
    figure = RunFigure(figsize=(11, 4.6), layout="constrained")
    panels = figure.subplots(1, 2)
    fan = result.fan
    for axes, side, receiver, colour in ((panels[0], "a", sides[1], PARTY_COLOURS[1]),
                                         (panels[1], "b", sides[0], PARTY_COLOURS[0])):
        axes.fill_between(fan["date"], fan[f"p10_{side}"], fan[f"p90_{side}"], color=colour, alpha=0.2, step="post",
                          label="model 80% band")
        axes.fill_between(fan["date"], fan[f"p25_{side}"], fan[f"p75_{side}"], color=colour, alpha=0.35,
                          step="post", label="model 50% band")
        axes.step(fan["date"], fan[f"p50_{side}"], where="post", color=colour, linewidth=1.5, label="model median")
        if not fan[f"record_{side}"].isna().all():
            axes.step(fan["date"], fan[f"record_{side}"], where="post", color=RECORD_COLOUR, linewidth=2,
                      label="record (known counts)")
        axes.set_title(f"returned to {receiver}", fontsize="medium")
        axes.set_ylabel(f"people returned since {result.origin.date()}")
        axes.set_ylim(bottom=0)
        axes.set_xlim(fan["date"].iloc[0], fan["date"].iloc[-1])
        axes.grid(axis="y", color="#dddddd")
        axes.tick_params(axis="x", labelrotation=30)
        axes.legend(loc="upper left", fontsize="small")
    figure.suptitle(f"{scenario}: forecast from {result.origin.date()} (fitted on the record up to it)")
    return figure


def plot_pit(pit: pd.DataFrame, bins: int = 10) -> Figure:
    """PIT histograms of every scored observation, one panel per forecaster, with the level of a calibrated one."""
    names = [name for name in FORECASTERS if name in set(pit["forecaster"])] or ["model"]
    figure = RunFigure(figsize=(4 * len(names), 3.6), layout="constrained")
    panels = np.atleast_1d(figure.subplots(1, len(names), sharey=True))
    for axes, name in zip(panels, names, strict=True):
        values = pit.loc[pit["forecaster"] == name, "pit"].to_numpy(float)
        axes.hist(values, bins=bins, range=(0, 1), color="#4c72b0", edgecolor="white")
        if len(values):
            axes.axhline(len(values) / bins, color=RECORD_COLOUR, linestyle="--", linewidth=1, label="calibrated")
        axes.set_title(f"{name} ({len(values)} observations)", fontsize="medium")
        axes.set_xlabel("PIT")
    panels[0].set_ylabel("observations")
    figure.suptitle("Probability integral transform of the observed values")
    return figure


def save_backtest_plots(result: Backtest, folder: Path) -> list[Path]:
    """Write `fan-<origin>.png` for each origin and `pit.png` into `folder`; return their paths."""
    written = [save_figure(plot_fan(origin, result.sides, result.scenario_name),
                           Path(folder) / f"fan-{origin.origin.date()}.png") for origin in result.origins]
    written.append(save_figure(plot_pit(result.pit), Path(folder) / "pit.png"))
    return written
