"""`parley backtest`: a reduced rolling-origin backtest, same seed same bytes, leaks listed, bad input refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from sim.backtest.api import backtest
from sim.backtest.leaks import possible_leaks
from sim.backtest.report import scores_csv
from sim.cli import main
from sim.cli.backtest import recorded_calibration

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = ROOT / "scenarios" / "ru-ua-channel.yaml"
RU_UA = ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"
SMALL = {"budget": 12, "population": 6, "runs": 4, "seed": 5, "workers": 1}


def test_a_reduced_backtest_scores_every_forecaster_and_gives_the_same_bytes_again() -> None:
    ranges = {"channel.rounds.list_size": (20.0, 200.0)}
    first = backtest(CHANNEL, RU_UA, ranges, origins=["2022-06-30"], horizon=92, **SMALL)
    again = backtest(CHANNEL, RU_UA, ranges, origins=["2022-06-30"], horizon=92, **SMALL)
    scores = first.scores
    assert scores_csv(scores) == scores_csv(again.scores)
    assert list(scores.columns) == ["origin", "metric", "forecaster", "score_kind", "value", "observations"]
    assert set(scores["forecaster"]) == {"model", "model_discrepancy", "previous_year", "count_model"}
    assert first.origins[0].discrepancy is not None and first.origins[0].discrepancy.size_sigma >= 0
    assert set(scores["score_kind"]) == {"crps", "log", "coverage50", "coverage80"}
    per_quarter = scores[(scores["metric"] == "exchanges.per_quarter") & (scores["forecaster"] == "model")]
    assert per_quarter.set_index("score_kind")["observations"].to_dict() == {
        "crps": 1, "log": 1, "coverage50": 1, "coverage80": 1}  # 2022-07-01..2022-09-30 is one quarter
    origin = first.origins[0]
    assert origin.posterior.data_until == dt.date(2022, 6, 30) and origin.start == pd.Timestamp("2022-07-01")
    assert origin.scores is not None and origin.scores.observed.exchanges == 2  # hand-over days in the record
    assert len(origin.fan) == 92 and origin.fan["record_a"].iloc[-1] == origin.scores.observed.totals["a"]


def test_a_window_past_the_record_is_forecast_but_not_scored() -> None:
    result = backtest(CHANNEL, RU_UA, {"channel.rounds.list_size": (20.0, 200.0)}, origins=["2024-12-01"],
                      horizon=60, **SMALL)
    assert result.origins[0].scores is None and len(result.scores) == 0
    assert result.origins[0].fan["record_a"].isna().all() and len(result.origins[0].fan) == 60


def test_leaks_list_dates_after_the_origin_and_fits_not_redone() -> None:
    document = {"start_date": dt.date(2022, 2, 24), "channel": {"periods": [{"start": dt.date(2023, 1, 1)}],
                                                                "rounds": {"list_size": 62}},
                "events": {"scheduled": [{"day": 85}, {"day": 400}]}}
    leaks = possible_leaks(document, dt.date(2022, 12, 31), ["channel.rounds.list_size"],
                           {"channel.rounds.list_size": dt.date(2024, 12, 31),
                            "channel.periods.0.list_size": dt.date(2024, 12, 31)})
    assert leaks == ["channel.periods.0.list_size: fitted on rows up to 2024-12-31 and not refitted",
                     "channel.periods.0.start: dated 2023-01-01, after the origin",
                     "events.scheduled.1: day 400 is 2023-03-31, after the origin"]


def test_the_shipped_scenario_records_its_calibration() -> None:
    params, by_year, until = recorded_calibration(CHANNEL)
    assert by_year and until == dt.date(2024, 12, 31)
    assert params[1] == "channel.rounds.list_size=20:200" and len(params) == 6


def test_the_command_writes_its_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bt"
    code = main(["backtest", str(CHANNEL), "--history", str(RU_UA), "--origins", "2022-06-30", "--horizon", "92",
                 "--param", "channel.rounds.list_size=20:200", "--budget", "12", "--population", "6", "--runs", "3",
                 "--workers", "1", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "origin 2022-06-30: fitted on 2022-02-24..2022-06-30, forecast 2022-07-01..2022-09-30" in printed
    assert sorted(path.name for path in out.iterdir()) == [
        "backtest.csv", "backtest.json", "backtest.parquet", "fan-2022-06-30.csv", "fan-2022-06-30.png", "pit.csv",
        "pit.png", "posterior-2022-06-30.json", "report.html"]
    html = (out / "report.html").read_text()
    assert html.count('id="plot-') == 2 and "channel.mediators.1.start" in html
    document = json.loads((out / "backtest.json").read_text())
    assert document["origins"]["2022-06-30"]["fit"]["data_until"] == "2022-06-30"
    assert "channel.mediators.1.start: dated 2023-01-01, after the origin" in document["origins"]["2022-06-30"][
        "possible_leaks"]
    pd.testing.assert_frame_equal(pd.read_parquet(out / "backtest.parquet"), pd.read_csv(out / "backtest.csv"),
                                  check_exact=False, rtol=1e-9, check_dtype=False)


@pytest.mark.parametrize("options, message", [
    (["--origins", "2021-06-30", "--horizon", "30"], "parley: --origins 2021-06-30: outside the record of"),
    (["--origins", "2026-06-30", "--horizon", "30"], "parley: --origins 2026-06-30: outside the record of"),
    (["--origins", "2022-06-30", "--horizon", "0"], "parley: argument --horizon: expected a whole number >= 1"),
    (["--origins", "2022-13-30", "--horizon", "3"], "parley: argument --origins:"),
])
def test_bad_input_is_one_line_naming_the_flag(options: list[str], message: str,
                                               capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["backtest", str(CHANNEL), "--history", str(RU_UA), *options, "--param",
                 "channel.rounds.list_size=20:200", "--budget", "6", "--population", "3", "--out", str(tmp_path / "x")])
    error = capsys.readouterr().err.strip()
    assert code == 2 and error.startswith(message) and len(error.splitlines()) == 1


def test_holdings_are_read_and_a_missing_column_is_one_line_per_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sim.history.holdings import holdings_beside, load_holdings

    shipped = load_holdings(ROOT / "seeds" / "history" / "ru_ua_holdings.csv")
    assert holdings_beside(RU_UA) == ROOT / "seeds" / "history" / "ru_ua_holdings.csv"
    assert [(h.date, h.holder, h.count) for h in shipped] == [
        (dt.date(2023, 1, 3), "Russia", 3392), (dt.date(2024, 6, 5), "Russia", 6465),
        (dt.date(2024, 6, 5), "Ukraine", 1348)]
    assert all(h.date <= dt.date(2024, 12, 31) and h.source_url.startswith("https://") for h in shipped)
    bad = tmp_path / "h.csv"
    bad.write_text("date,holder,held,source_url,source_title,notes\n2023-01-03,Russia,Ukraine,x,y,z\n")
    code = main(["backtest", str(CHANNEL), "--history", str(RU_UA), "--holdings", str(bad), "--origins",
                 "2022-06-30", "--horizon", "30", "--param", "channel.rounds.list_size=20:200"])
    assert code == 2 and capsys.readouterr().err.strip() == f"{bad}:1: count: missing column"


def test_the_model_holdings_are_set_against_published_figures() -> None:
    from sim.history.holdings import Holding

    figure = Holding(dt.date(2022, 9, 1), "Russia", "Ukraine", 2000, "https://example.org", "", "")
    later = Holding(dt.date(2023, 9, 1), "Russia", "Ukraine", 2000, "https://example.org", "", "")
    result = backtest(CHANNEL, RU_UA, {"channel.rounds.list_size": (20.0, 200.0)}, origins=["2022-06-30"],
                      horizon=92, holdings=[figure, later], **SMALL)
    [row] = result.origins[0].holdings  # the 2023 figure is after the window's end
    assert row["date"] == "2022-09-01" and row["published"] == 2000 and not row["in_training_period"]
    assert row["model_p10"] <= row["model_median"] <= row["model_p90"]
    assert row["model_median"] > 2000  # Azovstal (2,400 captives in May 2022) alone puts Russia's holding above it
