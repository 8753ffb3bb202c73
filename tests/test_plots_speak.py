"""Plots that speak: one regression test per fix of issue 17's list of plots that did not say what they should.

Each test reads the figure's data (panels, artists, axis formatters, titles, captions), not its pixels.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import pytest

import sim
from sim.plots import plot_bargaining, plot_channel, plot_concessions, plot_timeline, plot_trust, save_run_plots
from sim.plots._common import caption_of
from sim.plots._timeaxis import TALKS_SHADE
from sim.plots.bargaining import merged_solutions
from sim.plots.run_report import run_panels
from sim.plots.timeline import STYLES

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


@pytest.fixture(scope="module")
def runs() -> dict[str, sim.Result]:
    """Seed 0 of the shipped scenarios the fixes are about."""
    names = ("istanbul-2025-05", "gaza-truce-2023-11", "shalit-2011", "azovstal-2022-09")
    return {name: sim.run(sim.load_scenario(SCENARIOS / f"{name}.yaml"), seed=0) for name in names}


def test_flat_trust_is_not_drawn(runs: dict[str, sim.Result], tmp_path: Path) -> None:
    """Gaza's trust never moves: no trust.png and no trust panel in the report, rather than two flat lines."""
    gaza = runs["gaza-truce-2023-11"]
    assert not any(event.kind is sim.EventKind.TRUST_CHANGED for event in gaza.events)
    assert [path.name for path in save_run_plots(gaza, tmp_path)] == ["channel.png"]
    assert [panel.id for panel in run_panels(gaza)] == ["channel"]


def test_channel_trust_is_over_dates_without_a_talks_band(runs: dict[str, sim.Result]) -> None:
    """A channel's trust uses calendar dates like its exchange plot, and no yellow talks band covers the channel."""
    figure = plot_trust(runs["shalit-2011"])
    (ax,) = figure.axes
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert ax.get_xlabel() == "date"
    shaded = [patch for patch in ax.patches if patch.get_facecolor()[:3] == mdates.mcolors.to_rgb(TALKS_SHADE)]
    assert shaded == []
    first, last = ax.get_lines()[0].get_xdata()[[0, -1]]
    assert mdates.num2date(first).date().isoformat() == "2011-10-01"
    assert round(last - first) == 92


def test_talks_of_days_get_one_timeline_panel(runs: dict[str, sim.Result]) -> None:
    """Azovstal's talks take 16 days of a 20-day run: one panel of the whole run, not the same thing twice;
    Istanbul's talks take hours: talks in hours on the left, the whole run on the right."""
    assert [ax.get_title(loc="left") for ax in plot_timeline(runs["azovstal-2022-09"]).axes] == ["Whole run"]
    assert [ax.get_title(loc="left") for ax in plot_timeline(runs["istanbul-2025-05"]).axes] == [
        "Talks and ratification", "Whole run"]


def test_every_event_kind_has_its_own_colour() -> None:
    """No two kinds of event share a colour (they used to: approvals and openings, vetoes and failures, ...)."""
    colours = [colour for _, colour, _ in STYLES.values()]
    assert len(set(colours)) == len(colours)


def test_coinciding_solutions_are_drawn_once_with_every_name() -> None:
    """Nash, Kalai and max welfare on one point make one marker labelled with all three; apart, one each."""
    together = merged_solutions({"nash": (0.5, 0.5), "kalai": (0.5, 0.5), "max_welfare": (0.5, 0.5)})
    assert together == [("nash+kalai+max_welfare", "Nash = Kalai-Smorodinsky = max welfare", (0.5, 0.5))]
    apart = merged_solutions({"nash": (0.5, 0.5), "kalai": (0.4, 0.6)})
    assert [names for names, _, _ in apart] == ["nash", "kalai"]


def test_bargaining_figure_draws_one_marker_per_distinct_solution_point(runs: dict[str, sim.Result]) -> None:
    """In the run's figure the solution markers sit on distinct points."""
    ax = plot_bargaining(runs["istanbul-2025-05"]).axes[0]
    points = [tuple(line.get_xydata()[0]) for line in ax.get_lines() if str(line.get_gid()).startswith("solution:")]
    assert points and len(points) == len(set(points))


def test_a_density_cloud_has_a_colour_bar(runs: dict[str, sim.Result]) -> None:
    """Azovstal's outcome space is drawn as a density, and the density has a labelled colour bar."""
    figure = plot_bargaining(runs["azovstal-2022-09"])
    labels = [ax.get_ylabel() for ax in figure.axes]
    assert "outcomes per cell (log scale)" in labels


def test_shalit_channel_gives_each_side_its_own_scale(runs: dict[str, sim.Result]) -> None:
    """Israel's one returned soldier is visible: each side has its own panel and y scale."""
    israel, hamas = plot_channel(runs["shalit-2011"]).axes
    assert israel.get_title(loc="left") == "returned to Israel" and israel.get_ylim()[1] < 2
    assert hamas.get_title(loc="left") == "returned to Hamas" and hamas.get_ylim()[1] > 1_000
    assert isinstance(hamas.xaxis.get_major_formatter(), mdates.AutoDateFormatter | mdates.ConciseDateFormatter)


def test_issue_bars_have_a_colour_legend_and_the_agreed_option_starred(runs: dict[str, sim.Result]) -> None:
    """The issue panel names what each colour is, and stars the agreed option of each issue at the agreed step."""
    issues_ax = plot_concessions(runs["istanbul-2025-05"]).axes[-1]
    labels = [text.get_text() for text in issues_ax.get_legend().get_texts()]
    assert "ceasefire: thirty days" in labels and "agreed: ceasefire = none" in labels
    starred = [line for line in issues_ax.get_lines() if line.get_gid() == "agreed-issue:ceasefire"]
    assert len(starred) == 1 and list(starred[0].get_xdata()) == [21, 21]


def test_every_png_has_a_one_line_caption(runs: dict[str, sim.Result]) -> None:
    """Each run figure says under it what to look for, in one line."""
    figures = [draw(runs["istanbul-2025-05"]) for draw in (plot_timeline, plot_trust, plot_concessions,
                                                            plot_bargaining)]
    figures += [plot_channel(runs["shalit-2011"]), plot_trust(runs["shalit-2011"])]
    captions = [caption_of(figure) for figure in figures]
    assert all(captions) and not any("\n" in text for text in captions)
