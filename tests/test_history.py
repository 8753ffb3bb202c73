"""Historical tables: the shipped ones load with their real numbers; malformed rows are located."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.history import HistoryError, cumulative_returned, deal_totals, exchanges, load_history, totals

ROOT = Path(__file__).resolve().parent.parent
RU_UA = ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"
OTHER = ROOT / "seeds" / "history" / "other_exchanges.csv"
HEADER = ("date,end_date,conflict,side_a,side_b,released_by_a,released_by_b,mediator,categories,deal,row_type,"
          "source_url,source_title,notes")
GOOD = "2022-03-24,,War,Russia,Ukraine,29,21,unknown,POWs,,event,https://example.org/a,Title,"


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "table.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(HistoryError) as caught:
        load_history(path)
    return [str(problem) for problem in caught.value.problems]


def test_the_shipped_tables_load_with_typed_columns() -> None:
    ru_ua, other = load_history(RU_UA), load_history(OTHER)
    assert (len(ru_ua), len(other)) == (64, 29)
    frame = ru_ua.frame
    assert str(frame["date"].dtype).startswith("datetime64")
    assert str(frame["end_date"].dtype).startswith("datetime64")
    assert str(frame["released_by_a"].dtype) == "Int64"
    assert set(frame["row_type"]) == {"event"}


def test_the_azovstal_medvedchuk_swap_reads_215_for_56_over_two_days() -> None:
    frame = load_history(RU_UA).frame
    row = frame[frame["date"] == pd.Timestamp("2022-09-21")].iloc[0]
    assert (row["released_by_a"], row["released_by_b"]) == (215, 56)
    assert row["end_date"] == pd.Timestamp("2022-09-22")
    assert row["side_a"] == "Russia" and row["mediator"].startswith("Turkey")
    assert row["line"] == 27


def test_the_2019_swap_reads_35_for_35_and_blank_counts_are_unknown_not_zero() -> None:
    frame = load_history(RU_UA).frame
    swap = frame[frame["date"] == pd.Timestamp("2019-09-07")].iloc[0]
    assert (swap["released_by_a"], swap["released_by_b"]) == (35, 35)
    april = frame[frame["date"] == pd.Timestamp("2022-04-09")].iloc[0]
    assert april["released_by_a"] == 26 and pd.isna(april["released_by_b"])


def test_a_month_only_date_is_kept_with_its_precision() -> None:
    frame = load_history(OTHER).frame
    row = frame[frame["date_precision"] == "month"].iloc[0]
    assert row["date"] == pd.Timestamp("2022-04-01")
    assert set(frame["date_precision"]) == {"day", "month"}


def test_summary_rows_are_never_added_to_their_stages() -> None:
    """Shalit: one summary and two stages make two exchanges (477 and 550 released), not three."""
    rows = exchanges(load_history(OTHER), sides=("Israel", "Hamas"))
    shalit = rows[rows["deal"].str.contains("Shalit")]
    assert shalit["row_type"].tolist() == ["stage", "stage"]
    assert shalit["released_by_a"].tolist() == [477, 550]
    assert shalit["released_by_b"].tolist() == [1, 0]
    assert int(rows["released_by_a"].sum()) == 477 + 550 + 39 + 30 + 90 + 200 + 110 + 183 + 183 + 369 + 620 + 0


def test_deal_totals_take_the_published_summary_over_a_partial_stage_list() -> None:
    """Nov 2023 truce: 2 of 7 days listed (24 + 8 hostages) against a published 105; Shalit's stages add up."""
    deals = deal_totals(load_history(OTHER)).set_index("deal")
    truce = deals.loc["Israel-Hamas war (Nov 2023 humanitarian truce)"]
    assert (truce["stage_sum_a"], truce["summary_a"], truce["released_by_a"]) == (32, 105, 105)
    assert (truce["stage_sum_b"], truce["released_by_b"]) == (69, 240)
    shalit = deals.loc["Israel-Hamas (Gilad Shalit deal, 'Wafa al-Ahrar')"]
    assert (shalit["stage_sum_b"], shalit["summary_b"], shalit["released_by_b"]) == (1027, 1027, 1027)


