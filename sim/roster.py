"""Captives as columnar numpy data.

A `Roster` holds the captives one party holds, one numpy column per attribute (id,
category, value to the home side, value to the holder, acknowledged, status), so that a
roster of a million captives costs a few arrays, not a million objects. Lists in proposals
are index arrays into a roster. Nothing here loops over captives in Python.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MAX_ID = 2**63 - 1
MAX_VALUE = 1e6
"""The largest value a roster CSV may give a captive (the scenario's `Limits.value`)."""

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
COLUMNS = ("ids", "category", "value_home", "value_holder", "acknowledged", "status")


class CaptiveStatus(IntEnum):
    HELD = 0
    RELEASED = 1
    ASIDE = 2
    """Held, but left off this round's lists (an exchange channel caps the names per round)."""


class RosterCsvError(ValueError):
    """A roster CSV is missing or malformed; `line` and `column` say where."""

    def __init__(self, message: str, line: int | None = None, column: str | None = None) -> None:
        self.line = line
        self.column = column
        self.message = message
        where = f"line {line}" if line is not None else ""
        if column:
            where = f"{where}, column '{column}'" if where else f"column '{column}'"
        super().__init__(f"{where}: {message}" if where else message)


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
        self.version += 1


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


@dataclass(frozen=True, slots=True)
class RosterTable:
    """A roster as read from CSV, before values are filled in from the parties' interests."""

    ids: IntArray
    category: NDArray[np.int16]
    value_home: FloatArray
    value_holder: FloatArray
    acknowledged: BoolArray


REQUIRED_COLUMNS = ("id", "category")
OPTIONAL_COLUMNS = ("value_home", "value_holder", "acknowledged")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def read_roster_csv(path: Path, categories: Sequence[str], max_rows: int) -> RosterTable:
    """Read and check a roster CSV; blank values fall back to the category's value (NaN here)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = _read_rows(handle)
    except FileNotFoundError:
        raise RosterCsvError("file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RosterCsvError(f"cannot read: {error}") from None
    if not rows:
        raise RosterCsvError("empty file: expected a header with columns id,category")
    header = [name.strip() for name in rows[0][1]]
    for column in REQUIRED_COLUMNS:
        if column not in header:
            raise RosterCsvError(f"missing column (header is: {','.join(header)})", 1, column)
    for column in header:
        if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            raise RosterCsvError("unknown column", 1, column)
    body = rows[1:]
    if len(body) > max_rows:
        raise RosterCsvError(f"{len(body)} captives is more than the limit of {max_rows}")
    return _parse_rows(header, body, {name: index for index, name in enumerate(categories)})


def _read_rows(handle: Iterable[str]) -> list[tuple[int, list[str]]]:
    """Non-empty records, each with the file line it starts on (a quoted field may span lines)."""
    reader = csv.reader(handle, strict=True)
    rows = []
    start = 1
    try:
        for row in reader:
            if row:
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        raise RosterCsvError(f"not a well-formed CSV row ({error})", start) from None
    return rows


def _parse_rows(header: list[str], body: list[tuple[int, list[str]]], category_index: Mapping[str, int]) -> RosterTable:
    size = len(body)
    ids = np.empty(size, dtype=np.int64)
    category = np.empty(size, dtype=np.int16)
    value_home = np.full(size, np.nan)
    value_holder = np.full(size, np.nan)
    acknowledged = np.ones(size, dtype=bool)
    position = {name: index for index, name in enumerate(header)}
    for row_number, (line, row) in enumerate(body):
        if len(row) != len(header):
            raise RosterCsvError(f"expected {len(header)} fields, found {len(row)}", line)
        cell = {name: row[index].strip() for name, index in position.items()}
        ids[row_number] = _parse_int(cell["id"], line, "id")
        if cell["category"] not in category_index:
            known = ", ".join(category_index)
            raise RosterCsvError(f"unknown category '{cell['category']}' (expected one of: {known})", line, "category")
        category[row_number] = category_index[cell["category"]]
        for name, column in (("value_home", value_home), ("value_holder", value_holder)):
            if cell.get(name):
                column[row_number] = _parse_value(cell[name], line, name)
        if cell.get("acknowledged"):
            acknowledged[row_number] = _parse_bool(cell["acknowledged"], line)
    _check_unique(ids, [line for line, _ in body])
    return RosterTable(ids, category, value_home, value_holder, acknowledged)


def _check_unique(ids: IntArray, lines: list[int]) -> None:
    if np.unique(ids).size == ids.size:
        return
    order = np.argsort(ids, kind="stable")
    repeats = order[1:][ids[order[1:]] == ids[order[:-1]]]
    first = int(repeats.min())
    raise RosterCsvError(f"id {ids[first]} appears twice", lines[first], "id")


def _parse_int(text: str, line: int, column: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise RosterCsvError(f"expected a whole number, found '{text}'", line, column) from None
    if not 0 <= value <= MAX_ID:
        raise RosterCsvError(f"expected a whole number from 0 to 2**63-1, found {text}", line, column)
    return value


def _parse_value(text: str, line: int, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RosterCsvError(f"expected a number, found '{text}'", line, column) from None
    if not 0 <= value <= MAX_VALUE:
        raise RosterCsvError(f"expected a number from 0 to {MAX_VALUE:g}, found {text}", line, column)
    return value


def _parse_bool(text: str, line: int) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise RosterCsvError(f"expected true or false, found '{text}'", line, "acknowledged")


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
    )
