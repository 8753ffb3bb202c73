"""What each outcome is worth to each party: linear additive utilities as numpy vectors.

A party's utility for an outcome is a weighted sum, normalised to [0, 1]: the prisoner part
(value of its own people returned, less the value of the chips it gives up, both summed in
release order with prefix sums) and one value table per other issue. Urgency raises the
value of one's own people. A party's ratio limit (how many it releases per captive
received) widens with trust. Everything is computed for all outcomes at once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from sim.scenario.references import PRISONERS
from sim.scenario.schema import Scenario
from sim.valuation.ranking import Ranking, shared_ranking
from sim.valuation.roster import Roster, release_order
from sim.valuation.space import OutcomeSpace, package_levels

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Preferences:
    """A party's fixed tastes, read once from the scenario."""

    party: str
    position: int
    weights: Mapping[str, float]
    issue_tables: tuple[FloatArray, ...]
    status_quo: tuple[int, ...]
    max_ratio: float | None
    reserved_value: float | None


MEMO_ENTRIES = 32
"""Parties whose preferences `read_preferences` keeps (a sweep's points each bring their own)."""

_memo: OrderedDict[_Tastes, Preferences] = OrderedDict()
"""Preferences read so far, by what they are read from (compared by value, so a hit is exact).
A bounded pure cache: a `Preferences` is frozen with read-only weights and tables, so sharing
one between runs cannot leak anything from one run into another, and clearing the memo
changes nothing but the time taken (tests/test_caches.py)."""


class _Tastes:
    """Everything a party's preferences are read from, as a key compared by value: the party, its
    position, whether the scenario trades prisoners, the issues, and the party's weights, issue
    values, ratio limit and reserved value (not its urgency, which the valuation reads itself)."""

    __slots__ = ("party", "position", "has_prisoners", "issues", "weights", "issue_values", "max_ratio",
                 "reserved_value", "_hash")

    def __init__(self, scenario: Scenario, party_id: str, position: int) -> None:
        interests = scenario.parties[party_id].interests
        self.party = party_id
        self.position = position
        self.has_prisoners = scenario.has_prisoners
        self.issues = scenario.issues
        self.weights = interests.weights
        self.issue_values = interests.issue_values
        self.max_ratio = interests.max_ratio
        self.reserved_value = interests.reserved_value
        # the cheap scalars, so that a sweep's points differing in them rarely share a hash
        self._hash = hash((party_id, position, self.has_prisoners, tuple(self.issues), self.max_ratio,
                           self.reserved_value, tuple(self.weights.values())))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        # runs of one scenario hold the very same objects (`==` on dicts checks identity first)
        return (isinstance(other, _Tastes) and self.party == other.party and self.position == other.position
                and self.has_prisoners == other.has_prisoners and self.max_ratio == other.max_ratio
                and self.reserved_value == other.reserved_value and self.weights == other.weights
                and self.issue_values == other.issue_values
                and (self.issues is other.issues or self.issues == other.issues))


def read_preferences(scenario: Scenario, party_id: str, position: int) -> Preferences:
    """A party's preferences, read once for equal inputs and then shared: their weights are a
    read-only mapping and their tables read-only arrays."""
    key = _Tastes(scenario, party_id, position)
    known = _memo.get(key)
    if known is None:
        known = _memo[key] = _read_preferences(key)
        if len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)
    else:
        _memo.move_to_end(key)
    return known


def _read_preferences(tastes: _Tastes) -> Preferences:
    """Read a party's preferences from exactly what `tastes` holds (so the memo's key is complete)."""
    issues, weights = tastes.issues, tastes.weights
    topics = ([PRISONERS] if tastes.has_prisoners else []) + list(issues)
    raw = {topic: float(weights.get(topic, 0.0)) for topic in topics}
    if not weights:
        raw = dict.fromkeys(topics, 1.0)
    total = sum(raw.values())
    tables = tuple(
        np.array([tastes.issue_values.get(issue_id, {}).get(o, 0.0) for o in issue.options])
        for issue_id, issue in issues.items()
    )
    for table in tables:
        table.setflags(write=False)
    status_quo = tuple(
        issue.options.index(issue.status_quo) if issue.status_quo else 0 for issue in issues.values()
    )
    return Preferences(
        party=tastes.party,
        position=tastes.position,
        weights=MappingProxyType({topic: value / total for topic, value in raw.items()}),
        issue_tables=tables,
        status_quo=status_quo,
        max_ratio=tastes.max_ratio,
        reserved_value=tastes.reserved_value,
    )


