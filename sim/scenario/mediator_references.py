"""Cross-reference checks for mediators: cadence, preferred packages and deadlines.

Each check yields `(path, message)` pairs, so the loader can name the field and its line:
a drafting cadence on a mediator that drafts no packages, a preferred package naming an
unknown side, issue or option, a deadline date without the scenario's `start_date`, or a
deadline outside the run.
"""

from __future__ import annotations

from collections.abc import Iterator

from sim.scenario.channel_schema import to_day
from sim.scenario.schema import Scenario
from sim.scenario.suggest import unknown_name


def find_mediator_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """Every broken reference among the mediators' drafting fields and interests, as (dotted path, message)."""
    problems: list[tuple[str, str]] = []
    for mediator_id, mediator in scenario.mediators.items():
        base = f"mediators.{mediator_id}"
        # only when written: a default of `cadence` must not refuse every mediator that drafts no packages
        if mediator.drafting == "cadence" and "drafting" in mediator.model_fields_set and not mediator.drafts_packages:
            problems.append((f"{base}.drafting", "drafting: cadence needs drafts_packages: true"))
        problems += _check_interests(scenario, base, mediator_id)
    return problems


def _check_interests(scenario: Scenario, base: str, mediator_id: str) -> Iterator[tuple[str, str]]:
    interests = scenario.mediators[mediator_id].interests
    if interests.preferred is not None:
        sides = set(scenario.sides)
        for side in interests.preferred.released:
            if side not in sides:
                yield f"{base}.interests.preferred.released.{side}", unknown_name("side", side, sides)
        for issue, option in interests.preferred.issues.items():
            if issue not in scenario.issues:
                yield f"{base}.interests.preferred.issues.{issue}", unknown_name("issue", issue, set(scenario.issues))
            elif option not in scenario.issues[issue].options:
                yield (f"{base}.interests.preferred.issues.{issue}",
                       unknown_name("option", option, set(scenario.issues[issue].options)))
    if interests.deadline is None:
        return
    path = f"{base}.interests.deadline"
    try:
        day = to_day(interests.deadline, scenario.start_date)
    except ValueError as error:
        yield path, str(error)
        return
    if not 0.0 <= day <= scenario.horizon_days:
        yield path, (f"{interests.deadline} is day {day:g} of the run, outside 0..{scenario.horizon_days:g} "
                     f"(start_date {scenario.start_date}, horizon_days {scenario.horizon_days:g})")
