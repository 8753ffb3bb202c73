"""Set a scenario's horizon from a calendar date: how a command runs a channel past (or short of) its default.

`until(scenario, date)` returns the same scenario with `horizon_days` running from its
`start_date` through `date` (the whole of that day). A scenario without a start date, a date
not after the start or beyond the horizon limit is refused with a `ScenarioError`.
"""

from __future__ import annotations

import datetime as dt

from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.limits import LIMITS
from sim.scenario.schema import Scenario


def until(scenario: Scenario, date: dt.date, file: str = "<scenario>") -> Scenario:
    if scenario.start_date is None:
        raise ScenarioError([Problem(file, "start_date", "a run until a date needs the scenario's start_date")])
    days = float((date - scenario.start_date).days + 1)
    if not 0.0 < days <= LIMITS.horizon_days:
        raise ScenarioError([Problem(file, "horizon_days", f"running until {date.isoformat()} makes {days:g} days "
                                     f"from start_date {scenario.start_date}; expected 1..{LIMITS.horizon_days:g}")])
    return scenario.model_copy(update={"horizon_days": days})
