"""`parley compare` and `sim.compare`: metrics with known answers, the baseline rule, blank counts,
determinism across worker counts, the command's files and its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.compare import CompareError, compare
from sim.compare.baseline import previous_period
from sim.compare.metrics import (
    cumulative_daily,
    distances,
    intervals_days,
    ratios,
    series_metrics,
    share_in_band,
)
from sim.compare.report import write_outputs
from sim.history import HistoryError, load_history
from sim.plots.compare import COMPARE_FIGURES

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = ROOT / "scenarios" / "ru-ua-channel.yaml"
RU_UA = ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"
ISTANBUL = ROOT / "scenarios" / "istanbul-2025-05.yaml"
HEADER = ("date,end_date,conflict,side_a,side_b,released_by_a,released_by_b,mediator,categories,deal,row_type,"
          "source_url,source_title,notes")


def series(*rows: tuple[str, int | None, int | None]) -> pd.DataFrame:
    """A hand-made exchange series: (date, released_by_a, released_by_b); None is a blank count."""
    frame = pd.DataFrame(rows, columns=["date", "released_by_a", "released_by_b"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.NaT
    for column in ("released_by_a", "released_by_b"):
        frame[column] = frame[column].astype("Int64")
    return frame


def test_identical_samples_are_at_distance_zero_and_a_shift_is_measured() -> None:
    sample = np.array([10.0, 20.0, 30.0, 40.0])
    assert distances(sample, sample) == (0.0, 0.0)
    wasserstein, ks = distances(sample + 5.0, sample)
    assert wasserstein == pytest.approx(5.0)
    assert ks == pytest.approx(0.25)
    far_wasserstein, far_ks = distances(sample + 100.0, sample)
    assert (far_wasserstein, far_ks) == (pytest.approx(100.0), pytest.approx(1.0))


def test_a_distance_to_an_empty_sample_is_unknown_not_zero() -> None:
    wasserstein, ks = distances(np.array([]), np.array([1.0]))
    assert np.isnan(wasserstein) and np.isnan(ks)


def test_intervals_count_exchanges_on_the_same_day_once() -> None:
    dates = pd.to_datetime(pd.Series(["2022-01-01", "2022-01-01", "2022-01-11", "2022-02-10"]))
    assert intervals_days(dates).tolist() == [10.0, 30.0]


def test_ratios_use_only_exchanges_with_both_counts_known() -> None:
    rows = series(("2022-01-01", 30, 10), ("2022-01-05", 20, 20), ("2022-01-09", 500, None),
                  ("2022-01-12", None, 7), ("2022-01-20", 4, 0))
    median, total = ratios(rows)
    # per exchange (b > 0): 3.0 and 1.0; total: (30 + 20 + 4) / (10 + 20 + 0)
    assert median == pytest.approx(2.0)
    assert total == pytest.approx(54 / 30)


def test_blank_counts_count_as_exchanges_but_not_as_people() -> None:
    record = series(("2022-01-01", 10, 10), ("2022-01-03", None, 6), ("2022-01-05", 30, None))
    start, end = pd.Timestamp("2022-01-01"), pd.Timestamp("2022-01-06")
    values = series_metrics(record, record, start, end)
    assert values["exchanges"] == 3
    assert values["released_by_a.total"] == 40 and values["released_by_b.total"] == 16
    assert values["released_by_a.median_size"] == 20 and values["released_by_b.median_size"] == 8
    assert values["interval.median_days"] == 2
    assert values["released_by_a.wasserstein"] == 0 and values["interval.ks"] == 0
    assert values["cumulative_a.mean_gap"] == 0


def test_the_cumulative_line_is_daily_and_the_band_share_counts_days_inside() -> None:
    rows = series(("2022-01-02", 5, 1), ("2022-01-04", 10, None), ("2021-12-31", 99, 99))
    line = cumulative_daily(rows, pd.Timestamp("2022-01-01"), pd.Timestamp("2022-01-05"))
    assert line[:, 0].tolist() == [0, 5, 5, 15, 15]
    assert line[:, 1].tolist() == [0, 1, 1, 1, 1]
    low, high = np.array([0, 0, 6, 10, 10]), np.array([1, 5, 9, 20, 20])
    assert share_in_band(line[:, 0], low, high) == pytest.approx(0.8)  # all days but the third


def test_the_baseline_repeats_the_previous_period_of_the_same_length_shifted_forward() -> None:
    history = series(("2022-12-21", 1, 1), ("2022-12-25", 20, 10), ("2022-12-31", 30, None), ("2023-01-02", 7, 7))
    baseline = previous_period(history, pd.Timestamp("2023-01-01"), pd.Timestamp("2023-01-10"))
    assert (baseline.start, baseline.end, baseline.shift_days) == (
        pd.Timestamp("2022-12-22"), pd.Timestamp("2022-12-31"), 10)
    assert baseline.rows is not None
    assert [str(day.date()) for day in baseline.rows["date"]] == ["2023-01-04", "2023-01-10"]
    assert baseline.rows["released_by_a"].tolist() == [20, 30]


def test_there_is_no_baseline_when_the_history_does_not_reach_back_far_enough() -> None:
    history = series(("2022-12-25", 20, 10), ("2023-01-02", 7, 7))
    baseline = previous_period(history, pd.Timestamp("2023-01-01"), pd.Timestamp("2023-01-10"))
    assert baseline.rows is None
    assert "does not reach back to 2022-12-22" in baseline.describe()


def test_the_comparison_is_the_same_whatever_the_number_of_workers() -> None:
    window = {"start": "2022-02-24", "end": "2022-09-30", "runs": 4, "seed": 7}
    serial = compare(CHANNEL, RU_UA, workers=1, **window)
    pooled = compare(CHANNEL, RU_UA, workers=2, **window)
    assert json.dumps(serial.to_json()) == json.dumps(pooled.to_json())
    pd.testing.assert_frame_equal(serial.simulated, pooled.simulated)
    assert sorted(serial.simulated["run"].unique()) == [0, 1, 2, 3]
    other = compare(CHANNEL, RU_UA, workers=1, **(window | {"seed": 8}))
    assert not serial.simulated.equals(other.simulated)


def test_the_metrics_table_holds_the_record_the_model_and_the_baseline() -> None:
    result = compare(CHANNEL, RU_UA, start="2023-01-01", end="2023-12-31", runs=3)
    table = result.metrics.set_index("metric")
    # The record in 2023: 12 Russia-Ukraine exchanges, 986 people released by Russia, three blank on Ukraine's side.
    assert table.loc["exchanges", "historical"] == 12
    assert table.loc["released_by_a.total", "historical"] == 986
    assert result.to_json()["history"]["unknown_released_by_b"] == 3
    # The baseline is 2022 (same length, 365 days), moved forward: the record's 32 exchanges of 2022.
    assert table.loc["exchanges", "baseline"] == 32
    runs = result.per_run["exchanges"].to_numpy()
    assert table.loc["exchanges", "model_median"] == pytest.approx(np.median(runs))
    assert table.loc["exchanges", "model_p10"] <= table.loc["exchanges", "model_p90"]
    assert np.isnan(table.loc["released_by_a.wasserstein", "historical"])


def test_a_scenario_without_a_channel_cannot_be_compared() -> None:
    with pytest.raises(CompareError, match="channel: compare needs a `channel:` section"):
        compare(ISTANBUL, RU_UA, runs=1)


@pytest.fixture(scope="module")
def compare_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("compare") / "out"
    capture = tmp_path_factory.mktemp("stdout") / "stdout.txt"
    import contextlib

    with capture.open("w") as stream, contextlib.redirect_stdout(stream):
        code = main(["compare", str(CHANNEL), "--history", str(RU_UA), "--from", "2022-03-01", "--to", "2022-12-31",
                     "--runs", "3", "--seed", "2", "--out", str(folder)])
    assert code == 0
    return folder, capture.read_text()


def test_compare_prints_the_table_and_writes_its_files(compare_folder: tuple[Path, str]) -> None:
    folder, printed = compare_folder
    assert sorted(path.name for path in folder.iterdir()) == [
        "compare_cumulative.png", "compare_intervals.png", "compare_sizes.png", "comparison.json", "manifest.json",
        "report.html", "simulated_exchanges.csv"]
    assert printed.splitlines()[-1] == (
        f"  wrote {folder}/: comparison.json, simulated_exchanges.csv, manifest.json, compare_cumulative.png, "
        "compare_sizes.png, compare_intervals.png, report.html"), "data files first, then the figures and report"
    assert all((folder / name).read_bytes().startswith(b"\x89PNG") for name in COMPARE_FIGURES)
    assert "window 2022-03-01..2022-12-31 (306 days), 3 runs, seed 2" in printed
    # The record's previous 306 days (from 2021-04-29) hold no Russia-Ukraine exchange: a baseline of none.
    assert "baseline: the history of 2021-04-29..2022-02-28 moved forward 306 days (0 exchanges)" in printed
    document = json.loads((folder / "comparison.json").read_text())
    assert document["metrics"]["exchanges"]["historical"] == 32
    assert document["metrics"]["exchanges"]["baseline"] == 0
    assert document["metrics"]["released_by_a.median_size"]["baseline"] is None
    manifest = json.loads((folder / "manifest.json").read_text())
    assert (manifest["from"], manifest["to"], manifest["runs"], manifest["seed"]) == ("2022-03-01", "2022-12-31", 3, 2)


def test_simulated_exchanges_csv_round_trips_through_the_history_loader(compare_folder: tuple[Path, str],
                                                                        tmp_path: Path) -> None:
    folder, _ = compare_folder
    path = folder / "simulated_exchanges.csv"
    table = load_history(path, extra_columns=("run",)).frame
    comparison = compare(CHANNEL, RU_UA, start="2022-03-01", end="2022-12-31", runs=3, seed=2)
    written = write_outputs(comparison, tmp_path)
    assert [file.name for file in written] == ["comparison.json", "simulated_exchanges.csv", "manifest.json"]
    assert sorted(file.name for file in tmp_path.iterdir()) == sorted(file.name for file in written), "no figures"
    assert (tmp_path / "comparison.json").read_text() == (folder / "comparison.json").read_text()
    assert (tmp_path / "simulated_exchanges.csv").read_text() == path.read_text()
    again = comparison.simulated
    assert len(table) == len(again) > 0
    assert table["run"].astype(int).tolist() == again["run"].tolist()
    assert table["date"].tolist() == again["date"].tolist()
    assert table["released_by_a"].tolist() == again["released_by_a"].tolist()
    assert table["released_by_b"].tolist() == again["released_by_b"].tolist()
    assert table["date"].min() >= pd.Timestamp("2022-03-01")
    with pytest.raises(HistoryError, match="run: unknown column"):
        load_history(path)


@pytest.mark.parametrize(("options", "message"), [
    (["--from", "2021-01-01"], "--from 2021-01-01 is before the scenario's start_date 2022-02-24"),
    (["--from", "2023-01-01", "--to", "2022-06-01"], "--to 2022-06-01 is before --from 2023-01-01"),
    (["--from", "2022-07-01", "--to", "2022-08-31"], "no exchanges between Russia and Ukraine from 2022-07-01"),
    (["--runs", "0"], "--runs: expected a whole number >= 1, found 0"),
    (["--to", "31/12/2024"], "--to: expected a date like 2022-03-01, found '31/12/2024'"),
    (["--to", "2200-01-01"], "running until 2200-01-01 makes"),
])
def test_bad_windows_and_numbers_exit_2_with_one_line(options: list[str], message: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compare", str(CHANNEL), "--history", str(RU_UA), "--runs", "1", *options,
                 "--out", str(tmp_path / "out")])
    error = capsys.readouterr().err.strip()
    assert code == 2
    assert message in error and len(error.splitlines()) == 1 and "Traceback" not in error


def test_a_bad_history_or_a_non_channel_scenario_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n2022-13-01,,War,Russia,Ukraine,x,1,,,,event,,,\n", encoding="utf-8")
    assert main(["compare", str(CHANNEL), "--history", str(bad), "--runs", "1"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"{bad}:2: date: expected a date like 2022-09-21 (or 2022-09, 2022), found '2022-13-01'",
                     f"{bad}:2: released_by_a: expected a whole number >= 0 or blank (unknown), found 'x'"]
    assert main(["compare", str(ISTANBUL), "--history", str(RU_UA), "--runs", "1"]) == 2
    error = capsys.readouterr().err.strip()
    assert error == f"parley: {ISTANBUL}: channel: compare needs a `channel:` section (a scenario of recurring rounds)"
