"""Run figures of many parties: a lane per party and veto player, a release panel per side, bloc voices."""

from __future__ import annotations

from pathlib import Path

import yaml

import sim
from sim.plots import plot_concessions, plot_timeline, save_run_plots

DATA = Path(__file__).resolve().parent / "data"


def _blocs_alternating() -> sim.Scenario:
    document = yaml.safe_load((DATA / "multilateral.yaml").read_text(encoding="utf-8"))
    document["protocol"] = {"kind": "direct", "max_steps": 40}
    return sim.validate_document(document, str(DATA / "multilateral.yaml"), base=DATA)


def test_the_timeline_has_a_lane_for_the_veto_player() -> None:
    result = sim.run(sim.load_scenario(DATA / "multilateral.yaml"), seed=1)
    labels = [label.get_text() for label in plot_timeline(result).axes[0].get_yticklabels()]
    assert "DD/parliament" in labels and "DD/leader" in labels


def test_two_blocs_have_a_release_panel_each_drawn_from_the_blocs_offers() -> None:
    result = sim.run(_blocs_alternating(), seed=1)
    figure = plot_concessions(result)
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles[:2] == ["Captives East would release to West", "Captives West would release to East"]
    gids = {line.get_gid() for line in figure.axes[0].get_lines()}
    assert {"released:east:east", "released:east:west", "agreed:east"} <= gids
    assert not any(gid.startswith("released:east:AA") for gid in gids if gid)  # silent members are left out


def test_a_seven_party_run_writes_its_figures_without_the_two_party_bargaining_one(tmp_path: Path) -> None:
    result = sim.run(sim.load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "ankara-2024-08.yaml"),
                     seed=1)
    written = save_run_plots(result, tmp_path, dpi=40)
    assert [path.name for path in written] == ["timeline.png", "trust.png", "concessions.png"]
    assert all(path.stat().st_size > 0 for path in written)