def test_deal_totals_fall_back_to_complete_stages_when_the_summary_count_is_blank(tmp_path: Path) -> None:
    path = write(tmp_path, "2023-01-01,,War,A,B,10,,x,,D,summary,,,",
                 "2023-01-01,,War,A,B,4,5,x,,D,stage,,,", "2023-01-03,,War,A,B,6,7,x,,D,stage,,,",
                 "2023-02-01,,War,A,B,1,,x,,E,summary,,,", "2023-02-01,,War,A,B,1,2,x,,E,stage,,,",
                 "2023-02-02,,War,A,B,1,,x,,E,stage,,,")
    deals = deal_totals(load_history(path)).set_index("deal")
    assert (deals.loc["D", "released_by_a"], deals.loc["D", "released_by_b"]) == (10, 12)
    assert deals.loc["E", "released_by_a"] == 1 and pd.isna(deals.loc["E", "released_by_b"])


def test_a_summary_without_stages_is_one_exchange(tmp_path: Path) -> None:
    path = write(tmp_path, "2023-01-01,,War,A,B,10,3,x,,D,summary,,,", GOOD)
    rows = exchanges(load_history(path))
    assert rows["row_type"].tolist() == ["event", "summary"]


def test_exchanges_orient_filter_and_accumulate() -> None:
    rows = exchanges(load_history(RU_UA), sides=("Ukraine", "Russia"), start="2022-02-24", end="2022-12-31")
    assert len(rows) == 32
    assert set(rows["side_a"]) == {"Ukraine"}
    first = rows.iloc[0]
    assert (first["date"], first["released_by_a"], first["released_by_b"]) == (pd.Timestamp("2022-03-01"), 1, 5)
    running = cumulative_returned(rows)
    assert (running["released_by_a"].iloc[-1], running["released_by_b"].iloc[-1]) == (941, 1550)
    assert running["unknown_a"].iloc[-1] == 11


def test_totals_count_known_numbers_each_way_per_pair() -> None:
    table = totals(load_history(RU_UA)).set_index(["side_a", "side_b"])
    russia = table.loc[("Russia", "Ukraine")]
    assert (russia["exchanges"], russia["unknown_a"], russia["unknown_b"]) == (58, 1, 15)
    assert russia["released_by_a"] == 1 + 2 + 35 + 3884  # 2016, 2016, 2019-09, then 2022-2024
    separatists = table.loc[("Russia-backed separatists", "Ukraine")]
    assert (separatists["released_by_a"], separatists["released_by_b"]) == (489, 675)


MALFORMED = {
    "negative count": (["2022-03-24,,War,Russia,Ukraine,-3,21,,,,event,,,"],
                       ["table.csv:2: released_by_a: expected a whole number >= 0 or blank (unknown), found '-3'"]),
    "fractional count": ([GOOD, "2022-03-25,,War,Russia,Ukraine,2,1.5,,,,event,,,"],
                         ["table.csv:3: released_by_b: expected a whole number >= 0 or blank (unknown), found '1.5'"]),
    "bad date": (["2022-13-01,,War,Russia,Ukraine,1,1,,,,event,,,"],
                 ["table.csv:2: date: expected a date like 2022-09-21 (or 2022-09, 2022), found '2022-13-01'"]),
    "end before start": (["2022-03-24,2022-03-20,War,Russia,Ukraine,1,1,,,,event,,,"],
                         ["table.csv:2: end_date: 2022-03-20 is before date 2022-03-24"]),
    "unknown row type": (["2022-03-24,,War,Russia,Ukraine,1,1,,,,stgae,,,"],
                         ["table.csv:2: row_type: expected one of event, stage, summary, found 'stgae'; "
                          "did you mean 'stage'?"]),
    "stage without deal": (["2022-03-24,,War,Russia,Ukraine,1,1,,,,stage,,,"],
                           ["table.csv:2: deal: a stage row must name its deal"]),
    "blank side": (["2022-03-24,,War,,Ukraine,1,1,,,,event,,,"], ["table.csv:2: side_a: must not be blank"]),
    "two summaries": (["2022-03-24,,War,A,B,1,1,,,D,summary,,,", "2022-03-25,,War,A,B,1,1,,,D,summary,,,"],
                      ["table.csv:3: row_type: a second summary row for deal 'D' (the first is on line 2)"]),
    "short row": (["2022-03-24,,War,Russia,Ukraine,1"], ["table.csv:2: expected 14 fields, found 6"]),
    "bad url": (["2022-03-24,,War,Russia,Ukraine,1,1,,,,event,example.org,,"],
                ["table.csv:2: source_url: expected an http(s) address or blank, found 'example.org'"]),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_row_is_reported_with_its_line_and_column(case: str, tmp_path: Path) -> None:
    rows, expected = MALFORMED[case]
    assert [p.replace(str(tmp_path) + "/", "") for p in problems(write(tmp_path, *rows))] == expected


def test_a_quoted_multi_line_field_keeps_later_line_numbers_right(tmp_path: Path) -> None:
    rows = ['2022-03-24,,War,Russia,Ukraine,1,1,,,,event,,,"a note\nover\nthree lines"',
            "2022-03-25,,War,Russia,Ukraine,x,1,,,,event,,,"]
    assert problems(write(tmp_path, *rows))[0].endswith("table.csv:5: released_by_a: expected a whole number >= 0 "
                                                        "or blank (unknown), found 'x'")


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "2022-03-24,,War,Russia,Ukraine,-1,-2,,,,event,,,", GOOD,
                           "bad,,War,Russia,Ukraine,1,1,,,,event,,,"))
    assert [p.split(": ")[0].rsplit(":", 1)[1] + ":" + p.split(": ")[1] for p in found] == [
        "2:released_by_a", "2:released_by_b", "4:date"]


