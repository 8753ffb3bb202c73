"""Counting units, baselines as distributions, and ensemble scoring: hand-over days, blanks kept missing."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.forecast.baselines import (
    BLOCK_DAYS,
    BaselineError,
    count_model,
    fit_counts,
    previous_year,
    previous_year_source,
)
from sim.forecast.ensemble import metric_keys, score, summarise
from sim.forecast.units import handover_days, observe, quarters
from sim.randomness import Streams

T = pd.Timestamp


def rows(*items: tuple[str, float | None, float | None]) -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime([item[0] for item in items]),
                         "released_by_a": pd.array([item[1] for item in items], dtype="Int64"),
                         "released_by_b": pd.array([item[2] for item in items], dtype="Int64")})


def test_rows_of_one_day_are_one_hand_over_and_a_blank_keeps_that_side_unknown() -> None:
    days = handover_days(rows(("2023-01-05", 10, 5), ("2023-01-05", 3, None), ("2023-02-01", 7, 7)))
    assert list(days["date"]) == [T("2023-01-05"), T("2023-02-01")]
    assert list(days["released_by_a"]) == [13.0, 7.0]
    assert math.isnan(days["released_by_b"][0]) and days["released_by_b"][1] == 7.0


def test_quarters_are_calendar_quarters_cut_to_the_window() -> None:
    assert quarters(T("2023-02-10"), T("2023-07-01")) == [
        (T("2023-02-10"), T("2023-03-31")), (T("2023-04-01"), T("2023-06-30")), (T("2023-07-01"), T("2023-07-01"))]


def test_observe_counts_blanks_per_side_and_totals_known_counts_only() -> None:
    seen = observe(rows(("2023-01-05", 10, None), ("2023-05-01", 20, 4), ("2023-05-11", 5, 6), ("2024-01-01", 99, 99)),
                   T("2023-01-01"), T("2023-12-31"))
    assert list(seen.per_quarter) == [1.0, 2.0, 0.0, 0.0]
    assert seen.totals == {"a": 35.0, "b": 10.0}
    assert seen.blank_days == {"a": 0, "b": 1}
    assert seen.known_share["b"] == pytest.approx(2 / 3)
    assert list(seen.gaps) == [116.0, 10.0]


def test_a_forecaster_equal_to_the_record_scores_zero_crps_and_full_coverage() -> None:
    record = rows(("2023-01-05", 10, 8), ("2023-05-01", 20, 4), ("2023-05-11", 5, 6))
    window = (T("2023-01-01"), T("2023-12-31"))
    table = pd.DataFrame(score(summarise([record] * 5, *window), observe(record, *window), ("Russia", "Ukraine")))
    crps = table[table["score_kind"] == "crps"].set_index("metric")["value"]
    assert crps["exchanges.per_quarter"] == 0.0 and crps["total.returned_to_ukraine"] == 0.0
    assert list(table[table["score_kind"] == "coverage80"]["metric"]) == metric_keys(("Russia", "Ukraine"))
    assert table.loc[table["metric"] == "exchanges.total", "value"].iloc[0] == 0.0


def test_totals_are_thinned_by_the_share_of_known_days_and_empty_pools_score_nan() -> None:
    record = rows(("2023-01-05", 10, None), ("2023-02-05", 10, 6))
    window = (T("2023-01-01"), T("2023-03-31"))
    empty = rows()
    drawn = [rows(("2023-01-10", 10, 6), ("2023-03-01", 10, 6))] * 3 + [empty]
    table = pd.DataFrame(score(summarise(drawn, *window), observe(record, *window), ("Russia", "Ukraine")))
    values = table.set_index(["metric", "score_kind"])["value"]
    # record: 6 known returned to Russia on half the days; the draws' 12 thinned to 6 (three of four draws)
    assert values[("total.returned_to_russia", "coverage50")] == 1.0
    nothing = pd.DataFrame(score(summarise([empty], *window), observe(record, *window), ("Russia", "Ukraine")))
    assert math.isnan(nothing.set_index(["metric", "score_kind"])["value"][("size.returned_to_ukraine", "crps")])
    assert math.isnan(nothing.set_index(["metric", "score_kind"])["value"][("gap.days", "crps")])


def test_previous_year_falls_back_to_the_last_non_empty_year() -> None:
    training = rows(("2022-03-01", 5, 5), ("2022-04-01", 7, 7))
    days = handover_days(training)
    assert previous_year_source(days, T("2023-12-31")) == (T("2021-04-02"), T("2022-04-01"))
    assert previous_year_source(days, T("2022-12-31")) == (T("2022-01-01"), T("2022-12-31"))
    draws = previous_year(training, T("2022-02-24"), T("2023-12-31"), T("2024-01-01"), T("2024-12-31"), 200,
                          Streams(1)("baseline.previous_year"))
    counts = np.array([len(draw) for draw in draws])
    assert counts.mean() > 0.5  # two exchange days per year, resampled: about two per draw, never all empty
    assert set(np.concatenate([draw["released_by_a"].to_numpy() for draw in draws])) <= {5.0, 7.0}


def test_the_bootstrap_keeps_blocks_of_consecutive_days() -> None:
    training = rows(*[(str((T("2023-01-01") + pd.Timedelta(days=day)).date()), day, 1) for day in range(365)])
    draw = previous_year(training, T("2023-01-01"), T("2023-12-31"), T("2024-01-01"), T("2024-03-31"), 1,
                         Streams(0)("baseline.previous_year"))[0]
    sizes = draw["released_by_a"].to_numpy()
    steps = np.diff(sizes[:BLOCK_DAYS]) % 365
    assert len(draw) == 91 and set(steps) == {1.0}


def test_baselines_refuse_a_record_without_exchanges_before_the_origin() -> None:
    with pytest.raises(BaselineError, match="2022-01-31"):
        count_model(rows(("2022-03-01", 1, 1)), T("2022-01-01"), T("2022-01-31"), T("2022-02-01"), T("2022-03-01"),
                    5, Streams(0)("x"))


def test_the_count_model_matches_the_training_rate_and_same_seed_same_draws() -> None:
    dates = pd.date_range("2022-01-01", "2023-12-31", freq="7D")
    training = rows(*[(str(date.date()), 10, 10) for date in dates])
    fit = fit_counts(handover_days(training), T("2022-01-01"), T("2023-12-31"))
    assert fit.mean == pytest.approx(13.0, abs=0.5) and fit.blocks == 8
    first = count_model(training, T("2022-01-01"), T("2023-12-31"), T("2024-01-01"), T("2024-12-31"), 300,
                        Streams(4)("baseline.count_model"))
    again = count_model(training, T("2022-01-01"), T("2023-12-31"), T("2024-01-01"), T("2024-12-31"), 300,
                        Streams(4)("baseline.count_model"))
    assert np.mean([len(draw) for draw in first]) == pytest.approx(52.0, rel=0.05)
    assert all(a.equals(b) for a, b in zip(first, again, strict=True))
