"""Trust over one run: how far each side trusted the other, from the first day to the last.

Each party's trust in the other is a step line that starts at the scenario's initial value
(a hollow circle) and moves at every `trust_changed` event; a marker on each move says why
it happened (its shape names the reason in the legend, its colour the party). Trust often
moves twice in the first hour of talks and then not for days, so when it moved during talks
of hours and the run went on after them, a narrow left panel shows the talks in hours, on
the same cut axis as the timeline's, next to the whole run in days. A channel run (rounds over
months) is drawn over calendar dates, as its exchanges are, with no talks shading. A run in
which trust never moved gets no trust figure (`trust_moves`): two flat lines say nothing.
With more than two parties each pair (a party and the side it trusts) gets a panel of its own.
"""

from __future__ import annotations

from itertools import cycle

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.plots._common import RunFigure, caption, events_of, other_party, party_colour, talks_end, title
from sim.plots._timeaxis import days_label, run_axis, split_panels, talks_axis, talks_unit, talks_xlabel
from sim.runtime.events import EventKind
from sim.talks.result import Result

KNOWN_REASONS: dict[str, str] = {
    "low-authority delegation": "v",
    "names disputed": "s",
    "deal vetoed": "X",
    "stage executed": "^",
    "stage failed": "P",
    "deal scrapped": "p",
}
"""The reasons the engine itself gives keep one marker in every run, so runs can be compared."""
OTHER_MARKERS = ("D", "o", "h", "<", ">", "*", "H", "8", "d")
"""Markers for any other reason (the names of outside events), in order of first occurrence."""
LINE_WIDTHS = (3.2, 1.6)
"""The first party's line is wider and drawn below, so it shows round the other where they meet."""


def trust_moves(result: Result) -> bool:
    """Whether trust moved at all in the run (a figure of two flat lines is not drawn)."""
    return any(True for _ in events_of(result, EventKind.TRUST_CHANGED))


def plot_trust(result: Result) -> Figure:
    """Each side's trust in the other over the run, y from 0 to 1, moves marked by reason."""
    if result.channel is not None and result.scenario.start_date is not None:
        return _plot_channel_trust(result)
    if len(result.scenario.parties) > 2:
        return _plot_trust_pairs(result)
    end = talks_end(result)
    later = any(event.time > end for event in result.events)
    early = any(event.time <= end for event in events_of(result, EventKind.TRUST_CHANGED))
    early = early and talks_unit(end)[0] == "h"  # talks that take days read well on the run's axis
    figure = RunFigure(figsize=(13.0 if later and early else 10.0, 5.0), layout="constrained")
    talks_ax, run_ax = split_panels(figure, later and early, (1.0, 2.0))
    markers = reason_markers(result)
    if later and not early:
        _draw_lines(talks_ax, result, markers, 1.0)
        run_axis(talks_ax, result, end)
    else:
        _draw_talks(talks_ax, result, markers, end, 4 if later else 10)
    if run_ax is not None:
        _draw_lines(run_ax, result, markers, 1.0)
        run_axis(run_ax, result, end)
        run_ax.set_title("Whole run", loc="left", fontsize=10)
    talks_ax.set_ylim(0.0, 1.0)
    talks_ax.set_ylabel("trust in the other side")
    figure.legend(handles=_legend_handles(result, markers), loc="outside right center", fontsize=9,
                  frameon=False)
    title(figure, result, "Trust")
    caption(figure, "Each side's trust in the other, 0 to 1: look for the events (marker shapes) that move it "
            "and whether the sides end up apart.")
    return figure


def _plot_channel_trust(result: Result) -> Figure:
    """A channel's trust over calendar dates, like its exchanges, with no talks shading (rounds are spread out)."""
    import matplotlib.dates as mdates

    start = result.scenario.start_date
    assert start is not None, "a dated channel"
    figure = RunFigure(figsize=(10.0, 5.0), layout="constrained")
    ax = figure.subplots()
    markers = reason_markers(result)
    _draw_lines(ax, result, markers, 1.0, offset=float(mdates.date2num(start)))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("date")
    ax.set_ylim(0.0, 1.0)
    ax.set_ylabel("trust in the other side")
    figure.legend(handles=_legend_handles(result, markers), loc="outside right center", fontsize=9, frameon=False)
    title(figure, result, "Trust")
    caption(figure, "Each side's trust in the other over the channel's dates: look for the exchanges and outside "
            "events that move it.")
    return figure


