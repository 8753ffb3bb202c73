"""Captives as columnar numpy data.

A `Roster` holds the captives one party holds, one numpy column per attribute (id,
category, value to the home side, value to the holder, acknowledged, status), so that a
roster of a million captives costs a few arrays, not a million objects. Lists in proposals
are index arrays into a roster. Nothing here loops over captives in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sim.scenario.roster_csv import BoolArray, FloatArray, IntArray, RosterTable

COLUMNS = ("ids", "category", "value_home", "value_holder", "acknowledged", "status")


class CaptiveStatus(IntEnum):
    """Where a captive stands: held, released, or held but left off this round's lists."""
    HELD = 0
    RELEASED = 1
    ASIDE = 2
    """Held, but left off this round's lists (an exchange channel caps the names per round)."""


@dataclass(slots=True)
class Roster:
    """The captives held by `holder` whose home side is `home`; columns share one index."""

    holder: str
    home: str
    ids: IntArray
    category: NDArray[np.int16]
    value_home: FloatArray
    value_holder: FloatArray
    acknowledged: BoolArray
    status: NDArray[np.int8]
    version: int = 0
    """Bumped by every change to the roster (releases, additions), so derived orders know to renew."""
    _spare: dict[str, NDArray[np.generic]] | None = field(default=None, repr=False, compare=False)
    """Once captives are appended: a buffer per column with room to grow, each column a view of
    its buffer's first `len(self)` entries (see `append`)."""
    _released: IntArray | None = field(default=None, repr=False, compare=False)
    """Released captives counted by category, once asked for; `release` keeps it current."""
    names: dict[int, str] = field(default_factory=dict)
    """Named captives: roster index -> name (most captives are unnamed)."""
    extra: dict[str, FloatArray] = field(default_factory=dict)
    """Value of each captive's release to parties other than home and holder, one column per such party
    (named captives' `values`; zero for everyone else)."""

    def __len__(self) -> int:
        return int(self.ids.size)

    def tradable(self, include_unacknowledged: bool = False) -> IntArray:
        """Indices of held captives that can go on a list.

        Before any dispute, lists name every captive the other side believes is held
        (`include_unacknowledged`); once the holder has denied holding some, only the
        acknowledged ones remain.
        """
        mask = self.status == CaptiveStatus.HELD
        if not include_unacknowledged:
            mask &= self.acknowledged
        return np.flatnonzero(mask)

    def held_count(self) -> int:
        """How many captives are still held."""
        return int(np.count_nonzero(self.status == CaptiveStatus.HELD))

    def release(self, indices: IntArray) -> None:
        """Mark captives as released; releasing one that is not held is a bug."""
        if np.any(self.status[indices] != CaptiveStatus.HELD):
            raise RuntimeError(f"{self.holder} released a captive it no longer holds")
        self.status[indices] = CaptiveStatus.RELEASED
        self.version += 1
        counts = self._released
        if counts is not None:
            added = np.bincount(self.category[np.unique(indices)], minlength=counts.size)
            self._released = counts + added if added.size == counts.size else None

    def released_by_category(self, categories: int) -> IntArray:
        """How many captives of each of `categories` categories this roster has released so far.

        A channel asks before and after every round; counting over every captive it ever held
        cost more each year, so the counts are kept up to date by `release` (statuses only
        become RELEASED there) and counted afresh only the first time or for another length.
        """
        counts = self._released
        if counts is None or counts.size != categories:
            released = self.category[self.status == CaptiveStatus.RELEASED]
            counts = self._released = np.bincount(released, minlength=categories).astype(np.int64)
        return counts.copy()

    def count_by_category(self, indices: IntArray, categories: int) -> IntArray:
        """How many of the captives at `indices` fall in each of `categories` categories."""
        return np.bincount(self.category[indices], minlength=categories).astype(np.int64)

    def append(self, other: Roster) -> None:
        """Add captives (e.g. a mass surrender); new ids continue after the largest one.

        A channel appends its captures every week for years, so the columns grow into buffers
        that double when full: an append copies the new captives only, where concatenating
        copied the whole history each time (quadratic over a long channel). The columns stay
        exactly what concatenation gave, as views of the buffers.
        """
        size, added = self.ids.size, other.ids.size
        offset = int(self.ids.max()) + 1 if size else 0
        spare = self._spare
        if spare is None or spare["ids"].size < size + added or any(
                getattr(self, name).base is not spare[name] for name in COLUMNS):
            capacity = max(2 * (size + added), 1024)
            spare = {name: np.empty(capacity, dtype=np.result_type(getattr(self, name), getattr(other, name)))
                     for name in COLUMNS}
            for name in COLUMNS:
                spare[name][:size] = getattr(self, name)
            self._spare = spare
        for name in COLUMNS:
            column = spare[name]
            column[size:size + added] = other.ids + offset if name == "ids" else getattr(other, name)
            setattr(self, name, column[:size + added])
        if np.any(other.status == CaptiveStatus.RELEASED):
            self._released = None
        for party, column in self.extra.items():  # added captives are worth nothing to third parties
            self.extra[party] = np.concatenate([column, np.zeros(added)])
        self.version += 1

    def index_of(self, name: str) -> int | None:
        """The roster index of the captive named `name`, or None if this roster holds no one of that name."""
        return next((index for index, known in self.names.items() if known == name), None)

    def receiving_value(self) -> FloatArray:
        """Each captive's release worth to everyone but the holder: value to home plus every third party's."""
        total = self.value_home
        for column in self.extra.values():
            total = total + column
        return total


