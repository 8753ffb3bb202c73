"""The optional `channel:` section of a scenario: a long exchange channel instead of one round.

A scenario with a `channel:` section runs as recurring rounds of talks over months or years
(see `sim.channel`): each party captures people at a steady rate, a round opens when the
channel's rules allow, leaders may freeze the channel, and the mediator in force changes on
given dates. Times are a day of the run (a number) or a calendar date (which needs the
scenario's `start_date`). Without this section a scenario is one round of talks, as before.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, Field

from sim.scenario.fields import Days, Frozen, Identifier, Probability, Value
from sim.scenario.limits import LIMITS, AtMost, AtMostItems


def _day_or_date(value: object) -> object:
    """One clear message for anything that is neither a day number nor a date."""
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date) or isinstance(value, dt.datetime):
        raise ValueError("expected a day of the run (a number) or a date like 2022-05-20")
    if not isinstance(value, dt.date) and not 0.0 <= value <= LIMITS.horizon_days:
        raise ValueError(f"expected a day of the run from 0 to {LIMITS.horizon_days:g}")
    return value


DayOrDate = Annotated[
    Annotated[float, Field(ge=0.0), AtMost("horizon_days")] | dt.date, BeforeValidator(_day_or_date)
]
"""A moment of the run: a day number, or a date (converted with the scenario's start_date)."""


class Capture(Frozen):
    """People this party captures: a Poisson flow of `rate_per_day`, split by `mix` (shares per category)."""

    rate_per_day: Annotated[float, Field(ge=0.0, le=10_000.0)]
    mix: dict[Identifier, Value] = {}


class RoundRules(Frozen):
    """When a round of talks opens, and how many names each side brings to it.

    Every `check_every_days` the channel checks: no freeze in force, at least
    `min_days_between` days since the last round ended, and pressure at least
    `pressure_threshold`; then the round opens with probability `open_probability` x
    pressure. A party's pressure is trust x (1 + urgency) x min(1, own people held by the
    other side / `pressure_scale`); the channel's pressure is the smaller of the two (both
    must want it).
    Each side puts at most a list of `list_size` names on the table (drawn per round from a
    lognormal with spread `list_size_spread`, first in release order).
    """

    check_every_days: Annotated[float, Field(gt=0.0), AtMost("delay_days")] = 7.0
    min_days_between: Days = 14.0
    pressure_threshold: Probability = 0.0
    pressure_scale: Annotated[int, Field(ge=1), AtMost("captives_per_party")] = 500
    open_probability: Probability = 1.0
    list_size: Annotated[int, Field(ge=1, le=100_000)] = 100
    list_size_spread: Annotated[float, Field(ge=0.0, le=3.0)] = 0.0


class RoundPeriod(Frozen):
    """From `start` on, the round rules given here replace those in force (a field left out keeps its value).

    Periods apply in order of their start, each on top of the one before, so a channel can
    change regime (say, fewer and larger swaps once a new mediator takes over) without a
    second scenario. `check_every_days` stays fixed: it is the grid of the checks.
    """

    start: DayOrDate
    min_days_between: Days | None = None
    pressure_threshold: Probability | None = None
    pressure_scale: Annotated[int, Field(ge=1), AtMost("captives_per_party")] | None = None
    open_probability: Probability | None = None
    list_size: Annotated[int, Field(ge=1, le=100_000)] | None = None
    list_size_spread: Annotated[float, Field(ge=0.0, le=3.0)] | None = None

    def apply(self, rules: RoundRules) -> RoundRules:
        """`rules` with this period's fields set."""
        changes = {name: value for name, value in self.model_dump(exclude={"start"}).items() if value is not None}
        return rules.model_copy(update=changes)


class Freeze(Frozen):
    """A party's leader freezes the channel: no round opens from `start` until `end`."""

    party: Identifier
    start: DayOrDate
    end: DayOrDate


class RandomFreeze(Frozen):
    """A party's leader freezes the channel at random, `rate_per_day` times a day, for `days` each time."""

    party: Identifier
    rate_per_day: Annotated[float, Field(gt=0.0, le=10.0)]
    days: Annotated[float, Field(gt=0.0), AtMost("delay_days")]


class MediatorPeriod(Frozen):
    """From `start` on, rounds run through `mediator` (one of the scenario's mediators), or direct if null."""

    start: DayOrDate
    mediator: Identifier | None


class Channel(Frozen):
    """Recurring rounds of talks over the scenario's horizon, with captures, freezes and mediators over time."""

    capture: dict[Identifier, Capture] = {}
    capture_every_days: Annotated[float, Field(gt=0.0), AtMost("delay_days")] = 7.0
    rounds: RoundRules = Field(default_factory=RoundRules)
    periods: Annotated[list[RoundPeriod], AtMostItems("events")] = []
    freezes: Annotated[list[Freeze], AtMostItems("events")] = []
    random_freezes: Annotated[list[RandomFreeze], AtMostItems("events")] = []
    mediators: Annotated[list[MediatorPeriod], AtMostItems("events")] = []
    record_stages: bool = False
    """List each executed stage of a swap as its own exchange (`row_type` `stage`, `deal` naming
    the round), as history tables list multi-stage deals; by default one exchange per round."""


def to_day(moment: float | dt.date, start_date: dt.date | None) -> float:
    """The day of the run a `DayOrDate` names (a date needs the scenario's start_date)."""
    if isinstance(moment, dt.date):
        if start_date is None:
            raise ValueError("a date needs the scenario's start_date")
        return float((moment - start_date).days)
    return float(moment)
