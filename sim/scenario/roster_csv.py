"""Roster CSV files: read and check one into numpy columns, naming the line and column of a problem.

A roster CSV has the columns `id` and `category`, and optionally `value_home`,
`value_holder`, `acknowledged`, `name` (a named captive; blank: unnamed) and, for any party P,
`value_for_P` (the worth of the person's release to P; blank: 0); blank values are filled in
later from the parties' interests (`sim.valuation.roster.roster_from_table`). The scenario loader reads each file
once to check it; nothing here knows about runs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from sim.scenario.reading import ReadError, capped_lines, open_text

MAX_ID = 2**63 - 1
MAX_VALUE = 1e6
"""The largest value a roster CSV may give a captive (the scenario's `Limits.value`)."""

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


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


@dataclass(frozen=True, slots=True)
class RosterTable:
    """A roster as read from CSV, before values are filled in from the parties' interests."""

    ids: IntArray
    category: NDArray[np.int16]
    value_home: FloatArray
    value_holder: FloatArray
    acknowledged: BoolArray
    names: tuple[str, ...] = ()
    """One per row ("" for an unnamed captive); empty when the file has no `name` column."""
    values_for: dict[str, FloatArray] = field(default_factory=dict)
    """Per party P of a `value_for_P` column: each row's worth to P (0 where blank)."""


REQUIRED_COLUMNS = ("id", "category")
OPTIONAL_COLUMNS = ("value_home", "value_holder", "acknowledged", "name")
VALUE_FOR = "value_for_"
"""Prefix of the columns that give a captive's worth to a party other than home and holder."""
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def read_roster_csv(path: Path, categories: Sequence[str], max_rows: int) -> RosterTable:
    """Read and check a roster CSV; blank values fall back to the category's value (NaN here)."""
    try:
        with open_text(path) as handle:
            rows = _read_rows(capped_lines(handle), max_rows + 1)
    except ReadError as error:
        raise RosterCsvError(str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RosterCsvError(f"cannot read: {error}") from None
    if not rows:
        raise RosterCsvError("empty file: expected a header with columns id,category")
    header = [name.strip() for name in rows[0][1]]
    for column in REQUIRED_COLUMNS:
        if column not in header:
            raise RosterCsvError(f"missing column (header is: {','.join(header)})", 1, column)
    for column in header:
        if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS and not (
                column.startswith(VALUE_FOR) and len(column) > len(VALUE_FOR)):
            raise RosterCsvError("unknown column", 1, column)
    body = rows[1:]
    return _parse_rows(header, body, {name: index for index, name in enumerate(categories)})


def _read_rows(handle: Iterable[str], max_rows: int) -> list[tuple[int, list[str]]]:
    """Non-empty records, each with the file line it starts on (a quoted field may span lines).

    Stops with `RosterCsvError` at the first record past `max_rows` (the header counts as one),
    so a file of ten million rows is refused after reading `max_rows` of them, not all.
    """
    reader = csv.reader(handle, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if row:
                if len(rows) >= max_rows:
                    raise RosterCsvError(f"more than {max_rows - 1:,} captives, the limit "
                                         "(Limits.captives_per_party)", start)
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
    named = "name" in header
    names = [""] * size if named else []
    values_for = {column.removeprefix(VALUE_FOR): np.zeros(size) for column in header if column.startswith(VALUE_FOR)}
    seen: dict[str, int] = {}
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
        if named and cell["name"]:
            if cell["name"] in seen:
                raise RosterCsvError(f"'{cell['name']}' is named twice (first on line {seen[cell['name']]})", line,
                                     "name")
            seen[cell["name"]] = line
            names[row_number] = cell["name"]
        for party, column in values_for.items():
            if cell[VALUE_FOR + party]:
                column[row_number] = _parse_value(cell[VALUE_FOR + party], line, VALUE_FOR + party)
    _check_unique(ids, [line for line, _ in body])
    return RosterTable(ids, category, value_home, value_holder, acknowledged, tuple(names), values_for)


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


@dataclass(frozen=True, slots=True)
class LoadedRoster:
    """A roster CSV as the loader read it: the file, its SHA-256 and its rows.

    The loader keeps it on the scenario's `Roster` (`Roster.loaded`), so a run builds its
    captives from these rows and never opens the file again: a sweep's workers (process pool
    or Dask, on any machine) get the data with the scenario, and a file moved or swapped after
    validation changes nothing. Two are equal when their files' SHA-256 are."""

    path: str
    sha256: str
    table: RosterTable = field(compare=False, repr=False)
