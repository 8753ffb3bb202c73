"""The exchange channel over time: the cumulative number returned to each side.

For a channel run (a scenario with a `channel:` section): one step line per side, the
people it has got back so far (what the other side released), a marker at each exchange,
and, when given, the historical record as dashed lines of the same colours (its blank
counts are left out, so a historical line is a lower bound). Dates are calendar dates. Each
side has its own panel and scale, so one returned soldier is not lost against a thousand prisoners.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sim.history.exchange_rows import cumulative_returned
from sim.plots._common import RunFigure, caption, party_colour, title
from sim.talks.result import Result


def plot_channel(result: Result, history: pd.DataFrame | None = None) -> Figure:
    """Cumulative people returned to each side; `history` is `sim.history.exchange_rows(...)` oriented like the run."""
    scenario = result.scenario
    first, second = scenario.party_ids
    figure = RunFigure(figsize=(10, 7), layout="constrained")
    panels = figure.subplots(2, 1, sharex=True)
    start = pd.Timestamp(scenario.start_date) if scenario.start_date else pd.Timestamp(0)
    end = start + pd.Timedelta(days=scenario.horizon_days)
    simulated = result.exchanges()
    # released_by_a is what the first party released: it returns people to the second.
    lines = ((second, "released_by_a"), (first, "released_by_b"))
    running = cumulative_returned(simulated) if len(simulated) else None
    for axes, (party, column) in zip(panels, lines, strict=True):
        name = scenario.parties[party].name
        colour = party_colour(result, party)
        if running is not None:
            dates = [start, *running["date"], end]
            values = [0, *running[column], running[column].iloc[-1]]
            axes.step(dates, values, where="post", color=colour, linewidth=2, label=f"returned to {name} (model)")
            axes.plot(running["date"], running[column], "o", color=colour, markersize=3)
        if history is not None and len(history):
            past = cumulative_returned(history)
            axes.step([start, *past["date"]], [0, *past[column]], where="post", color=colour, linestyle="--",
                      linewidth=1.2, label=f"returned to {name} (history, known counts)")
        axes.set_xlim(start, end)
        axes.set_ylim(bottom=0, top=max(1.0, axes.get_ylim()[1]))
        axes.set_ylabel("returned so far")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="y", color="#dddddd")
        axes.set_title(f"returned to {name}", loc="left", fontsize=10)
        if axes.get_legend_handles_labels()[0]:
            axes.legend(loc="upper left")
    panels[-1].set_xlabel("date")
    record = result.channel
    rounds = (f"{_count(record.rounds_opened, 'round')}, {_count(len(record.exchanges), 'exchange')}" if record
              else "no channel")
    title(figure, result, f"Returned to each side ({rounds})")
    caption(figure, "One panel per side, each on its own scale: look for when the steps (exchanges) come and how "
            "large they are on each side.")
    return figure


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
