"""Interactive figures of one run for the HTML report, drawn with Plotly.

The same four views as the PNGs, made to be explored in a browser: the timeline (one lane
per actor, every event a marker whose hover shows its details), each side's trust in the
other, the concession trace, and the bargaining space (zoom with the mouse). A channel run
gets the people returned to each side over calendar dates and the trust lines. Time is in
calendar dates wherever the scenario has a start date, else in days.

Each function returns a `plotly.graph_objects.Figure`; nothing here writes files. The
figures hold no random or time-dependent values, so the same run gives the same JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sim.analysis.bargaining import BargainingSet, bargaining_set
from sim.analysis.deal import agreed_outcome
from sim.plots._common import PARTY_COLOURS, events_of, other_party, party_colour
from sim.plots.timeline import STYLES, lane_label, lane_order
from sim.runtime.events import Event, EventKind
from sim.runtime.messages import party_of
from sim.talks.result import Result

TEMPLATE = "plotly_white"
"""The Plotly template of every report figure."""
CLOUD_POINTS_LIMIT = 5_000
"""Above this many outcomes the bargaining space is drawn as a 2-D histogram, not as points."""
PAYLOAD_SKIPPED = frozenset({"ids"})
"""Payload keys left out of hover text (long lists of roster rows)."""
LINE_WIDTHS = (5.0, 2.0)
"""The first party's trust line is wider and drawn first, so it shows round the other where they meet."""
PLOTLY_MARKERS = {
    ">": "triangle-right", "<": "triangle-left", "X": "x", "s": "square", "o": "circle", "D": "diamond",
    "^": "triangle-up", "v": "triangle-down", "P": "cross", "*": "star", "d": "diamond-tall", "H": "hexagon2",
    "h": "hexagon", "p": "pentagon", "8": "octagon",
}
"""Plotly's names for the matplotlib markers of `sim.plots.timeline.STYLES`."""


def time_axis(result: Result, day: float) -> Any:
    """A run day as a calendar timestamp (ISO text) when the scenario has a start date, else the day itself."""
    start = result.scenario.start_date
    if start is None:
        return round(day, 6)
    moment = dt.datetime(start.year, start.month, start.day) + dt.timedelta(days=day)
    return moment.isoformat(timespec="seconds")


def time_title(result: Result) -> str:
    """The time axis title: date, or days from the opening of talks."""
    return "date" if result.scenario.start_date is not None else "days from the opening of talks"


def event_details(result: Result, event: Event) -> str:
    """Hover text of one event: kind, who to whom, when, and its payload (long lists left out)."""
    head = f"<b>{event.kind.value.replace('_', ' ')}</b>: {event.actor}"
    head += f" → {event.target}" if event.target else ""
    lines = [head, f"day {event.time:.3f}" + (f" ({time_axis(result, event.time)})"
                                                if result.scenario.start_date else "")]
    for key, value in event.payload.items():
        if key not in PAYLOAD_SKIPPED:
            lines.append(f"{key}: {_short(value)}")
    return "<br>".join(lines)


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_short(v)}" for k, v in value.items()) or "none"
    if isinstance(value, list | tuple):
        return f"{len(value)} items"
    return str(value)


def _layout(figure: go.Figure, title: str, height: int) -> go.Figure:
    figure.update_layout(template=TEMPLATE, title={"text": title, "x": 0.01}, height=height,
                         margin={"l": 60, "r": 20, "t": 60, "b": 50}, hoverlabel={"align": "left"})
    return figure


def timeline_figure(result: Result) -> go.Figure:
    """Every event as a marker in its actor's lane; hovering one shows its details."""
    lanes = lane_order(result)
    labels = {actor: lane_label(result, actor) for actor in lanes}
    figure = go.Figure()
    for kind, (marker, colour, size) in STYLES.items():
        chosen = [event for event in result.events if event.kind is kind]
        if not chosen:
            continue
        figure.add_trace(go.Scatter(
            x=[time_axis(result, event.time) for event in chosen],
            y=[labels[event.actor] for event in chosen],
            mode="markers", name=kind.value.replace("_", " "),
            marker={"symbol": PLOTLY_MARKERS.get(marker, "circle"), "color": colour, "size": size + 4,
                    "line": {"color": "white", "width": 0.5}},
            hovertext=[event_details(result, event) for event in chosen], hoverinfo="text",
        ))
    figure.update_yaxes(categoryorder="array", categoryarray=[labels[a] for a in reversed(lanes)])
    figure.update_xaxes(title=time_title(result))
    return _layout(figure, "Timeline: every event, one lane per actor (drag to zoom in on the talks)",
                   180 + 34 * len(lanes))


