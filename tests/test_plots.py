"""Tests of the run figures: the right panels, and lines and markers that hold the run's data."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import sim
from sim.plots import plot_concessions, plot_timeline, plot_trust, save_figure, save_run_plots
from sim.plots._common import talks_end
from sim.plots._timeaxis import idle_gaps
from sim.plots.timeline import lane_order
from sim.runtime.events import Event, EventKind

SCENARIO = Path(__file__).parent.parent / "scenarios" / "istanbul-2025-05.yaml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def result() -> sim.Result:
    return sim.run(sim.load_scenario(SCENARIO), seed=3)


def lines(ax: Axes, prefix: str) -> list[Line2D]:
    return [line for line in ax.get_lines() if (line.get_gid() or "").startswith(prefix)]


def xs(line: Line2D) -> list[float]:
    return np.asarray(line.get_xdata(), dtype=float).tolist()


def ys(line: Line2D) -> list[float]:
    return np.asarray(line.get_ydata(), dtype=float).tolist()


def points(ax: Axes, prefix: str) -> int:
    return sum(len(xs(line)) for line in lines(ax, prefix))


def of_kind(result: sim.Result, kind: EventKind) -> list[Event]:
    return [event for event in result.events if event.kind is kind]


def replace_events(result: sim.Result, events: list[Event]) -> sim.Result:
    return dataclasses.replace(result, events=tuple(events))


# --- timeline -----------------------------------------------------------------------------


def test_timeline_has_a_talks_panel_and_a_run_panel(result: sim.Result) -> None:
    figure = plot_timeline(result)
    assert isinstance(figure, Figure)
    talks, run = figure.axes
    assert "hours" in talks.get_xlabel()
    assert "16 May 2025" in run.get_xlabel()
    assert "seed 3" in figure.get_suptitle() and result.outcome.status in figure.get_suptitle()


def test_timeline_has_one_lane_per_actor(result: sim.Result) -> None:
    talks, _ = plot_timeline(result).axes
    actors = {event.actor for event in result.events}
    labels = [label.get_text() for label in talks.get_yticklabels()]
    assert len(labels) == len(actors)
    order = lane_order(result)
    assert all(label.startswith(actor) for label, actor in zip(labels, order, strict=True))
    assert order[:2] == ["TR", "US"]
    assert order.index("RU/delegation") < order.index("RU/leader") < order.index("UA/delegation")


def test_timeline_run_panel_has_a_marker_per_event_in_its_lane(result: sim.Result) -> None:
    _, run = plot_timeline(result).axes
    assert points(run, "kind:") == len(result.events)
    lanes = lane_order(result)
    for kind in {event.kind for event in result.events}:
        (line,) = lines(run, f"kind:{kind.value}")
        events = of_kind(result, kind)
        assert xs(line) == pytest.approx([event.time for event in events])
        assert [round(y) for y in ys(line)] == [lanes.index(event.actor) for event in events]


def test_timeline_talks_panel_shows_the_talks_in_hours(result: sim.Result) -> None:
    talks, _ = plot_timeline(result).axes
    end = talks_end(result)
    assert points(talks, "kind:") == len([event for event in result.events if event.time <= end])
    (offers,) = lines(talks, "kind:offer")
    assert xs(offers) == pytest.approx([e.time * 24 for e in of_kind(result, EventKind.OFFER)])
    assert talks.get_xscale() == "function"  # seed 3 has a 12-hour wait for the leader cut out


def test_timeline_without_anything_after_the_talks_has_one_panel(result: sim.Result) -> None:
    end = talks_end(result)
    figure = plot_timeline(replace_events(result, [e for e in result.events if e.time <= end]))
    assert len(figure.axes) == 1


def test_idle_gaps_cuts_only_waits_that_dwarf_the_rest() -> None:
    assert idle_gaps([0.0, 1.0, 2.0, 3.0, 20.0, 20.5]) == [(3.0, 20.0)]
    assert idle_gaps([0.0, 1.0, 2.0, 3.5]) == []
    assert idle_gaps([0.0, 0.1, 0.2, 5.0, 5.1, 9.0]) == [(0.2, 5.0), (5.1, 9.0)]
    assert idle_gaps([]) == []


# --- trust --------------------------------------------------------------------------------


def test_trust_lines_run_from_initial_to_final_trust(result: sim.Result) -> None:
    figure = plot_trust(result)
    run = figure.axes[-1]
    assert run.get_ylim() == (0.0, 1.0)
    for party in result.scenario.party_ids:
        other = next(p for p in result.scenario.party_ids if p != party)
        (line,) = lines(run, f"trust:{party}")
        values = ys(line)
        assert values[0] == result.scenario.parties[party].trust.initial
        assert values[-1] == pytest.approx(result.outcome.final_trust[f"{party}->{other}"])
        moves = [e for e in of_kind(result, EventKind.TRUST_CHANGED) if e.actor == party]
        assert points(run, f"moves:{party}") == len(moves)
        assert values[1:-1] == pytest.approx([e.payload["after"] for e in moves])


def test_trust_legend_names_every_reason(result: sim.Result) -> None:
    figure = plot_trust(result)
    labels = {text.get_text() for legend in figure.legends for text in legend.get_texts()}
    reasons = {e.payload["reason"] for e in of_kind(result, EventKind.TRUST_CHANGED)}
    assert {f"moved: {reason}" for reason in reasons} <= labels
    assert {"RU trusts UA", "UA trusts RU"} <= labels


def test_trust_shows_early_moves_in_a_talks_panel(result: sim.Result) -> None:
    figure = plot_trust(result)
    assert len(figure.axes) == 2  # seed 3: trust moves at the opening, and days later
    talks = figure.axes[0]
    early = [e for e in of_kind(result, EventKind.TRUST_CHANGED) if e.time <= talks_end(result)]
    assert points(talks, "moves:") == len(early)


# --- concessions --------------------------------------------------------------------------


def test_concessions_has_release_worth_and_issue_panels(result: sim.Result) -> None:
    figure = plot_concessions(result)
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert len(titles) == 4
    assert titles[0].startswith("Captives Russia") and titles[1].startswith("Captives Ukraine")
    assert titles[2].startswith("Worth") and titles[3].startswith("Other issues")


def test_concessions_has_a_point_per_offer(result: sim.Result) -> None:
    figure = plot_concessions(result)
    offers = of_kind(result, EventKind.OFFER)
    worth = figure.axes[2]
    assert points(worth, "value:") == len(offers)
    assert points(worth, "aspiration:") == len(offers)
    for releaser, ax in zip(result.scenario.party_ids, figure.axes[:2], strict=True):
        assert points(ax, f"released:{releaser}:") == len(offers)
        for proposer in result.scenario.party_ids:
            (line,) = lines(ax, f"released:{releaser}:{proposer}")
            mine = [e for e in offers if e.actor == f"{proposer}/delegation"]
            assert xs(line) == [e.payload["step"] for e in mine]
            assert ys(line) == [e.payload["released"][releaser] for e in mine]


def test_concessions_marks_the_agreement(result: sim.Result) -> None:
    figure = plot_concessions(result)
    for releaser, ax in zip(result.scenario.party_ids, figure.axes[:2], strict=True):
        (star,) = lines(ax, f"agreed:{releaser}")
        assert xs(star) == [result.outcome.rounds]
        assert ys(star) == [result.outcome.agreed_released[releaser]]
    for party in result.scenario.party_ids:
        (star,) = lines(figure.axes[2], f"agreed-value:{party}")
        assert ys(star) == pytest.approx([result.outcome.values[party]])


def test_concessions_without_prisoners_shows_no_release_panels(result: sim.Result) -> None:
    def no_prisoners(event: Event) -> Event:
        if event.kind is not EventKind.OFFER:
            return event
        released = dict.fromkeys(event.payload["released"], 0)
        return event._replace(payload={**event.payload, "released": released})

    figure = plot_concessions(replace_events(result, [no_prisoners(e) for e in result.events]))
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert not any(title.startswith("Captives") for title in titles)
    assert titles[0].startswith("Worth")
    assert points(figure.axes[0], "value:") == len(of_kind(result, EventKind.OFFER))


def test_concessions_without_offers_says_so(result: sim.Result) -> None:
    figure = plot_concessions(replace_events(result, [e for e in result.events if e.kind is not EventKind.OFFER]))
    assert len(figure.axes) == 1
    assert any("no offers" in text.get_text() for text in figure.axes[0].texts)


# --- saving, and no pyplot ----------------------------------------------------------------


def test_save_run_plots_writes_four_pngs(result: sim.Result, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    paths = save_run_plots(result, folder)
    assert [path.name for path in paths] == ["timeline.png", "trust.png", "concessions.png", "bargaining.png"]
    for path in paths:
        assert path.parent == folder
        assert path.read_bytes().startswith(PNG_SIGNATURE)
        assert path.stat().st_size > 10_000
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)  # no temporaries left


def test_save_run_plots_overwrites_in_place(result: sim.Result, tmp_path: Path) -> None:
    (tmp_path / "trust.png").write_bytes(b"old")
    save_run_plots(result, tmp_path)
    assert (tmp_path / "trust.png").read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("seed", [1, 4])
def test_other_seeds_plot(seed: int) -> None:
    other = sim.run(sim.load_scenario(SCENARIO), seed=seed)
    for draw in (plot_timeline, plot_trust, plot_concessions):
        assert isinstance(draw(other), Figure)


def test_plotting_uses_no_pyplot() -> None:
    code = (
        "import sys, sim, sim.plots\n"
        f"r = sim.run(sim.load_scenario({str(SCENARIO)!r}), seed=3)\n"
        "sim.plots.plot_timeline(r); sim.plots.plot_trust(r); sim.plots.plot_concessions(r)\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_interrupted_save_leaves_the_old_png(result: sim.Result, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "trust.png"
    target.write_bytes(b"old")

    def broken_savefig(self: Figure, destination: Any, **_: Any) -> None:
        Path(destination).write_bytes(b"half a png")
        raise KeyboardInterrupt

    monkeypatch.setattr(Figure, "savefig", broken_savefig)
    with pytest.raises(KeyboardInterrupt):
        save_figure(plot_trust(result), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["trust.png"]


def test_figures_show_themselves_in_jupyter(result: sim.Result) -> None:
    for draw in (plot_timeline, plot_trust, plot_concessions):
        png = draw(result)._repr_png_()  # type: ignore[attr-defined]
        assert png.startswith(PNG_SIGNATURE)