def _plot_trust_pairs(result: Result) -> Figure:
    """Many parties: one small panel per pair (a party and the side it trusts), on shared axes over the run."""
    parties = result.scenario.party_ids
    columns = min(4, len(parties))
    rows = -(-len(parties) // columns)
    figure = RunFigure(figsize=(3.2 * columns + 2.4, 0.6 + 2.3 * rows), layout="constrained")
    grid = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    markers = reason_markers(result)
    end = max([result.outcome.end_day, *(event.time for event in result.events)])
    for place, ax in enumerate(grid.flat):
        if place >= len(parties):
            ax.set_visible(False)
            continue
        party = parties[place]
        _draw_party(ax, result, party, markers, 1.0, end)
        ax.grid(axis="y", color="0.9")
        ax.set_title(f"{party} trusts {_trusted(result, party)}", loc="left", fontsize=9)
        ax.set_ylim(0.0, 1.0)
        if place % columns == 0:
            ax.set_ylabel("trust")
        if place >= len(parties) - columns:
            ax.set_xlabel("day")
            ax.tick_params(labelbottom=True)
    figure.legend(handles=_legend_handles(result, markers)[len(parties):], loc="outside right center", fontsize=9,
                  frameon=False)
    title(figure, result, "Trust, one panel per pair")
    caption(figure, f"Each party's trust in the side across the table, 0 to 1, over {days_label(result)}: look for "
            "the events (marker shapes) that move it and which pairs end up apart.")
    return figure


def _draw_talks(ax: Axes, result: Result, markers: dict[str, str], end: float, max_ticks: int) -> None:
    """The talks alone, on the cut hours axis the timeline uses for them."""
    unit, per_day = talks_unit(end)
    _draw_lines(ax, result, markers, per_day, until=end)
    talks_axis(ax, [event.time * per_day for event in result.events if event.time <= end], unit, max_ticks)
    ax.set_xlabel(talks_xlabel(result, unit))
    ax.set_title("Talks and ratification", loc="left", fontsize=10)


def reason_markers(result: Result) -> dict[str, str]:
    """A marker shape for each reason trust moved, in the order the reasons first occur."""
    reasons: dict[str, str] = {}
    shapes = cycle(OTHER_MARKERS)
    for event in events_of(result, EventKind.TRUST_CHANGED):
        reason = str(event.payload.get("reason", ""))
        if reason not in reasons:
            reasons[reason] = KNOWN_REASONS.get(reason) or next(shapes)
    return reasons


def _draw_lines(ax: Axes, result: Result, markers: dict[str, str], per_day: float,
                until: float | None = None, offset: float = 0.0) -> None:
    """Both parties' lines, in `per_day` units a day from `offset`, running on to `until` (default: the end)."""
    end = max([result.outcome.end_day, *(event.time for event in result.events)]) if until is None else until
    for party in result.scenario.party_ids:
        _draw_party(ax, result, party, markers, per_day, end * per_day, offset)
    ax.grid(axis="y", color="0.9")


def _draw_party(ax: Axes, result: Result, party: str, markers: dict[str, str], per_day: float,
                end: float, offset: float = 0.0) -> None:
    """The party's trust as a step line (gid `trust:<party>`) and its moves (gid `moves:<party>`)."""
    colour = party_colour(result, party)
    width = LINE_WIDTHS[min(result.scenario.party_ids.index(party), len(LINE_WIDTHS) - 1)]
    changes = [event for event in events_of(result, EventKind.TRUST_CHANGED)
               if event.actor == party and event.time * per_day <= end]
    times = [offset + event.time * per_day for event in changes]
    values = [float(event.payload["after"]) for event in changes]
    initial = result.scenario.parties[party].trust.initial
    ax.step([offset, *times, offset + end], [initial, *values, values[-1] if values else initial], where="post",
            color=colour, linewidth=width, gid=f"trust:{party}", zorder=2)
    ax.plot([offset], [initial], linestyle="none", marker="o", markersize=8, markerfacecolor="white",
            color=colour, markeredgewidth=1.5, gid=f"initial:{party}", zorder=3)
    for event, time, value in zip(changes, times, values, strict=True):
        ax.plot([time], [value], linestyle="none", marker=markers[str(event.payload.get("reason", ""))],
                color=colour, markersize=8, markeredgecolor="white", gid=f"moves:{party}", zorder=3)


def _legend_handles(result: Result, markers: dict[str, str]) -> list[Line2D]:
    """Parties' lines, the initial-value circle, then one grey marker per reason."""
    handles = [Line2D([], [], color=party_colour(result, p), linewidth=LINE_WIDTHS[min(i, len(LINE_WIDTHS) - 1)],
                      label=f"{p} trusts {_trusted(result, p)}")
               for i, p in enumerate(result.scenario.party_ids)]
    handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", color="0.35",
                          label="initial trust"))
    handles += [Line2D([], [], linestyle="none", marker=marker, color="0.35", markeredgecolor="white",
                       markersize=8, label=f"moved: {reason}") for reason, marker in markers.items()]
    return handles


def _trusted(result: Result, party: str) -> str:
    """Whom `party`'s trust is in: the other party, or with blocs the other side (as `final_trust` names it)."""
    return next((key.split("->", 1)[1] for key in result.outcome.final_trust if key.startswith(f"{party}->")),
                other_party(result, party)) or "the others"
