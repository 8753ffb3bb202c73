"""The concession trace of one run: how each side's offers moved, offer step by offer step.

With prisoners on the table there is a panel for each side's releases: how many that side
offered to release in its own offers, and how many the other side asked of it in theirs.
The two lines in a panel close in on each other as the sides concede, and the agreed number
is starred where the talks ended. Below them (or alone, when no offer releases anyone) is
the worth of each offer to the side that made it, with that side's aspiration at the time:
a falling line is a side giving ground. Offers are the alternating offers of direct and
shuttle talks; a single-text run has none, and the figure says so. With more than two
parties the figure opens with what each party gave and got (`sim.plots.gives_gets`), and a
run on a mediator's drafts shows what each party said it needed, draft by draft.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from sim.plots._common import RunFigure, caption, events_of, party_colour, title
from sim.plots.gives_gets import draw_gives_and_gets, draw_stated_needs
from sim.runtime.events import Event, EventKind
from sim.runtime.messages import party_of
from sim.scenario.schema import Issue
from sim.talks.result import Result

ISSUE_COLOURS = ("#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6", "#fb9a99", "#ffff99", "#8dd3c7")
"""Fill colours of issue options other than the status quo, by the option's place in the issue."""


def plot_concessions(result: Result) -> Figure:
    """Releases offered and asked per step (with prisoners), each offer's worth to its maker,
    and (when the scenario has other issues) the option each offer chose on each issue."""
    offers = list(events_of(result, EventKind.OFFER))
    agreement = next(events_of(result, EventKind.AGREEMENT), None)
    prisoners = any(count for event in offers for count in event.payload["released"].values())
    parties = _voices(result)
    many = len(result.scenario.parties) > 2
    releasers = list(result.scenario.sides) if prisoners else []
    issue_rows = len(parties) * len(result.scenario.issues) if offers else 0
    heights = [3.0] * (len(releasers) + 1) + ([0.3 + 0.35 * issue_rows] if issue_rows else [])
    if many:
        heights.insert(0, 0.8 + 0.3 * len(result.scenario.parties))
    figure = RunFigure(figsize=(10.0, 1.0 + sum(heights)), layout="constrained")
    axes: list[Axes] = list(figure.subplots(len(heights), 1, sharex=False, height_ratios=heights,
                                            squeeze=False)[:, 0])
    if many:
        draw_gives_and_gets(axes.pop(0), result)
    for ax in axes[1:]:
        ax.sharex(axes[0])
    for ax, releaser in zip(axes, releasers, strict=False):
        _draw_releases(ax, result, offers, releaser, agreement)
    value_ax = axes[len(releasers)]
    needs = not offers and many and draw_stated_needs(value_ax, result)
    if not needs:
        _draw_values(value_ax, result, offers, agreement)
    if issue_rows:
        _draw_issues(axes[-1], result, offers, agreement)
    if offers:
        for ax in axes:
            if agreement is not None:
                ax.axvline(_agreed_step(agreement), color="0.6", linestyle=":", zorder=0)
            ax.grid(axis="x", color="0.92")
        axes[-1].set_xlabel("offer step")
    axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    if not offers and not needs:
        axes[-1].set_xlabel("offer step")
        axes[-1].text(0.5, 0.5, "no offers in this run (the talks ran on mediator drafts)",
                      transform=axes[-1].transAxes, ha="center", va="center", color="0.4")
    title(figure, result, "Concessions")
    caption(figure, "Look for the lines closing in on each other: a falling line is a side giving ground; the star "
            "is the deal.")
    return figure


def _draw_releases(ax: Axes, result: Result, offers: list[Event], releaser: str, agreement: Event | None) -> None:
    """What `releaser` offered to release and what the other side asked of it (gid `released:<q>:<p>`)."""
    for proposer in _voices(result):
        own = proposer == releaser
        mine = [event for event in offers if _proposer(event) == proposer]
        if not mine and proposer not in result.scenario.sides:
            continue  # a bloc member, silent while its bloc speaks for it
        ax.plot([event.payload["step"] for event in mine], [event.payload["released"][releaser] for event in mine],
                color=party_colour(result, proposer), marker="o" if own else "s", markersize=5,
                linestyle="-" if own else "--", gid=f"released:{releaser}:{proposer}",
                label=f"{proposer} offers to release" if own else f"{proposer} asks {releaser} to release")
    if agreement is not None:
        agreed = agreement.payload["released"][releaser]
        ax.plot([_agreed_step(agreement)], [agreed], linestyle="none", marker="*", markersize=16, color="#f0b400",
                markeredgecolor="black", markeredgewidth=0.6, zorder=4, label=f"agreed: {agreed:,}",
                gid=f"agreed:{releaser}")
    top = ax.get_ylim()[1]
    ax.set_ylim(-0.03 * top, top)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_ylabel(f"{releaser} releases")
    ax.set_title(f"Captives {_name(result, releaser)} would release to {_name(result, _across(result, releaser))}",
                 loc="left", fontsize=10)
    ax.legend(loc="best", fontsize=9)


