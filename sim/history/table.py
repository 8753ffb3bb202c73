"""Load and validate a table of historical exchanges (the format of `seeds/history/`).

A history CSV has exactly the columns of `COLUMNS` (any order). Each row is one exchange
(`row_type` `event`), one stage of a multi-stage deal named in `deal` (`stage`), or the
published total of a whole deal (`summary`). Counts are whole numbers >= 0; a blank count
means "not published" and becomes a missing value (`pd.NA`), never 0. Dates are ISO
(`2022-09-21`); a date known only to the month (`2022-04`) or year is accepted and kept
with its `date_precision`. `load_history` checks everything and raises one `HistoryError`
listing every problem with its CSV line (the header is line 1; a quoted field spanning
lines counts from the line the row starts on) and column. `extra_columns` names further
columns a reader accepts and keeps as text (e.g. the `run` column of a simulated table
written by `parley compare`); they are optional, so a plain history table loads too.

Reading is bounded: only a regular file is opened (`sim.scenario.reading`: a FIFO or a
symbolic link that loops is refused), at most `Limits.csv_bytes` bytes and
`Limits.history_rows` rows are read (checked while reading), a count above
`Limits.history_count` (10^9) is refused, so every sum over a table is exact, a byte-order
mark is accepted, an exact duplicate of an earlier row draws a `DuplicateRowWarning`, and a
listing of problems stops after `MAX_LISTED` lines with "and N more".
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.history.errors import HistoryError, Problem
from sim.scenario.limits import LIMITS
from sim.scenario.reading import MAX_LISTED, ReadError, capped_lines, open_text
from sim.talks.record import EXCHANGE_COLUMNS

COLUMNS = EXCHANGE_COLUMNS
COUNT_COLUMNS = ("released_by_a", "released_by_b")
TEXT_COLUMNS = ("conflict", "side_a", "side_b", "mediator", "categories", "deal", "source_url", "source_title",
                "notes")
REQUIRED_TEXT = ("conflict", "side_a", "side_b")
ROW_TYPES = ("event", "stage", "summary")
MAX_ROWS = LIMITS.history_rows
"""Rows a history table may have (the default of `Limits.history_rows`; the limit in force is read at load)."""


class DuplicateRowWarning(UserWarning):
    """A history row repeats an earlier row exactly (every field the same): it is probably counted twice."""
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PRECISION = {1: "year", 2: "month", 3: "day"}


@dataclass(frozen=True, slots=True)
class HistoryTable:
    """A validated history table: `frame` has the columns of `COLUMNS` plus `line` and `date_precision`.

    `date` and `end_date` are datetime64 (`end_date` NaT when blank), the counts are
    pandas nullable integers (`<NA>` when unknown), text columns are strings ("" when blank).
    """

    path: str
    frame: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)


def load_history(path: str | Path, *, extra_columns: Sequence[str] = ()) -> HistoryTable:
    """Read and validate a history CSV; raises `HistoryError` naming every bad line and column."""
    name = str(path)
    extras = tuple(column for column in extra_columns if column not in COLUMNS)
    try:
        with open_text(path) as stream:
            records = _records(capped_lines(stream), LIMITS.history_rows + 1)
    except ReadError as error:
        raise HistoryError([Problem(name, "", str(error))]) from None
    except _TooManyRows as error:
        raise HistoryError([Problem(name, "", f"more than {LIMITS.history_rows:,} rows, the limit "
                                    "(Limits.history_rows)", error.line)]) from None
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise HistoryError([Problem(name, "", f"cannot read the file ({error})")]) from None
    if not records:
        raise HistoryError([Problem(name, "", f"the file is empty (expected a header: {','.join(COLUMNS)})", 1)])
    header_line, header = records[0]
    header = [column.strip() for column in header]
    problems = _check_header(name, header, header_line, extras)
    if problems:
        raise HistoryError(problems)
    rows: list[dict[str, object]] = []
    seen: dict[tuple[str, ...], int] = {}
    duplicates: list[str] = []
    for line, fields in records[1:]:
        if len(fields) != len(header):
            problems.append(Problem(name, "", f"expected {len(header)} fields, found {len(fields)}", line))
            continue
        first = seen.setdefault(tuple(fields), line)
        if first != line:
            duplicates.append(f"{name}:{line}: the same row as line {first}; it counts twice")
        raw = dict(zip(header, fields, strict=True))
        row, row_problems = _parse_row(name, line, raw)
        row |= {column: raw.get(column, "").strip() for column in extras}
        problems += row_problems
        rows.append(row)
    problems += _check_deals(name, rows)
    if problems:
        ordered = sorted(problems, key=lambda p: (p.line or 0, COLUMNS.index(p.path) if p.path in COLUMNS
                                                  else len(COLUMNS)))
        raise HistoryError(listing(ordered, name))
    _warn_duplicates(duplicates)
    return HistoryTable(name, _frame(rows, extras))


class _TooManyRows(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _records(stream: Iterable[str], max_records: int) -> list[tuple[int, list[str]]]:
    """(first line, fields) of every non-blank CSV record; a record may span lines in quotes.

    Stops with `_TooManyRows` at the first record past `max_records` (the header included).
    """
    reader = csv.reader(stream)
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    for fields in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if fields and any(field.strip() for field in fields):
            if len(records) >= max_records:
                raise _TooManyRows(start)
            records.append((start, fields))
    return records


def listing(problems: list[Problem], name: str) -> list[Problem]:
    """At most `MAX_LISTED` problems, and a last line saying how many more there are."""
    if len(problems) <= MAX_LISTED:
        return problems
    more = len(problems) - MAX_LISTED
    return [*problems[:MAX_LISTED], Problem(name, "", f"and {more:,} more problem{'s' if more > 1 else ''}")]


def _warn_duplicates(duplicates: list[str]) -> None:
    for message in duplicates[:MAX_LISTED]:
        warnings.warn(message, DuplicateRowWarning, stacklevel=3)
    if len(duplicates) > MAX_LISTED:
        warnings.warn(f"and {len(duplicates) - MAX_LISTED:,} more duplicate rows", DuplicateRowWarning,
                      stacklevel=3)


def _check_header(name: str, header: list[str], line: int, extras: tuple[str, ...] = ()) -> list[Problem]:
    problems = []
    seen = Counter(header)
    for column, count in seen.items():
        if count > 1:
            problems.append(Problem(name, column, f"column appears {count} times", line))
    extra = [c for c in header if c not in COLUMNS and c not in extras]
    missing = [c for c in COLUMNS if c not in seen]
    for column in extra:
        close = difflib.get_close_matches(column, missing, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (expected the columns {', '.join(COLUMNS)})"
        problems.append(Problem(name, column or "(blank)", f"unknown column{hint}", line))
    for column in missing:
        problems.append(Problem(name, column, "missing column", line))
    return problems


def _parse_row(name: str, line: int, raw: dict[str, str]) -> tuple[dict[str, object], list[Problem]]:
    problems: list[Problem] = []

    def fail(column: str, message: str) -> None:
        problems.append(Problem(name, column, message, line))

    row: dict[str, object] = {"line": line}
    for column in TEXT_COLUMNS:
        row[column] = raw[column].strip()
    for column in REQUIRED_TEXT:
        if not row[column]:
            fail(column, "must not be blank")
    if row["side_a"] and row["side_a"] == row["side_b"]:
        fail("side_b", f"must differ from side_a (both '{row['side_a']}')")
    date, precision = _parse_date(raw["date"])
    if date is None:
        fail("date", f"expected a date like 2022-09-21 (or 2022-09, 2022), found '{raw['date'].strip()}'")
    row["date"], row["date_precision"] = date, precision
    end_date: dt.date | None = None
    if raw["end_date"].strip():
        end_date, _ = _parse_date(raw["end_date"])
        if end_date is None:
            fail("end_date", f"expected a date like 2022-09-22 or blank, found '{raw['end_date'].strip()}'")
        elif date is not None and end_date < date:
            fail("end_date", f"{end_date.isoformat()} is before date {date.isoformat()}")
    row["end_date"] = end_date
    for column in COUNT_COLUMNS:
        text = raw[column].strip()
        row[column] = None
        if text:
            if not (text.isascii() and text.isdigit()):
                fail(column, f"expected a whole number >= 0 or blank (unknown), found '{_short(text)}'")
            elif len(text.lstrip("0")) > len(str(LIMITS.history_count)) or int(text) > LIMITS.history_count:
                fail(column, f"{_short(text)} is more than the limit of {LIMITS.history_count:,} "
                             "(Limits.history_count)")
            else:
                row[column] = int(text)
    row_type = raw["row_type"].strip()
    row["row_type"] = row_type
    if row_type not in ROW_TYPES:
        close = difflib.get_close_matches(row_type, ROW_TYPES, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        fail("row_type", f"expected one of {', '.join(ROW_TYPES)}, found '{row_type}'{hint}")
    elif row_type != "event" and not row["deal"]:
        fail("deal", f"a {row_type} row must name its deal")
    url = str(row["source_url"])
    if url and not url.startswith(("http://", "https://")):
        fail("source_url", f"expected an http(s) address or blank, found '{url}'")
    return row, problems


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:37]}..."


def _parse_date(text: str) -> tuple[dt.date | None, str]:
    match = _DATE.match(text.strip())
    if match is None:
        return None, ""
    parts = [int(p) for p in match.groups() if p is not None]
    try:
        return dt.date(parts[0], *(parts[1:] or [1]), *([1] if len(parts) < 3 else [])), _PRECISION[len(parts)]
    except ValueError:
        return None, ""


def _check_deals(name: str, rows: list[dict[str, object]]) -> list[Problem]:
    """A deal has at most one summary row, and its rows share one conflict."""
    problems = []
    summaries: dict[object, int] = {}
    conflicts: dict[object, object] = {}
    for row in rows:
        deal = row["deal"]
        if not deal or row["row_type"] not in ("stage", "summary"):
            continue
        line = int(row["line"])  # type: ignore[call-overload]
        if row["row_type"] == "summary":
            if deal in summaries:
                problems.append(Problem(name, "row_type", f"a second summary row for deal '{deal}' "
                                        f"(the first is on line {summaries[deal]})", line))
            summaries.setdefault(deal, line)
        known = conflicts.setdefault(deal, row["conflict"])
        if row["conflict"] and known and row["conflict"] != known:
            problems.append(Problem(name, "conflict", f"deal '{deal}' has rows in two conflicts: "
                                    f"'{known}' and '{row['conflict']}'", line))
    return problems


def _frame(rows: list[dict[str, object]], extras: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "date_precision", "line", *extras])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    for column in COUNT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    frame["line"] = frame["line"].astype("int64")
    return frame.reset_index(drop=True)
