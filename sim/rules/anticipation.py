"""Anticipating one's own ratifiers: what a delegation may propose and accept, and the floor it may cite.

A two-level game (Putnam): a delegation bargains at the table knowing its leader and its
party's veto players will ratify or veto what it agrees. `Ratifiers` gives, for every outcome
at once, the probability that a side's ratifiers veto it (each rule's deterministic
`veto_probability`, combined as independent: `1 - prod(1 - p)`; a bloc answers to every
member's ratifiers, each on its own member's utility and trust). `anticipate` turns that into
what the delegation does: it accepts and proposes only outcomes vetoed with probability at
most its `max_veto_probability`, and, citing its ratifiers, it concedes no further than the
least of those outcomes is worth to it (a tough ratifier is leverage). Pure numpy, no SimPy:
the delegation computes this once per stance (`sim.agents.delegation.Stance`) and the
mediator once per draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.rules.veto import VETO_RULES, AlwaysApprove, ValueThreshold, VetoRule, combined, veto_probability
from sim.scenario.multilateral import LEADER
from sim.scenario.schema import Scenario

_ALL_OR_NOTHING = (AlwaysApprove, ValueThreshold)
"""Rules whose veto probability is exactly 0 or 1: `1 - (1 - p)` is `p` for them, bit for bit."""

SLACK = 1e-12
"""A veto probability exceeding the threshold by less than this still counts as within it."""


_MADE: dict[int, tuple[Scenario, dict[str, list[VetoRule]]]] = {}
"""The ratifier rules made for each recent scenario (held, so its id is not reused), by party: a sweep runs
one scenario many times, and veto rules are pure (`VetoRule`), so every run may read the same ones."""
VETO_RULES.on_change(_MADE.clear)  # a plug-in registered or removed: build afresh


def ratifier_rules(scenario: Scenario, party: str) -> list[VetoRule]:
    """The veto rules of those `party` asks to ratify a deal: its leader and its veto players (in
    sequence, only those `ratification.order` names), as `sim.talks.agreement.ratification_stages` asks them.
    Made once per scenario and party (see `_MADE`); the list is shared, so read it, never change it."""
    made = _MADE.get(id(scenario))
    if made is None or made[0] is not scenario:
        if len(_MADE) >= 16:
            _MADE.clear()
        made = _MADE[id(scenario)] = (scenario, {})
    rules = made[1].get(party)
    if rules is None:
        rules = made[1][party] = _ratifier_rules(scenario, party)
    return rules


def _ratifier_rules(scenario: Scenario, party: str) -> list[VetoRule]:
    spec = scenario.parties[party]
    players = scenario.veto_players_of(party)
    names = [LEADER, *players]
    if spec.ratification.mode == "in_sequence" and spec.ratification.order:
        names = list(spec.ratification.order)
    return [VETO_RULES.build(spec.leader.veto if name == LEADER else players[name].veto) for name in names]


class Ratifiers:
    """The ratifiers a side's delegation answers to: the leader and veto players of each of its members."""

    def __init__(self, scenario: Scenario, members: tuple[str, ...]) -> None:
        self.members = members
        self.rules = {member: ratifier_rules(scenario, member) for member in members}
        only = [(member, rule) for member in members for rule in self.rules[member]]
        self._alone = only[0] if len(only) == 1 and type(only[0][1]) in _ALL_OR_NOTHING else None
        """The one ratifier, when it vetoes with probability 0 or 1 (then combining leaves its answer as it is)."""
        self._last: tuple[tuple[NDArray[np.float64], ...], tuple[float, ...], NDArray[np.float64]] | None = None
        """The last answer, with the utility vectors (held, compared by identity) and trusts it was for."""

    def veto_probability(self, utilities: Mapping[str, NDArray[np.float64]],
                         trust: Mapping[str, float]) -> NDArray[np.float64]:
        """For every outcome, the probability that at least one ratifier vetoes it: each member's
        ratifiers judge it by that member's utility and trust, all independently. The same vectors
        at the same trust give the same (shared, read-only) answer without computing it again."""
        vectors = tuple(utilities[member] for member in self.members)
        trusts = tuple(trust[member] for member in self.members)
        last = self._last
        if last is not None and last[1] == trusts and all(a is b for a, b in zip(last[0], vectors, strict=True)):
            return last[2]
        if self._alone is not None:
            member, rule = self._alone
            found = veto_probability(rule, utilities[member], trust[member])
        else:
            combined_found = combined(veto_probability(rule, utilities[member], trust[member])
                                      for member in self.members for rule in self.rules[member])
            assert combined_found is not None, "a party always has its leader"
            found = combined_found
        self._last = (vectors, trusts, found)
        return found


@dataclass(frozen=True, slots=True)
class Anticipated:
    """What a delegation that anticipates its ratifiers may do with each outcome, and how far it may go."""

    acceptable: NDArray[np.bool_]
    """Outcomes it may accept or propose: feasible, and vetoed with probability at most its threshold."""
    offerable: NDArray[np.bool_]
    """Outcomes it proposes from: the acceptable ones; if there are none, the feasible ones its
    ratifiers are least likely to veto (it holds out for them and accepts nothing)."""
    least: float
    """The least utility an acceptable outcome has for it: what its ratifiers accept, the floor
    it cites to ask for more (the best offerable utility when nothing is acceptable)."""
    ceiling: float
    """The most it can ask for: the utility of its best offerable outcome (1.0 if nothing is feasible)."""


def anticipate(utility: NDArray[np.float64], feasible: NDArray[np.bool_], veto: NDArray[np.float64],
               max_veto_probability: float) -> Anticipated:
    """What a delegation with `utility` over the outcomes and `feasible` ones may do when its ratifiers
    veto each outcome with probability `veto` and it tolerates at most `max_veto_probability`."""
    if not feasible.any():
        return Anticipated(feasible, feasible, 0.0, 1.0)
    acceptable = feasible & (veto <= max_veto_probability + SLACK)
    if acceptable.any():
        values = utility[acceptable]
        return Anticipated(acceptable, acceptable, float(values.min()), float(values.max()))
    offerable = feasible & (veto <= veto[feasible].min())
    best = float(utility[offerable].max())
    return Anticipated(acceptable, offerable, best, best)


def held_aspiration(aspiration: float, least: float | None) -> float:
    """The aspiration of a delegation citing its ratifiers: what its strategy says, but never below `least`
    (what they accept; None: it does not cite them). Its strategy still concedes at its own pace, from
    its ceiling toward its reserved value: a ratifier only matters where it binds."""
    return aspiration if least is None or aspiration >= least else least
