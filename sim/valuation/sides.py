"""Sides of a negotiation and the named people in it: release orders, value columns and demands, per side.

A side is a party, or a bloc of parties whose lists are drawn from the members' rosters
together. A side's release order lists its tradable captives, most value to the receiving
parties per unit of value to the holder first; ties go to demanded people first, then by
holder and id, so a tie never drops a demanded person. `People` says who is demanded and
who is refused, as roster indices. Everything here is numpy over columns; no SimPy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.valuation.roster import Roster

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Demand:
    """A party's demand for one named captive, resolved to the holder's roster index."""

    party: str
    name: str
    holder: str
    index: int
    hard: bool
    penalty: float


@dataclass(frozen=True, slots=True)
class People:
    """Who is demanded and who is refused, as roster indices; empty for a scenario without named people."""

    demands: tuple[Demand, ...] = ()
    refused: Mapping[str, IntArray] = field(default_factory=dict)
    """Per holder: roster indices of captives it will not release."""

    def touches(self, holder: str) -> bool:
        """Whether any demand or refusal concerns `holder`'s captives (its order then takes the general path)."""
        return holder in self.refused or any(demand.holder == holder for demand in self.demands)

    def demanded(self, holder: str, size: int) -> BoolArray:
        """Which of `holder`'s `size` captives someone demands."""
        mask = np.zeros(size, dtype=bool)
        for demand in self.demands:
            if demand.holder == holder:
                mask[demand.index] = True
        return mask


@dataclass(frozen=True, slots=True)
class SideOrder:
    """A side's captives in release order: roster indices, and which member holds each (None: one member)."""

    indices: IntArray
    holders: NDArray[np.int16] | None = None

    @property
    def size(self) -> int:
        """How many captives the side can trade."""
        return int(self.indices.size)

    def position(self, member: int, index: int) -> int | None:
        """Where the captive at roster `index` of member `member` stands in the order (None: not on it)."""
        hits = self.indices == index
        if self.holders is not None:
            hits &= self.holders == member
        found = np.flatnonzero(hits)
        return int(found[0]) if found.size else None

    def split(self, count: int, members: tuple[str, ...]) -> dict[str, IntArray]:
        """Roster indices each member releases when the side releases its first `count` captives."""
        head = self.indices[:count]
        if self.holders is None:
            return {members[0]: head}
        holders = self.holders[:count]
        return {member: head[holders == position] for position, member in enumerate(members)}


def side_order(members: tuple[str, ...], rosters: Mapping[str, Roster | None], people: People,
               struck: set[str]) -> SideOrder:
    """The release order of a side whose captives are demanded, refused or held by several members."""
    parts: list[tuple[IntArray, FloatArray, BoolArray, IntArray]] = []
    holder_of: list[NDArray[np.int16]] = []
    for position, member in enumerate(members):
        roster = rosters.get(member)
        if roster is None:
            continue
        tradable = roster.tradable(include_unacknowledged=member not in struck)
        refused = people.refused.get(member)
        if refused is not None and refused.size:
            tradable = tradable[~np.isin(tradable, refused)]
        receiving, holding = roster.receiving_value()[tradable], roster.value_holder[tradable]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ratio = np.where(holding > 0.0, receiving / np.where(holding > 0.0, holding, 1.0), np.inf)
        parts.append((tradable, ratio, people.demanded(member, len(roster))[tradable], roster.ids[tradable]))
        holder_of.append(np.full(tradable.size, position, dtype=np.int16))
    if not parts:
        return SideOrder(np.zeros(0, dtype=np.int64), None if len(members) == 1 else np.zeros(0, dtype=np.int16))
    indices, ratio, demanded, ids = (np.concatenate(column) for column in zip(*parts, strict=True))
    holders = np.concatenate(holder_of)
    order = np.lexsort((ids, holders, ~demanded, -ratio))
    return SideOrder(indices[order].astype(np.int64), None if len(members) == 1 else holders[order])


def side_values(order: SideOrder, members: tuple[str, ...], rosters: Mapping[str, Roster | None],
                party: str) -> tuple[FloatArray | None, FloatArray | None, FloatArray | None]:
    """Along a side's order, what each release is worth to `party`: the chip value of `party`'s own captives
    (None unless `party` is a member), the home value of `party`'s people, and third-party values (None when
    there are none)."""
    cost = home = third = None
    for position, member in enumerate(members):
        roster = rosters.get(member)
        if roster is None:
            continue
        where = None if order.holders is None else order.holders == position
        indices = order.indices if where is None else order.indices[where]
        if member == party:
            cost = _place(cost, roster.value_holder[indices], where, order.size)
            continue
        if roster.home == party:
            home = _place(home, roster.value_home[indices], where, order.size)
        column = roster.extra.get(party)
        if column is not None:
            third = _place(third, column[indices], where, order.size)
    return cost, home, third


def _place(column: FloatArray | None, values: FloatArray, where: BoolArray | None, size: int) -> FloatArray:
    """`values` as the column (one member), or written into the column at `where` (a bloc)."""
    if where is None:
        return values
    if column is None:
        column = np.zeros(size)
    column[where] = values
    return column
