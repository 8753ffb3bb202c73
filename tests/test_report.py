"""HTML reports without a browser: what `parley run`, `parley report`, sweep and compare write,
that the same run gives the same bytes, that the page is self-contained, and the plain account."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import sim
from sim.analysis.account import account
from sim.analysis.run_files import read_run
from sim.cli import main
from sim.plots.interactive import timeline_figure
from sim.plots.report import REPORT_NAME, plotly_js
from sim.plots.run_report import run_panels, run_report

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
ISTANBUL = SCENARIOS / "istanbul-2025-05.yaml"
SHALIT = SCENARIOS / "shalit-2011.yaml"
BAD_INPUT = 2


@pytest.fixture(scope="module")
def istanbul_run() -> sim.Result:
    """Istanbul, seed 0: talks in Turkey, a deal at the table, three stages carried out."""
    return sim.run(sim.load_scenario(ISTANBUL), seed=0)


def figure_ids(html: str) -> list[str]:
    """The element ids of the figures a report draws, in page order."""
    return re.findall(r'<div id="plot-([a-z]+)" class="plot">', html)


def test_run_writes_report_beside_its_files_and_report_rebuilds_it(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """`parley run` writes report.html; `parley report DIR --scenario FILE` rebuilds the same bytes from the files."""
    out = tmp_path / "run"
    assert main(["run", str(ISTANBUL), "--seed", "0", "--out", str(out), "--no-plots"]) == 0
    assert "report.html" in capsys.readouterr().out
    written = (out / REPORT_NAME).read_bytes()
    again = tmp_path / "again"
    assert main(["report", str(out), "--scenario", str(ISTANBUL), "--out", str(again)]) == 0
    assert (again / REPORT_NAME).read_bytes() == written


def test_no_report_skips_it(tmp_path: Path) -> None:
    """`--no-report` leaves only the data files."""
    out = tmp_path / "run"
    assert main(["run", str(ISTANBUL), "--out", str(out), "--no-plots", "--no-report"]) == 0
    assert {path.name for path in out.iterdir()} == {"events.jsonl", "summary.json", "manifest.json"}


def test_same_run_same_bytes_self_contained(istanbul_run: sim.Result) -> None:
    """Two renderings are byte-identical; Plotly's script is inlined exactly once; no address outside the file."""
    html = run_report(istanbul_run)
    assert html == run_report(sim.run(sim.load_scenario(ISTANBUL), seed=0))
    assert html.count(plotly_js()) == 1
    assert figure_ids(html) == ["timeline", "trust", "concessions", "bargaining"]
    assert not re.search(r'<(script|link|img|iframe)[^>]*\b(src|href)="(?!data:)', html)
    assert "<table class=\"summary\">" in html and "What happened" in html


def test_timeline_hover_carries_event_details(istanbul_run: sim.Result) -> None:
    """Each timeline marker's hover text names its kind, actor and payload (roster ids left out)."""
    figure = timeline_figure(istanbul_run)
    agreement = next(trace for trace in figure.data if trace.name == "agreement")
    (text,) = agreement.hovertext
    assert "<b>agreement</b>: TR" in text and "released: RU 1000, UA 1000" in text
    assert "2025-05-16" in text
    executed = next(trace for trace in figure.data if trace.name == "stage executed")
    assert all("ids" not in line.split(":")[0] for hover in executed.hovertext for line in hover.split("<br>"))
    assert figure.layout.xaxis.title.text == "date"


def test_account_tells_the_run(istanbul_run: sim.Result) -> None:
    """The account names who opened the talks and when, the dispute, the deal, each stage and the end."""
    lines = account(istanbul_run)
    assert lines[0].startswith("Turkey opened the talks on 16 May 2025")
    assert "Russia disputed 57 names on the other side's list." in lines
    assert any(line.startswith("They agreed at the table on 16 May 2025, after 21 offer steps: Russia 1,000 and "
                               "Ukraine 1,000 to be released") for line in lines)
    assert "Stage 3 of 3 was carried out on 25 May 2025: Russia 333 and Ukraine 333 released." in lines
    assert lines[-1].startswith("The run ended on 25 May 2025 with status 'executed'")


