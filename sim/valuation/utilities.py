"""What each outcome is worth to each party: linear additive utilities as numpy vectors.

A party's utility for an outcome is a weighted sum, normalised to [0, 1]: the prisoner part
(value of its own people returned and of named captives it cares about, less the value of
the chips it gives up, each summed along a side's release order with prefix sums) and one
value table per other issue. Urgency raises the value of one's own people. A soft demand
for a named captive lowers the utility of packages without them; a hard demand takes those
packages out of the party's feasible set. A party's ratio limit (how many it releases per
captive received) widens with trust. Everything is computed for all outcomes at once.

With two parties and no named people every side is one party and every formula below
reduces, operation for operation, to the bilateral one (one gain term, one cost term), so
bilateral utilities are bit-identical to what they were before sides existed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from sim.scenario.references import PRISONERS
from sim.scenario.schema import Scenario
from sim.valuation.linkage import linkage_mask, resolve_links
from sim.valuation.preferences import Preferences
from sim.valuation.ranking import Ranking, shared_ranking
from sim.valuation.roster import Roster, release_order
from sim.valuation.sides import People, SideOrder, side_order, side_values
from sim.valuation.space import OutcomeSpace, package_levels

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]




def build_space(scenario: Scenario, rosters: Mapping[str, Roster | None],
                people: People | None = None) -> OutcomeSpace:
    """The outcome space of a round, from the captives each side can trade now (less any refused)."""
    step = scenario.protocol.package_step
    refused = people.refused if people is not None else {}
    levels = []
    for members in scenario.sides.values():
        tradable = 0
        for party_id in members:
            roster = rosters.get(party_id)
            if roster is not None:
                tradable += roster.tradable(include_unacknowledged=True).size
                tradable -= int(np.count_nonzero(roster.status[refused[party_id]] == 0)) if party_id in refused else 0
        levels.append(package_levels(tradable, step))
    return OutcomeSpace(
        parties=tuple(scenario.sides),
        levels=tuple(levels),
        issues=tuple(scenario.issues),
        options=tuple(issue.values for issue in scenario.issues.values()),
        links=resolve_links(scenario),
    )


class Valuation:
    """Utility vectors of both parties over one outcome space, kept current as things change."""

    def __init__(
        self,
        space: OutcomeSpace,
        preferences: Mapping[str, Preferences],
        rosters: Mapping[str, Roster | None],
        sides: Mapping[str, tuple[str, ...]] | None = None,
        people: People | None = None,
    ) -> None:
        self.space = space
        self.preferences = preferences
        self.rosters = rosters
        self.sides: Mapping[str, tuple[str, ...]] = sides or {party: (party,) for party in space.parties}
        """Members of each side (the space's axes), in the space's order."""
        self.people = people or People()
        self.side_of = {member: side for side, members in self.sides.items() for member in members}
        self.blocs = {side: members for side, members in self.sides.items() if len(members) > 1}
        """Sides of several parties: each also has a utility of its own, as one voice (`_bloc_voices`)."""
        parties = sorted(self.side_of)
        self._bilateral = len(parties) == 2 and len(self.sides) == 2 and not self.people.demands \
            and not self.people.refused
        self.urgency = dict.fromkeys([*parties, *self.blocs], 0.0)
        self.leverage = dict.fromkeys([*parties, *self.blocs], 0.0)
        self.orders: dict[str, NDArray[np.int64]] = {}
        """Each side's tradable captives in release order (roster indices; for a bloc, see `side_orders`)."""
        self.side_orders: dict[str, SideOrder] = {}
        self._hard: dict[str, BoolArray] = {}
        self._soft: dict[str, FloatArray] = {}
        self.utility: dict[str, FloatArray] = {}
        self.available: BoolArray = np.ones(space.size, dtype=bool)
        self.status_quo: dict[str, float] = {}
        self.struck: set[str] = set()
        self._feasible: dict[tuple[str, float], BoolArray] = {}
        self._rankings: dict[tuple[str, float], Ranking] = {}
        self._ceilings: dict[tuple[str, float], float] = {}
        self._bounds: dict[tuple[str, float, float], tuple[float, float]] = {}
        self._full_orders: dict[str, tuple[int, NDArray[np.int64]]] = {}
        self._denied_before: dict[str, tuple[int, NDArray[np.int64]]] = {}
        self.generation = 0
        """Counts `recompute` calls: what is derived from the utilities may be kept until it moves."""

    def recompute(self) -> None:
        """Recompute release orders and utilities (after urgency changes or struck names)."""
        self.generation += 1
        for side, members in self.sides.items():
            if len(members) == 1 and not self.people.touches(members[0]):
                roster = self.rosters.get(side)
                order = np.zeros(0, dtype=np.int64) if roster is None else self._release_order(side, roster)
                self.side_orders[side] = SideOrder(order)
            else:
                self.side_orders[side] = side_order(members, self.rosters, self.people, self.struck)
            self.orders[side] = self.side_orders[side].indices
        grids = self.space.level_grids()
        tradable = [self.orders[side].size for side in self.space.parties]
        within = grids[0] <= tradable[0]
        for grid, count in zip(grids[1:], tradable[1:], strict=True):
            within = within & (grid <= count)
        self.available = np.broadcast_to(within, self.space.shape).ravel()
        if self.space.links:
            self.available = self.available & self._linkage()
        self._feasible.clear()
        self._rankings.clear()
        self._ceilings.clear()
        self._bounds.clear()
        self._read_demands(grids)
        for party in self.side_of if not self._bilateral else self.space.parties:
            self.utility[party] = self._utility(party).ravel()
            self.status_quo[party] = float(self.utility[party][self._status_quo_index(party)])
        if self.blocs:
            self._bloc_voices()

    def _bloc_voices(self) -> None:
        """Each bloc's utility as one voice: its least satisfied member's surplus over its reserved value, as a
        share of what that member could gain above it. A bloc content with x > 0 leaves every member above its
        reserved value; 0 is the bloc's own reserved value."""
        for bloc, members in self.blocs.items():
            surplus: FloatArray | None = None
            for member in members:
                floor = self.reserved(member)
                room = 1.0 - floor
                share = (self.utility[member] - floor) / room if room > 1e-9 else self.utility[member] - floor
                surplus = share if surplus is None else np.minimum(surplus, share)
            assert surplus is not None
            self.utility[bloc] = surplus
            self.status_quo[bloc] = float(surplus[self._status_quo_index(members[0])])
    def _linkage(self) -> BoolArray:
        """Which outcomes keep every linkage of the scenario (see `sim.valuation.linkage`)."""
        space = self.space

        def counted(axis: int, category: int) -> NDArray[np.int64]:
            side = space.parties[axis]
            order = self.side_orders[side]
            members = self.sides[side]
            codes = np.zeros(order.size, dtype=np.int64)
            for number, member in enumerate(members):
                roster = self.rosters.get(member)
                if roster is None:
                    continue
                mine = slice(None) if order.holders is None else order.holders == number
                codes[mine] = roster.category[order.indices[mine]]
            prefix = np.concatenate([[0], np.cumsum(codes == category)])
            return prefix[np.minimum(space.levels[axis], prefix.size - 1)]

        return linkage_mask(space.shape, len(space.parties), space.levels, space.options, space.links, counted)

    def _read_demands(self, grids: tuple[NDArray[np.int64], ...]) -> None:
        """Where each demanded person is on the table: hard demands as masks, soft ones as penalties."""
        self._hard.clear()
        self._soft.clear()
        axes = {side: axis for axis, side in enumerate(self.space.parties)}
        for demand in self.people.demands:
            side = self.side_of[demand.holder]
            member = self.sides[side].index(demand.holder)
            place = self.side_orders[side].position(member, demand.index)
            grid = grids[axes[side]]
            included = np.zeros(grid.shape, dtype=bool) if place is None else grid > place
            included = np.broadcast_to(included, self.space.shape).ravel()
            if demand.hard:
                known = self._hard.get(demand.party)
                self._hard[demand.party] = included if known is None else known & included
            elif demand.penalty > 0.0:
                missing: FloatArray = np.where(included, 0.0, demand.penalty)
                known_soft = self._soft.get(demand.party)
                self._soft[demand.party] = missing if known_soft is None else known_soft + missing

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
        base = self.preferences[party].reserved_value if party not in self.blocs else 0.0
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
            ranking = shared_ranking(self.utility[party], self.feasible(party, trust), self.opponent(party))
            self._rankings[key] = ranking
        return ranking

    def opponent(self, party: str) -> FloatArray:
        """What the other side makes of each outcome, for breaking ties between offers: the other party's
        utility, or the sum over the parties of the other sides."""
        own = self.side_of.get(party, party)  # a bloc's voice is its own side
        others = [member for side, members in self.sides.items() if side != own for member in members]
        if len(others) == 1:
            return self.utility[others[0]]
        return np.sum([self.utility[member] for member in others], axis=0)

    def feasible(self, party: str, trust: float) -> BoolArray:
        """Outcomes on the table that respect the party's ratio limit at this level of trust and its hard demands."""
        members = self.blocs.get(party)
        if members is not None:  # a bloc's voice may accept what every member may
            joint = self._feasible.get((party, trust))
            if joint is None:
                joint = self.feasible(members[0], trust)
                for member in members[1:]:
                    joint = joint & self.feasible(member, trust)
                self._feasible[(party, trust)] = joint
            return joint
        prefs = self.preferences[party]
        hard = self._hard.get(party)
        if prefs.max_ratio is None and hard is None:
            return self.available
        cached = self._feasible.get((party, trust))
        if cached is None:
            cached = self.available if hard is None else self.available & hard
            if prefs.max_ratio is not None:
                limit = 1.0 + (prefs.max_ratio - 1.0) * trust
                gives, gets = self._gives_gets(party)
                within = gives <= limit * gets + 1e-9
                cached = cached & np.broadcast_to(within, self.space.shape).ravel()
            self._feasible[(party, trust)] = cached
        return cached

    def _gives_gets(self, party: str) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """List sizes of `party`'s side, and of all other sides together, broadcastable to the space's shape."""
        own = self.side_of[party]
        grids = self.space.level_grids()
        gives = grids[self.space.parties.index(own)]
        others = [grid for side, grid in zip(self.space.parties, grids, strict=True) if side != own]
        gets = others[0]
        for grid in others[1:]:
            gets = gets + grid
        return gives, gets

    def denied(self, party: str, outcome: int) -> int:
        """How many captives `outcome` asks `party` to release that it denies holding."""
        roster = self.rosters.get(party)
        if roster is None or party in self.struck:
            return 0
        if self._bilateral:  # a prefix of the release order: count from a running sum, made once per order
            found = self._denied_before.get(party)
            if found is None or found[0] != self.generation:
                found = (self.generation, np.cumsum(~roster.acknowledged[self.orders[party]]))
                self._denied_before[party] = found
            size = min(self.space.released(outcome)[party], found[1].size)
            return int(found[1][size - 1]) if size else 0
        listed = self.package(outcome)[party]
        return int(np.count_nonzero(~roster.acknowledged[listed]))

    def strike(self, party: str) -> None:
        """`party` has disputed names: from now on its lists hold only captives it acknowledges."""
        self.struck.add(party)
        self.recompute()

    def package(self, outcome: int) -> dict[str, NDArray[np.int64]]:
        """Roster indices each party releases under `outcome`."""
        sizes = self.space.released(outcome)
        if self._bilateral:
            return {party: self.orders[party][: sizes[party]] for party in self.space.parties}
        package: dict[str, NDArray[np.int64]] = {}
        for side, members in self.sides.items():
            package.update(self.side_orders[side].split(sizes[side], members))
        return {party: package[party] for party in sorted(package)}

    def _utility(self, party: str) -> FloatArray:
        prefs = self.preferences[party]
        total: FloatArray = np.zeros(self.space.shape)
        weight = prefs.weights.get(PRISONERS, 0.0)
        if weight > 0.0:
            total = total + weight * self._prisoner_utility(party)
        for position, table in enumerate(prefs.issue_tables):
            issue_weight = prefs.weights.get(self.space.issues[position], 0.0)
            total = np.add(total, issue_weight * self.space.issue_grid(position, table.tolist()))
        soft = self._soft.get(party)
        if soft is not None:
            total = total - soft.reshape(self.space.shape)
        return total

    def _prisoner_utility(self, party: str) -> FloatArray:
        """Value of one's people returned (and of named captives one cares about) less value of chips released,
        scaled to [0, 1]: each side's releases add a gain term (sides one is not on) or a cost term (one's own)."""
        urgency = 1.0 + self.urgency[party]
        own = self.side_of[party]
        gains: list[tuple[FloatArray, NDArray[np.int64]]] = []
        costs: list[tuple[FloatArray, NDArray[np.int64]]] = []
        for side, grid in zip(self.space.parties, self.space.level_grids(), strict=True):
            cost, home, third = side_values(self.side_orders[side], self.sides[side], self.rosters, party)
            if side == own:
                costs.append((_prefix(cost), grid))
                if home is not None:
                    gains.append((_prefix(home) * urgency, grid))
                if third is not None:
                    gains.append((_prefix(third), grid))
                continue
            gain = _prefix(home) * urgency
            gains.append((gain if third is None else gain + _prefix(third), grid))
        gained = _summed(gains)
        lost = _summed(costs)
        raw = gained - lost
        span = gains[0][0][-1]
        for values, _ in gains[1:]:
            span = span + values[-1]
        lowest = costs[0][0][-1]
        for values, _ in costs[1:]:
            lowest = lowest + values[-1]
        span = span + lowest
        if span <= 0.0:
            return np.broadcast_to(np.zeros(1), raw.shape).astype(np.float64)
        return np.asarray((raw + lowest) / span, dtype=np.float64)

    def _status_quo_index(self, party: str) -> int:
        coords = (*(0,) * len(self.space.parties), *self.preferences[party].status_quo)
        return int(np.ravel_multi_index(coords, self.space.shape))


def _summed(terms: list[tuple[FloatArray, NDArray[np.int64]]]) -> FloatArray:
    """The sum over terms of each prefix-sum array read at its side's list sizes (in order, first term first)."""
    values, grid = terms[0]
    total = values[np.minimum(grid, values.size - 1)]
    for values, grid in terms[1:]:
        total = total + values[np.minimum(grid, values.size - 1)]
    return total


def _prefix(values: FloatArray | None) -> FloatArray:
    if values is None:
        return np.zeros(1)
    return np.concatenate([[0.0], np.cumsum(values)])
