"""Where a run's deal sits in its bargaining set, and where many runs' deals fall.

`plot_bargaining` draws, in utility coordinates (first party across, second up), every
outcome of the model's space as a light cloud (a 2-D histogram when there are many), the
outcomes both sides may accept under their ratio limits a shade darker, the Pareto frontier
of those, the disagreement point, the Nash, Kalai-Smorodinsky and maximum-welfare points,
each side's offers coloured by when they were made, and the agreement. With captives on the
table a dashed line shows the frontier if lists could name any subset of the rosters. The
left panel shows the whole space; the right one zooms in on the frontier, offers and deal.
Positions are utilities at the opening of talks (see `sim.analysis.bargaining`).

`plot_agreements` is for sweeps: the agreements of many runs against one frontier, and a
histogram of their distances to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from numpy.typing import NDArray

from sim.analysis.bargaining import BargainingSet, bargaining_set
from sim.analysis.deal import agreed_outcome
from sim.analysis.frontier import distance_to_frontier
from sim.analysis.subsets import subset_problem, supported_frontier
from sim.plots._common import PARTY_COLOURS, RunFigure, caption, title
from sim.runtime.events import EventKind
from sim.runtime.messages import party_of
from sim.talks.result import Result

FloatArray = NDArray[np.float64]

AGREEMENT_POINTS_LIMIT = 2_000
"""Above this many agreements the sweep figure draws their density instead of the points."""
CLOUD_LIMIT = 20_000
"""Above this many outcomes the cloud is drawn as a 2-D histogram instead of points."""
SOLUTION_STYLE: dict[str, tuple[str, str, str, float]] = {  # solutions on one point are drawn once
    "nash": ("D", "#1b9e77", "Nash", 19.0),
    "kalai": ("s", "#7570b3", "Kalai-Smorodinsky", 14.0),
    "max_welfare": ("^", "#e7298a", "max welfare", 10.0),
}
"""Marker, colour, legend label and size of each bargaining solution: hollow and nested, so
solutions that coincide (as they often do) and a deal on top of them all stay visible."""


def plot_bargaining(result: Result, bargaining: BargainingSet | None = None) -> Figure:
    """The run's bargaining set with its offers and agreement: whole space left, close-up right."""
    if bargaining is None:
        bargaining = bargaining_set(result.scenario, result.seed)
    figure = RunFigure(figsize=(13.0, 6.0), layout="constrained")
    whole, close = figure.subplots(1, 2)
    offers = _offers(result, bargaining)
    agreed = agreed_outcome(result)
    agreement = bargaining.utilities(agreed) if agreed is not None else None
    hull = _subset_hull(bargaining)
    for ax in (whole, close):
        _draw_space(ax, bargaining, scale=ax is whole)
        if hull is not None:
            ax.plot(hull[:, 0], hull[:, 1], color="0.35", linestyle="--", linewidth=1.0, gid="subset-hull",
                    label="frontier if lists were any subsets")
        _draw_frontier(ax, bargaining)
        _draw_offers(ax, result, offers)
        _draw_points(ax, bargaining, agreement)
        ax.set_xlabel(f"utility to {bargaining.parties[0]}")
        ax.set_ylabel(f"utility to {bargaining.parties[1]}")
        ax.grid(color="0.93")
    whole.set_xlim(-0.02, 1.02)
    whole.set_ylim(-0.02, 1.02)
    whole.set_aspect("equal")
    whole.set_title("Whole outcome space", loc="left", fontsize=10)
    _zoom(close, bargaining, agreement)
    close.set_title("Close-up: the individually rational frontier and the deal", loc="left", fontsize=10)
    handles, labels = close.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside right center", fontsize=9, frameon=False)
    title(figure, result, "Bargaining set")
    caption(figure, "Every possible deal by its worth to each side: look for how far the star (the deal) sits from "
            "the black frontier and from the Nash point.")
    return figure