def build_space(scenario: Scenario, rosters: Mapping[str, Roster | None]) -> OutcomeSpace:
    """The outcome space of a round, from the captives each side can trade now."""
    step = scenario.protocol.package_step
    levels = []
    for party_id in scenario.party_ids:
        roster = rosters.get(party_id)
        tradable = roster.tradable(include_unacknowledged=True).size if roster is not None else 0
        levels.append(package_levels(tradable, step))
    return OutcomeSpace(
        parties=scenario.party_ids,
        levels=(levels[0], levels[1]),
        issues=tuple(scenario.issues),
        options=tuple(tuple(issue.options) for issue in scenario.issues.values()),
    )


class Valuation:
    """Utility vectors of both parties over one outcome space, kept current as things change."""

    def __init__(
        self,
        space: OutcomeSpace,
        preferences: Mapping[str, Preferences],
        rosters: Mapping[str, Roster | None],
    ) -> None:
        self.space = space
        self.preferences = preferences
        self.rosters = rosters
        self.urgency = dict.fromkeys(space.parties, 0.0)
        self.leverage = dict.fromkeys(space.parties, 0.0)
        self.orders: dict[str, NDArray[np.int64]] = {}
        self.utility: dict[str, FloatArray] = {}
        self.available: BoolArray = np.ones(space.size, dtype=bool)
        self.status_quo: dict[str, float] = {}
        self.struck: set[str] = set()
        self._feasible: dict[tuple[str, float], BoolArray] = {}
        self._rankings: dict[tuple[str, float], Ranking] = {}
        self._ceilings: dict[tuple[str, float], float] = {}
        self._bounds: dict[tuple[str, float, float], tuple[float, float]] = {}
        self._full_orders: dict[str, tuple[int, NDArray[np.int64]]] = {}
        self.generation = 0
        """Counts `recompute` calls: what is derived from the utilities may be kept until it moves."""

    def recompute(self) -> None:
        """Recompute release orders and utilities (after urgency changes or struck names)."""
        self.generation += 1
        for party in self.space.parties:
            roster = self.rosters.get(party)
            if roster is None:
                self.orders[party] = np.zeros(0, dtype=np.int64)
            else:
                self.orders[party] = self._release_order(party, roster)
        first, second = self.space.level_grids()
        tradable = [self.orders[p].size for p in self.space.parties]
        self.available = np.broadcast_to((first <= tradable[0]) & (second <= tradable[1]), self.space.shape).ravel()
        self._feasible.clear()
        self._rankings.clear()
        self._ceilings.clear()
        self._bounds.clear()
        for party in self.space.parties:
            self.utility[party] = self._utility(party).ravel()
            self.status_quo[party] = float(self.utility[party][self._status_quo_index(party)])

    def _release_order(self, party: str, roster: Roster) -> NDArray[np.int64]:
        """`release_order` of the roster, sorted once per roster version.

        Urgency and leverage do not move the order, so shocks reuse it; once a party has
        struck names, its order is the full order less the captives it does not
        acknowledge (the sort key is per captive, so filtering a sorted order keeps it sorted).
        """
        cached = self._full_orders.get(party)
        if cached is None or cached[0] != roster.version:
            cached = (roster.version, release_order(roster, include_unacknowledged=True))
            self._full_orders[party] = cached
        order = cached[1]
        if party in self.struck:
            return order[roster.acknowledged[order]]
        return order

    def reserved(self, party: str) -> float:
        """The least a party accepts: its reserved value (default: the status quo), plus leverage."""
        base = self.preferences[party].reserved_value
        value = self.status_quo[party] if base is None else base
        return float(min(max(value + self.leverage[party], 0.0), 1.0))

    def ceiling(self, party: str, trust: float) -> float:
        """The most `party` can get from an outcome it may accept at this trust (1.0 if none)."""
        key = (party, trust)
        ceiling = self._ceilings.get(key)
        if ceiling is None:
            ceiling = self.ranking(party, trust).ceiling if self.feasible(party, trust).any() else 1.0
            self._ceilings[key] = ceiling
        return ceiling

    def bounds(self, party: str, trust: float) -> tuple[float, float]:
        """The range a delegation concedes over: (reserved value capped by the ceiling, ceiling)."""
        key = (party, trust, self.leverage[party])
        bounds = self._bounds.get(key)
        if bounds is None:
            ceiling = self.ceiling(party, trust)
            bounds = (min(self.reserved(party), ceiling), ceiling)
            self._bounds[key] = bounds
        return bounds

    def ranking(self, party: str, trust: float) -> Ranking:
        """`party`'s feasible outcomes sorted by its utility, for choosing offers (see `sim.valuation.ranking`)."""
        key = (party, trust)
        ranking = self._rankings.get(key)
        if ranking is None:
            other = self.space.parties[1 - self.preferences[party].position]
            ranking = shared_ranking(self.utility[party], self.feasible(party, trust), self.utility[other])
            self._rankings[key] = ranking
        return ranking

    def feasible(self, party: str, trust: float) -> BoolArray:
        """Outcomes on the table that respect the party's ratio limit at this level of trust."""
        prefs = self.preferences[party]
        if prefs.max_ratio is None:
            return self.available
        cached = self._feasible.get((party, trust))
        if cached is None:
            limit = 1.0 + (prefs.max_ratio - 1.0) * trust
            first, second = self.space.level_grids()
            gives, gets = (first, second) if prefs.position == 0 else (second, first)
            within = gives <= limit * gets + 1e-9
            cached = self.available & np.broadcast_to(within, self.space.shape).ravel()
            self._feasible[(party, trust)] = cached
        return cached

    def denied(self, party: str, outcome: int) -> int:
        """How many captives `outcome` asks `party` to release that it denies holding."""
        roster = self.rosters.get(party)
        if roster is None or party in self.struck:
            return 0
        listed = self.package(outcome)[party]
        return int(np.count_nonzero(~roster.acknowledged[listed]))

    def strike(self, party: str) -> None:
        """`party` has disputed names: from now on its lists hold only captives it acknowledges."""
        self.struck.add(party)
        self.recompute()

    def package(self, outcome: int) -> dict[str, NDArray[np.int64]]:
        """Roster indices each party releases under `outcome`."""
        sizes = self.space.released(outcome)
        return {party: self.orders[party][: sizes[party]] for party in self.space.parties}

    def _utility(self, party: str) -> FloatArray:
        prefs = self.preferences[party]
        total: FloatArray = np.zeros(self.space.shape)
        weight = prefs.weights.get(PRISONERS, 0.0)
        if weight > 0.0:
            total = total + weight * self._prisoner_utility(party)
        for position, table in enumerate(prefs.issue_tables):
            issue_weight = prefs.weights.get(self.space.issues[position], 0.0)
            total = np.add(total, issue_weight * self.space.issue_grid(position, table.tolist()))
        return total

    def _prisoner_utility(self, party: str) -> FloatArray:
        """Value of one's people returned less value of chips released, scaled to [0, 1]."""
        prefs = self.preferences[party]
        other = self.space.parties[1 - prefs.position]
        own_roster, other_roster = self.rosters.get(party), self.rosters.get(other)
        gain = _prefix(other_roster.value_home[self.orders[other]] if other_roster else None)
        cost = _prefix(own_roster.value_holder[self.orders[party]] if own_roster else None)
        gain = gain * (1.0 + self.urgency[party])
        first, second = self.space.level_grids()
        gives, gets = (first, second) if prefs.position == 0 else (second, first)
        raw = gain[np.minimum(gets, gain.size - 1)] - cost[np.minimum(gives, cost.size - 1)]
        span = gain[-1] + cost[-1]
        if span <= 0.0:
            return np.broadcast_to(np.zeros(1), raw.shape).astype(np.float64)
        return np.asarray((raw + cost[-1]) / span, dtype=np.float64)

    def _status_quo_index(self, party: str) -> int:
        coords = (0, 0, *self.preferences[party].status_quo)
        return int(np.ravel_multi_index(coords, self.space.shape))


def _prefix(values: FloatArray | None) -> FloatArray:
    if values is None:
        return np.zeros(1)
    return np.concatenate([[0.0], np.cumsum(values)])
