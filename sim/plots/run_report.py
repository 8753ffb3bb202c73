"""The report of one run: what happened in words, the summary as tables, four interactive figures.

`run_report(result)` returns the page's HTML (`sim.plots.report.page`); `save_run_report`
writes it as `report.html` into the run's folder. A round of talks gets the timeline, trust,
concessions and bargaining space; a channel run the exchanges over time and trust (trust is
left out when it never moved).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.analysis.account import account
from sim.analysis.run_files import run_summary
from sim.plots.interactive import (
    bargaining_figure,
    channel_figure,
    concessions_figure,
    timeline_figure,
    trust_figure,
)
from sim.plots.report import Panel, Table, key_value_table, page, write_report
from sim.plots.trust import trust_moves
from sim.talks.result import Result

CAPTIONS: dict[str, tuple[str, str]] = {
    "timeline": ("Timeline", "Each marker is one event in its actor's lane; hover for its details, drag to zoom "
                 "into the talks, double-click to zoom out."),
    "trust": ("Trust", "Each side's trust in the other from 0 to 1; hover a step to see why it moved."),
    "concessions": ("Concessions", "Each offer's worth to the side that made it, step by step: a falling line is a "
                    "side giving ground; the star is the agreed deal."),
    "bargaining": ("Bargaining space", "Every possible deal by its worth to each side; look for how close the star "
                   "(the agreement) sits to the black frontier and to the Nash point."),
    "channel": ("Exchanges", "People returned to each side so far; each step up is an exchange (hover for its "
                "round)."),
}
"""Heading and one-line caption of each figure, by element id."""


def run_panels(result: Result) -> list[Panel]:
    """The figures of the run's report, each with its heading and caption."""
    if result.channel is not None:
        drawn = {"channel": channel_figure(result), "trust": trust_figure(result)}
    else:
        drawn = {"timeline": timeline_figure(result), "trust": trust_figure(result),
                 "concessions": concessions_figure(result)}
        if len(result.scenario.parties) == 2:  # the bargaining set is drawn for two parties for now
            drawn["bargaining"] = bargaining_figure(result)
    if not trust_moves(result):
        del drawn["trust"]  # two flat lines say nothing
    return [Panel(name, *CAPTIONS[name], figure) for name, figure in drawn.items()]


def summary_tables(result: Result) -> list[Table]:
    """The summary as tables: the outcome, then deal metrics or the channel's counts."""
    summary = run_summary(result)
    nested = {key: value for key, value in summary.items() if key in ("bargaining", "channel")}
    tables = [key_value_table("summary", "Summary", [(k.replace("_", " "), v) for k, v in summary.items()
                                                     if k not in nested])]
    if "bargaining" in nested:
        tables.append(key_value_table("deal", "Deal metrics", [(k.replace("_", " "), v)
                                                               for k, v in nested["bargaining"].items()]))
    if "channel" in nested:
        channel: dict[str, Any] = nested["channel"]
        tables.append(key_value_table("channel", "Channel", [(k.replace("_", " "), v) for k, v in channel.items()
                                                              if k != "exchange_list"]))
    return tables


def run_report(result: Result) -> str:
    """The HTML of the run's report."""
    scenario = result.scenario
    subtitle = f"run {result.run_id} · seed {result.seed} · status {result.outcome.status}"
    return page(f"{scenario.name}", subtitle, run_panels(result), summary_tables(result), account(result))


def save_run_report(result: Result, folder: Path) -> Path:
    """Write the run's `report.html` into `folder`; return its path."""
    return write_report(run_report(result), folder)