def plot_agreements(
    agreements: FloatArray,
    frontier: FloatArray,
    parties: Sequence[str] = ("first party", "second party"),
    disagreement: tuple[float, float] | None = None,
    solutions: Mapping[str, tuple[float, float]] | None = None,
    heading: str = "Agreements against the Pareto frontier",
    distances: FloatArray | None = None,
) -> Figure:
    """Many runs' agreements (rows of utility pairs; NaN rows, runs without a deal, are left out)
    against one frontier: where they fall, and a histogram of their distance to the frontier.

    `distances` (one per row of `agreements`) replaces the distances measured to the drawn
    frontier: a sweep passes each run's distance to its own frontier, which differs from the
    drawn one when rosters carry value noise or swept parameters change the utilities."""
    agreements = np.asarray(agreements, dtype=np.float64).reshape(-1, 2)
    frontier = np.asarray(frontier, dtype=np.float64).reshape(-1, 2)
    kept = ~np.isnan(agreements).any(axis=1)
    agreements = agreements[kept]
    given = None if distances is None else np.asarray(distances, dtype=np.float64).reshape(-1)[kept]
    figure = RunFigure(figsize=(12.0, 5.0), layout="constrained")
    cloud, spread = figure.subplots(1, 2, width_ratios=(1.3, 1.0))
    order = np.argsort(frontier[:, 0], kind="stable")
    cloud.plot(frontier[order, 0], frontier[order, 1], color="black", linewidth=1.2, marker=".", markersize=3,
               gid="frontier", label="Pareto frontier")
    if agreements.shape[0] > AGREEMENT_POINTS_LIMIT:
        density = cloud.hexbin(agreements[:, 0], agreements[:, 1], gridsize=50, mincnt=1, cmap="viridis",
                               linewidths=0.0, gid="agreements")
        figure.colorbar(density, ax=cloud, label="agreements per cell")
    elif agreements.size:
        cloud.scatter(agreements[:, 0], agreements[:, 1], s=28, color="#e6ab02", edgecolors="black",
                      linewidths=0.5, alpha=0.6, zorder=3, gid="agreements", label="agreements")
    if disagreement is not None:
        cloud.plot(*disagreement, marker="X", color="black", markersize=9, linestyle="none",
                   gid="disagreement", label="disagreement point")
    _draw_solutions(cloud, solutions or {}, zorder=4)
    cloud.set_xlabel(f"utility to {parties[0]}")
    cloud.set_ylabel(f"utility to {parties[1]}")
    cloud.legend(fontsize=9, loc="lower left")
    cloud.grid(color="0.93")
    measured = given if given is not None else np.array(
        [distance_to_frontier((float(a), float(b)), frontier) for a, b in agreements])
    spread.hist(measured, bins=30, color="#4d4d4d", gid="distances")
    whose = "its own run's" if given is not None else "the"
    spread.set_xlabel(f"distance to {whose} Pareto frontier (utility units; 0 = on it)")
    spread.set_ylabel("runs")
    spread.yaxis.set_major_locator(MaxNLocator(integer=True))
    on_frontier = int(np.count_nonzero(measured == 0.0))
    spread.set_title(f"{agreements.shape[0]} agreements, {on_frontier} on the frontier", loc="left", fontsize=10)
    figure.suptitle(heading)
    return figure


def merged_solutions(points: Mapping[str, tuple[float, float]]) -> list[tuple[str, str, tuple[float, float]]]:
    """Solutions that fall on one point drawn once: (gid names joined by `+`, legend label joined by ` = `,
    point), in `SOLUTION_STYLE` order; the first name's marker stands for the group."""
    groups: dict[tuple[float, float], list[str]] = {}
    for name, point in points.items():
        groups.setdefault((round(float(point[0]), 9), round(float(point[1]), 9)), []).append(name)
    merged = []
    for names in groups.values():
        labels = [SOLUTION_STYLE.get(name, ("o", "0.3", name, 10.0))[2] for name in names]
        merged.append(("+".join(names), " = ".join(labels), points[names[0]]))
    return merged


def _draw_solutions(ax: Axes, points: Mapping[str, tuple[float, float]], zorder: int) -> None:
    """One hollow marker per distinct solution point (gid `solution:<names>`), labelled with every solution on it."""
    for names, label, point in merged_solutions(points):
        marker, colour, _, size = SOLUTION_STYLE.get(names.split("+")[0], ("o", "0.3", names, 10.0))
        ax.plot(*point, marker=marker, markersize=size, markerfacecolor="none", markeredgecolor=colour,
                markeredgewidth=2.0, linestyle="none", zorder=zorder, gid=f"solution:{names}", label=label)


def _offers(result: Result, bargaining: BargainingSet) -> dict[str, tuple[FloatArray, FloatArray]]:
    """Each party's offers as (utility pairs at the opening, times in days)."""
    found: dict[str, tuple[FloatArray, FloatArray]] = {}
    for party in bargaining.parties:
        events = [e for e in result.events if e.kind is EventKind.OFFER and party_of(e.actor) == party]
        outcomes = np.array([int(e.payload["outcome"]) for e in events], dtype=np.int64)
        found[party] = (bargaining.points(outcomes), np.array([e.time for e in events]))
    return found