def trust_figure(result: Result) -> go.Figure:
    """Each side's trust in the other as a step line, each move marked with its reason."""
    figure = go.Figure()
    end = max([result.outcome.end_day, *(event.time for event in result.events)])
    for party in result.scenario.party_ids:
        changes = [event for event in events_of(result, EventKind.TRUST_CHANGED) if event.actor == party]
        initial = result.scenario.parties[party].trust.initial
        times = [0.0, *(event.time for event in changes), end]
        values = [initial, *(float(event.payload["after"]) for event in changes)]
        values.append(values[-1])
        reasons = ["initial trust", *(str(event.payload.get("reason", "")) for event in changes), "end of run"]
        width = LINE_WIDTHS[min(result.scenario.party_ids.index(party), len(LINE_WIDTHS) - 1)]
        figure.add_trace(go.Scatter(
            x=[time_axis(result, t) for t in times], y=values, mode="lines+markers", line_shape="hv",
            name=f"{party} trusts {other_party(result, party)}",
            line={"color": party_colour(result, party), "width": width},
            hovertext=[f"{party} trusts {other_party(result, party)}: {v:.2f}<br>{r}" for v, r in
                       zip(values, reasons, strict=True)], hoverinfo="text",
        ))
    figure.update_yaxes(range=[0.0, 1.0], title="trust in the other side")
    figure.update_xaxes(title=time_title(result))
    return _layout(figure, "Trust: how far each side trusted the other, and why it moved", 380)


def concessions_figure(result: Result) -> go.Figure:
    """The worth of each offer to the side making it, its aspiration, and (with prisoners) the releases offered."""
    offers = list(events_of(result, EventKind.OFFER))
    agreement = next(events_of(result, EventKind.AGREEMENT), None)
    prisoners = any(count for event in offers for count in event.payload["released"].values())
    rows = 2 if prisoners else 1
    titles = ["Worth of each offer to the side making it"] + (["Captives each offer releases"] if prisoners else [])
    figure = make_subplots(rows=rows, cols=1, shared_xaxes=True, subplot_titles=titles, vertical_spacing=0.12)
    for party in result.scenario.party_ids:
        colour = party_colour(result, party)
        mine = [event for event in offers if party_of(event.actor) == party]
        steps = [int(event.payload["step"]) for event in mine]
        figure.add_trace(go.Scatter(x=steps, y=[float(e.payload["value"]) for e in mine], mode="lines+markers",
                                    name=f"worth of {party}'s offer to {party}", line={"color": colour}), 1, 1)
        figure.add_trace(go.Scatter(x=steps, y=[float(e.payload["aspiration"]) for e in mine], mode="lines",
                                    name=f"{party}'s aspiration", line={"color": colour, "dash": "dot"}), 1, 1)
        if prisoners:
            for releaser in result.scenario.party_ids:
                figure.add_trace(go.Scatter(
                    x=steps, y=[int(e.payload["released"][releaser]) for e in mine], mode="lines+markers",
                    name=f"{party} offers: {releaser} releases", line={"color": colour,
                                                                      "dash": "solid" if releaser == party else "dash"},
                    marker={"symbol": "circle" if releaser == party else "square"}), 2, 1)
    if agreement is not None:
        step = int(agreement.payload.get("steps", 0))
        values = dict(agreement.payload.get("values", {}))
        figure.add_trace(go.Scatter(x=[step] * len(values), y=list(values.values()), mode="markers",
                                    name="agreed deal's worth", marker={"symbol": "star", "size": 16,
                                                                        "color": "#f0b400"},
                                    hovertext=[f"agreed: worth {v:.2f} to {p}" for p, v in values.items()],
                                    hoverinfo="text"), 1, 1)
        if prisoners:
            released = dict(agreement.payload["released"])
            figure.add_trace(go.Scatter(x=[step] * len(released), y=list(released.values()), mode="markers",
                                        name="agreed releases", marker={"symbol": "star", "size": 16,
                                                                        "color": "#f0b400"},
                                        hovertext=[f"agreed: {p} releases {n:,}" for p, n in released.items()],
                                        hoverinfo="text"), 2, 1)
    figure.update_yaxes(title="utility (0..1)", range=[0.0, 1.05], row=1, col=1)
    if prisoners:
        figure.update_yaxes(title="captives", row=2, col=1)
    figure.update_xaxes(title="offer step", row=rows, col=1)
    return _layout(figure, "Concessions: a falling line is a side giving ground", 320 * rows + 80)


