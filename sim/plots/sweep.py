"""Figures of a sweep table: outcome distributions, agreement against each swept parameter,
and a heatmap of agreement when exactly two parameters are swept.

Each `plot_*` function takes the tidy table (one row per run, as `sim.experiments` returns
it) and returns a new Figure; nothing touches pyplot. Agreement rates carry 95% Wilson
intervals. A parameter with many distinct values (a Latin hypercube) is cut into bins of
equal counts. Failed runs are left out of every rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.experiments.summary import agreement_rates
from sim.plots import save_figure
from sim.plots._common import PARTY_COLOURS, RunFigure

if TYPE_CHECKING:
    import pandas as pd

MAX_LEVELS = 12
"""A parameter with more distinct values than this is binned."""
BINS = 8
OUTCOME_SERIES = (("agreement", "agreed at the table", PARTY_COLOURS[0], -0.04),
                  ("executed", "swap executed", PARTY_COLOURS[1], 0.04))
"""What the parameter plot shows: a deal reached (it may still be vetoed or fail) and one carried out."""
HEATMAP_BINS = 6


def plot_sweep_outcomes(table: pd.DataFrame, parties: Sequence[str], name: str = "") -> Figure:
    """Four panels: how runs ended, agreed sizes each way, day of agreement, final trust each way."""
    figure = RunFigure(figsize=(11.0, 7.5), layout="constrained")
    status_ax, size_ax, day_ax, trust_ax = figure.subplots(2, 2).flat
    ok = table[table["error"] == ""]
    _status_bars(status_ax, table)
    agreed = ok[ok["agreement"].fillna(False).astype(bool)]
    columns = [f"agreed_released.{party}" for party in parties]
    _histograms(size_ax, [agreed[column] for column in columns], [f"released by {party}" for party in parties])
    size_ax.set_xlabel("captives each side agreed to release")
    size_ax.set_title("Size of the agreed swap (runs with agreement)", loc="left", fontsize=10)
    _histograms(day_ax, [agreed["day_of_agreement"]], ["day of agreement"], colours=("#555555",))
    day_ax.set_xlabel("day of agreement (days from the opening of talks)")
    day_ax.set_title("When agreement came", loc="left", fontsize=10)
    trust_columns = [column for column in table.columns if column.startswith("final_trust.")]
    _histograms(trust_ax, [ok[column] for column in trust_columns],
                [column.removeprefix("final_trust.").replace("->", " trusts ") for column in trust_columns])
    trust_ax.set_xlabel("trust at the end of the run")
    trust_ax.set_title("Final trust each way", loc="left", fontsize=10)
    figure.suptitle(f"Outcomes of {len(table)} runs" + (f": {name}" if name else ""))
    return figure


def plot_agreement_by_parameter(table: pd.DataFrame, parameters: Sequence[str], name: str = "") -> Figure:
    """Share of runs agreed at the table and share executed against each swept parameter (others
    pooled), with 95% Wilson intervals."""
    count = max(1, len(parameters))
    columns = min(3, count)
    rows = -(-count // columns)
    figure = RunFigure(figsize=(4.6 * columns + 0.6, 3.8 * rows), layout="constrained")
    axes = np.atleast_1d(figure.subplots(rows, columns, squeeze=False).flat)
    for ax, parameter in zip(axes, parameters, strict=False):
        levels, labels = _levels(table[parameter], BINS)
        for outcome, label, colour, shift in OUTCOME_SERIES:
            rates = agreement_rates(table.assign(level=levels), ["level"], outcome).sort_values("level")
            positions = np.arange(len(rates)) + shift
            rate = rates["rate"].to_numpy(dtype=float)
            errors = np.clip(np.vstack([rate - rates["low"].to_numpy(float),
                                        rates["high"].to_numpy(float) - rate]), 0.0, 1.0)
            ax.errorbar(positions, rate, yerr=errors, fmt="o-", color=colour, capsize=4, lw=1.2, label=label)
        ax.legend(fontsize=8, frameon=False, loc="lower left")
        ax.set_xticks(np.arange(len(rates)), [labels[int(level)] for level in rates["level"]],
                      rotation=30 if len(rates) > 5 else 0, ha="right" if len(rates) > 5 else "center")
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel(parameter, fontsize=9)
        ax.set_ylabel("share of runs")
        ax.grid(axis="y", alpha=0.3)
    for ax in axes[len(parameters):]:
        ax.set_visible(False)
    pooled = "; other parameters pooled" if len(parameters) > 1 else ""
    heading = "Agreement and execution against each parameter" + (f": {name}" if name else "")
    figure.suptitle(f"{heading}\n(bars: 95% Wilson intervals{pooled})", fontsize=11)
    return figure


def plot_agreement_heatmap(table: pd.DataFrame, x: str, y: str, name: str = "") -> Figure:
    """Two panels over two swept parameters, agreed at the table and swap executed; each cell
    is labelled with its rate and run count."""
    x_levels, x_labels = _levels(table[x], HEATMAP_BINS)
    y_levels, y_labels = _levels(table[y], HEATMAP_BINS)
    leveled = table.assign(x_level=x_levels, y_level=y_levels)
    width = max(5.0, 1.0 * len(x_labels) + 2.0)
    figure = RunFigure(figsize=(2 * width + 1.0, max(4.5, 0.7 * len(y_labels) + 2.5)), layout="constrained")
    axes = figure.subplots(1, 2, sharey=True)
    image = None
    for ax, (outcome, label, _, _) in zip(axes, OUTCOME_SERIES, strict=True):
        rates = agreement_rates(leveled, ["y_level", "x_level"], outcome)
        grid = np.full((len(y_labels), len(x_labels)), np.nan)
        runs = np.zeros_like(grid)
        for _, row in rates.iterrows():
            grid[int(row["y_level"]), int(row["x_level"])] = row["rate"]
            runs[int(row["y_level"]), int(row["x_level"])] = row["runs"]
        image = ax.imshow(grid, origin="lower", cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto")
        for (row_index, column), rate in np.ndenumerate(grid):
            if not np.isnan(rate):
                ax.text(column, row_index, f"{rate:.0%}\nn={int(runs[row_index, column])}", ha="center",
                        va="center", fontsize=8, color="black" if rate > 0.6 else "white")
        ax.set_xticks(range(len(x_labels)), x_labels, rotation=30 if len(x_labels) > 4 else 0,
                      ha="right" if len(x_labels) > 4 else "center")
        ax.set_yticks(range(len(y_labels)), y_labels)
        ax.set_xlabel(x)
        ax.set_title(f"share of runs: {label}", loc="left", fontsize=10)
    axes[0].set_ylabel(y)
    if image is not None:
        figure.colorbar(image, ax=list(axes), label="share of runs", shrink=0.9)
    figure.suptitle("Outcome over two parameters" + (f": {name}" if name else "") + " (empty cell: no runs)")
    return figure


def save_sweep_plots(table: pd.DataFrame, parameters: Sequence[str], parties: Sequence[str], folder: Path,
                     name: str = "", dpi: int = 110) -> list[Path]:
    """Write `outcomes.png`, and with swept parameters `agreement.png` (and `heatmap.png` for two)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [save_figure(plot_sweep_outcomes(table, parties, name), folder / "outcomes.png", dpi)]
    if parameters:
        written.append(save_figure(plot_agreement_by_parameter(table, parameters, name),
                                   folder / "agreement.png", dpi))
    if len(parameters) == 2:
        written.append(save_figure(plot_agreement_heatmap(table, parameters[0], parameters[1], name),
                                   folder / "heatmap.png", dpi))
    return written


