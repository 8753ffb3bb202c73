"""The discrepancy term: fitted as the record's extra log-scale spread, applied to forecast draws only."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.forecast.discrepancy import Discrepancy, apply_discrepancy, fit_discrepancy
from sim.randomness import Streams

T = pd.Timestamp


def frame(dates: list[str], sizes: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(dates), "released_by_a": sizes, "released_by_b": sizes})


def test_runs_as_ragged_as_the_record_need_no_discrepancy() -> None:
    record = frame(["2022-03-01", "2022-03-11", "2022-04-30"], [10.0, 100.0, 40.0])
    assert fit_discrepancy(record, [record, record]) == Discrepancy(0.0, 0.0)


def test_the_discrepancy_is_the_record_spread_the_runs_lack() -> None:
    record = frame(["2022-03-01", "2022-03-11", "2022-05-10"], [10.0, 100.0, 1000.0])
    even = frame(["2022-03-01", "2022-03-31", "2022-04-30"], [50.0, 50.0, 50.0])
    fitted = fit_discrepancy(record, [even])
    sizes = np.log([10.0, 100.0, 1000.0])
    assert fitted.size_sigma == pytest.approx(math.sqrt(np.var(sizes)))
    assert fitted.gap_sigma == pytest.approx(math.sqrt(np.var(np.log([10.0, 60.0]))))


def test_a_zero_discrepancy_leaves_the_draws_as_they_were_and_blanks_and_zeros_stay() -> None:
    draw = pd.DataFrame({"date": pd.to_datetime(["2023-01-05", "2023-02-01"]), "released_by_a": [10.0, 0.0],
                         "released_by_b": [np.nan, 7.0]})
    [same] = apply_discrepancy([draw], Discrepancy(0.0, 0.0), T("2022-12-31"), T("2023-12-31"), Streams(1)("d"))
    assert list(same["date"]) == list(draw["date"]) and list(same["released_by_a"]) == [10.0, 0.0]
    [spread] = apply_discrepancy([draw], Discrepancy(1.0, 0.0), T("2022-12-31"), T("2023-12-31"), Streams(1)("d"))
    assert spread["released_by_a"][1] == 0.0 and math.isnan(spread["released_by_b"][0])


@pytest.mark.slow
def test_a_discrepancy_keeps_mean_sizes_and_spreads_them() -> None:
    draws = [frame(["2023-01-05"], [100.0])] * 4000
    spread = apply_discrepancy(draws, Discrepancy(0.5, 0.0), T("2022-12-31"), T("2023-12-31"), Streams(2)("d"))
    sizes = np.array([draw["released_by_a"][0] for draw in spread])
    assert sizes.mean() == pytest.approx(100.0, rel=0.03) and np.std(np.log(sizes)) == pytest.approx(0.5, rel=0.05)
    assert all(draw["date"][0] == T("2023-01-05") for draw in spread)