def test_channel_run_report(tmp_path: Path) -> None:
    """A channel run's report draws the exchanges over dates, one panel per side (Israel's one returned
    soldier is not flattened against 1,040 prisoners), and trust; the account lists its exchange."""
    result = sim.run(sim.load_scenario(SHALIT), seed=0)
    panels = run_panels(result)
    assert [panel.id for panel in panels] == ["channel", "trust"]
    channel = panels[0].figure
    assert channel.layout.xaxis2.title.text == "date"
    assert [trace.name for trace in channel.data] == ["returned to Israel", "returned to Hamas"]
    assert [trace.yaxis for trace in channel.data] == ["y", "y2"]
    assert max(channel.data[0].y) == 1 and max(channel.data[1].y) == 1040
    assert any("Round 1: exchange on 21 October 2011" in line for line in account(result))
    out = tmp_path / "run"
    assert main(["run", str(SHALIT), "--out", str(out), "--no-plots"]) == 0
    assert main(["report", str(out), "--scenario", str(SHALIT), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / REPORT_NAME).read_bytes() == (out / REPORT_NAME).read_bytes()


def test_read_run_rebuilds_the_result(tmp_path: Path, istanbul_run: sim.Result) -> None:
    """Events, outcome and identity read back from a run's folder equal the run's own."""
    out = tmp_path / "run"
    assert main(["run", str(ISTANBUL), "--seed", "0", "--out", str(out), "--no-plots", "--no-report"]) == 0
    back = read_run(out, istanbul_run.scenario)
    assert back.events == istanbul_run.events
    assert back.outcome == istanbul_run.outcome
    assert (back.run_id, back.seed) == (istanbul_run.run_id, istanbul_run.seed)


def test_report_with_another_scenario_or_no_run_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario that is not the run's, or a folder without a run: one line naming the file, exit 2."""
    out = tmp_path / "run"
    assert main(["run", str(ISTANBUL), "--out", str(out), "--no-plots", "--no-report"]) == 0
    capsys.readouterr()
    assert main(["report", str(out), "--scenario", str(SHALIT)]) == BAD_INPUT
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "manifest.json: scenario_sha256" in error
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "--scenario", str(ISTANBUL)]) == BAD_INPUT
    assert "manifest.json: cannot be read" in capsys.readouterr().err
    (out / "events.jsonl").write_text("{not json\n", encoding="utf-8")
    assert main(["report", str(out), "--scenario", str(ISTANBUL)]) == BAD_INPUT
    assert "events.jsonl: not an event log" in capsys.readouterr().err


def test_sweep_writes_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`parley sweep` writes report.html with the status and parameter figures and the points table."""
    out = tmp_path / "sweep"
    assert main(["sweep", str(ISTANBUL), "--set", "parties.UA.leader.veto.threshold=0.1,0.3", "--runs", "2",
                 "--workers", "1", "--out", str(out), "--no-plots"]) == 0
    html = (out / REPORT_NAME).read_text(encoding="utf-8")
    assert figure_ids(html) == ["status", "parameters", "deals"]
    assert "UA leader veto threshold" in html and "parties.UA.leader.veto.threshold</th>" not in html
    assert html.count("<tr>") == 1 + 2  # header and one row per point


def test_compare_writes_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`parley compare` writes report.html with three figures and the metrics table."""
    out = tmp_path / "compare"
    assert main(["compare", str(SCENARIOS / "ru-ua-channel.yaml"), "--history",
                 str(ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"), "--from", "2022-02-24", "--to", "2022-09-30",
                 "--runs", "2", "--workers", "1", "--out", str(out), "--no-plots"]) == 0
    html = (out / REPORT_NAME).read_text(encoding="utf-8")
    assert figure_ids(html) == ["cumulative", "sizes", "intervals"]
    data = json.loads(re.search(r'data-target="plot-cumulative">(.*?)</script>', html, re.S).group(1))
    assert data["layout"]["xaxis"]["type"] == "date"
