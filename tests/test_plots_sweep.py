"""Sweep figures: what each one draws from a sweep table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.analysis import bargaining_set
from sim.experiments import sweep
from sim.experiments.summary import agreement_rates, wilson_interval
from sim.plots._common import caption_of
from sim.plots.sweep import (
    plot_agreement_by_parameter,
    plot_agreement_heatmap,
    plot_sweep_agreements,
    plot_sweep_outcomes,
    save_sweep_plots,
)

THRESHOLD = "parties.UA.leader.veto.threshold"
TRUST = "parties.RU.trust.initial"


ISTANBUL = Path(__file__).resolve().parent.parent / "scenarios" / "istanbul-2025-05.yaml"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    istanbul = ISTANBUL
    return sweep(istanbul, ranges={THRESHOLD: (0.0, 0.5), TRUST: (0.0, 1.0)}, design="lhs", samples=24, runs=2)


def test_wilson_interval_matches_known_values() -> None:
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    assert wilson_interval(5, 10) == pytest.approx((0.23659, 0.76341), abs=1e-5)
    assert wilson_interval(10, 10) == pytest.approx((0.72247, 1.0), abs=1e-5)


def test_rates_leave_failed_runs_out_and_count_them() -> None:
    table = pd.DataFrame({"p": [1, 1, 1, 2], "agreement": [True, False, None, True],
                          "status": ["executed", "vetoed", None, "executed"], "error": ["", "", "Boom", ""]})
    rates = agreement_rates(table, ["p"]).set_index("p")
    assert rates.loc[1, ["runs", "agreements", "failed"]].tolist() == [2, 1, 1]
    assert rates.loc[1, "rate"] == 0.5 and rates.loc[2, "rate"] == 1.0


def test_the_outcome_figure_has_four_panels(table: pd.DataFrame) -> None:
    figure = plot_sweep_outcomes(table, ["RU", "UA"], "Istanbul")
    assert len(figure.axes) == 4
    assert figure.get_suptitle() == "Outcomes of 48 runs: Istanbul"


def test_a_sampled_parameter_is_binned_with_equal_counts(table: pd.DataFrame) -> None:
    figure = plot_agreement_by_parameter(table, [THRESHOLD, TRUST])
    axes = [ax for ax in figure.axes if ax.get_visible()]
    assert [ax.get_xlabel() for ax in axes] == ["UA leader veto threshold", "RU trust initial"]  # words, not paths
    assert len(axes[0].get_xticklabels()) == 8
    assert axes[0].get_xticklabels()[0].get_text().startswith("0")


def test_the_heatmap_labels_each_cell_with_its_rate_and_run_count(table: pd.DataFrame) -> None:
    figure = plot_agreement_heatmap(table, TRUST, THRESHOLD)
    texts = [text.get_text() for text in figure.axes[0].texts]
    assert texts and all(text.endswith(tuple(f"n={n}" for n in range(1, 49))) for text in texts)
    assert sum(int(text.split("n=")[1]) for text in texts) == 48


def test_save_writes_the_heatmap_only_for_two_parameters(table: pd.DataFrame, tmp_path: Path) -> None:
    two = save_sweep_plots(table, [THRESHOLD, TRUST], ["RU", "UA"], tmp_path / "two")
    assert not (tmp_path / "two" / "agreements.png").exists()
    one = save_sweep_plots(table, [TRUST], ["RU", "UA"], tmp_path / "one")
    assert [path.name for path in two] == ["outcomes.png", "agreement.png", "heatmap.png"]
    assert [path.name for path in one] == ["outcomes.png", "agreement.png"]
    assert all(path.read_bytes()[:4] == b"\x89PNG" for path in two + one)


def test_the_agreements_figure_places_each_deal_and_uses_each_runs_own_distance(table: pd.DataFrame) -> None:
    bargaining = bargaining_set(sim.load_scenario(ISTANBUL), 7)
    figure = plot_sweep_agreements(table, bargaining, 7, "Istanbul")
    cloud, spread = figure.axes[:2]
    agreed = table[table["deal_agreed"] == 1.0]
    [points] = [child for child in cloud.collections if child.get_gid() == "agreements"]
    assert points.get_offsets().tolist() == agreed[["deal_utility_RU", "deal_utility_UA"]].to_numpy().tolist()
    counts = sum(patch.get_height() for patch in spread.patches)
    assert counts == len(agreed)
    on_frontier = int((agreed["deal_pareto_distance"] == 0.0).sum())
    assert spread.get_title(loc="left") == f"{len(agreed)} agreements, {on_frontier} on the frontier"
    assert figure.get_suptitle() == "Agreements of 48 runs: Istanbul"  # one line, no raw seed
    assert "value noise on the rosters and swept parameters" in caption_of(figure)
    assert "7" not in caption_of(figure)
    nash = [line for line in cloud.lines if "nash" in str(line.get_gid()).removeprefix("solution:").split("+")][0]
    assert tuple(nash.get_xydata()[0]) == bargaining.point("nash")


def test_save_writes_agreements_when_given_the_bargaining_set(table: pd.DataFrame, tmp_path: Path) -> None:
    bargaining = bargaining_set(sim.load_scenario(ISTANBUL), 0)
    written = save_sweep_plots(table, [TRUST], ["RU", "UA"], tmp_path, bargaining=bargaining)
    assert [path.name for path in written] == ["outcomes.png", "agreement.png", "agreements.png"]
    assert written[-1].read_bytes()[:4] == b"\x89PNG"
