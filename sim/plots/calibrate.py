"""The posterior of a calibration: one panel per parameter, the last generation's weighted
histogram over the prior range, with the median and the 10%-90% interval marked. No pyplot."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from sim.plots._common import PARTY_COLOURS, RunFigure, caption, parameter_words

if TYPE_CHECKING:
    from sim.calibrate.api import Calibration


def plot_posterior(fit: Calibration) -> Figure:
    """The last generation's weighted histogram per parameter over its prior range, with the uniform
    prior's level, the median and the 10%-90% interval marked."""
    count = len(fit.paths)
    figure = RunFigure(figsize=(4.2 * count + 0.6, 3.8), layout="constrained")
    panels = np.atleast_1d(figure.subplots(1, count))
    final = fit.posterior
    for index, (axes, path) in enumerate(zip(panels, fit.paths, strict=True)):
        low, high = fit.ranges[path]
        axes.hist(final.particles[:, index], bins=np.linspace(low, high, 21), weights=final.weights,
                  color=PARTY_COLOURS[0], alpha=0.7, label="posterior (weighted)")
        axes.axhline(1 / 20, color="#7f7f7f", linestyle=":", label="uniform prior")
        p10, p90 = fit.intervals[path]
        axes.axvspan(p10, p90, color=PARTY_COLOURS[1], alpha=0.15, label="10%-90%")
        axes.axvline(fit.medians[path], color=PARTY_COLOURS[1], linewidth=2, label=f"median {fit.medians[path]}")
        axes.set_xlim(low, high)
        axes.set_xlabel(parameter_words(path))
        axes.set_ylabel("posterior weight")
        axes.legend(fontsize="small", loc="best", framealpha=0.6)
    figure.suptitle(f"Posterior after generation {final.generation} ({final.simulations} simulations), "
                    f"data {fit.start.date()} to {fit.train_to.date()}", fontsize="medium")
    caption(figure, "A narrow peak well above the dotted prior level is a parameter the record pins down; a flat "
            "histogram is one it does not.")
    return figure
