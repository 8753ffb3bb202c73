"""Calibration year by year, over parameters of a round period, and the KS statistic it uses."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from sim.calibrate import calibrate
from sim.calibrate.distance import calibration_distance, window_distance, year_pieces
from sim.compare.metrics import ks_statistic

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = ROOT / "scenarios" / "ru-ua-channel.yaml"
RU_UA = ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"


def series(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["date", "released_by_a", "released_by_b"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.astype({"released_by_a": "Int64", "released_by_b": "Int64"})


def test_the_ks_statistic_is_scipys_and_does_not_warn_for_a_sample_of_one() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        first, second = rng.integers(0, 30, rng.integers(1, 20)), rng.integers(0, 30, rng.integers(1, 20))
        assert ks_statistic(first, second) == stats.ks_2samp(first, second, method="asymp").statistic
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ks_statistic(np.array([1.0]), np.array([1.0, 0.0])) == 0.5


def test_a_window_is_cut_at_each_new_year() -> None:
    pieces = year_pieces(pd.Timestamp("2022-02-24"), pd.Timestamp("2024-03-31"))
    assert [(str(low.date()), str(high.date())) for low, high in pieces] == [
        ("2022-02-24", "2022-12-31"), ("2023-01-01", "2023-12-31"), ("2024-01-01", "2024-03-31")]


def test_by_year_the_distance_is_the_mean_of_the_years_with_a_record() -> None:
    """2022 matched exactly (0), 2023 twice too many exchanges; 2024 has no record and is left out."""
    record = series([("2022-03-01", 10, 10), ("2022-06-01", 20, 20), ("2023-05-01", 50, 50)])
    run = series([("2022-03-01", 10, 10), ("2022-06-01", 20, 20), ("2023-05-01", 50, 50), ("2023-05-20", 50, 50),
                  ("2024-02-01", 9, 9)])
    start, end = pd.Timestamp("2022-01-01"), pd.Timestamp("2024-12-31")
    in_2023 = window_distance(run.iloc[2:4], record.iloc[2:], pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31"))
    assert in_2023 > 0
    assert calibration_distance(run, record, start, end, by_year=True) == in_2023 / 2
    assert calibration_distance(run, record, start, end) != in_2023 / 2


def test_a_parameter_of_a_round_period_is_fitted_as_a_whole_number_and_set_in_the_document() -> None:
    fit = calibrate(CHANNEL, RU_UA, {"channel.periods.0.list_size": (20, 200)}, train_to="2023-03-31", budget=8,
                    population=4, seed=2, by_year=True)
    median = fit.medians["channel.periods.0.list_size"]
    assert isinstance(median, int) and 20 <= median <= 200
    assert fit.document["channel"]["periods"][0]["list_size"] == median
    assert fit.by_year
