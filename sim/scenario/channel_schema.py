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
    """Mean number of people this party captures per day (people/day, Poisson)."""
    mix: dict[Identifier, Value] = {}
    """Relative shares of each category among the captured (dimensionless, normalised); empty: the scenario's
    categories equally."""


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
    """Time in days between two checks whether a round opens."""
    min_days_between: Days = 14.0
    """Least time in days between the end of one round and the opening of the next."""
    pressure_threshold: Probability = 0.0
    """Least channel pressure (0..1) for a round to open."""
    pressure_scale: Annotated[int, Field(ge=1), AtMost("captives_per_party")] = 500
    """Number of one's own people held by the other side (people) at which a side's pressure stops rising."""
    open_probability: Probability = 1.0
    """Probability (0..1) that a round opens at a check, multiplied by the pressure."""
    list_size: Annotated[int, Field(ge=1, le=100_000)] = 100
    """Most names (people) each side brings to a round."""
    list_size_spread: Annotated[float, Field(ge=0.0, le=3.0)] = 0.0
    """Lognormal spread (sigma, dimensionless) of each round's list size around `list_size`; 0: always `list_size`."""


class RoundPeriod(Frozen):
    """From `start` on, the round rules given here replace those in force (a field left out keeps its value).

    Periods apply in order of their start, each on top of the one before, so a channel can
    change regime (say, fewer and larger swaps once a new mediator takes over) without a
    second scenario. `check_every_days` stays fixed: it is the grid of the checks.
    """

    start: DayOrDate
    """From this day of the run (a number) or date (YYYY-MM-DD) on, the fields given here apply."""
    min_days_between: Days | None = None
    """New `min_days_between` (days); null keeps the value in force."""
    pressure_threshold: Probability | None = None
    """New `pressure_threshold` (0..1); null keeps the value in force."""
    pressure_scale: Annotated[int, Field(ge=1), AtMost("captives_per_party")] | None = None
    """New `pressure_scale` (people); null keeps the value in force."""
    open_probability: Probability | None = None
    """New `open_probability` (0..1); null keeps the value in force."""
    list_size: Annotated[int, Field(ge=1, le=100_000)] | None = None
    """New `list_size` (people); null keeps the value in force."""
    list_size_spread: Annotated[float, Field(ge=0.0, le=3.0)] | None = None
    """New `list_size_spread` (sigma); null keeps the value in force."""

    def apply(self, rules: RoundRules) -> RoundRules:
        """`rules` with this period's fields set."""
        changes = {name: value for name, value in self.model_dump(exclude={"start"}).items() if value is not None}
        return rules.model_copy(update=changes)


class Freeze(Frozen):
    """A party's leader freezes the channel: no round opens from `start` until `end`."""

    party: Identifier
    """Id of the party whose leader freezes the channel."""
    start: DayOrDate
    """First day (a number) or date (YYYY-MM-DD) of the freeze."""
    end: DayOrDate
    """Day (a number) or date (YYYY-MM-DD) the freeze ends."""


class RandomFreeze(Frozen):
    """A party's leader freezes the channel at random, `rate_per_day` times a day, for `days` each time."""

    party: Identifier
    """Id of the party whose leader freezes the channel."""
    rate_per_day: Annotated[float, Field(gt=0.0, le=10.0)]
    """Mean number of freezes per day (1/day, Poisson)."""
    days: Annotated[float, Field(gt=0.0), AtMost("delay_days")]
    """Length of each freeze in days."""


class MediatorPeriod(Frozen):
    """From `start` on, rounds run through `mediator` (one of the scenario's mediators), or direct if null."""

    start: DayOrDate
    """From this day (a number) or date (YYYY-MM-DD) on, rounds run through `mediator`."""
    mediator: Identifier | None
    """Id of one of the scenario's `mediators`; null: direct talks."""


class Channel(Frozen):
    """Recurring rounds of talks over the scenario's horizon, with captures, freezes and mediators over time."""

    capture: dict[Identifier, Capture] = {}
    """People each party captures over time, by party id."""
    capture_every_days: Annotated[float, Field(gt=0.0), AtMost("delay_days")] = 7.0
    """Time in days between two draws of captures."""
    rounds: RoundRules = Field(default_factory=RoundRules)
    """When rounds open and how many names each side brings."""
    periods: Annotated[list[RoundPeriod], AtMostItems("events")] = []
    """Changes to the round rules from given dates on, applied in order of their start."""
    freezes: Annotated[list[Freeze], AtMostItems("events")] = []
    """Scheduled freezes of the channel by a party's leader."""
    random_freezes: Annotated[list[RandomFreeze], AtMostItems("events")] = []
    """Freezes that come at random."""
    mediators: Annotated[list[MediatorPeriod], AtMostItems("events")] = []
    """Which mediator runs the rounds from which date on."""
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
