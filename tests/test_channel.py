"""The exchange channel: captures, openings, freezes, mediators over time, rosters and trust across rounds."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from support import SCENARIOS

import sim
from sim.cli import main
from sim.history import COLUMNS, cumulative_returned, exchanges
from sim.runtime.events import EventKind

START = dt.date(2022, 1, 1)


def channel_document(**channel: Any) -> dict[str, Any]:
    """Two parties that capture each other's soldiers and swap them in rounds; no randomness in talks."""
    def party(name: str) -> dict[str, Any]:
        return {
            "name": name,
            "leader": {"name": f"{name} leader"},
            "delegation": {"name": f"{name} delegation", "strategy": {"kind": "aspiration", "exponent": 1.0}},
            "roster": {"generate": {"soldier": 50}},
            "interests": {"value_home": {"soldier": 1.0}, "value_holder": {"soldier": 0.8}, "max_ratio": 2.0},
            "trust": {"kind": "beta", "initial": 0.5, "prior_weight": 4},
        }
    rules = {"check_every_days": 5, "min_days_between": 10, "list_size": 20}
    document: dict[str, Any] = {
        "name": "Channel",
        "start_date": START,
        "horizon_days": 200,
        "categories": ["soldier"],
        "parties": {"A": party("A"), "B": party("B")},
        "mediators": {"M1": {"name": "First", "style": "broker"}, "M2": {"name": "Second", "style": "broker"}},
        "protocol": {"kind": "shuttle", "mediator": "M1", "max_steps": 10, "package_step": 5},
        "execution": {"stages": 2, "staged_below_trust": 0.9, "start_after_days": 1},
        "channel": {"capture": {"A": {"rate_per_day": 2.0}, "B": {"rate_per_day": 1.0}}, "rounds": rules},
    }
    document["channel"] = copy.deepcopy(document["channel"]) | channel
    return document


def run(document: dict[str, Any], seed: int = 0) -> sim.Result:
    return sim.run(sim.validate_document(document), seed=seed)


def kinds(result: sim.Result, kind: EventKind) -> list[sim.Event]:
    return [event for event in result.events if event.kind is kind]


def test_captures_accumulate_in_the_rosters_when_no_round_opens() -> None:
    """Pressure never reaches 1.0 at trust 0.5: no round, and every capture is held."""
    result = run(channel_document(rounds={"pressure_threshold": 1.0}))
    captures = [e for e in kinds(result, EventKind.EXOGENOUS) if e.actor == "captures"]
    assert kinds(result, EventKind.ROUND_OPENED) == []
    added = {p: sum(e.payload["add_captives"].get("soldier", 0) for e in captures if e.target == p) for p in "AB"}
    assert result.outcome.held == {"A": 50 + added["A"], "B": 50 + added["B"]}
    assert 300 < added["A"] < 500 and 120 < added["B"] < 280, "Poisson(2/day) and Poisson(1/day) over 200 days"
    assert sorted({e.time for e in captures})[:3] == [7.0, 14.0, 21.0]


def test_rounds_open_only_on_checks_and_after_the_minimum_gap() -> None:
    result = run(channel_document())
    opened = [e.time for e in kinds(result, EventKind.ROUND_OPENED)]
    closed = [e.time for e in kinds(result, EventKind.EXCHANGE)]
    assert len(opened) >= 3 and len(closed) >= 3
    assert all(t % 5 == 0 for t in opened), "only on a check, every 5 days"
    assert opened[0] >= 5.0
    for end in closed:
        following = [t for t in opened if t > end]
        assert not following or following[0] - end >= 10.0


def test_no_round_opens_below_the_pressure_threshold() -> None:
    """Pressure = trust (0.5) x (1 + urgency 0) x min(1, held / 400): 50 held at first, 0.06."""
    result = run(channel_document(rounds={"pressure_threshold": 0.2, "pressure_scale": 400, "check_every_days": 5}))
    opened = kinds(result, EventKind.ROUND_OPENED)
    held_of_a = 50 + sum(e.payload["add_captives"].get("soldier", 0) for e in kinds(result, EventKind.EXOGENOUS)
                         if e.target == "B" and e.time < opened[0].time)
    assert opened, "B's roster of A's people grows until the pressure passes 0.2"
    assert 0.5 * min(1.0, held_of_a / 400) >= 0.2
    assert opened[0].time > 60.0, "B holds 400 x 0.4 = 160 of A's people only after about 110 days"


