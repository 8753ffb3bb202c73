"""The report of `parley backtest`: fan charts per origin, the PIT histogram and the score table.

Each origin's fan chart shows the people returned to each side since the origin: the
posterior predictive runs' median with their 50% and 80% bands, and the record over them
(known counts only). The PIT histogram pools every scored observation per forecaster; the
table holds every score (CRPS, log score, coverage of the 50% and 80% intervals) by origin,
metric and forecaster, and the leaks the backtest lists. `backtest_report(result)` returns
the page's HTML (`sim.plots.report.page`); `save_backtest_report` writes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.forecast.forecasters import FORECASTERS
from sim.plots._common import PARTY_COLOURS
from sim.plots.report import Cell, Panel, Table, page, write_report

if TYPE_CHECKING:
    from sim.backtest.api import Backtest, OriginResult

RECORD_COLOUR = "#222222"
PIT_BINS = 10


def _band(colour: str, opacity: float) -> str:
    red, green, blue = (int(colour[at:at + 2], 16) for at in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity})"


def fan_figure(origin: OriginResult, sides: tuple[str, str]) -> go.Figure:
    """One origin's fan: each side's people returned since the origin, 80% and 50% bands, median, record."""
    fan = origin.fan
    dates = [str(day.date()) for day in fan["date"]]
    figure = make_subplots(rows=1, cols=2, subplot_titles=[f"returned to {sides[1]}", f"returned to {sides[0]}"])
    for column, (side, colour) in enumerate((("a", PARTY_COLOURS[1]), ("b", PARTY_COLOURS[0])), start=1):
        legend = column == 1
        for low, high, share, opacity in (("p10", "p90", "80%", 0.2), ("p25", "p75", "50%", 0.35)):
            figure.add_trace(go.Scatter(x=dates, y=fan[f"{high}_{side}"].astype(float).round(2).tolist(),
                                        mode="lines", line={"width": 0, "shape": "hv"}, showlegend=False,
                                        hoverinfo="skip"), 1, column)
            figure.add_trace(go.Scatter(x=dates, y=fan[f"{low}_{side}"].astype(float).round(2).tolist(),
                                        mode="lines", line={"width": 0, "shape": "hv"}, fill="tonexty",
                                        fillcolor=_band(colour, opacity), name=f"model {share} band",
                                        showlegend=legend, legendgroup=share), 1, column)
        figure.add_trace(go.Scatter(x=dates, y=fan[f"p50_{side}"].astype(float).round(2).tolist(), mode="lines",
                                    line={"color": colour, "shape": "hv"}, name="model median", showlegend=legend,
                                    legendgroup="median"), 1, column)
        record = fan[f"record_{side}"]
        if not record.isna().all():
            figure.add_trace(go.Scatter(x=dates, y=record.astype(float).tolist(), mode="lines",
                                        line={"color": RECORD_COLOUR, "width": 2.5, "shape": "hv"},
                                        name="record (known counts)", showlegend=legend, legendgroup="record"),
                             1, column)
        figure.update_yaxes(title="people returned since the origin" if column == 1 else None, rangemode="tozero",
                            row=1, col=column)
        figure.update_xaxes(type="date", title="date", row=1, col=column)
    return _layout(figure, f"Forecast from {origin.origin.date()}, fitted on the record up to it", 430)


def pit_figure(result: Backtest) -> go.Figure:
    """PIT histograms of the scored observations, one panel per forecaster, with a calibrated forecaster's level."""
    pit = result.pit
    names = [name for name in FORECASTERS if name in set(pit["forecaster"])] or ["model"]
    figure = make_subplots(rows=1, cols=len(names), shared_yaxes=True, subplot_titles=names)
    edges = np.linspace(0.0, 1.0, PIT_BINS + 1)
    for column, name in enumerate(names, start=1):
        values = pit.loc[pit["forecaster"] == name, "pit"].to_numpy(float)
        counts, _ = np.histogram(values, bins=edges)
        figure.add_trace(go.Bar(x=((edges[:-1] + edges[1:]) / 2).round(3).tolist(), y=counts.tolist(),
                                width=1 / PIT_BINS, marker={"color": "#4c72b0"}, name=name, showlegend=False,
                                hovertemplate=f"{name}: %{{y}} observations<extra></extra>"), 1, column)
        if len(values):
            level = len(values) / PIT_BINS
            figure.add_trace(go.Scatter(x=[0, 1], y=[level, level], mode="lines", showlegend=column == 1,
                                        line={"color": RECORD_COLOUR, "dash": "dash"}, name="calibrated"), 1, column)
        figure.update_xaxes(title="PIT", range=[0, 1], row=1, col=column)
    figure.update_yaxes(title="observations", row=1, col=1)
    return _layout(figure, "Probability integral transform of the observed values", 360)


def _layout(figure: go.Figure, title: str, height: int) -> go.Figure:
    figure.update_layout(template="plotly_white", title={"text": title, "x": 0.01}, height=height,
                         margin={"l": 60, "r": 20, "t": 70, "b": 50})
    return figure


def scores_table(result: Backtest) -> Table:
    """Every score by origin, metric and forecaster: CRPS (and log score), 50% and 80% coverage."""
    scores = result.scores
    kinds = ("crps", "log", "coverage50", "coverage80")
    rows = []
    for (origin, metric, forecaster), group in scores.groupby(["origin", "metric", "forecaster"], sort=False):
        values = dict(zip(group["score_kind"], group["value"], strict=True))
        rows.append([Cell(origin), Cell(metric), Cell(forecaster),
                     *(Cell("—" if kind not in values else f"{values[kind]:.3g}", True) for kind in kinds)])
    return Table("scores", "Scores (CRPS and log score: lower is better; c50/c80: share inside the intervals)",
                 ("origin", "metric", "forecaster", "CRPS", "log", "c50", "c80"), rows)


def leaks_table(result: Backtest) -> Table:
    """Per origin, the scenario values that may carry information from after it."""
    rows = [[Cell(str(origin.origin.date())), Cell(leak)] for origin in result.origins for leak in origin.leaks]
    return Table("leaks", "Possible leaks (values dated after the origin, or fitted on later rows)",
                 ("origin", "value"), rows or [[Cell("—"), Cell("none")]])


def backtest_report(result: Backtest) -> str:
    """The HTML of a backtest's report."""
    panels = [Panel(f"fan-{origin.origin.date()}", f"Forecast from {origin.origin.date()}",
                    "Does the black record line stay inside the shaded bands? A calibrated forecast has it inside "
                    "the 50% band half the time.", fan_figure(origin, result.sides))
              for origin in result.origins]
    if not result.pit.empty:
        panels.append(Panel("pit", "Calibration (PIT)", "Level bars: calibrated; a U shape: bands too narrow; a hump: "
                            "too wide.", pit_figure(result)))
    count = len(result.origins)
    subtitle = (f"{count} origin{'s' if count != 1 else ''} · {result.settings['runs']} runs · budget "
                f"{result.settings['budget']} · record: {Path(result.history_file).name}")
    return page(f"Backtest: {result.scenario_name}", subtitle, panels, [scores_table(result), leaks_table(result)])


def save_backtest_report(result: Backtest, folder: Path) -> Path:
    """Write the backtest's `report.html` into `folder`; return its path."""
    return write_report(backtest_report(result), folder)
