"""The two non-Ukrainian shipped scenarios against their rows of other_exchanges.csv: the Shalit
deal (1 for about 1,000 in two stages) and the November 2023 Gaza truce (daily, one for three)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SCENARIOS

import sim
from sim.cli import main
from sim.compare import CompareError, compare

OTHER = Path(__file__).resolve().parent.parent / "seeds" / "history" / "other_exchanges.csv"
TRUCE = "Israel-Hamas war (Nov 2023 humanitarian truce)"


def metric(comparison: object, key: str, column: str = "model_median") -> float:
    table = comparison.metrics.set_index("metric")  # type: ignore[attr-defined]
    return float(table.loc[key, column])


def test_the_shalit_deal_is_compared_stage_by_stage() -> None:
    """The record's two stage rows (1 + 477, then 550, 61 days apart) against two simulated stages."""
    comparison = compare(SCENARIOS / "shalit-2011.yaml", OTHER, runs=10)
    assert list(comparison.record["released_by_a"]) == [1, 0]
    assert list(comparison.record["released_by_b"]) == [477, 550]
    assert comparison.sides == ("Hamas", "Israel")
    assert metric(comparison, "exchanges") == 2
    assert metric(comparison, "released_by_a.total") == 1
    assert 1000 <= metric(comparison, "released_by_b.total") <= 1050
    assert metric(comparison, "interval.median_days") == 61
    assert set(comparison.simulated["row_type"]) == {"stage"}


def test_the_truce_swaps_daily_at_about_one_for_three() -> None:
    comparison = compare(SCENARIOS / "gaza-truce-2023-11.yaml", OTHER, runs=20, conflict=TRUCE)
    assert list(comparison.record["released_by_a"]) == [24, 8], "the table lists days 1 and 7 only"
    assert 4 <= metric(comparison, "exchanges") <= 7
    assert 1 / 3 - 0.01 <= metric(comparison, "ratio.total") <= 0.4
    assert metric(comparison, "interval.median_days") <= 2
    sizes = comparison.simulated["released_by_b"]
    assert set(sizes) <= set(range(28, 40)), "39 a day, then 30 once the lists are cut"
    assert comparison.conflict == TRUCE and comparison.to_json()["conflict"] == TRUCE


def test_the_truce_runs_a_round_each_day_with_the_extension_lists_from_28_november() -> None:
    result = sim.run(sim.load_scenario(SCENARIOS / "gaza-truce-2023-11.yaml"), seed=2025)
    lists = [(event.time, event.payload["lists"]["IL"]) for event in result.events
             if event.kind is sim.EventKind.ROUND_OPENED]
    assert [time for time, _ in lists][:3] == [1.0, 2.0, 3.0]
    assert all(size == (39 if time < 5 else 30) for time, size in lists)


def test_an_unknown_conflict_leaves_no_record_and_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(CompareError, match="of conflict 'Shalit'"):
        compare(SCENARIOS / "gaza-truce-2023-11.yaml", OTHER, runs=1, conflict="Shalit")
    code = main(["compare", str(SCENARIOS / "gaza-truce-2023-11.yaml"), "--history", str(OTHER), "--conflict",
                 "Shalit", "--runs", "1", "--out", str(tmp_path / "out")])
    assert code == 2
    assert "no exchanges between Hamas and Israel of conflict 'Shalit'" in capsys.readouterr().err
