"""The report of a sweep: how the runs ended, agreement and execution against each swept
parameter, the deals against the frontier, and the per-point summary as a table.

`sweep_report(table, parameters, parties, name)` returns the page's HTML
(`sim.plots.report.page`) from the sweep's tidy table (one row per run, as
`sim.experiments.api.read_results` gives it); `save_sweep_report` writes it as `report.html`.
Rates count only runs that did not fail. "Agreed at the table" is a deal the delegations
reached (it may still be vetoed or fail); "executed" is one carried out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.experiments.summary import agreement_rates, point_summary
from sim.plots._common import PARTY_COLOURS
from sim.plots.report import Cell, Panel, Table, page, write_report
from sim.plots.sweep import BINS
from sim.plots.sweep import _levels as levels_of

if TYPE_CHECKING:
    import pandas as pd

    from sim.analysis.bargaining import BargainingSet

OUTCOMES = (("agreed_at_table", "agreed at the table", PARTY_COLOURS[0]), ("executed", "executed", PARTY_COLOURS[1]))
"""The two rates the parameter panels show."""


def status_figure(table: pd.DataFrame) -> go.Figure:
    """How the runs ended: a bar per status, its share and count on hover."""
    status = table["status"].where(table["error"] == "", "error (run raised)")
    counts = status.value_counts().sort_index()
    figure = go.Figure(go.Bar(x=[int(n) for n in counts], y=[str(s) for s in counts.index], orientation="h",
                              marker={"color": "#4c72b0"},
                              hovertext=[f"{s}: {n} runs ({n / len(table):.0%})" for s, n in counts.items()],
                              hoverinfo="text"))
    figure.update_xaxes(title="runs")
    figure.update_layout(template="plotly_white", title={"text": "How the runs ended", "x": 0.01},
                         height=200 + 30 * len(counts), margin={"l": 140, "r": 20, "t": 50, "b": 50})
    return figure


def parameter_figure(table: pd.DataFrame, parameters: Sequence[str]) -> go.Figure:
    """Share of runs agreed at the table and executed against each swept parameter (others pooled),
    with 95% Wilson intervals as error bars; a parameter with many values is cut into equal-count bins."""
    figure = make_subplots(rows=len(parameters), cols=1, subplot_titles=[_name(p) for p in parameters],
                           vertical_spacing=0.25 / max(1, len(parameters)))
    for row, parameter in enumerate(parameters, start=1):
        for outcome, label, colour in OUTCOMES:
            levels, labels = levels_of(table[parameter], BINS)
            rates = agreement_rates(table.assign(level=levels), ["level"], outcome).sort_values("level")
            rate = rates["rate"].to_numpy(dtype=float)
            figure.add_trace(go.Scatter(
                x=[labels[int(level)] for level in rates["level"]], y=rate.round(4).tolist(), mode="lines+markers",
                name=label, legendgroup=outcome, showlegend=row == 1, line={"color": colour},
                error_y={"type": "data", "symmetric": False,
                         "array": (rates["high"].to_numpy(float) - rate).round(4).tolist(),
                         "arrayminus": (rate - rates["low"].to_numpy(float)).round(4).tolist()},
                hovertext=[f"{label}: {r:.0%} of {int(n)} runs" if not math.isnan(r) else "no runs"
                           for r, n in zip(rate, rates["runs"], strict=True)], hoverinfo="text+x"),
                row, 1)
        figure.update_yaxes(title="share of runs", range=[-0.02, 1.02], row=row, col=1)
        figure.update_xaxes(type="category", row=row, col=1)
    figure.update_layout(template="plotly_white", height=120 + 300 * len(parameters),
                         title={"text": "Agreed at the table and executed, against each swept parameter", "x": 0.01},
                         margin={"l": 60, "r": 20, "t": 80, "b": 50})
    return figure


def deals_figure(table: pd.DataFrame, bargaining: BargainingSet) -> go.Figure:
    """Each run's deal in utilities, against the base scenario's frontier (drag to zoom)."""
    first, second = bargaining.parties
    ok = table[(table["error"] == "") & table[f"deal_utility_{first}"].notna()]
    frontier = bargaining.frontier_points
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=frontier[:, 0].round(4).tolist(), y=frontier[:, 1].round(4).tolist(),
                                mode="lines+markers", line={"color": "black", "shape": "vh"}, marker={"size": 4},
                                name="Pareto frontier (base scenario)"))
    figure.add_trace(go.Scatter(
        x=ok[f"deal_utility_{first}"].astype(float).round(4).tolist(),
        y=ok[f"deal_utility_{second}"].astype(float).round(4).tolist(), mode="markers", name="deals",
        marker={"color": "#e6ab02", "size": 7, "opacity": 0.6, "line": {"color": "black", "width": 0.5}},
        hovertext=[f"point {int(p)}, replication {int(r)}"
                   for p, r in zip(ok["point"], ok["replication"], strict=True)],
        hoverinfo="text+x+y"))
    figure.add_trace(go.Scatter(x=[bargaining.disagreement[0]], y=[bargaining.disagreement[1]], mode="markers",
                                marker={"symbol": "x", "size": 12, "color": "black"}, name="disagreement point"))
    nash = bargaining.point("nash")
    if nash is not None:
        figure.add_trace(go.Scatter(x=[nash[0]], y=[nash[1]], mode="markers", name="Nash",
                                    marker={"symbol": "circle-open", "size": 14, "line": {"width": 2}}))
    figure.update_xaxes(title=f"utility to {first}")
    figure.update_yaxes(title=f"utility to {second}")
    figure.update_layout(template="plotly_white", height=520, title={"text": "Deals against the frontier", "x": 0.01},
                         margin={"l": 60, "r": 20, "t": 50, "b": 50})
    return figure


def summary_table(table: pd.DataFrame, parameters: Sequence[str], parties: Sequence[str]) -> Table:
    """One row per point: its parameters, runs, agreed at the table (95% interval), executed, median sizes."""
    summary = point_summary(table, parameters, parties)
    columns = ["point", *(_name(p) for p in parameters), "runs", "agreed at the table [95% CI]", "executed",
               *(f"median {party} releases" for party in parties)]
    rows = []
    for record in summary.to_dict("records"):
        rate = float(record["rate"])
        agreed = "—" if math.isnan(rate) else f"{rate:.0%} [{record['low']:.0%}, {record['high']:.0%}]"
        executed = float(record["executed"])
        row = [Cell(str(int(record["point"])), True), *(Cell(_label(record[p])) for p in parameters),
               Cell(str(int(record["runs"])), True), Cell(agreed, True),
               Cell("—" if math.isnan(executed) else f"{executed:.0%}", True)]
        for party in parties:
            median = record[f"agreed_released.{party}"]  # None or NaN at a point where nothing was agreed
            row.append(Cell("—" if median is None or math.isnan(median) else f"{float(median):,.0f}", True))
        rows.append(row)
    return Table("points", "Points of the sweep", columns, rows)


def sweep_report(table: pd.DataFrame, parameters: Sequence[str], parties: Sequence[str], name: str,
                 bargaining: BargainingSet | None = None) -> str:
    """The HTML of a sweep's report."""
    panels = [Panel("status", "How the runs ended", "Count of runs by how they ended; a run that raised an error "
                    "is counted apart.", status_figure(table))]
    if parameters:
        panels.append(Panel("parameters", "Against each parameter",
                            "Share of runs agreed at the table and executed at each value (others pooled); bars "
                            "are 95% intervals. A gap between the lines is deals lost to vetoes or failed stages.",
                            parameter_figure(table, parameters)))
    if bargaining is not None and f"deal_utility_{bargaining.parties[0]}" in table.columns:
        panels.append(Panel("deals", "Deals", "Each run's deal by its worth to each side; the closer to the black "
                            "frontier, the less was left on the table.", deals_figure(table, bargaining)))
    ok = int((table["error"] == "").sum())
    subtitle = f"{len(table)} runs, {len(table) - ok} failed" + (
        f"; swept: {', '.join(_name(p) for p in parameters)}" if parameters else "")
    return page(f"Sweep: {name}", subtitle, panels, [summary_table(table, parameters, parties)])


def save_sweep_report(table: pd.DataFrame, parameters: Sequence[str], parties: Sequence[str], folder: Path,
                      name: str, bargaining: BargainingSet | None = None) -> Path:
    """Write the sweep's `report.html` into `folder`; return its path."""
    return write_report(sweep_report(table, parameters, parties, name, bargaining), folder)


def _name(path: str) -> str:
    """A dotted parameter path as words: `parties.RU.leader.veto.threshold` -> `RU leader veto threshold`."""
    parts = [part for part in path.split(".") if part not in ("parties", "mediators", "protocol")]
    return " ".join(part.replace("_", " ") for part in parts)


def _label(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)
