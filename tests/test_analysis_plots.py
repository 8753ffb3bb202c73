"""The bargaining figure of a run and the sweep figure of many agreements hold the right data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from support import SCENARIOS

import sim
from sim.analysis import bargaining_set, deal_metrics
from sim.plots import plot_agreements, plot_bargaining, save_run_plots
from sim.runtime.events import EventKind

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def istanbul() -> sim.Result:
    return sim.run(sim.load_scenario(SCENARIOS / "istanbul-2025-05.yaml"), seed=3)


def artist(ax: Axes, gid: str) -> np.ndarray:
    """The data of the artist `gid`; `solution:<name>` also finds a marker shared by coinciding solutions."""
    for line in ax.get_lines():
        shared = gid.startswith("solution:") and gid.removeprefix("solution:") in str(line.get_gid()).removeprefix(
            "solution:").split("+")
        if line.get_gid() == gid or shared:
            return np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
    for collection in ax.collections:
        if collection.get_gid() == gid:
            return np.asarray(collection.get_offsets(), dtype=float)
    raise AssertionError(f"no artist {gid}")


def test_bargaining_figure_shows_frontier_solutions_offers_and_deal(istanbul: sim.Result) -> None:
    figure = plot_bargaining(istanbul)
    bargaining = bargaining_set(istanbul.scenario, istanbul.seed)
    metrics = deal_metrics(istanbul, bargaining)
    assert len(figure.axes) == 2
    for ax in figure.axes:
        assert np.allclose(artist(ax, "frontier"), bargaining.frontier_points)
        assert np.allclose(artist(ax, "disagreement"), [bargaining.disagreement])
        for name in ("nash", "kalai", "max_welfare"):
            assert np.allclose(artist(ax, f"solution:{name}"), [bargaining.point(name)])
        assert np.allclose(artist(ax, "agreement"), [[metrics["deal_utility_RU"], metrics["deal_utility_UA"]]])
        for party in ("RU", "UA"):
            offers = [e for e in istanbul.events if e.kind is EventKind.OFFER and e.actor.startswith(party)]
            expected = bargaining.points(np.array([e.payload["outcome"] for e in offers]))
            assert np.allclose(artist(ax, f"offers:{party}"), expected)
        assert len(artist(ax, "outcomes")) == bargaining.valuation.space.size
        assert len(artist(ax, "subset-hull")) > len(bargaining.frontier)
    close = figure.axes[1]
    low, high = close.get_xlim()
    assert low <= bargaining.disagreement[0] <= high and high - low < 0.5  # a real close-up


def test_bargaining_figure_without_captives_or_deal() -> None:
    from support import bargaining_document, load

    result = sim.run(load(bargaining_document(steps=1, exponent=50.0)), seed=0)
    figure = plot_bargaining(result)
    ax = figure.axes[0]
    assert not any(line.get_gid() in ("agreement", "subset-hull") for line in ax.get_lines())
    assert len(artist(ax, "frontier")) == 3


def test_large_spaces_are_drawn_as_a_density() -> None:
    result = sim.run(sim.load_scenario(SCENARIOS / "azovstal-2022-09.yaml"), seed=0)
    figure = plot_bargaining(result)
    assert any(c.get_gid() == "outcomes" and type(c).__name__ == "PolyCollection" for c in figure.axes[0].collections)


def test_sweep_figure_places_agreements_against_the_frontier() -> None:
    frontier = np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]])
    agreements = np.array([[0.5, 0.5], [0.5, 0.2], [0.1, 0.1], [np.nan, np.nan]])
    figure = plot_agreements(agreements, frontier, parties=("RU", "UA"), disagreement=(0.1, 0.0),
                             solutions={"nash": (0.5, 0.5)})
    assert isinstance(figure, Figure)
    cloud, spread = figure.axes[0], figure.axes[1]
    assert np.allclose(artist(cloud, "frontier"), frontier)
    heights = [patch.get_height() for patch in spread.patches]
    assert sum(heights) == 3  # the run without a deal is left out
    assert spread.get_title(loc="left") == "3 agreements, 1 on the frontier"
    assert cloud.get_xlabel() == "utility to RU"


def test_parley_run_saves_bargaining_png(istanbul: sim.Result, tmp_path: Path) -> None:
    paths = save_run_plots(istanbul, tmp_path)
    target = tmp_path / "bargaining.png"
    assert target in paths
    assert target.read_bytes().startswith(PNG_SIGNATURE) and target.stat().st_size > 20_000


def test_bargaining_plots_use_no_pyplot() -> None:
    code = (
        "import sys, sim, sim.plots, numpy as np\n"
        f"r = sim.run(sim.load_scenario({str(SCENARIOS / 'istanbul-2025-05.yaml')!r}), seed=3)\n"
        "sim.plots.plot_bargaining(r); sim.plots.plot_agreements(np.zeros((2, 2)), np.ones((1, 2)))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
