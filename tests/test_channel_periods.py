"""Channel round periods (rules that change on a date) and exchanges listed stage by stage."""

from __future__ import annotations

import datetime as dt

import pytest
from test_channel import START, channel_document, kinds, run

import sim
from sim.runtime.events import EventKind
from sim.scenario import ScenarioError


def test_a_period_changes_the_list_size_from_its_date_on() -> None:
    period = {"start": dt.date(2022, 4, 1), "list_size": 5}
    result = run(channel_document(periods=[period]))
    switch = (dt.date(2022, 4, 1) - START).days
    lists = [(e.time, max(e.payload["lists"].values())) for e in kinds(result, EventKind.ROUND_OPENED)]
    assert any(time < switch for time, _ in lists) and any(time >= switch for time, _ in lists)
    assert all(size == 20 for time, size in lists if time < switch)
    assert all(size == 5 for time, size in lists if time >= switch)


def test_a_period_keeps_the_rules_it_does_not_name() -> None:
    """Only list_size changes, so the checks every 5 days and the 10-day gap still hold after the switch."""
    result = run(channel_document(periods=[{"start": 30.0, "list_size": 5}]))
    opened = [e.time for e in kinds(result, EventKind.ROUND_OPENED)]
    closed = [e.time for e in kinds(result, EventKind.EXCHANGE)]
    assert all(time % 5 == 0 for time in opened)
    for end in closed:
        following = [time for time in opened if time > end]
        assert not following or following[0] - end >= 10.0


def test_a_period_with_the_same_rules_changes_nothing() -> None:
    plain = run(channel_document())
    same = run(channel_document(periods=[{"start": 50.0, "list_size": 20, "min_days_between": 10}]))
    assert same.events_jsonl() == plain.events_jsonl()


@pytest.mark.parametrize(("periods", "message"), [
    ([{"start": 60.0, "list_size": 5}, {"start": 30.0, "list_size": 9}],
     "channel.periods.1.start: round periods must be in order of their start"),
    ([{"start": 500.0, "list_size": 5}], "channel.periods.0.start: 500.0 is day 500 of the run, outside 0..200"),
    ([{"start": 10.0, "list_size": 0}], "channel.periods.0.list_size"),
])
def test_bad_periods_are_refused_with_their_path(periods: list[dict[str, object]], message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        sim.validate_document(channel_document(periods=periods))
    assert message in str(error.value)


def test_record_stages_lists_each_stage_as_an_exchange_of_its_round() -> None:
    """Staged swaps (trust below 0.9) give two rows per round, that add up to the round's exchange."""
    by_round = run(channel_document()).exchanges()
    by_stage = run(channel_document(record_stages=True)).exchanges()
    assert len(by_round) >= 3 and set(by_round["row_type"]) == {"event"}
    assert set(by_stage["row_type"]) == {"stage"}
    assert by_stage.groupby("round").size().max() == 2
    sums = by_stage.groupby("round")[["released_by_a", "released_by_b"]].sum()
    assert sums.to_dict("index") == by_round.set_index("round")[["released_by_a", "released_by_b"]].to_dict("index")
    assert list(by_stage["deal"].iloc[:2]) == ["Channel, round 1"] * 2
    assert by_stage["date"].is_monotonic_increasing