def _subset_hull(bargaining: BargainingSet) -> FloatArray | None:
    if not bargaining.scenario.has_prisoners:
        return None
    problem = subset_problem(bargaining.valuation)
    return supported_frontier(problem.items, problem.groups, problem.base).vertices


def _draw_space(ax: Axes, bargaining: BargainingSet, scale: bool = False) -> None:
    """The outcomes as points, or above `CLOUD_LIMIT` as a density (with its colour bar when `scale`)."""
    everything = bargaining.points(np.arange(bargaining.valuation.space.size, dtype=np.int64))
    analysed = bargaining.points(bargaining.considered)
    if everything.shape[0] > CLOUD_LIMIT:
        density = ax.hexbin(everything[:, 0], everything[:, 1], gridsize=80, bins="log", mincnt=1, cmap="Greys",
                            alpha=0.45, linewidths=0.0, gid="outcomes")
        ax.scatter([], [], s=25, marker="h", color="0.7", label="outcomes (grey density, log scale)")
        if scale:
            ax.figure.colorbar(density, ax=ax, label="outcomes per cell (log scale)", shrink=0.8)
    else:
        ax.scatter(everything[:, 0], everything[:, 1], s=5, color="0.85", linewidths=0.0, gid="outcomes",
                   label="outcomes")
    if bargaining.respects_ratio_limits and analysed.shape[0] < everything.shape[0]:
        ax.scatter(analysed[:, 0], analysed[:, 1], s=7, color="0.55", linewidths=0.0, gid="analysed",
                   label="within both ratio limits")


def _draw_frontier(ax: Axes, bargaining: BargainingSet) -> None:
    points = bargaining.frontier_points
    # A staircase, not a polyline: between two frontier outcomes there is no outcome on the line.
    ax.plot(points[:, 0], points[:, 1], color="black", linewidth=1.0, drawstyle="steps-pre", marker="o",
            markersize=3.5, gid="frontier", label="Pareto frontier (ratio limits kept)")


def _draw_offers(ax: Axes, result: Result, offers: dict[str, tuple[FloatArray, FloatArray]]) -> None:
    end = max([float(times.max()) for _, times in offers.values() if times.size], default=1.0) or 1.0
    for position, (party, (points, times)) in enumerate(offers.items()):
        if not times.size:
            continue
        colour = PARTY_COLOURS[position]
        ramp = LinearSegmentedColormap.from_list(f"time-{party}", ["#f2f2f2", colour])
        ax.plot(points[:, 0], points[:, 1], color=colour, linewidth=0.6, alpha=0.5, zorder=3)
        ax.scatter(points[:, 0], points[:, 1], c=times / end, cmap=ramp, vmin=-0.3, vmax=1.0, s=30,
                   edgecolors=colour, linewidths=0.8, zorder=4, gid=f"offers:{party}",
                   label=f"offers by {party} (darker = later)")


def _draw_points(ax: Axes, bargaining: BargainingSet, agreement: tuple[float, float] | None) -> None:
    ax.plot(*bargaining.disagreement, marker="X", color="black", markersize=10, linestyle="none", zorder=5,
            gid="disagreement", label="disagreement point")
    points = {name: point for name in SOLUTION_STYLE if (point := bargaining.point(name)) is not None}
    _draw_solutions(ax, points, zorder=7)
    if agreement is not None:
        ax.plot(*agreement, marker="*", color="#e6ab02", markersize=15, markeredgecolor="black", linestyle="none",
                zorder=6, gid="agreement", label="agreement")


def _zoom(ax: Axes, bargaining: BargainingSet, agreement: tuple[float, float] | None) -> None:
    """Limit the close-up to the disagreement point, the frontier's rational part, the solutions and the deal."""
    shown = [np.asarray([bargaining.disagreement])]
    rational = bargaining.frontier_points
    rational = rational[(rational[:, 0] >= bargaining.disagreement[0]) & (rational[:, 1] >= bargaining.disagreement[1])]
    shown.append(rational if rational.size else bargaining.frontier_points)
    shown += [np.asarray([point]) for name in SOLUTION_STYLE if (point := bargaining.point(name)) is not None]
    shown += [np.asarray([agreement])] if agreement is not None else []
    every = np.vstack(shown)
    low, high = every.min(axis=0), every.max(axis=0)
    pad = np.maximum((high - low) * 0.08, 0.01)
    ax.set_xlim(low[0] - pad[0], high[0] + pad[0])
    ax.set_ylim(low[1] - pad[1], high[1] + pad[1])