def _levels(values: pd.Series, bins: int) -> tuple[np.ndarray, list[str]]:
    """Each run's level (an index into the labels): its distinct value, or its equal-count bin."""
    import pandas as pd

    distinct = pd.unique(values.dropna())
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if len(distinct) <= MAX_LEVELS or not numeric:
        ordered = sorted(distinct, key=lambda value: (str(type(value)), value))
        index = {value: position for position, value in enumerate(ordered)}
        return values.map(index).to_numpy(), [_label(value) for value in ordered]
    numbers = values.astype(float)
    codes = pd.qcut(numbers, bins, labels=False, duplicates="drop")
    spans = numbers.groupby(codes).agg(["min", "max"])
    labels = [f"{low:.2g} to {high:.2g}" for low, high in zip(spans["min"], spans["max"], strict=True)]
    return codes.to_numpy(), labels


def _label(value: object) -> str:
    if isinstance(value, float | np.floating):
        return f"{value:.3g}"
    text = str(value)
    return text if len(text) <= 18 else text[:15] + "..."


def _status_bars(ax: Axes, table: pd.DataFrame) -> None:
    status = table["status"].where(table["error"] == "", "error (run raised)")
    counts = status.value_counts()
    shares = counts / counts.sum()
    bars = ax.barh(list(counts.index)[::-1], list(shares)[::-1], color="#4c72b0")
    for bar, count in zip(bars, list(counts)[::-1], strict=True):
        ax.text(bar.get_width() + 0.01, bar.get_y() + bar.get_height() / 2, f"{bar.get_width():.0%} ({count})",
                va="center", fontsize=9)
    ax.set_xlim(0.0, 1.18)
    ax.set_xlabel("share of runs")
    ax.set_title("How the runs ended", loc="left", fontsize=10)


def _histograms(ax: Axes, columns: list[pd.Series], labels: list[str],
                colours: Sequence[str] = PARTY_COLOURS) -> None:
    data = [column.dropna().to_numpy(dtype=float) for column in columns]
    present = [values for values in data if values.size]
    if not present:
        ax.text(0.5, 0.5, "no runs to show", ha="center", va="center", transform=ax.transAxes)
        return
    low = min(values.min() for values in present)
    high = max(values.max() for values in present)
    edges = np.linspace(low, high, 21) if high > low else np.array([low - 0.5, low + 0.5])
    # Side-by-side bars: two sides often agree on the same size, and overlaid bars would hide one.
    ax.hist(data, bins=list(edges), label=labels, color=list(colours[:len(data)]), edgecolor="white")
    ax.set_ylabel("runs")
    ax.legend(fontsize=8, frameon=False)
