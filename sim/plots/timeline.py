"""The timeline of one run: who did what, when, one horizontal lane per actor.

Every event of the run is a marker in its actor's lane, shaped and coloured by its kind. Each
mediator has a lane of its own (named with its style), where its drafts, its relays and the
moment it presses toward a deadline show; with several mediators their cadences can be read
side by side.
The talks are dense and short (offers minutes apart, all within hours) while execution
comes days later, so no single linear axis shows both. The figure therefore has two panels
sharing the lanes: on the left the talks and the leaders' rulings in hours, with long idle
waits (a leader mulling a referral) cut out of the axis and drawn as hatched breaks that say
how long they were; on the right the whole run in days, with the stretch the left panel
covers shaded. A symlog axis was the other choice, but it stretches the first minutes,
squeezes the offers together again behind any long wait, and cannot be read with a ruler;
two linear panels can. When nothing happens after the talks, or the talks take days (so the
whole run's axis shows them well), there is one panel. A run with an execution plan
(`execution.plan`) has each stage's events labelled with the stage's id on the whole-run
panel: which stage delivered the funds, which failed, which were cancelled because of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.plots._common import RunFigure, caption, talks_end, title
from sim.plots._timeaxis import run_axis, runs_on_after_talks, split_panels, talks_axis, talks_unit, talks_xlabel
from sim.runtime.events import Event, EventKind
from sim.talks.result import Result

STYLES: dict[EventKind, tuple[str, str, float]] = {
    EventKind.TALKS_OPENED: (">", "#1b9e77", 8.0),
    EventKind.DISPUTE: ("X", "#ff7f0e", 8.0),
    EventKind.DRAFT: ("s", "#7570b3", 7.0),
    EventKind.MEDIATOR_PRESSED: ("8", "#c51b7d", 9.0),
    EventKind.RELAYED: ("o", "#bdbdbd", 5.0),
    EventKind.OFFER: ("o", "#4d4d4d", 6.0),
    EventKind.RESPONSE: ("D", "#17becf", 6.0),
    EventKind.REFERRAL: ("^", "#a6761d", 8.0),
    EventKind.APPROVAL: ("P", "#66a61e", 8.0),
    EventKind.VETO: ("X", "#d62728", 9.0),
    EventKind.AGREEMENT: ("*", "#f0b400", 14.0),
    EventKind.TALKS_CLOSED: ("<", "#7f7f7f", 8.0),
    EventKind.TRUST_CHANGED: ("d", "#e7298a", 6.0),
    EventKind.EXOGENOUS: ("H", "#000000", 8.0),
    EventKind.STAGE_SLIPPED: ("v", "#fdae61", 8.0),
    EventKind.STAGE_EXECUTED: ("s", "#1a9641", 8.0),
    EventKind.STAGE_FAILED: ("h", "#8c2d04", 9.0),
    EventKind.DEAL_SCRAPPED: ("p", "#6a3d9a", 9.0),
    EventKind.ISSUE_DELIVERED: ("D", "#2c7fb8", 8.0),
    EventKind.STAGE_CANCELLED: ("X", "#969696", 8.0),
    EventKind.RUN_ENDED: ("8", "#08306b", 7.0),
}
"""Marker, colour and size of each kind of event, in the order the legend lists them; no two kinds share a colour."""

LANE_OFFSETS: dict[EventKind, float] = {EventKind.TRUST_CHANGED: 0.22}
"""Trust changes sit a little below their lane: they coincide with the event that caused them."""

WORLD_LANES = ("ratification", "execution", "table")


def plot_timeline(result: Result) -> Figure:
    """One lane per actor, one marker per event: the talks on the left, the whole run on the right."""
    lanes = lane_order(result)
    end = talks_end(result)
    later = runs_on_after_talks(result, end)
    figure = RunFigure(figsize=(14.0 if later else 9.0, 2.2 + 0.4 * len(lanes)), layout="constrained")
    talks_ax, run_ax = split_panels(figure, later, (3.0, 2.0))
    unit, per_day = talks_unit(end)
    if unit == "h" or not any(event.time > end for event in result.events):
        window = [event for event in result.events if event.time <= end]
        _draw_events(talks_ax, window, lanes, per_day)
        talks_axis(talks_ax, [event.time * per_day for event in window], unit, 12)
        talks_ax.set_xlabel(talks_xlabel(result, unit))
        talks_ax.set_title("Talks and ratification", loc="left", fontsize=10)
    else:  # talks of days and what followed them: one panel of the whole run, the talks shaded
        _draw_events(talks_ax, result.events, lanes, 1.0)
        _label_stages(talks_ax, result.events, lanes)
        run_axis(talks_ax, result, end)
        talks_ax.set_title("Whole run", loc="left", fontsize=10)
    talks_ax.set_yticks(range(len(lanes)), [lane_label(result, actor) for actor in lanes])
    talks_ax.set_ylim(len(lanes) - 0.5, -0.5)
    if run_ax is not None:
        _draw_events(run_ax, result.events, lanes, 1.0)
        _label_stages(run_ax, result.events, lanes)
        run_axis(run_ax, result, end)
        run_ax.set_title("Whole run", loc="left", fontsize=10)
    kinds = [kind for kind in STYLES if any(event.kind is kind for event in result.events)]
    figure.legend(handles=[_handle(kind) for kind in kinds], loc="outside right upper", frameon=False, fontsize=9)
    title(figure, result, "Timeline")
    caption(figure, "Each marker is one event in its actor's lane: look for where the talks stall, who refers "
            "and vetoes, and when the stages come.")
    return figure


def lane_order(result: Result) -> list[str]:
    """Actors that appear in the run, top to bottom: mediators (every drafting one, a row each, even if it
    never drafted), each party, then the world."""
    actors = {event.actor for event in result.events}
    if result.channel is None:
        actors |= {key for key, mediator in result.scenario.mediators.items() if mediator.drafts_packages}
    return sorted(actors, key=lambda actor: _lane_key(result, actor))


def _lane_key(result: Result, actor: str) -> tuple[int, int, str]:
    scenario = result.scenario
    if actor in scenario.mediators:
        return 0, list(scenario.mediators).index(actor), actor
    party, _, role = actor.partition("/")
    if party in scenario.party_ids:
        roles = ("delegation", "leader", "")
        return 1 + scenario.party_ids.index(party), roles.index(role) if role in roles else 3, actor
    if actor in WORLD_LANES:
        return 4, WORLD_LANES.index(actor), actor
    return 3, 0, actor


def lane_label(result: Result, actor: str) -> str:
    """The actor's address, with the mediator's or party's name where that helps."""
    scenario = result.scenario
    if actor in scenario.mediators:
        mediator = scenario.mediators[actor]
        return f"{actor} ({mediator.name}, {mediator.style})"
    if actor in scenario.parties:
        return f"{actor} (trust, stages)"
    return actor


