"""Cross-reference checks for the `channel:` section (see `sim.scenario.references`).

A channel needs a start date (its exchanges are dated), a roster for each party (captures
are added to it), known parties, categories and mediators, dates within the run, freezes
that end after they start, mediator periods in order whose style suits the protocol, and
round periods in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sim.scenario.channel_schema import to_day
from sim.scenario.schema import Scenario
from sim.scenario.suggest import unknown_name


def find_channel_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    channel = scenario.channel
    if channel is None:
        return
    if scenario.start_date is None:
        yield "start_date", "a scenario with a channel needs a start_date (its exchanges are dated)"
        return
    parties = set(scenario.parties)
    for party_id, party in scenario.parties.items():
        if party.roster is None:
            yield f"parties.{party_id}.roster", "a channel needs a roster for each party (captures go into it)"
    for party_id, capture in channel.capture.items():
        if party_id not in parties:
            yield f"channel.capture.{party_id}", unknown_name("party", party_id, parties)
        for category in capture.mix:
            if category not in scenario.categories:
                yield f"channel.capture.{party_id}.mix.{category}", unknown_name("category", category,
                                                                               set(scenario.categories))
        if capture.mix and sum(capture.mix.values()) <= 0.0:
            yield f"channel.capture.{party_id}.mix", "shares must not all be zero"
    for index, freeze in enumerate(channel.freezes):
        path = f"channel.freezes.{index}"
        if freeze.party not in parties:
            yield f"{path}.party", unknown_name("party", freeze.party, parties)
        yield from _within(scenario, f"{path}.start", freeze.start)
        yield from _within(scenario, f"{path}.end", freeze.end)
        if to_day(freeze.end, scenario.start_date) <= to_day(freeze.start, scenario.start_date):
            yield f"{path}.end", "a freeze must end after it starts"
    for index, random_freeze in enumerate(channel.random_freezes):
        if random_freeze.party not in parties:
            yield f"channel.random_freezes.{index}.party", unknown_name("party", random_freeze.party, parties)
    yield from _check_mediators(scenario)
    yield from _check_periods(scenario)


def _check_periods(scenario: Scenario) -> Iterator[tuple[str, str]]:
    assert scenario.channel is not None
    previous = -1.0
    for index, period in enumerate(scenario.channel.periods):
        path = f"channel.periods.{index}.start"
        yield from _within(scenario, path, period.start)
        day = to_day(period.start, scenario.start_date)
        if day <= previous:
            yield path, "round periods must be in order of their start"
        previous = day


def _check_mediators(scenario: Scenario) -> Iterator[tuple[str, str]]:
    assert scenario.channel is not None
    previous = -1.0
    kind = scenario.protocol.kind
    for index, period in enumerate(scenario.channel.mediators):
        path = f"channel.mediators.{index}"
        yield from _within(scenario, f"{path}.start", period.start)
        day = to_day(period.start, scenario.start_date)
        if day <= previous:
            yield f"{path}.start", "mediator periods must be in order of their start"
        previous = day
        if period.mediator is None:
            if kind != "direct":
                yield f"{path}.mediator", f"protocol '{kind}' needs a mediator in every period"
            continue
        mediator = scenario.mediators.get(period.mediator)
        if mediator is None:
            yield f"{path}.mediator", unknown_name("mediator", period.mediator, set(scenario.mediators))
        elif kind == "single_text" and not mediator.drafts_packages:
            yield f"{path}.mediator", f"'{period.mediator}' must have drafts_packages: true to run a single text"
        elif kind == "shuttle" and mediator.style == "host":
            yield f"{path}.mediator", f"'{period.mediator}' is a host; shuttle needs style shuttle or broker"
        elif kind == "direct" and mediator.style != "host":
            yield f"{path}.mediator", f"'{period.mediator}' has style {mediator.style}; direct talks need a host"


def _within(scenario: Scenario, path: str, moment: float | dt.date) -> Iterator[tuple[str, str]]:
    day = to_day(moment, scenario.start_date)
    if not 0.0 <= day <= scenario.horizon_days:
        yield path, (f"{moment} is day {day:g} of the run, outside 0..{scenario.horizon_days:g} "
                     f"(start_date {scenario.start_date}, horizon_days {scenario.horizon_days:g})")
