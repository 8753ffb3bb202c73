"""Warnings about scenarios that are valid but cannot work: checked by `parley validate`.

A scenario can pass every schema rule and still have no way to a deal. `scenario_warnings`
finds the common cases, each as a `ScenarioWarning` naming the field to change:

- no package gives both sides more than no deal (`parties`: interests that value nothing, or
  reserved values above anything on the table);
- a ratio limit (`parties.P.interests.max_ratio`) that no package releasing anyone satisfies,
  even at full trust;
- `protocol.max_steps` steps of `protocol.step_hours` that take longer than `horizon_days`;
- a mediator that drafts packages every `draft_every_steps` steps, more than `protocol.max_steps`,
  so it never drafts;
- a protocol's `mediator` or `opens` naming a mediator or party the scenario does not have is
  caught by the schema; an outside event after the horizon is too.

The outcome space is built as a run with seed 0 opens it (`sim.analysis.bargaining`): numpy
only, a few milliseconds for the shipped scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis.bargaining import opening_valuation
from sim.scenario import Scenario

GAIN = 1e-9
"""A package must beat no deal by more than this for both sides to count as acceptable."""


@dataclass(frozen=True)
class ScenarioWarning:
    """A reason the scenario may not work: the field to look at, and what is wrong."""

    field: str
    message: str


def scenario_warnings(scenario: Scenario) -> list[ScenarioWarning]:
    """Every warning about `scenario`, in the order of the module's list."""
    found = _space_warnings(scenario)
    protocol = scenario.protocol
    talks_days = protocol.max_steps * protocol.step_hours / 24.0
    if talks_days > scenario.horizon_days:
        found.append(ScenarioWarning("protocol.max_steps", (
            f"{protocol.max_steps} steps of {protocol.step_hours:g} h take {talks_days:g} days, more than "
            f"horizon_days {scenario.horizon_days:g}: the run ends before the talks can use their steps")))
    for name, mediator in scenario.mediators.items():
        if mediator.drafts_packages and mediator.draft_every_steps > protocol.max_steps:
            found.append(ScenarioWarning(f"mediators.{name}.draft_every_steps", (
                f"{mediator.draft_every_steps} is more than protocol.max_steps {protocol.max_steps}: "
                f"the mediator never drafts a package")))
    return found


def _space_warnings(scenario: Scenario) -> list[ScenarioWarning]:
    """Warnings read from the outcome space: no mutually acceptable package, ratio limits nothing meets."""
    found: list[ScenarioWarning] = []
    valuation, _ = opening_valuation(scenario, 0)
    parties = scenario.party_ids
    gains = valuation.available.copy()
    for party in parties:
        gains &= valuation.utility[party] > valuation.reserved(party) + GAIN
    if not gains.any():
        who = f"both {parties[0]} and {parties[1]}" if len(parties) == 2 else f"every party ({', '.join(parties)})"
        found.append(ScenarioWarning("parties", (
            f"no package is worth more than no deal to {who} (their interests value "
            f"nothing on the table, or their reserved values are too high): the talks cannot reach a deal")))
    if scenario.has_prisoners:
        levels = valuation.space.level_grids()
        moves = np.broadcast_to(sum(levels[1:], levels[0]) > 0, valuation.space.shape).ravel()
        for party in scenario.party_ids:
            limit = scenario.parties[party].interests.max_ratio
            if limit is not None and not np.any(valuation.available & moves & valuation.feasible(party, 1.0)):
                found.append(ScenarioWarning(f"parties.{party}.interests.max_ratio", (
                    f"{limit:g}: no package that releases anyone keeps within it, even at full trust "
                    f"(the other side holds too few to exchange)")))
    return found