def _draw_events(ax: Axes, events: Sequence[Event], lanes: list[str], per_day: float) -> None:
    """A marker per event in its actor's lane; one line per kind, its gid `kind:<kind>`."""
    rows = {actor: index for index, actor in enumerate(lanes)}
    points: dict[EventKind, tuple[list[float], list[float]]] = {}
    for event in events:
        xs, ys = points.setdefault(event.kind, ([], []))
        xs.append(event.time * per_day)
        ys.append(rows[event.actor] + LANE_OFFSETS.get(event.kind, 0.0))
    for row in range(len(lanes)):
        ax.axhline(row, color="0.9", linewidth=0.8, zorder=0)
    for kind in STYLES:
        if kind in points:
            marker, colour, size = STYLES[kind]
            ax.plot(*points[kind], linestyle="none", marker=marker, color=colour, markersize=size,
                    markeredgecolor="white", markeredgewidth=0.5, gid=f"kind:{kind.value}", zorder=3)


STAGE_KINDS = (EventKind.STAGE_SLIPPED, EventKind.STAGE_EXECUTED, EventKind.STAGE_FAILED, EventKind.DEAL_SCRAPPED,
               EventKind.ISSUE_DELIVERED, EventKind.STAGE_CANCELLED)
"""Kinds of event that belong to one stage of the swap; with an execution plan their payload names it (`id`)."""


def _label_stages(ax: Axes, events: Sequence[Event], lanes: list[str]) -> None:
    """The id of its stage above each stage event of an execution plan (text gid `stage:<id>`), once per stage and
    lane: the equal tranches of a run without a plan carry no id and get no label."""
    rows = {actor: index for index, actor in enumerate(lanes)}
    seen: set[tuple[str, str, str]] = set()
    for event in events:
        stage = event.payload.get("id") if event.kind in STAGE_KINDS else None
        if stage is None or (key := (str(stage), event.actor, event.kind.value)) in seen:
            continue
        seen.add(key)
        ax.annotate(str(stage), (event.time, rows[event.actor]), xytext=(0, 7), textcoords="offset points",
                    ha="center", va="bottom", fontsize=7, color="0.25", gid=f"stage:{stage}")


def _handle(kind: EventKind) -> Line2D:
    marker, colour, size = STYLES[kind]
    return Line2D([], [], linestyle="none", marker=marker, color=colour, markersize=size,
                  markeredgecolor="white", markeredgewidth=0.5, label=kind.value.replace("_", " "))
