"""The report of `parley compare`: the model's spread of runs against the historical record.

Three interactive figures (people returned to each side so far: the runs' 10%-90% band and
median against the record and the baseline; exchange sizes each way; days between
exchanges, as distribution functions) and the metrics table. `compare_report(comparison)`
returns the page's HTML (`sim.plots.report.page`); `save_compare_report` writes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.compare.metrics import intervals_days, known
from sim.plots._common import PARTY_COLOURS
from sim.plots.report import Cell, Panel, Table, page, write_report

if TYPE_CHECKING:
    from sim.compare.api import Comparison

RECORD_COLOUR = "#222222"
BASELINE_COLOUR = "#7f7f7f"
BAND_COLOUR = "rgba(120,120,200,0.25)"


def _dates(values: object) -> list[str]:
    return [str(value.date()) for value in values]  # type: ignore[attr-defined]


def cumulative_figure(comparison: Comparison) -> go.Figure:
    """People returned to each side so far: model band and median, the record, the baseline; dates on x."""
    first, second = comparison.sides
    band = comparison.band
    dates = _dates(band["date"])
    figure = make_subplots(rows=1, cols=2, subplot_titles=[f"returned to {second}", f"returned to {first}"])
    for column, (side, colour) in enumerate((("a", PARTY_COLOURS[1]), ("b", PARTY_COLOURS[0])), start=1):
        legend = column == 1
        figure.add_trace(go.Scatter(x=dates, y=band[f"p90_{side}"].astype(float).tolist(), mode="lines",
                                    line={"width": 0, "shape": "hv"}, showlegend=False, hoverinfo="skip",
                                    legendgroup="band"), 1, column)
        figure.add_trace(go.Scatter(x=dates, y=band[f"p10_{side}"].astype(float).tolist(), mode="lines",
                                    line={"width": 0, "shape": "hv"}, fill="tonexty", fillcolor=BAND_COLOUR,
                                    name="model 10%-90% of runs", showlegend=legend, legendgroup="band"), 1, column)
        figure.add_trace(go.Scatter(x=dates, y=band[f"p50_{side}"].astype(float).tolist(), mode="lines",
                                    line={"color": colour, "shape": "hv"}, name="model median", showlegend=legend,
                                    legendgroup="median"), 1, column)
        figure.add_trace(go.Scatter(x=dates, y=band[f"record_{side}"].astype(float).tolist(), mode="lines",
                                    line={"color": RECORD_COLOUR, "width": 2.5, "shape": "hv"},
                                    name="history (known counts)", showlegend=legend, legendgroup="record"),
                         1, column)
        figure.update_yaxes(title="people returned so far" if column == 1 else None, rangemode="tozero",
                            row=1, col=column)
        figure.update_xaxes(type="date", title="date", row=1, col=column)
    return _layout(figure, "Returned to each side: model band against the record", 440)


def sizes_figure(comparison: Comparison) -> go.Figure:
    """Distribution functions of exchange sizes each way: all runs pooled, the record, the baseline."""
    figure = make_subplots(rows=1, cols=2, subplot_titles=[f"released by {name}" for name in comparison.sides])
    baseline = comparison.baseline.rows
    for column, side in enumerate(("a", "b"), start=1):
        name = f"released_by_{side}"
        _ecdfs(figure, column, known(comparison.simulated[name]), known(comparison.record[name]),
               None if baseline is None else known(baseline[name]), PARTY_COLOURS[column - 1],
               f"released by {comparison.sides[column - 1]}")
        figure.update_xaxes(title="people released in one exchange", row=1, col=column)
    figure.update_yaxes(title="share of exchanges at or below", range=[0, 1.02])
    return _layout(figure, "Exchange sizes (blank counts left out)", 420)


def intervals_figure(comparison: Comparison) -> go.Figure:
    """Distribution functions of the days between consecutive exchanges: runs pooled, record, baseline."""
    figure = make_subplots(rows=1, cols=1)
    runs = [intervals_days(rows["date"]) for _, rows in comparison.simulated.groupby("run")]
    pooled = np.concatenate(runs) if runs else np.array([])
    baseline = comparison.baseline.rows
    _ecdfs(figure, 1, pooled, intervals_days(comparison.record["date"]),
           None if baseline is None else intervals_days(baseline["date"]), PARTY_COLOURS[0])
    figure.update_xaxes(title="days between consecutive exchanges")
    figure.update_yaxes(title="share of intervals at or below", range=[0, 1.02])
    return _layout(figure, "Days between exchanges", 420)


def _ecdfs(figure: go.Figure, column: int, model: np.ndarray, record: np.ndarray, baseline: np.ndarray | None,
           colour: str, what: str = "") -> None:
    """Step lines of the model's, the record's and the baseline's distribution functions, named for `what`."""
    suffix = f", {what}" if what else ""
    for values, label, line in ((model, "model (all runs)", {"color": colour, "width": 2}),
                                (record, "history", {"color": RECORD_COLOUR, "width": 2}),
                                (baseline, "baseline", {"color": BASELINE_COLOUR, "dash": "dash"})):
        if values is None or len(values) == 0:
            continue
        ordered = np.sort(np.asarray(values, dtype=float))
        shares = np.arange(1, len(ordered) + 1) / len(ordered)
        figure.add_trace(go.Scatter(x=ordered.round(4).tolist(), y=shares.round(4).tolist(), mode="lines",
                                    line={**line, "shape": "hv"}, name=f"{label}{suffix}, n={len(ordered)}"),
                         1, column)


def _layout(figure: go.Figure, title: str, height: int) -> go.Figure:
    figure.update_layout(template="plotly_white", title={"text": title, "x": 0.01}, height=height,
                         margin={"l": 60, "r": 20, "t": 70, "b": 50})
    return figure


def metrics_table(comparison: Comparison) -> Table:
    """The metrics: the record's value, the model's median and 10%-90% range, the baseline."""
    def show(value: object) -> str:
        if value is None:
            return "—"
        return f"{value:,.3g}" if isinstance(value, float) else f"{value:,}"

    rows = []
    for row in comparison.to_json()["metrics"].values():
        spread = "" if row["model_p10"] is None else f" ({show(row['model_p10'])} to {show(row['model_p90'])})"
        rows.append([Cell(row["label"]), Cell(show(row["historical"]), True),
                     Cell(show(row["model_median"]) + spread, True), Cell(show(row["baseline"]), True)])
    return Table("metrics", "Metrics", ("metric", "history", "model median (10%-90%)", "baseline"), rows)


def compare_report(comparison: Comparison) -> str:
    """The HTML of a comparison's report."""
    panels = [
        Panel("cumulative", "Returned so far", "Does the black record line stay inside the shaded band of runs? "
              "Where it leaves it, the model is off.", cumulative_figure(comparison)),
        Panel("sizes", "Exchange sizes", "The further the model's curve from the record's, the more the sizes "
              "of exchanges differ.", sizes_figure(comparison)),
        Panel("intervals", "Days between exchanges", "A curve to the left means exchanges come more often.",
              intervals_figure(comparison)),
    ]
    subtitle = (f"{comparison.start.date()} to {comparison.end.date()} · {comparison.runs} runs · "
                f"record: {Path(comparison.history_file).name}")
    return page(f"Comparison: {comparison.scenario.name}", subtitle, panels, [metrics_table(comparison)])


def save_compare_report(comparison: Comparison, folder: Path) -> Path:
    """Write the comparison's `report.html` into `folder`; return its path."""
    return write_report(compare_report(comparison), folder)