def release_order(roster: Roster, include_unacknowledged: bool = False) -> IntArray:
    """Tradable captives in the order lists are drawn up: most value returned per chip given up.

    Sorting by the ratio of value to the home side over value to the holder puts first the
    captives whose release gains the most for the least (the wounded, civilians), last the
    prized chips (commanders); ties are broken by id so the order is deterministic.
    """
    tradable = roster.tradable(include_unacknowledged)
    home = roster.value_home[tradable]
    holder = roster.value_holder[tradable]
    # a holder's value so small the ratio overflows ranks the captive first, as a zero value does
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(holder > 0.0, home / np.where(holder > 0.0, holder, 1.0), np.inf)
    order = np.lexsort((roster.ids[tradable], -ratio))
    return tradable[order]


def generate_roster(
    holder: str,
    home: str,
    counts: Sequence[int],
    value_home: Sequence[float],
    value_holder: Sequence[float],
    value_noise: float,
    unacknowledged_share: float,
    rng: np.random.Generator,
) -> Roster:
    """A roster with `counts[c]` captives of category c, values drawn around the category's."""
    category = np.repeat(np.arange(len(counts), dtype=np.int16), np.asarray(counts, dtype=np.int64))
    size = category.size
    home_values = np.asarray(value_home, dtype=np.float64)[category]
    holder_values = np.asarray(value_holder, dtype=np.float64)[category]
    if value_noise > 0.0:
        home_values = home_values * rng.lognormal(0.0, value_noise, size)
        holder_values = holder_values * rng.lognormal(0.0, value_noise, size)
    acknowledged = rng.random(size) >= unacknowledged_share if unacknowledged_share > 0 else np.ones(size, dtype=bool)
    return Roster(
        holder=holder,
        home=home,
        ids=np.arange(size, dtype=np.int64),
        category=category,
        value_home=home_values,
        value_holder=holder_values,
        acknowledged=acknowledged,
        status=np.zeros(size, dtype=np.int8),
    )


def roster_from_table(
    holder: str,
    home: str,
    table: RosterTable,
    value_home: Sequence[float],
    value_holder: Sequence[float],
) -> Roster:
    """A roster from CSV rows; blank values take the category's value from the interests."""
    home_default = np.asarray(value_home, dtype=np.float64)[table.category]
    holder_default = np.asarray(value_holder, dtype=np.float64)[table.category]
    return Roster(
        holder=holder,
        home=home,
        ids=table.ids.copy(),
        category=table.category.copy(),
        value_home=np.where(np.isnan(table.value_home), home_default, table.value_home),
        value_holder=np.where(np.isnan(table.value_holder), holder_default, table.value_holder),
        acknowledged=table.acknowledged.copy(),
        status=np.zeros(table.ids.size, dtype=np.int8),
        names={index: name for index, name in enumerate(table.names) if name},
        extra={party: column.copy() for party, column in table.values_for.items()},
    )
