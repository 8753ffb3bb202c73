"""Set a scenario's horizon from a calendar date: how a command runs a channel past (or short of) its default.

`until(scenario, date)` returns the same scenario with `horizon_days` running from its
`start_date` through `date` (the whole of that day). A scenario without a start date, a date
not after the start or beyond the horizon limit is refused with a `ScenarioError`, and so is a
horizon over which the rosters or the run's worst-case cost would pass their limits
(`sim.scenario.growth`, `sim.scenario.cost`), as when the scenario is loaded.
"""

from __future__ import annotations

import datetime as dt

from sim.scenario.cost import find_cost_problems
from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.growth import find_growth_problems
from sim.scenario.limits import LIMITS
from sim.scenario.schema import Scenario


def until(scenario: Scenario, date: dt.date, file: str = "<scenario>") -> Scenario:
    if scenario.start_date is None:
        raise ScenarioError([Problem(file, "start_date", "a run until a date needs the scenario's start_date")])
    days = float((date - scenario.start_date).days + 1)
    if not 0.0 < days <= LIMITS.horizon_days:
        raise ScenarioError([Problem(file, "horizon_days", f"running until {date.isoformat()} makes {days:g} days "
                                     f"from start_date {scenario.start_date}; expected 1..{LIMITS.horizon_days:g}")])
    longer = scenario.model_copy(update={"horizon_days": days})
    # A roster read from CSV was counted when the scenario loaded; here it counts at its limit.
    sizes = {party: (sum((spec.roster.generate or {}).values()) if spec.roster.csv is None
                     else LIMITS.captives_per_party) if spec.roster is not None else 0
             for party, spec in scenario.parties.items()}
    problems = find_growth_problems(longer, sizes) + find_cost_problems(longer, sizes)
    if problems:
        raise ScenarioError([Problem(file, path, f"running until {date.isoformat()}: {message}")
                             for path, message in problems])
    return longer
