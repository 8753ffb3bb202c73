"""What each party gave and got in a run of many parties, and how each one's demands came down.

With more than two parties a side's list is drawn from several members' rosters, so the
release panels of `sim.plots.concessions` (one per side) do not say who gave whom. These
panels do, from the event log alone:

- `draw_gives_and_gets`: per party, the captives it released (to the left of zero) and the
  released captives it wanted (to the right: its own people, and named ones it values), as executed;
- `draw_stated_needs`: per party, the utility it said it needed in each answer to a mediator's
  draft (a falling line is a party giving ground), accepted answers filled, refusals hollow,
  with the agreed deal's worth to it starred.
"""

from __future__ import annotations

from collections import Counter

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from sim.plots._common import events_of, party_colour
from sim.runtime.events import EventKind
from sim.runtime.messages import party_of
from sim.talks.result import Result


def home_of(result: Result, holder: str) -> str:
    """Whose people `holder`'s roster holds: the roster's `home`, or with two parties the other one."""
    roster = result.scenario.parties[holder].roster
    if roster is not None and roster.home is not None:
        return roster.home
    return next(party for party in result.scenario.party_ids if party != holder)


def gives_and_gets(result: Result) -> tuple[Counter[str], Counter[str]]:
    """Captives each party released, and captives released that each party wanted, over the executed stages.

    A party wants its own people (the holder's roster `home`) and any named captive whose
    `values` give it a positive value (an ally's citizen, a dual national): one release may
    count for several parties."""
    named = {person.name: person for party in result.scenario.parties.values() if party.roster is not None
             for person in party.roster.named}
    gives: Counter[str] = Counter()
    gets: Counter[str] = Counter()
    for event in events_of(result, EventKind.STAGE_EXECUTED):
        count = int(event.payload.get("released", 0))
        home = home_of(result, event.actor)
        gives[event.actor] += count
        gets[home] += count
        for name in event.payload.get("names", []):
            for party, value in named[name].values.items():
                if value > 0 and party != home:
                    gets[party] += 1
    return gives, gets


def draw_gives_and_gets(ax: Axes, result: Result) -> None:
    """One row per party: released (bar to the left, gid `gives:<p>`), wanted and got (to the right, gid `gets:<p>`)."""
    parties = list(result.scenario.party_ids)
    gives, gets = gives_and_gets(result)
    for row, party in enumerate(parties):
        colour = party_colour(result, party)
        ax.barh(row, -gives[party], color=colour, alpha=0.55, edgecolor=colour, gid=f"gives:{party}")
        ax.barh(row, gets[party], color=colour, edgecolor="black", linewidth=0.6, gid=f"gets:{party}")
        for value, side in ((-gives[party], "right"), (gets[party], "left")):
            if value:
                ax.text(value, row, f" {abs(value):,} ", ha=side, va="center", fontsize=8)
    widest = max([1, *gives.values(), *gets.values()])
    ax.set_xlim(-1.3 * widest, 1.3 * widest)
    ax.axvline(0.0, color="0.3", linewidth=0.8)
    ax.set_yticks(range(len(parties)), [_label(result, party) for party in parties], fontsize=8)
    ax.set_ylim(len(parties) - 0.5, -0.5)
    ax.set_xticks(ax.get_xticks(), [f"{abs(tick):,.0f}" for tick in ax.get_xticks()])
    ax.set_xlim(-1.3 * widest, 1.3 * widest)
    ax.set_xlabel("captives: released (left), released that it wanted (right: its own people, named ones it values)")
    ax.set_title("What each party gave and got (executed stages)", loc="left", fontsize=10)


def draw_stated_needs(ax: Axes, result: Result) -> bool:
    """Each party's stated need in its answers to drafts (gid `needs:<p>`), the deal's worth starred
    (gid `agreed-value:<p>`); False when no party answered a draft."""
    answers = [event for event in events_of(result, EventKind.RESPONSE)]
    if not answers:
        return False
    drafts = [event.time for event in events_of(result, EventKind.DRAFT)]
    agreement = next(events_of(result, EventKind.AGREEMENT), None)
    agreed_values = agreement.payload.get("values", {}) if agreement is not None else {}
    for party in result.scenario.party_ids:
        colour = party_colour(result, party)
        mine = [event for event in answers if party_of(event.actor) == party]
        if not mine:
            continue
        rounds = [_draft_number(drafts, event.time) for event in mine]
        needs = [float(event.payload["aspiration"]) for event in mine]
        ax.plot(rounds, needs, color=colour, linewidth=1.2, gid=f"needs:{party}")
        for number, need, event in zip(rounds, needs, mine, strict=True):
            accepted = bool(event.payload.get("accepted"))
            ax.plot([number], [need], linestyle="none", marker="o", markersize=5, color=colour,
                    markerfacecolor=colour if accepted else "white")
        if party in agreed_values:
            ax.plot([rounds[-1]], [agreed_values[party]], linestyle="none", marker="*", markersize=14,
                    color=colour, markeredgecolor="black", markeredgewidth=0.6, zorder=4,
                    gid=f"agreed-value:{party}")
    handles = [Line2D([], [], color=party_colour(result, party), label=_label(result, party))
               for party in result.scenario.party_ids]
    handles += [Line2D([], [], linestyle="none", marker="o", color="0.35", label="accepted the draft"),
                Line2D([], [], linestyle="none", marker="o", color="0.35", markerfacecolor="white",
                       label="refused it"),
                Line2D([], [], linestyle="none", marker="*", markersize=12, color="0.35", markeredgecolor="black",
                       label="the deal's worth to it")]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_ylim(0.0, 1.05)
    ax.set_xlabel("mediator's draft (number)")
    ax.set_ylabel("utility needed (0..1)")
    ax.set_title("What each party said it needed, draft by draft", loc="left", fontsize=10)
    return True


def _draft_number(drafts: list[float], time: float) -> int:
    """The number (from 1) of the last draft put before `time`."""
    return max(1, sum(1 for drafted in drafts if drafted <= time))


def _label(result: Result, party: str) -> str:
    return f"{party} ({result.scenario.parties[party].name})"
