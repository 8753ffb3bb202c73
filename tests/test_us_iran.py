"""The US-Iran exchange of September 2023 against the record: 5 for 5, about 6 billion USD, Qatar mediating.

The record (seeds/us-iran-2023-09.md, and its row in seeds/history/other_exchanges.csv): Iran freed five
US citizens and the US five Iranians, after about 6 billion USD of Iranian funds reached Qatar. The funds
are a numeric issue in USD; the spread is checked over 200 seeds (about 4 s).
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from support import SCENARIOS, outcomes

import sim
from sim.analysis.bargaining import bargaining_set
from sim.cli import main

US_IRAN = SCENARIOS / "us-iran-2023-09.yaml"
SIX_BILLION = 6_000_000_000


def test_the_scenario_has_us_iran_qatar_and_funds_in_usd() -> None:
    scenario = sim.load_scenario(US_IRAN)
    assert scenario.party_ids == ("IR", "US")
    assert list(scenario.mediators) == ["QA"] and scenario.protocol.mediator == "QA"
    funds = scenario.issues["funds"]
    assert funds.numeric and funds.unit == "USD" and funds.range == [0.0, 10e9] and funds.step == 0.5e9
    assert scenario.linkage[0].issue == "funds" and scenario.linkage[0].of.released_by == "IR"


def test_the_scenario_file_separates_facts_from_assumptions() -> None:
    header = US_IRAN.read_text(encoding="utf-8").split("\nname:")[0]
    assert "Facts taken from them" in header and "Modelling assumptions" in header
    assert "https://www.dw.com/" in header
    assert (Path(__file__).resolve().parents[1] / "seeds" / "us-iran-2023-09.md").is_file()


@pytest.fixture(scope="module")
def found() -> list[sim.Outcome]:
    """The outcomes of seeds 0..199."""
    return outcomes("us-iran-2023-09.yaml", 200)


def test_over_200_seeds_most_runs_swap_5_for_5_at_a_median_of_4_to_8_billion(found: list[sim.Outcome]) -> None:
    agreed = [o for o in found if o.agreed_at_table]
    five_for_five = sum(o.agreed_released == {"IR": 5, "US": 5} for o in found)
    assert five_for_five >= 150, five_for_five  # 200 of 200 when written
    amounts = [o.issues_agreed["funds"] for o in agreed]
    assert 4e9 <= statistics.median(amounts) <= 8e9, Counter(amounts)  # 6e9 when written
    assert len(set(amounts)) > 1, "the amount is bargained over, not fixed"
    assert sum(o.status == "executed" for o in found) >= 180
    failed = [o.released for o in found if o.status == "failed"]
    assert all(released == {"IR": 0, "US": 0} for released in failed), "a failed transfer frees no one"


def test_over_200_seeds_the_median_run_agrees_in_august_and_swaps_in_september(found: list[sim.Outcome]) -> None:
    start = sim.load_scenario(US_IRAN).start_date
    assert start is not None
    agreed = start + timedelta(days=statistics.median(o.day_of_agreement or 0.0 for o in found if o.agreed_at_table))
    executed = start + timedelta(days=statistics.median(o.end_day for o in found if o.status == "executed"))
    # the record: made public on 10 August 2023 (Americans to house arrest), swapped on 18 September 2023
    assert date(2023, 7, 27) <= agreed <= date(2023, 8, 24), agreed  # 2023-08-10 when written
    assert date(2023, 9, 4) <= executed <= date(2023, 10, 2), executed  # 2023-09-19 when written


def test_the_nash_point_is_five_for_five_near_the_real_six_billion(capsys: pytest.CaptureFixture[str]) -> None:
    bargaining = bargaining_set(sim.load_scenario(US_IRAN), seed=0)
    point = bargaining.outcome("nash")
    assert point is not None
    nash = bargaining.describe(point)
    assert nash["released"] == {"IR": 5, "US": 5}
    assert abs(nash["issues"]["funds"] - SIX_BILLION) <= 0.5e9
    assert main(["analyze", str(US_IRAN)]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("Nash"))
    assert line.endswith("IR releases 5, US releases 5, funds 6,000,000,000 USD")


def test_a_run_prints_and_records_the_amount_in_usd(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    assert main(["run", str(US_IRAN), "--seed", "1", "--out", str(out), "--no-plots", "--no-report"]) == 0
    printed = capsys.readouterr().out
    assert "issues: funds = " in printed and " USD" in printed
    result = sim.run(sim.load_scenario(US_IRAN), seed=1)
    assert isinstance(result.outcome.issues_agreed["funds"], int)


def test_the_funds_are_transferred_a_day_before_the_people_go_free() -> None:
    result = sim.run(sim.load_scenario(US_IRAN), seed=0)
    assert result.outcome.status == "executed"
    funds, people = result.stages
    assert (funds["id"], funds["fate"], people["id"], people["fate"]) == ("funds", "executed", "people", "executed")
    assert people["day"] == pytest.approx(funds["day"] + 1)
    assert people["released"] == {"IR": 5, "US": 5}
    delivered = next(e for e in result.events if e.kind.value == "issue_delivered")
    assert delivered.payload["value"] == result.outcome.issues_agreed["funds"]


@pytest.mark.parametrize("seed", range(3))
def test_when_the_funds_transfer_fails_no_one_is_released(seed: int) -> None:
    document = yaml.safe_load(US_IRAN.read_text(encoding="utf-8"))
    document["mediators"]["QA"]["guarantees_execution"] = False
    document["execution"]["plan"]["funds"]["failure_probability"] = 1.0
    for party in document["parties"].values():
        party["trust"] = {"kind": "fixed", "initial": 0.0}
    result = sim.run(sim.validate_document(document), seed=seed)
    assert result.outcome.ratified and result.outcome.status == "failed"
    assert result.outcome.released == {"IR": 0, "US": 0}
    assert [(s["id"], s["fate"]) for s in result.stages] == [("funds", "failed"), ("people", "cancelled")]
