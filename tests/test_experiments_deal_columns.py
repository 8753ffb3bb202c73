"""The deal metrics in the sweep table: values per run, NaN without a deal, caching, channels."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sim
from sim.analysis import bargaining_set, deal_metric_names, deal_metrics, depends_on_seed
from sim.experiments import run_points
from sim.experiments.paths import validate_point
from sim.experiments.source import open_source

CHANNEL = Path(__file__).resolve().parent.parent / "scenarios" / "ru-ua-channel.yaml"
NOISELESS = {"parties.RU.roster.value_noise": 0.0, "parties.UA.roster.value_noise": 0.0,
             "parties.RU.roster.unacknowledged_share": 0.0}
"""Istanbul with rosters that no seed changes."""
AGREEMENT_DEPENDENT = ("deal_utility_RU", "deal_utility_UA", "deal_surplus_share_RU", "deal_surplus_share_UA",
                       "deal_pareto_distance", "deal_nash_distance", "deal_kalai_distance",
                       "deal_max_welfare_distance", "deal_welfare_gap")


def point_scenario(path: Path, point: dict[str, Any]) -> sim.Scenario:
    opened = open_source(path)
    base = sim.validate_document(opened.document, opened.file, opened.lines, base=opened.base)
    return validate_point(opened, base, point)


def test_deal_metric_names_are_the_keys_of_deal_metrics_in_order(istanbul_path: Path) -> None:
    result = sim.run(sim.load_scenario(istanbul_path), seed=1)
    assert deal_metric_names(["RU", "UA"]) == list(deal_metrics(result))


def test_each_row_holds_the_deal_metrics_of_its_run(istanbul_path: Path) -> None:
    point = {"parties.RU.trust.initial": 0.6}
    table = run_points(istanbul_path, [point], runs=3, seed=4)
    scenario = point_scenario(istanbul_path, point)
    columns = deal_metric_names(["RU", "UA"])
    assert list(table.columns[-len(columns) - 1:-1]) == columns
    assert all(table[column].dtype == np.float64 for column in columns)
    for _, row in table.iterrows():
        expected = deal_metrics(sim.run(scenario, seed=int(row["seed"])))
        assert {column: row[column] for column in columns} == pytest.approx(expected, nan_ok=True)
    assert (table["deal_agreed"] == 1.0).all()
    assert table["deal_surplus_share_RU"].add(table["deal_surplus_share_UA"]).to_numpy() == pytest.approx(1.0)


def test_runs_without_agreement_have_nan_deal_positions_but_count_their_offers(istanbul_path: Path) -> None:
    table = run_points(istanbul_path, [{"protocol.max_steps": 6}], runs=3)
    assert not table["agreement"].any()
    assert (table["deal_agreed"] == 0.0).all()
    assert table[list(AGREEMENT_DEPENDENT)].isna().all().all()
    assert (table["deal_offers_RU"] == 3.0).all() and table["deal_concession_UA"].gt(0.0).all()
    assert table["deal_disagreement_RU"].notna().all()


def test_failed_runs_have_nan_in_every_deal_column_and_the_same_dtypes(
        istanbul_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = run_points(istanbul_path, [{}], runs=2)

    def fail(*args: Any, **kwargs: Any) -> sim.Result:
        raise ValueError("no")

    monkeypatch.setattr("sim.experiments.worker.run", fail)
    failed = run_points(istanbul_path, [{}], runs=2)
    columns = deal_metric_names(["RU", "UA"])
    assert list(failed.columns) == list(clean.columns)
    assert (failed.dtypes == clean.dtypes).all()
    assert failed[columns].isna().all().all()


def test_the_opening_bargaining_set_depends_on_the_seed_exactly_when_rosters_are_drawn(istanbul_path: Path) -> None:
    noisy = sim.load_scenario(istanbul_path)
    still = point_scenario(istanbul_path, NOISELESS)
    assert depends_on_seed(noisy) and not depends_on_seed(still)
    first, second = bargaining_set(noisy, 0), bargaining_set(noisy, 1)
    assert not np.array_equal(first.valuation.utility["RU"], second.valuation.utility["RU"])
    first, second = bargaining_set(still, 0), bargaining_set(still, 1)
    for party in ("RU", "UA"):
        assert np.array_equal(first.valuation.utility[party], second.valuation.utility[party])
    assert np.array_equal(first.frontier, second.frontier) and first.solutions == second.solutions


@pytest.mark.parametrize(("point", "expected_sets"), [(NOISELESS, 1), ({}, 4)], ids=["shared", "per-run"])
def test_a_chunk_computes_one_bargaining_set_per_point_only_when_the_seed_cannot_change_it(
        point: dict[str, Any], expected_sets: int, istanbul_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = bargaining_set

    def counted(scenario: sim.Scenario, seed: int = 0, respect_ratio_limits: bool = True) -> Any:
        calls.append(seed)
        return real(scenario, seed, respect_ratio_limits)

    monkeypatch.setattr("sim.experiments.worker.bargaining_set", counted)
    monkeypatch.setattr("sim.analysis.deal.bargaining_set", counted)
    table = run_points(istanbul_path, [point], runs=4, chunk_size=4)
    assert len(calls) == expected_sets
    scenario = point_scenario(istanbul_path, point)
    monkeypatch.undo()
    for _, row in table.iterrows():
        expected = deal_metrics(sim.run(scenario, seed=int(row["seed"])))
        assert {key: row[key] for key in expected} == pytest.approx(expected, nan_ok=True)


def test_a_channel_sweep_has_no_deal_columns_and_still_runs() -> None:
    table = run_points(CHANNEL, [{"horizon_days": 400}], runs=2)
    assert not [column for column in table.columns if column.startswith("deal_")]
    assert list(table["status"]) == ["channel", "channel"]
    assert (table["error"] == "").all() and table["rounds"].gt(0).all()


def test_deal_columns_round_trip_through_parquet_as_float64_with_nan(istanbul_path: Path, tmp_path: Path) -> None:
    table = run_points(istanbul_path, [{"protocol.max_steps": 6}, {}], runs=1, out=tmp_path / "s")
    reread = pd.read_parquet(tmp_path / "s" / "results.parquet")
    assert reread["deal_pareto_distance"].dtype == np.float64
    assert math.isnan(reread["deal_pareto_distance"].iloc[0]) and reread["deal_pareto_distance"].iloc[1] >= 0.0
    assert table["deal_agreed"].tolist() == [0.0, 1.0]