def test_a_misspelt_missing_or_extra_column_is_named_with_a_suggestion(tmp_path: Path) -> None:
    header = HEADER.replace("released_by_b", "relased_by_b") + ",extra"
    found = [p.replace(str(tmp_path) + "/", "") for p in problems(write(tmp_path, header=header))]
    assert found == ["table.csv:1: relased_by_b: unknown column (did you mean 'released_by_b'?)",
                     "table.csv:1: extra: unknown column (expected the columns " + HEADER.replace(",", ", ") + ")",
                     "table.csv:1: released_by_b: missing column"]


def test_a_missing_or_empty_file_is_one_problem(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.csv") == [f"{tmp_path}/nope.csv: file not found"]
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert problems(empty)[0].startswith(f"{empty}:1: the file is empty")


def test_parley_history_summarises_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["history", str(RU_UA), "--from", "2022-02-24", "--to", "2024-12-31"])
    out = capsys.readouterr().out
    assert code == 0
    assert "55 exchanges from 2022-03-01 to 2024-12-30" in out
    assert "Russia -> Ukraine: 3884 (+1 unknown); Ukraine -> Russia: 2799 (+15 unknown)" in out
    assert "    2022:  32   1550    941" in out


def test_parley_history_on_a_bad_table_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "2022-03-24,,War,Russia,Ukraine,-3,21,,,,event,,,",
                 "2022-03-24,,War,Russia,Ukraine,1,1,,,,x,,,")
    done = subprocess.run([sys.executable, "-m", "sim.cli", "history", str(path)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 2


def test_parley_history_with_a_bad_date_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(RU_UA), "--from", "March"]) == 2
    assert "expected a date like 2022-03-01, found 'March'" in capsys.readouterr().err


def test_the_docs_show_what_parley_history_prints(capsys: pytest.CaptureFixture[str], monkeypatch:
                                                   pytest.MonkeyPatch) -> None:
    readme = (ROOT / "docs" / "tutorials" / "compare-with-history.md").read_text(encoding="utf-8")
    block = readme.split("```console\n$ parley history seeds/history/ru_ua_exchanges.csv --from 2022-02-24 "
                         "--to 2024-12-31\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    assert main(["history", "seeds/history/ru_ua_exchanges.csv", "--from", "2022-02-24", "--to", "2024-12-31"]) == 0
    assert capsys.readouterr().out == block


def test_the_docs_history_example_runs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    section = (ROOT / "docs" / "reference" / "history.md").read_text(encoding="utf-8")
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "docs/reference/history.md", "exec"), {})  # noqa: S102 - our own docs
    last = capsys.readouterr().out.splitlines()[-1].split()
    assert last[1:] == ["2024-12-30", "3884", "2799", "1", "15"]
