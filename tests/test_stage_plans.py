"""Execution plans in a run: funds first and people after, failures that cancel what depends on them, the
stages in the log, summary.json and the exchanges table, and bad plans refused one line each."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from support import swap_document

import sim
from sim.cli import main
from sim.runtime.events import EventKind

PLAN_SCENARIO = Path(__file__).resolve().parent / "data" / "plans" / "funds-then-people.yaml"
BAD_INPUT = 2


def document() -> dict[str, Any]:
    return yaml.safe_load(PLAN_SCENARIO.read_text(encoding="utf-8"))


def failing_funds(doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """The funds stage fails for sure: failure probability 1 at trust 0, and no guarantee to soften it."""
    doc = copy.deepcopy(doc or document())
    doc["mediators"]["QA"]["guarantees_execution"] = False
    for party in doc["parties"].values():
        party["trust"] = {"kind": "fixed", "initial": 0.0}
    doc["execution"]["plan"]["funds"]["failure_probability"] = 1.0
    return doc


def kinds(result: sim.Result, *wanted: EventKind) -> list[tuple[float, str, str]]:
    return [(round(e.time, 4), e.kind.value, e.actor) for e in result.events if e.kind in wanted]


def test_funds_are_delivered_first_and_the_people_released_a_stage_later() -> None:
    result = sim.run(sim.load_scenario(PLAN_SCENARIO), seed=3)
    assert kinds(result, EventKind.AGREEMENT, EventKind.ISSUE_DELIVERED, EventKind.STAGE_EXECUTED) == [
        (0.3542, "agreement", "QA"), (2.3542, "issue_delivered", "execution"),
        (9.3542, "stage_executed", "IR"), (9.3542, "stage_executed", "US")]
    delivered = next(e for e in result.events if e.kind is EventKind.ISSUE_DELIVERED)
    assert dict(delivered.payload) == {"id": "funds", "stage": 1, "stages": 2, "issue": "funds",
                                       "value": "transferred"}
    assert result.outcome.status == "executed"
    assert result.outcome.released == result.outcome.agreed_released == {"IR": 4, "US": 4}
    assert [(s["id"], s["fate"], s["released"]) for s in result.stages] == [
        ("funds", "executed", {}), ("people", "executed", {"IR": 4, "US": 4})]


@pytest.mark.parametrize("seed", range(5))
def test_when_the_funds_stage_fails_no_one_is_released_and_the_people_stage_is_cancelled(seed: int) -> None:
    result = sim.run(sim.validate_document(failing_funds()), seed=seed)
    assert result.outcome.agreed_at_table and result.outcome.ratified
    assert result.outcome.status == "failed" and not result.outcome.executed
    assert result.outcome.released == {"IR": 0, "US": 0}
    assert [(s["id"], s["fate"]) for s in result.stages] == [("funds", "failed"), ("people", "cancelled")]
    cancelled = [e for e in result.events if e.kind is EventKind.STAGE_CANCELLED]
    assert [dict(e.payload) for e in cancelled] == [{"id": "people", "stage": 2, "stages": 2, "because": "funds"}]
    assert not [e for e in result.events if e.kind in (EventKind.STAGE_EXECUTED, EventKind.ISSUE_DELIVERED)]
    assert result.outcome.held == {"IR": 5, "US": 5}


def test_a_stage_that_does_not_wait_for_the_failed_one_goes_on() -> None:
    doc = failing_funds()
    doc["execution"]["plan"] = {
        "funds": {"deliver": "funds", "failure_probability": 1.0},
        "americans": {"release": {"IR": "rest"}, "after": ["funds"]},
        "iranians": {"release": {"US": "rest"}, "failure_probability": 0.0},
    }
    result = sim.run(sim.validate_document(doc), seed=0)
    assert [(s["id"], s["fate"]) for s in result.stages] == [
        ("funds", "failed"), ("americans", "cancelled"), ("iranians", "executed")]
    agreed = result.outcome.agreed_released
    assert result.outcome.released == {"IR": 0, "US": agreed["US"]} and agreed["US"] > 0
    assert result.outcome.status == "failed"


def test_a_scrapped_stage_cancels_its_followers_and_the_status_says_scrapped() -> None:
    doc = document()
    doc["parties"]["US"]["leader"]["scrap_probability"] = 1.0
    result = sim.run(sim.validate_document(doc), seed=0)
    assert [(s["id"], s["fate"]) for s in result.stages] == [("funds", "scrapped"), ("people", "cancelled")]
    assert result.outcome.status == "scrapped" and result.outcome.released == {"IR": 0, "US": 0}
    scrapped = next(e for e in result.events if e.kind is EventKind.DEAL_SCRAPPED)
    assert dict(scrapped.payload) == {"stage": 1, "stages": 2, "id": "funds"}


def test_shares_split_a_party_across_stages_in_plan_order() -> None:
    doc = document()
    doc["parties"]["US"]["roster"]["generate"]["detainee"] = 40
    doc["parties"]["IR"]["roster"]["generate"]["detainee"] = 40
    doc["execution"]["plan"] = {
        "funds": {"deliver": "funds"},
        "first": {"release": {"US": 0.25, "IR": 0.5}, "after": ["funds"], "delay_days": 1},
        "second": {"release": {"US": "rest", "IR": "rest"}, "after": ["first"]},
    }
    result = sim.run(sim.validate_document(doc), seed=1)
    agreed = result.outcome.agreed_released
    first, second = result.stages[1]["released"], result.stages[2]["released"]
    assert first == {"US": int(agreed["US"] * 0.25 + 0.5), "IR": int(agreed["IR"] * 0.5 + 0.5)}
    assert {p: first[p] + second[p] for p in agreed} == agreed == result.outcome.released
    days = [s["day"] for s in result.stages]
    assert days[1] - days[0] == pytest.approx(1.0) and days[2] - days[1] == pytest.approx(7.0)


def test_a_share_that_comes_to_no_one_is_still_logged_as_its_stage() -> None:
    doc = document()
    doc["execution"]["plan"] = {
        "funds": {"deliver": "funds"},
        "token": {"release": {"US": 0.1}, "after": ["funds"]},
        "people": {"release": {"US": "rest", "IR": "rest"}, "after": ["token"]},
    }
    result = sim.run(sim.validate_document(doc), seed=3)
    assert result.outcome.agreed_released["US"] == 4  # a tenth of 4, rounded half up, is no one
    executed = [(e.payload["id"], e.actor, e.payload["released"]) for e in result.events
                if e.kind is EventKind.STAGE_EXECUTED]
    assert executed == [("token", "US", 0), ("people", "IR", 4), ("people", "US", 4)]
    assert [(s["id"], s["fate"], s["released"]) for s in result.stages] == [
        ("funds", "executed", {}), ("token", "executed", {}), ("people", "executed", {"IR": 4, "US": 4})]


def test_without_a_plan_the_stages_are_equal_tranches_in_a_chain() -> None:
    doc = swap_document()
    doc["execution"] = {"stages": 3, "staged_below_trust": 1.0, "interval_days": 2}
    result = sim.run(sim.validate_document(doc), seed=0)
    assert [(s["id"], s["after"], s["fate"]) for s in result.stages] == [
        ("1", [], "executed"), ("2", ["1"], "executed"), ("3", ["2"], "executed")]
    assert result.stages[0]["moves"] == {"release": {"X": "rest", "Y": "rest"}, "deliver": None}
    sizes = [len(part) for part in np.array_split(np.arange(result.outcome.agreed_released["X"]), 3)]
    assert [s["released"]["X"] for s in result.stages] == sizes
    assert not [e for e in result.events if "id" in e.payload and e.kind is EventKind.STAGE_EXECUTED]


def test_a_scrapped_tranche_cancels_the_later_ones_without_new_events_in_an_old_log() -> None:
    doc = swap_document()
    doc["execution"] = {"stages": 3, "staged_below_trust": 1.0, "interval_days": 2}
    result = sim.run(sim.validate_document(doc), seed=8)
    assert [s["fate"] for s in result.stages] == ["scrapped", "cancelled", "cancelled"]
    assert result.outcome.status == "scrapped"
    assert not [e for e in result.events if e.kind is EventKind.STAGE_CANCELLED]


def test_talks_without_a_deal_have_no_stages() -> None:
    doc = document()
    doc["protocol"]["max_steps"] = 1
    result = sim.run(sim.validate_document(doc), seed=0)
    assert result.outcome.status == "no agreement" and result.stages == ()


def test_the_horizon_leaves_the_later_stage_not_reached() -> None:
    doc = document()
    doc["horizon_days"] = 5
    result = sim.run(sim.validate_document(doc), seed=3)
    assert [(s["id"], s["fate"], s["day"]) for s in result.stages] == [
        ("funds", "executed", pytest.approx(2.3542, abs=1e-4)), ("people", "not reached", None)]
    assert result.outcome.status == "partially executed"


def test_the_plan_round_trips_through_summary_json_and_the_exchanges_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(PLAN_SCENARIO), "--seed", "3", "--out", str(tmp_path / "run"), "--no-plots"]) == 0
    capsys.readouterr()
    folder = tmp_path / "run"
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    plan = document()["execution"]["plan"]
    assert [s["id"] for s in summary["stages"]] == list(plan)
    for stage in summary["stages"]:
        written = plan[stage["id"]]
        assert stage["moves"] == {"release": written.get("release", {}), "deliver": written.get("deliver")}
        assert stage["after"] == written.get("after", [])
        assert stage["fate"] == "executed" and isinstance(stage["day"], float)
    assert "stages" not in sim.run(sim.load_scenario(PLAN_SCENARIO), seed=3).outcome.to_dict()
    table = (folder / "exchanges.csv").read_text(encoding="utf-8").splitlines()
    assert len(table) == 3
    assert "stage funds (1 of 2): executed; funds = transferred" in table[1]
    assert "stage people (2 of 2): executed" in table[2] and ",4,4," in table[2]


def test_a_finished_plan_run_is_read_back_with_its_stages_and_its_report_rebuilt_byte_for_byte(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sim.analysis.run_files import read_run

    scenario_file = tmp_path / "plan.yaml"
    scenario_file.write_text(yaml.safe_dump(failing_funds(), sort_keys=False), encoding="utf-8")
    out, again = tmp_path / "run", tmp_path / "again"
    assert main(["run", str(scenario_file), "--seed", "0", "--out", str(out), "--no-plots"]) == 0
    assert main(["report", str(out), "--scenario", str(scenario_file), "--out", str(again)]) == 0
    capsys.readouterr()
    assert (again / "report.html").read_bytes() == (out / "report.html").read_bytes()
    read = read_run(out, sim.load_scenario(scenario_file))
    assert [(s["id"], s["fate"]) for s in read.stages] == [("funds", "failed"), ("people", "cancelled")]
    assert read.exchanges()["notes"].tolist() == ["stage funds (1 of 2): failed", "stage people (2 of 2): cancelled"]


def test_the_exchanges_table_lists_failed_and_cancelled_stages() -> None:
    frame = sim.run(sim.validate_document(failing_funds()), seed=0).exchanges()
    assert frame["notes"].tolist() == ["stage funds (1 of 2): failed", "stage people (2 of 2): cancelled"]
    assert frame["row_type"].tolist() == ["stage", "stage"]
    assert frame["released_by_a"].tolist() == [0, 0]


def test_the_timeline_marks_each_stage_of_a_plan_with_its_fate_and_its_id() -> None:
    from sim.plots import plot_timeline
    from sim.plots.timeline import lane_order

    result = sim.run(sim.validate_document(failing_funds()), seed=0)
    figure = plot_timeline(result)
    run = figure.axes[-1]
    lanes = lane_order(result)
    (cancelled,) = [line for line in run.get_lines() if line.get_gid() == "kind:stage_cancelled"]
    event = next(e for e in result.events if e.kind is EventKind.STAGE_CANCELLED)
    assert list(cancelled.get_xdata()) == pytest.approx([event.time])
    assert list(cancelled.get_ydata()) == [lanes.index("execution")]
    labels = {(text.get_gid(), text.get_text()) for text in run.texts if (text.get_gid() or "").startswith("stage:")}
    assert ("stage:people", "people") in labels and ("stage:funds", "funds") in labels
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert "stage cancelled" in legend and "stage failed" in legend

    delivered = sim.run(sim.load_scenario(PLAN_SCENARIO), seed=3)
    (line,) = [ln for ln in plot_timeline(delivered).axes[-1].get_lines() if ln.get_gid() == "kind:issue_delivered"]
    assert list(line.get_xdata()) == pytest.approx([2.3542], abs=1e-4)


# --- bad plans: one line each, with the file, the field path and the line -------------------------------------


BAD_PLANS = [
    pytest.param({"funds": {"deliver": "funds", "after": ["people"]},
                  "people": {"release": {"US": "rest", "IR": "rest"}, "after": ["funds"]}},
                 "execution.plan.funds.after.0",
                 "the stages wait for each other in a cycle: funds -> people -> funds", r"^\s+- people$",
                 id="cycle"),
    pytest.param({"funds": {"deliver": "funds"},
                  "people": {"release": {"US": "rest", "IR": "rest"}, "after": ["fund"]}},
                 "execution.plan.people.after.0", "unknown stage 'fund' (expected one of: funds, people)",
                 r"^\s+- fund$", id="unknown-stage"),
    pytest.param({"funds": {"deliver": "money"}, "people": {"release": {"US": "rest", "IR": "rest"}}},
                 "execution.plan.funds.deliver", "unknown issue 'money'", r"^\s+deliver: money$",
                 id="unknown-issue"),
    pytest.param({"people": {"release": {"US": "rest", "IR": "rest", "QA": 0.5}}},
                 "execution.plan.people.release.QA", "unknown party 'QA'", r"^\s+QA: 0\.5$",
                 id="unknown-party"),
    pytest.param({"first": {"release": {"US": 0.6, "IR": "rest"}}, "second": {"release": {"US": 0.7}}},
                 "execution.plan.second.release.US", "released twice: its shares add up to 1.3",
                 r"^\s+US: 0\.7$", id="released-twice"),
    pytest.param({"first": {"release": {"US": 1.0, "IR": "rest"}}, "second": {"release": {"US": "rest"}}},
                 "execution.plan.second.release.US", "so `rest` releases no one", r"^\s+US: rest$",
                 id="rest-after-all"),
    pytest.param({"people": {"release": {"US": 0.5, "IR": "rest"}}},
                 "execution.plan.people.release.US", "shares add up to 0.5", r"^\s+US: 0\.5$",
                 id="not-in-full"),
    pytest.param({"people": {"release": {"US": "rest"}}},
                 "execution.plan", "no stage releases party 'IR''s captives", r"^  plan:$", id="not-at-all"),
    pytest.param({"funds": {"deliver": "funds"}, "again": {"deliver": "funds"},
                  "people": {"release": {"US": "rest", "IR": "rest"}}},
                 "execution.plan.again.deliver", "already delivered by stage 'funds'", r"^\s+deliver: funds$",
                 id="delivered-twice"),
    pytest.param({"empty": {"after": []}, "people": {"release": {"US": "rest", "IR": "rest"}}},
                 "execution.plan.empty", "must release captives", r"^\s+empty:$", id="moves-nothing"),
    pytest.param({"people": {"release": {"US": 1.5, "IR": "rest"}}},
                 "execution.plan.people.release.US", "a share must be a number above 0 and at most 1, or `rest`",
                 r"^\s+US: 1\.5$",
                 id="share-above-one"),
]


@pytest.mark.parametrize(("plan", "path", "message", "line"), BAD_PLANS)
def test_a_bad_plan_is_one_line_naming_file_field_and_line(plan: dict[str, Any], path: str, message: str,
                                                           line: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    doc = document()
    doc["execution"]["plan"] = plan
    file = tmp_path / "scenario.yaml"
    file.write_text(yaml.safe_dump(doc, sort_keys=False, default_flow_style=False), encoding="utf-8")
    assert main(["validate", str(file)]) == BAD_INPUT
    errors = [text for text in capsys.readouterr().err.splitlines() if text.strip()]
    number = [i for i, text in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1)
              if re.match(line, text)][-1]  # the last line that matches: the later of two stages
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{file}:{number}: {path}: "), errors[0]
    assert message in errors[0]
