"""The two time axes the run figures share: the talks in hours, and the whole run in days.

Talks are short and dense (offers minutes apart) with the odd long wait inside them (a leader
taking half a day over a referral), while execution comes days later. The talks panel
therefore cuts each long idle wait out of its axis and draws it as a hatched break that says
how long it was; what is left is linear, so durations can be read off it. The run panel is
plain days with the stretch the talks panel covers shaded. Both keep data in real time
units, so line data stay readable and a Jupyter cursor shows real times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator
from numpy.typing import NDArray

from sim.plots._common import days_label
from sim.talks.result import Result

BREAK_SHARE = 0.06
"""Width of a cut-out idle wait, as a share of the time the talks panel shows."""
TALKS_SHADE = "#fff3c4"
NICE_STEPS = [1, 2, 2.5, 5, 10]
TimeMap = Callable[[NDArray[np.float64]], NDArray[np.float64]]
"""Maps real times to places on a cut axis, or back."""


def talks_unit(talks_days: float) -> tuple[str, float]:
    """Hours for talks up to three days long, else days; with the number of units in a day."""
    return ("h", 24.0) if talks_days <= 3.0 else ("days", 1.0)


def runs_on_after_talks(result: Result, talks_until: float) -> bool:
    """Whether the run goes on after its talks for long enough that a panel of the whole run adds
    something: events after the talks, and talks short enough to be drawn in hours. Talks that
    take days are drawn on the whole run's axis, so a second panel would only repeat them."""
    later = any(event.time > talks_until for event in result.events)
    return later and talks_unit(talks_until)[0] == "h"


def talks_xlabel(result: Result, unit: str) -> str:
    """The talks panel's x label: hours from the opening, or days naming day 0 (`days_label`)."""
    return "hours from the opening of talks" if unit == "h" else days_label(result)


def split_panels(figure: Figure, both: bool, width_ratios: Sequence[float]) -> tuple[Axes, Axes | None]:
    """A talks panel and, when `both`, a run panel to its right sharing its y axis."""
    if not both:
        return figure.subplots(), None
    talks_ax, run_ax = figure.subplots(1, 2, sharey=True, width_ratios=list(width_ratios))
    run_ax.tick_params(axis="y", left=False)
    return talks_ax, run_ax


def run_axis(ax: Axes, result: Result, talks_until: float) -> None:
    """Days from 0 to the end of the run, the stretch of the talks shaded and labelled."""
    end = max([result.outcome.end_day, *(event.time for event in result.events)])
    ax.axvspan(0.0, talks_until, color=TALKS_SHADE, zorder=0)
    ax.text(talks_until, 0.99, " talks", transform=ax.get_xaxis_transform(), ha="left", va="top",
            fontsize=8, color="0.45")
    ax.set_xlim(-0.02 * end, 1.02 * end)
    ax.set_xlabel(days_label(result))


def talks_axis(ax: Axes, times: Sequence[float], unit: str, max_ticks: int = 8) -> None:
    """Cut the long idle waits out of the x axis; ticks stay in real time on each segment."""
    start, stop = (min(times), max(times)) if times else (0.0, 1.0)
    gaps = idle_gaps(times)
    kept = max(stop - start - sum(high - low for low, high in gaps), 1e-3)
    width = BREAK_SHARE * kept
    forward, inverse = _scale_functions(gaps, width)
    if gaps:
        ax.set_xscale("function", functions=(forward, inverse))
    pad = 0.03 * (kept + width * len(gaps))
    ax.set_xlim(start - pad, stop + pad)
    bounds = [start, *[edge for gap in gaps for edge in gap], stop]
    segments = list(zip(bounds[::2], bounds[1::2], strict=True))
    shown = kept + width * len(gaps)
    ticks = _spread(_segment_ticks(segments, kept, max_ticks), forward, shown / (2 * max_ticks))
    digits = max(0, 1 - int(np.floor(np.log10(kept))))
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _label(value, digits)))
    ax.xaxis.set_minor_locator(FixedLocator([]))
    for low, high in gaps:
        _draw_break(ax, low, high, unit)


def _label(value: float, digits: int) -> str:
    """`value` to `digits` decimals, without trailing zeros: 2, 2.5, 24.6."""
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _draw_break(ax: Axes, low: float, high: float, unit: str) -> None:
    ax.axvspan(low, high, facecolor="0.96", edgecolor="0.7", hatch="///", linewidth=0, zorder=1)
    ax.text((low + high) / 2, 0.5, f"{high - low:.1f} {unit} idle", rotation=90, ha="center",
            va="center", fontsize=8, color="0.3", transform=ax.get_xaxis_transform(), zorder=2,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})


def idle_gaps(times: Sequence[float], max_breaks: int = 4) -> list[tuple[float, float]]:
    """The waits worth cutting out: the longest few, each a fifth of the span or more and ten
    times the typical spacing of events, so a wait is cut only when it dwarfs the action."""
    points = sorted(set(times))
    gaps = list(zip(points, points[1:], strict=False))
    if not gaps:
        return []
    span = points[-1] - points[0]
    typical = float(np.median([high - low for low, high in gaps]))
    longest = sorted(gaps, key=lambda gap: gap[0] - gap[1])[:max_breaks]
    return sorted(gap for gap in longest if gap[1] - gap[0] >= max(0.2 * span, 10.0 * typical))


def _scale_functions(
    gaps: list[tuple[float, float]], width: float
) -> tuple[TimeMap, TimeMap]:
    """Piecewise-linear forward and inverse maps that shrink each gap to `width`."""
    far = 1e9
    real, shown, shift = [-far], [-far], 0.0
    for low, high in gaps:
        real += [low, high]
        shown += [low - shift, low - shift + width]
        shift += high - low - width
    real.append(far)
    shown.append(far - shift)

    def forward(values: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.interp(values, real, shown)

    def inverse(values: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.interp(values, shown, real)

    return forward, inverse


def _segment_ticks(segments: list[tuple[float, float]], kept: float, max_ticks: int) -> list[list[float]]:
    """Round ticks inside each shown segment, more on longer ones, longest segment first; a
    segment too short for a round tick gets one at its middle (its label is rounded)."""
    ticks: list[list[float]] = []
    for low, high in sorted(segments, key=lambda segment: segment[0] - segment[1]):
        bins = max(1, round(max_ticks * (high - low) / kept))
        locator = MaxNLocator(nbins=bins, steps=NICE_STEPS)
        values = [float(v) for v in locator.tick_values(low, high) if low <= v <= high]
        middle = (low + high) / 2
        ticks.append(sorted(values, key=lambda v: abs(v - middle)) or [middle])
    return ticks


def _spread(ticks: list[list[float]], forward: TimeMap, gap: float) -> list[float]:
    """Ticks at least `gap` apart on screen: one per segment first, then the rest as they fit."""
    ordered = [segment[0] for segment in ticks if segment] + [t for segment in ticks for t in segment[1:]]
    places = forward(np.asarray(ordered, dtype=np.float64)).tolist()
    chosen: dict[float, float] = {}
    for tick, place in zip(ordered, places, strict=True):
        if all(abs(place - other) >= gap for other in chosen.values()):
            chosen[tick] = place
    return sorted(chosen)
