"""Refuse scenarios whose runs would grow past what one run can hold, before any run starts.

The schema bounds each number on its own; this module bounds what they add up to over a
run. A roster grows with scheduled and random events that add captives and, in a channel,
with captures: the expected size at the horizon (initial + scheduled + rate x horizon for
random events and captures) must stay within `Limits.captives_per_party`. A channel's
periodic checks (round openings, captures) must number at most `Limits.periodic_checks`
over the horizon, or a tiny period would keep the run busy for hours. Each problem names
the field that contributes most, so the message says what to change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sim.scenario.limits import LIMITS
from sim.scenario.schema import Scenario

Contribution = tuple[str, float]
"""A field path and how many captives it is expected to add over the run."""


def find_growth_problems(scenario: Scenario, sizes: Mapping[str, int]) -> list[tuple[str, str]]:
    """`(field path, message)` for each party whose roster may outgrow the limit and each too-frequent check."""
    problems = []
    for party in scenario.party_ids:
        contributions = list(_additions(scenario, party))
        expected = sizes.get(party, 0) + sum(amount for _, amount in contributions)
        if contributions and expected > LIMITS.captives_per_party:
            path, amount = max(contributions, key=lambda item: item[1])
            problems.append((path, f"{party}'s roster may grow to about {expected:,.0f} captives over the "
                             f"horizon ({amount:,.0f} from here), more than the limit of "
                             f"{LIMITS.captives_per_party:,}"))
    problems += _check_periods(scenario)
    return problems


def _additions(scenario: Scenario, party: str) -> Iterator[Contribution]:
    horizon = scenario.horizon_days
    for index, event in enumerate(scenario.events.scheduled):
        for number, effect in enumerate(event.effects):
            if effect.party == party and effect.add_captives:
                yield f"events.scheduled.{index}.effects.{number}.add_captives", sum(effect.add_captives.values())
    for index, shock in enumerate(scenario.events.random):
        for number, effect in enumerate(shock.effects):
            if effect.party == party and effect.add_captives:
                path = f"events.random.{index}.effects.{number}.add_captives"
                yield path, shock.rate_per_day * horizon * sum(effect.add_captives.values())
    channel = scenario.channel
    if channel is not None and party in channel.capture:
        yield f"channel.capture.{party}.rate_per_day", channel.capture[party].rate_per_day * horizon


def _check_periods(scenario: Scenario) -> list[tuple[str, str]]:
    channel = scenario.channel
    if channel is None:
        return []
    periods = {"channel.rounds.check_every_days": channel.rounds.check_every_days}
    if channel.capture:
        periods["channel.capture_every_days"] = channel.capture_every_days
    return [(path, f"every {days:g} days is {scenario.horizon_days / days:,.0f} times over the horizon, more "
             f"than the limit of {LIMITS.periodic_checks:,}")
            for path, days in periods.items() if scenario.horizon_days / days > LIMITS.periodic_checks]