def test_a_freeze_blocks_rounds_between_its_dates() -> None:
    freeze = {"party": "A", "start": dt.date(2022, 1, 20), "end": 80.0}
    result = run(channel_document(freezes=[freeze]))
    frozen = kinds(result, EventKind.CHANNEL_FROZEN)
    assert [(e.time, e.actor, e.payload["until"]) for e in frozen] == [(19.0, "A/leader", 80.0)]
    opened = [e.time for e in kinds(result, EventKind.ROUND_OPENED)]
    assert not any(19.0 <= t < 80.0 for t in opened)
    assert any(t >= 80.0 for t in opened) and any(t < 19.0 for t in opened)


def test_random_freezes_are_logged_and_counted() -> None:
    result = run(channel_document(random_freezes=[{"party": "B", "rate_per_day": 0.05, "days": 10}]))
    frozen = kinds(result, EventKind.CHANNEL_FROZEN)
    assert result.channel is not None and result.channel.freezes == len(frozen) > 0
    opened = [e.time for e in kinds(result, EventKind.ROUND_OPENED)]
    assert not any(e.time <= t < e.payload["until"] for e in frozen for t in opened)


def test_the_mediator_in_force_changes_on_its_date() -> None:
    periods = [{"start": 0.0, "mediator": "M1"}, {"start": dt.date(2022, 4, 1), "mediator": "M2"}]
    result = run(channel_document(mediators=periods))
    switch = (dt.date(2022, 4, 1) - START).days
    opened = kinds(result, EventKind.ROUND_OPENED)
    assert {e.target for e in opened if e.time < switch} == {"M1"}
    assert {e.target for e in opened if e.time >= switch} == {"M2"}
    relays = {e.actor for e in kinds(result, EventKind.RELAYED) if e.time >= switch + 20}
    assert relays == {"M2"}
    frame = result.exchanges()
    assert set(frame.loc[frame["date"] >= pd.Timestamp("2022-05-01"), "mediator"]) == {"Second"}


def test_exchanged_captives_leave_the_roster_and_are_never_exchanged_twice() -> None:
    result = run(channel_document())
    assert result.channel is not None and len(result.channel.exchanges) >= 3
    for party in "AB":
        ids = [i for e in kinds(result, EventKind.STAGE_EXECUTED) if e.actor == party for i in e.payload["ids"]]
        assert len(ids) == len(set(ids)), "no captive released twice"
        assert len(ids) == result.outcome.released[party] == sum(x.released[party] for x in result.channel.exchanges)
        captured = sum(e.payload["add_captives"].get("soldier", 0) for e in kinds(result, EventKind.EXOGENOUS)
                       if e.target == party)
        assert result.outcome.held[party] + len(ids) == 50 + captured


def test_lists_are_capped_at_the_list_size() -> None:
    result = run(channel_document())
    assert all(max(e.payload["lists"].values()) <= 20 for e in kinds(result, EventKind.ROUND_OPENED))
    assert all(max(x.released.values()) <= 20 for x in result.channel.exchanges)  # type: ignore[union-attr]


def test_trust_carries_over_from_round_to_round() -> None:
    """Each trust change starts where the last one ended, across rounds; swaps build trust."""
    result = run(channel_document())
    for party in "AB":
        changes = [e for e in kinds(result, EventKind.TRUST_CHANGED) if e.actor == party]
        rounds = {sum(1 for o in kinds(result, EventKind.ROUND_OPENED) if o.time <= e.time) for e in changes}
        assert len(rounds) >= 3
        assert changes[0].payload["before"] == 0.5
        assert all(b.payload["before"] == a.payload["after"] for a, b in zip(changes, changes[1:], strict=False))
        assert result.outcome.final_trust[f"{party}->{'B' if party == 'A' else 'A'}"] > 0.7


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() -> None:
    document = channel_document(random_freezes=[{"party": "A", "rate_per_day": 0.02, "days": 5}])
    first, again, other = run(document, 7), run(document, 7), run(document, 8)
    assert first.events_jsonl() == again.events_jsonl()
    assert first.events_jsonl() != other.events_jsonl()


