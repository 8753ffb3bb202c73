"""Small helpers the three run figures share: party colours, titles and time labels.

Each party keeps one colour in every figure (by its place in the sorted party ids), every
figure is titled the same way (scenario, seed, status), and every day axis says what day 0
is. `RunFigure` is a plain `Figure` that also shows itself as a PNG in Jupyter: a Figure
made without pyplot has no picture there otherwise, since it is pyplot's inline backend that
registers one. Nothing here touches pyplot or global matplotlib state.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from matplotlib.figure import Figure

from sim.runtime.events import Event, EventKind
from sim.talks.result import Result

PARTY_COLOURS: tuple[str, ...] = ("#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                                  "#a6761d", "#666666", "#17becf", "#bcbd22", "#8c564b", "#9467bd", "#d62728",
                                  "#2ca02c", "#7f7f7f")
"""Colours of the parties in sorted id order (two parties: the first two; up to `Limits.parties`, then again)."""

TALK_KINDS: frozenset[EventKind] = frozenset({
    EventKind.TALKS_OPENED, EventKind.DISPUTE, EventKind.OFFER, EventKind.DRAFT,
    EventKind.RESPONSE, EventKind.RELAYED, EventKind.REFERRAL, EventKind.APPROVAL,
    EventKind.VETO, EventKind.AGREEMENT, EventKind.TALKS_CLOSED,
})
"""Kinds of event that belong to the talks and the ratification that follows them."""


class RunFigure(Figure):
    """A matplotlib Figure that Jupyter displays as a PNG, with no pyplot involved."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def party_colour(result: Result, party: str) -> str:
    """The colour of `party` (or of a bloc, after the parties): the same in every figure of a run."""
    parties = result.scenario.party_ids
    place = parties.index(party) if party in parties else len(parties) + sorted(result.scenario.blocs).index(party)
    return PARTY_COLOURS[place % len(PARTY_COLOURS)]


def other_party(result: Result, party: str) -> str:
    """The party of the run that is not `party` (with more parties: the first other one)."""
    return next(other for other in result.scenario.party_ids if other != party)


def events_of(result: Result, kind: EventKind) -> Iterator[Event]:
    """The run's events of `kind`, in log order."""
    return (event for event in result.events if event.kind is kind)


def parameter_words(path: str) -> str:
    """A dotted scenario path as words for a label: `parties.RU.leader.veto.threshold` -> `RU leader veto threshold`."""
    parts = [part for part in path.split(".") if part not in ("parties", "mediators", "protocol")]
    return " ".join(part.replace("_", " ") for part in parts) or path


def caption(figure: Figure, text: str) -> None:
    """A one-line caption under the figure saying what to look for (the layout makes room for it)."""
    figure.supxlabel(text, fontsize=9, color="0.3", x=0.01, ha="left")


def caption_of(figure: Figure) -> str:
    """The figure's caption, empty if it has none."""
    label = getattr(figure, "_supxlabel", None)  # matplotlib keeps it there; there is no getter
    return "" if label is None else str(label.get_text())


def title(figure: Figure, result: Result, what: str) -> None:
    """Title a figure: what it shows, then scenario name, seed and status of the run."""
    figure.suptitle(f"{what}: {result.scenario.name}, seed {result.seed}, {result.outcome.status}")


def talks_end(result: Result) -> float:
    """When the talks and the leaders' rulings on them were over (days)."""
    return max((e.time for e in result.events
                if e.kind in TALK_KINDS and e.payload.get("stage") != "execution"), default=0.0)


def days_label(result: Result) -> str:
    """Axis label for time in days, naming day 0 when the scenario gives a start date."""
    start = result.scenario.start_date
    if start is None:
        return "days from the opening of talks"
    return f"days from the opening of talks (day 0 = {start.day} {start:%B %Y})"