def _draw_values(ax: Axes, result: Result, offers: list[Event], agreement: Event | None) -> None:
    """Each offer's worth to its maker (gid `value:<p>`), the maker's aspiration (gid
    `aspiration:<p>`) and the agreed deal's worth to each side (gid `agreed-value:<p>`)."""
    agreed_values = agreement.payload.get("values", {}) if agreement is not None else {}
    for party in _voices(result):
        colour = party_colour(result, party)
        mine = [event for event in offers if _proposer(event) == party]
        steps = [event.payload["step"] for event in mine]
        if mine:
            ax.plot(steps, [event.payload["value"] for event in mine], color=colour, marker="o", markersize=5,
                    label=f"worth of {party}'s offer to {party}", gid=f"value:{party}")
            ax.plot(steps, [event.payload["aspiration"] for event in mine], color=colour, linestyle=":",
                    linewidth=1.5, label=f"{party}'s aspiration", gid=f"aspiration:{party}")
        if agreement is not None and party in agreed_values:
            ax.plot([_agreed_step(agreement)], [agreed_values[party]], linestyle="none", marker="*",
                    markersize=16, color=colour, markeredgecolor="black", markeredgewidth=0.6, zorder=4,
                    label=f"agreed deal's worth to {party}", gid=f"agreed-value:{party}")
    ax.set_ylim(0.0, 1.05)
    ax.set_ylabel("utility to the proposer (0..1)")
    ax.set_title("Worth of each offer to the side making it", loc="left", fontsize=10)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=9, ncol=2)


def _draw_issues(ax: Axes, result: Result, offers: list[Event], agreement: Event | None = None) -> None:
    """Per party and issue, a bar for each run of offers choosing the same option, named
    inside when it fits; the status quo is grey (gid `issue:<party>:<issue>`). A legend names
    each colour, and the option agreed on each issue is starred at the agreed step (gid
    `agreed-issue:<issue>`)."""
    rows = [(party, issue) for party in _voices(result) for issue in result.scenario.issues]
    last_step = max(int(event.payload["step"]) for event in offers)
    inches_per_step = 8.5 / (last_step + 1)
    for row, (party, issue) in enumerate(rows):
        spec = result.scenario.issues[issue]
        mine = [event for event in offers if _proposer(event) == party]
        for option, first, last in _runs([(event.payload["step"], event.payload["issues"][issue]) for event in mine]):
            index = spec.values.index(option)
            colour = _option_colour(index, index == spec.status_quo_index)
            option = _shown(spec, option)
            ax.broken_barh([(first - 0.4, last - first + 0.8)], (row - 0.35, 0.7), facecolors=colour,
                           edgecolor=party_colour(result, party), linewidth=0.8, gid=f"issue:{party}:{issue}")
            if (last - first + 0.8) * inches_per_step >= 0.065 * len(option) + 0.05:
                ax.text((first + last) / 2, row, option, ha="center", va="center", fontsize=7)
    agreed = dict(agreement.payload.get("issues", {})) if agreement is not None else {}
    for issue, option in agreed.items():
        assert agreement is not None
        places = [row for row, (_, name) in enumerate(rows) if name == issue]
        ax.plot([_agreed_step(agreement)] * len(places), places, linestyle="none", marker="*", markersize=13,
                color="#f0b400", markeredgecolor="black", markeredgewidth=0.6, zorder=5, gid=f"agreed-issue:{issue}",
                label=f"agreed: {issue.replace('_', ' ')} = {_shown(result.scenario.issues[issue], option)}")
    handles = [Patch(facecolor=_option_colour(index, index == spec.status_quo_index), edgecolor="0.5",
                     label=f"{issue.replace('_', ' ')}: {_shown(spec, option)}")
               for issue, spec in result.scenario.issues.items() for index, option in enumerate(spec.values)
               if any(event.payload["issues"][issue] == option for event in offers)]
    stars, labels = ax.get_legend_handles_labels()
    ax.legend(handles=[*handles, *stars], labels=[h.get_label() for h in handles] + labels, fontsize=7,
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_axisbelow(True)
    ax.set_yticks(range(len(rows)), [f"{party}: {issue}" for party, issue in rows], fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_title("Other issues in each offer (grey: status quo; star: agreed)", loc="left", fontsize=10)


def _shown(spec: Issue, option: Any) -> str:
    """An option as the plot names it (underscores as spaces), or a numeric issue's amount with its unit."""
    return spec.show(option) if spec.numeric else str(option).replace("_", " ")


def _option_colour(index: int, status_quo: bool) -> str:
    return "0.85" if status_quo else ISSUE_COLOURS[index % len(ISSUE_COLOURS)]


def _runs(choices: list[tuple[int, str]]) -> list[tuple[str, int, int]]:
    """Runs of consecutive choices of one option: (option, first step, last step)."""
    runs: list[tuple[str, int, int]] = []
    for step, option in choices:
        if runs and runs[-1][0] == option:
            runs[-1] = (option, runs[-1][1], step)
        else:
            runs.append((option, step, step))
    return runs


def _voices(result: Result) -> list[str]:
    """Who may speak in a run: every party, then each bloc (which speaks for itself in alternating offers)."""
    return [*result.scenario.party_ids, *sorted(result.scenario.blocs)]


def _name(result: Result, side: str) -> str:
    """A party's or bloc's display name ("the others" for no one in particular)."""
    if side in result.scenario.parties:
        return result.scenario.parties[side].name
    bloc = result.scenario.blocs.get(side)
    return (bloc.name or side) if bloc is not None else "the others"


def _across(result: Result, side: str) -> str:
    """The side across the table from `side` (with more than two sides: "")."""
    others = [other for other in result.scenario.sides if other != side]
    return others[0] if len(others) == 1 else ""


def _proposer(offer: Event) -> str:
    return party_of(offer.actor)


def _agreed_step(agreement: Event) -> int:
    return int(agreement.payload.get("steps", 0))