def test_summary_and_exchanges_frame_in_the_history_format() -> None:
    result = run(channel_document())
    record = result.channel
    assert record is not None
    summary = result.summary(flat=False)["channel"]
    assert summary["exchanges"] == len(record.exchanges)
    assert summary["rounds_opened"] >= summary["rounds_agreed"] >= summary["exchanges"] > 0
    assert summary["released"] == result.outcome.released
    frame = result.exchanges()
    assert list(frame.columns) == [*COLUMNS, "line", "round"]
    assert frame["released_by_a"].tolist() == [x.released["A"] for x in record.exchanges]
    assert frame["date"].iloc[0] == pd.Timestamp(START) + pd.Timedelta(days=int(record.exchanges[0].day))
    running = cumulative_returned(exchanges(frame, sides=("B", "A")))
    assert running["released_by_b"].iloc[-1] == result.outcome.released["A"]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.pop("start_date"), "start_date: a scenario with a channel needs a start_date"),
    (lambda d: d["channel"].update(mediators=[{"start": 0.0, "mediator": "XX"}]),
     "channel.mediators.0.mediator: unknown mediator 'XX' (expected one of: M1, M2)"),
    (lambda d: d["channel"].update(freezes=[{"party": "A", "start": 50.0, "end": 40.0}]),
     "channel.freezes.0.end: a freeze must end after it starts"),
    (lambda d: d["channel"]["capture"].update(C={"rate_per_day": 1.0}),
     "channel.capture.C: unknown party 'C' (expected one of: A, B)"),
    (lambda d: d["channel"].update(freezes=[{"party": "A", "start": dt.date(2021, 12, 1), "end": 10.0}]),
     "channel.freezes.0.start: 2021-12-01 is day -31 of the run, outside 0..200"),
    (lambda d: d["channel"].update(freezes=[{"party": "A", "start": 5.0, "end": "2022-03-01"}]),
     "channel.freezes.0.end: Value error, expected a day of the run (a number) or a date like 2022-05-20 "
     "(found '2022-03-01')"),
    (lambda d: d["channel"].update(mediators=[{"start": -1, "mediator": "M1"}]),
     "channel.mediators.0.start: Value error, expected a day of the run from 0 to 36500 (found -1)"),
])
def test_a_broken_channel_section_is_reported_with_its_field(change: Any, expected: str) -> None:
    document = channel_document()
    change(document)
    with pytest.raises(sim.ScenarioError) as caught:
        sim.validate_document(document)
    assert any(expected in str(problem) for problem in caught.value.problems), caught.value


def test_a_scenario_without_a_channel_has_no_channel_record() -> None:
    result = sim.run(sim.load_scenario(SCENARIOS / "first-swap-2019-09.yaml"), seed=0)
    assert result.channel is None and "channel" not in result.summary()
    assert len(result.exchanges()) == 0


@pytest.fixture(scope="module")
def shipped() -> list[sim.Result]:
    scenario = sim.load_scenario(SCENARIOS / "ru-ua-channel.yaml")
    return [sim.run(scenario, seed=seed) for seed in range(5)]


def test_the_shipped_channel_runs_its_horizon_with_exchanges_every_year(shipped: list[sim.Result]) -> None:
    for result in shipped:
        assert result.outcome.end_day == result.scenario.horizon_days == 1042
        years = result.exchanges()["date"].dt.year
        assert {2022, 2023, 2024} <= set(years)
        assert 15 <= len(years) <= 90, "tens of exchanges in three years, as in the record (55)"