def bargaining_figure(result: Result, bargaining: BargainingSet | None = None) -> go.Figure:
    """The outcome space in utilities, the frontier, the solutions, the offers and the deal (zoom to look closer)."""
    if bargaining is None:
        bargaining = bargaining_set(result.scenario, result.seed)
    first, second = bargaining.parties
    everything = bargaining.points(np.arange(bargaining.valuation.space.size, dtype=np.int64))
    figure = go.Figure()
    if everything.shape[0] > CLOUD_POINTS_LIMIT:
        figure.add_trace(go.Histogram2d(x=everything[:, 0].round(4).tolist(), y=everything[:, 1].round(4).tolist(),
                                        nbinsx=80, nbinsy=80, colorscale="Greys", showscale=True,
                                        colorbar={"title": "outcomes"}, name="outcomes"))
    else:
        figure.add_trace(go.Scatter(x=everything[:, 0].round(4).tolist(), y=everything[:, 1].round(4).tolist(),
                                    mode="markers", marker={"color": "#d9d9d9", "size": 4}, name="outcomes",
                                    hoverinfo="skip"))
    frontier = bargaining.frontier_points
    figure.add_trace(go.Scatter(x=frontier[:, 0].round(4).tolist(), y=frontier[:, 1].round(4).tolist(),
                                mode="lines+markers", line={"color": "black", "shape": "vh"}, marker={"size": 4},
                                name="Pareto frontier"))
    for position, party in enumerate((first, second)):
        events = [e for e in result.events if e.kind is EventKind.OFFER and party_of(e.actor) == party]
        if not events:
            continue
        points = bargaining.points(np.array([int(e.payload["outcome"]) for e in events], dtype=np.int64))
        figure.add_trace(go.Scatter(x=points[:, 0].round(4).tolist(), y=points[:, 1].round(4).tolist(),
                                    mode="lines+markers", name=f"offers by {party}",
                                    line={"color": PARTY_COLOURS[position], "width": 1},
                                    hovertext=[f"{party}'s offer, step {e.payload['step']}" for e in events],
                                    hoverinfo="text+x+y"))
    figure.add_trace(go.Scatter(x=[bargaining.disagreement[0]], y=[bargaining.disagreement[1]], mode="markers",
                                marker={"symbol": "x", "size": 12, "color": "black"}, name="disagreement point"))
    names = {"nash": "Nash", "kalai": "Kalai-Smorodinsky", "max_welfare": "max welfare"}
    for name, label in names.items():
        point = bargaining.point(name)
        if point is not None:
            figure.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name=label,
                                        marker={"symbol": "circle-open", "size": 14, "line": {"width": 2}}))
    agreed = agreed_outcome(result)
    if agreed is not None:
        u = bargaining.utilities(agreed)
        figure.add_trace(go.Scatter(x=[u[0]], y=[u[1]], mode="markers", name="agreement",
                                    marker={"symbol": "star", "size": 18, "color": "#e6ab02",
                                            "line": {"color": "black", "width": 1}}))
    figure.update_xaxes(title=f"utility to {first}", range=[-0.02, 1.02])
    figure.update_yaxes(title=f"utility to {second}", range=[-0.02, 1.02], scaleanchor="x")
    return _layout(figure, "Bargaining space: where the deal sits among all possible deals (drag to zoom)", 560)


def channel_figure(result: Result) -> go.Figure:
    """People returned to each side so far over calendar dates, one panel per side with its own scale
    (so one returned soldier is not lost against a thousand prisoners), a marker per exchange."""
    scenario = result.scenario
    first, second = scenario.party_ids
    record = result.channel
    exchanges = record.exchanges if record is not None else ()
    order = ((second, first), (first, second))
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14,
                           subplot_titles=[f"returned to {scenario.parties[party].name} (released by "
                                           f"{scenario.parties[releaser].name})" for party, releaser in order])
    end = float(scenario.horizon_days)
    for row, (party, releaser) in enumerate(order, start=1):
        total, times, values, notes = 0, [0.0], [0], ["start"]
        for exchange in exchanges:
            total += int(exchange.released.get(releaser, 0))
            times.append(exchange.day)
            values.append(total)
            notes.append(f"round {exchange.round}: {exchange.released.get(releaser, 0):,} returned")
        times.append(end)
        values.append(total)
        notes.append("end of run")
        figure.add_trace(go.Scatter(x=[time_axis(result, t) for t in times], y=values, mode="lines+markers",
                                    line_shape="hv", name=f"returned to {scenario.parties[party].name}",
                                    line={"color": party_colour(result, party)},
                                    hovertext=[f"{n}<br>{v:,} so far" for n, v in zip(notes, values, strict=True)],
                                    hoverinfo="text"), row, 1)
        figure.update_yaxes(title="returned so far", rangemode="tozero", row=row, col=1)
    figure.update_xaxes(title=time_title(result), row=2, col=1)
    return _layout(figure, "Exchanges: people returned to each side so far", 560)


def run_figures(result: Result) -> dict[str, go.Figure]:
    """The report's figures of one run, by element id: a round's four, or a channel's two."""
    if result.channel is not None:
        return {"channel": channel_figure(result), "trust": trust_figure(result)}
    return {"timeline": timeline_figure(result), "trust": trust_figure(result),
            "concessions": concessions_figure(result), "bargaining": bargaining_figure(result)}
