"""Figures of one run, drawn with matplotlib: the timeline, trust, the concession trace, and
the bargaining set with the run's offers and deal.

Each `plot_*` function takes a `Result` (`plot_agreements`: many runs' agreements) and
returns a new `matplotlib.figure.Figure`; none touches pyplot or the global backend, so
they work headless, in scripts and in Jupyter (where a returned Figure displays itself).
`save_run_plots` writes the run figures as PNGs into a folder, each one written under a
temporary name and moved into place, so an interrupted run never leaves a half-written
image behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure

from sim.files import replacing
from sim.plots._common import RunFigure
from sim.plots.bargaining import plot_agreements, plot_bargaining
from sim.plots.channel import plot_channel
from sim.plots.concessions import plot_concessions
from sim.plots.timeline import plot_timeline
from sim.plots.trust import plot_trust, trust_moves
from sim.talks.result import Result

__all__ = ["RunFigure", "plot_agreements", "plot_bargaining", "plot_channel", "plot_concessions", "plot_timeline",
           "plot_trust", "save_run_plots"]

FIGURES: dict[str, Callable[[Result], Figure]] = {
    "timeline.png": plot_timeline,
    "trust.png": plot_trust,
    "concessions.png": plot_concessions,
    "bargaining.png": plot_bargaining,
}
CHANNEL_FIGURES: dict[str, Callable[[Result], Figure]] = {
    "channel.png": plot_channel,
    "trust.png": plot_trust,
}
"""A channel run's figures: the timeline and concessions of one round do not fit months of rounds."""


def save_run_plots(result: Result, folder: Path, dpi: int = 120) -> list[Path]:
    """Write `timeline.png`, `trust.png`, `concessions.png` and `bargaining.png` into `folder` (for a channel
    run `channel.png` and `trust.png`; no `trust.png` when trust never moved); return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    figures = FIGURES if result.channel is None else CHANNEL_FIGURES
    if len(result.scenario.parties) > 2:  # the bargaining set is drawn for two parties for now
        figures = {name: draw for name, draw in figures.items() if name != "bargaining.png"}
    return [save_figure(draw(result), folder / name, dpi) for name, draw in figures.items()
            if draw is not plot_trust or trust_moves(result)]


def save_figure(figure: Figure, path: Path, dpi: int = 120) -> Path:
    """Save `figure` as a PNG at `path` atomically: write a temporary file beside it, then
    replace. The temporary file is created with the usual permissions (subject to umask)."""
    with replacing(path) as temporary:
        figure.savefig(temporary, format="png", dpi=dpi)
    return path