def test_the_shipped_channel_swaps_are_of_the_recorded_size(shipped: list[sim.Result]) -> None:
    """Recorded 2022-2024 swaps return 1 to 248 people each way, median about 75."""
    sizes = np.concatenate([r.exchanges()[["released_by_a", "released_by_b"]].to_numpy().ravel() for r in shipped])
    assert 25 <= np.median(sizes) <= 200
    assert sizes.max() <= 400


def test_the_shipped_channel_uses_turkey_in_2022_and_the_uae_from_2023(shipped: list[sim.Result]) -> None:
    for result in shipped:
        opened = kinds(result, EventKind.ROUND_OPENED)
        assert {e.target for e in opened if e.time < 311} == {"TR"}
        assert {e.target for e in opened if e.time >= 311} == {"AE"}


def test_parley_run_on_a_channel_writes_exchanges_and_channel_plots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["run", str(SCENARIOS / "ru-ua-channel.yaml"), "--seed", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert {p.name for p in out.iterdir()} == {"events.jsonl", "summary.json", "manifest.json", "exchanges.csv",
                                               "channel.png", "trust.png", "report.html"}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    table = pd.read_csv(out / "exchanges.csv")
    assert summary["channel"]["exchanges"] == len(table) > 0
    assert summary["channel"]["released"] == {"RU": int(table["released_by_a"].sum()),
                                              "UA": int(table["released_by_b"].sum())}
    assert f"{len(table)} exchanges in 1042 days" in printed
    assert f"RU released {summary['released']['RU']}" in printed


def test_parley_run_until_a_date_runs_the_channel_past_its_horizon(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    scenario = str(SCENARIOS / "ru-ua-channel.yaml")
    assert main(["run", scenario, "--until", "2025-06-30", "--out", str(out), "--no-plots", "--no-report"]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["end_day"] == (dt.date(2025, 6, 30) - dt.date(2022, 2, 24)).days + 1
    dates = pd.to_datetime(pd.read_csv(out / "exchanges.csv")["date"])
    assert dates.max() <= pd.Timestamp("2025-06-30") and dates.max().year == 2025
    assert "days (3.3 years)" in capsys.readouterr().out


def test_parley_run_until_a_date_before_the_start_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["run", str(SCENARIOS / "first-swap-2019-09.yaml"), "--until", "2019-01-01", "--out", str(tmp_path)])
    assert code == 2
    expected = "horizon_days: running until 2019-01-01 makes -211 days from start_date 2019-08-01"
    assert expected in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_channel_plot_draws_the_model_and_the_record(shipped: list[sim.Result]) -> None:
    from sim.history import load_history
    from sim.plots import plot_channel

    result = shipped[0]
    history = exchanges(load_history(SCENARIOS.parent / "seeds" / "history" / "ru_ua_exchanges.csv"),
                        sides=("Russia", "Ukraine"), start="2022-02-24", end="2024-12-31")
    ukraine, russia = plot_channel(result, history).axes  # one panel per side, each on its own scale
    labels = [[line.get_label() for line in axes.get_lines() if not line.get_label().startswith("_")]
              for axes in (ukraine, russia)]
    assert labels == [["returned to Ukraine (model)", "returned to Ukraine (history, known counts)"],
                      ["returned to Russia (model)", "returned to Russia (history, known counts)"]]
    model_to_ukraine = ukraine.get_lines()[0].get_ydata()
    assert model_to_ukraine[-1] == result.outcome.released["RU"]
    history_to_ukraine = ukraine.get_lines()[2].get_ydata()
    assert history_to_ukraine[-1] == 3884


def test_the_comparison_script_prints_a_row_per_year(capsys: pytest.CaptureFixture[str]) -> None:
    """`python tests/channel_history.py` (the table in docs/explanation/validity.md) runs; here with 2 seeds."""
    import channel_history

    channel_history.main(2)
    rows = capsys.readouterr().out.strip().splitlines()
    assert [row.split(" | ")[0:2] for row in rows[2:5]] == [["| 2022", "32"], ["| 2023", "12"], ["| 2024", "11"]]
    assert rows[-1].startswith("2 runs of 2.85 simulated years in ")
