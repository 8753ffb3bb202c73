"""The bargaining set of a scenario in the model's own outcome space (analysis level a).

The outcome space is the one the delegations negotiate over: how many captives each side
releases (in package steps, drawn in release order) times one option of every other issue.
`opening_valuation` rebuilds, for a scenario and seed, the rosters and utilities a run
starts with (the same random streams, so the same captives); nothing is simulated. The
bargaining set is then found by exact enumeration of every outcome:

- the outcomes analysed are, by default, those both parties may accept under their ratio
  limits at their initial trust (`respect_ratio_limits=False` analyses every outcome);
- the disagreement point is each party's reserved value, or, when it has none, its
  utility for the status quo (nobody released, every issue at its status quo), as the
  delegations themselves use it;
- the frontier, Nash, Kalai-Smorodinsky and maximum-welfare points come from
  `sim.analysis.frontier`.

Utilities are those at the opening of talks: shocks during a run that change urgency, or
names struck in a dispute, are not reflected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from numpy.typing import NDArray

from sim.analysis.frontier import Solutions, pareto_indices, solve
from sim.runtime.events import Recorder
from sim.scenario.schema import Scenario
from sim.talks.setup import build_context
from sim.valuation.utilities import Valuation

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def depends_on_seed(scenario: Scenario) -> bool:
    """Whether the opening bargaining set can differ between seeds of `scenario`.

    The only random draws before talks open are the generated rosters' values (`value_noise`)
    and which captives are acknowledged (`unacknowledged_share`); rosters read from CSV, the
    outcome space, the preferences and the initial trust are fixed by the scenario. Without
    either draw, one set serves every seed (a sweep computes it once per point).
    """
    for party in scenario.party_ids:
        roster = scenario.parties[party].roster
        if roster is not None and roster.generate is not None and (
                roster.value_noise > 0.0 or roster.unacknowledged_share > 0.0):
            return True
    return False


def opening_valuation(scenario: Scenario, seed: int = 0) -> tuple[Valuation, dict[str, float]]:
    """The valuation and each party's trust as a run of `scenario` with `seed` starts."""
    env = simpy.Environment()
    ctx = build_context(scenario, seed, env, Recorder("analysis", lambda: 0.0, []))
    return ctx.valuation, {party: ctx.trust[party].value for party in scenario.party_ids}


@dataclass(frozen=True, slots=True)
class BargainingSet:
    """Utilities of every outcome, the outcomes analysed, and the bargaining solutions among them.

    Utility pairs are ordered as `parties` (the scenario's sorted party ids).
    """

    scenario: Scenario
    valuation: Valuation
    parties: tuple[str, str]
    considered: IntArray
    disagreement: tuple[float, float]
    frontier: IntArray
    solutions: Solutions
    respects_ratio_limits: bool

    def utilities(self, outcome: int) -> tuple[float, float]:
        """The utilities of `outcome` to the two parties, in `parties` order."""
        first, second = self.parties
        return float(self.valuation.utility[first][outcome]), float(self.valuation.utility[second][outcome])

    def points(self, outcomes: IntArray) -> FloatArray:
        """Utility pairs of `outcomes`, one row each."""
        first, second = self.parties
        return np.column_stack([self.valuation.utility[first][outcomes], self.valuation.utility[second][outcomes]])

    @property
    def frontier_points(self) -> FloatArray:
        """Utility pairs of the Pareto frontier, one row each."""
        return self.points(self.frontier)

    def point(self, name: str) -> tuple[float, float] | None:
        """Utilities of the solution called `name` (nash, kalai, max_welfare), None if there is none."""
        outcome = self.outcome(name)
        return None if outcome is None else self.utilities(outcome)

    def outcome(self, name: str) -> int | None:
        """The outcome chosen by the solution called `name` (nash, kalai, max_welfare), None if there is none."""
        value: int | None = getattr(self.solutions, name)
        return value

    def describe(self, outcome: int) -> dict[str, Any]:
        """An outcome in scenario terms: how many each party releases, and each issue's option."""
        space = self.valuation.space
        description: dict[str, Any] = {}
        if self.scenario.has_prisoners:
            description["released"] = space.released(outcome)
        description["issues"] = space.issue_options(outcome)
        return description


SOLUTION_NAMES = ("nash", "kalai", "max_welfare")


def bargaining_set(scenario: Scenario, seed: int = 0, respect_ratio_limits: bool = True) -> BargainingSet:
    """Enumerate the outcome space of `scenario` as a run with `seed` opens, and solve it."""
    valuation, trust = opening_valuation(scenario, seed)
    parties = scenario.party_ids
    mask = valuation.available.copy()
    if respect_ratio_limits:
        for party in parties:
            mask &= valuation.feasible(party, trust[party])
    considered = np.flatnonzero(mask).astype(np.int64)
    first = valuation.utility[parties[0]][considered]
    second = valuation.utility[parties[1]][considered]
    disagreement = (valuation.reserved(parties[0]), valuation.reserved(parties[1]))
    local = solve(first, second, disagreement)
    solutions = Solutions(
        nash=None if local.nash is None else int(considered[local.nash]),
        kalai=None if local.kalai is None else int(considered[local.kalai]),
        max_welfare=None if local.max_welfare is None else int(considered[local.max_welfare]),
        ideal=local.ideal,
    )
    return BargainingSet(
        scenario=scenario,
        valuation=valuation,
        parties=(parties[0], parties[1]),
        considered=considered,
        disagreement=disagreement,
        frontier=considered[pareto_indices(first, second)],
        solutions=solutions,
        respects_ratio_limits=respect_ratio_limits,
    )
