"""Figures of a sweep table: outcome distributions, agreement against each swept parameter,
a heatmap of agreement when exactly two parameters are swept, and, for single-round
scenarios, the agreements in utility coordinates against one Pareto frontier.

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

from sim.analysis.bargaining import SOLUTION_NAMES, BargainingSet, depends_on_seed
from sim.experiments.summary import agreement_rates, with_gates
from sim.plots import save_figure
from sim.plots._common import PARTY_COLOURS, RunFigure, caption, parameter_words
from sim.plots.bargaining import plot_agreements

if TYPE_CHECKING:
    import pandas as pd

MAX_LEVELS = 12
"""A parameter with more distinct values than this is binned."""
BINS = 8
OUTCOME_SERIES = (("agreed_at_table", "agreed at the table", PARTY_COLOURS[0], -0.04),
                  ("executed", "executed", PARTY_COLOURS[1], 0.04))
"""What the parameter plot shows: a deal reached (it may still be vetoed or fail) and one carried out."""
HEATMAP_BINS = 6


def plot_sweep_outcomes(table: pd.DataFrame, parties: Sequence[str], name: str = "") -> Figure:
    """Four panels: how runs ended, agreed sizes each way, day of agreement, final trust each way."""
    figure = RunFigure(figsize=(11.0, 7.5), layout="constrained")
    status_ax, size_ax, day_ax, trust_ax = figure.subplots(2, 2).flat
    ok = table[table["error"] == ""]
    _status_bars(status_ax, table)
    agreed = ok[with_gates(ok)["agreed_at_table"].fillna(False).astype(bool)]
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
    caption(figure, "Look for how many runs end executed rather than merely agreed at the table, and how the agreed "
            "sizes and final trust spread.")
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
        ax.set_xlabel(parameter_words(parameter), fontsize=9)
        ax.set_ylabel("share of runs")
        ax.grid(axis="y", alpha=0.3)
    for ax in axes[len(parameters):]:
        ax.set_visible(False)
    pooled = "; other parameters pooled" if len(parameters) > 1 else ""
    heading = "Agreed at the table and executed, against each parameter" + (f": {name}" if name else "")
    figure.suptitle(heading, fontsize=11)
    caption(figure, f"A gap between the two lines is deals lost to vetoes, scrapping or failed stages (bars: 95% "
            f"Wilson intervals{pooled}).")
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
        ax.set_xlabel(parameter_words(x))
        ax.set_title(f"share of runs: {label}", loc="left", fontsize=10)
    axes[0].set_ylabel(parameter_words(y))
    if image is not None:
        figure.colorbar(image, ax=list(axes), label="share of runs", shrink=0.9)
    figure.suptitle("Outcome over two parameters" + (f": {name}" if name else ""))
    caption(figure, "Each cell is the share of runs at that pair of values (n: runs; empty: no runs): look for the "
            "corner where deals are reached and carried out.")
    return figure


def plot_sweep_agreements(table: pd.DataFrame, bargaining: BargainingSet, seed: int, name: str = "") -> Figure:
    """Every run's agreement against the frontier of `bargaining` (the base scenario with `seed`).

    Each agreement is placed by its run's `deal_utility_*` columns, measured in that run's own
    bargaining set (its point and seed), and the histogram shows `deal_pareto_distance`, the
    distance to the run's own frontier. The frontier and the Nash and Kalai points drawn are
    the base scenario's for one seed: with value noise on the rosters or swept parameters that
    change utilities, each run's own frontier differs a little, and the heading says so.
    """
    first, second = bargaining.parties
    ok = table[table["error"] == ""]
    agreements = ok[[f"deal_utility_{first}", f"deal_utility_{second}"]].to_numpy(dtype=float)
    distances = ok["deal_pareto_distance"].to_numpy(dtype=float)
    solutions = {key: point for key in SOLUTION_NAMES if key != "max_welfare"
                 and (point := bargaining.point(key)) is not None}
    varies = [reason for reason, present in (
        ("value noise on the rosters", depends_on_seed(bargaining.scenario)),
        ("swept parameters", table["point"].nunique() > 1)) if present]
    caveat = (f"each run's own frontier differs ({' and '.join(varies)}), so the line is a guide and the histogram "
              "measures each run against its own" if varies else "every run shares this frontier")
    heading = f"Agreements of {len(ok)} runs" + (f": {name}" if name else "")
    figure = plot_agreements(agreements, bargaining.frontier_points, parties=bargaining.parties,
                             disagreement=bargaining.disagreement, solutions=solutions, heading=heading,
                             distances=distances)
    figure.set_size_inches(13.0, 6.3)
    figure.axes[0].set_title("Close-up on the deals, utilities at the opening of talks (no-deal runs left out)",
                             loc="left", fontsize=10)
    _zoom_on_deals(figure.axes[0], agreements, bargaining, [*solutions.values()])
    figure.axes[0].legend(fontsize=9, loc="upper left", framealpha=0.9)
    caption(figure, f"Look for how close the deals sit to the frontier (drawn for the base scenario with run 0's "
            f"seed); {caveat}.")
    return figure


def save_sweep_plots(table: pd.DataFrame, parameters: Sequence[str], parties: Sequence[str], folder: Path,
                     name: str = "", dpi: int = 110, bargaining: BargainingSet | None = None,
                     seed: int = 0) -> list[Path]:
    """Write `outcomes.png`, with swept parameters `agreement.png` (and `heatmap.png` for two), and,
    given the base scenario's `bargaining` set (drawn at `seed`) and a table with deal columns,
    `agreements.png`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [save_figure(plot_sweep_outcomes(table, parties, name), folder / "outcomes.png", dpi)]
    if parameters:
        written.append(save_figure(plot_agreement_by_parameter(table, parameters, name),
                                   folder / "agreement.png", dpi))
    if len(parameters) == 2:
        written.append(save_figure(plot_agreement_heatmap(table, parameters[0], parameters[1], name),
                                   folder / "heatmap.png", dpi))
    if bargaining is not None and "deal_pareto_distance" in table.columns:
        written.append(save_figure(plot_sweep_agreements(table, bargaining, seed, name),
                                   folder / "agreements.png", dpi))
    return written


def _zoom_on_deals(ax: Axes, agreements: np.ndarray, bargaining: BargainingSet,
                   solutions: list[tuple[float, float]]) -> None:
    """Limit the axes to the deals, the disagreement point, the solutions and the frontier's rational part."""
    frontier = bargaining.frontier_points
    low_d, high_d = bargaining.disagreement
    rational = frontier[(frontier[:, 0] >= low_d) & (frontier[:, 1] >= high_d)]
    shown = np.vstack([agreements[~np.isnan(agreements).any(axis=1)].reshape(-1, 2), rational.reshape(-1, 2),
                       np.asarray([bargaining.disagreement, *solutions], dtype=float).reshape(-1, 2)])
    low, high = shown.min(axis=0), shown.max(axis=0)
    pad = np.maximum((high - low) * 0.08, 0.01)
    ax.set_xlim(low[0] - pad[0], high[0] + pad[0])
    ax.set_ylim(low[1] - pad[1], high[1] + pad[1])


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
