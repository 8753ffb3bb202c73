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
    assert titles[:3] == ["What each party gave and got (executed stages)", "Captives East would release to West",
                          "Captives West would release to East"]
    gids = {line.get_gid() for line in figure.axes[1].get_lines()}
    assert {"released:east:east", "released:east:west", "agreed:east"} <= gids
    assert not any(gid.startswith("released:east:AA") for gid in gids if gid)  # silent members are left out


def test_a_seven_party_run_writes_its_figures_without_the_two_party_bargaining_one(tmp_path: Path) -> None:
    result = sim.run(sim.load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "ankara-2024-08.yaml"),
                     seed=1)
    written = save_run_plots(result, tmp_path, dpi=40)
    assert [path.name for path in written] == ["timeline.png", "trust.png", "concessions.png"]
    assert all(path.stat().st_size > 0 for path in written)


def _ankara() -> sim.Result:
    return sim.run(sim.load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "ankara-2024-08.yaml"),
                   seed=1)


def test_trust_of_many_parties_has_one_panel_per_pair_with_its_own_line() -> None:
    from sim.plots import plot_trust

    result = _ankara()
    figure = plot_trust(result)
    panels = [ax for ax in figure.axes if ax.get_visible()]
    titles = [ax.get_title(loc="left") for ax in panels]
    pairs = sorted(result.outcome.final_trust)
    assert titles == [f"{pair.split('->')[0]} trusts {pair.split('->')[1]}" for pair in pairs]
    for ax, pair in zip(panels, sorted(result.outcome.final_trust), strict=True):
        party = pair.split("->")[0]
        lines = {line.get_gid(): line for line in ax.get_lines()}
        assert set(lines) >= {f"trust:{party}", f"initial:{party}"}
        assert not any(gid and gid.startswith("trust:") and gid != f"trust:{party}" for gid in lines)
        assert lines[f"trust:{party}"].get_ydata()[-1] == result.outcome.final_trust[pair]


def test_concessions_of_many_parties_show_what_each_party_gave_and_wanted() -> None:
    from sim.plots.gives_gets import gives_and_gets

    result = _ankara()
    gives, gets = gives_and_gets(result)
    assert dict(gives) == {party: count for party, count in result.outcome.released.items() if count}
    assert gets["DE"] == result.outcome.released["RU"] + result.outcome.released["BY"]  # RU's and BY's rosters: DE
    assert gets["US"] >= 3  # Gershkovich, Whelan, Kurmasheva are valued by the United States
    figure = plot_concessions(result)
    top = figure.axes[0]
    assert top.get_title(loc="left") == "What each party gave and got (executed stages)"
    widths = {patch.get_gid(): patch.get_width() for patch in top.patches}
    assert widths["gives:RU"] == -gives["RU"] and widths["gets:DE"] == gets["DE"]
    needs = figure.axes[1]
    assert needs.get_title(loc="left") == "What each party said it needed, draft by draft"
    stated = {line.get_gid(): line.get_ydata() for line in needs.get_lines() if line.get_gid()}
    for party in result.scenario.party_ids:
        assert list(stated[f"needs:{party}"]) == sorted(stated[f"needs:{party}"], reverse=True)  # each came down
        assert f"agreed-value:{party}" in stated
