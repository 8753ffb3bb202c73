"""Published figures of captives held: a small table to check the model's populations against.

A holdings CSV has the columns `date` (YYYY-MM-DD, when the figure was published or stated),
`holder` (the party holding them, as named in the scenario), `held` (whose people they are),
`count` (a whole number >= 0), `source_url`, `source_title` and `notes`. Every figure must be
cited. `load_holdings` raises a `HistoryError` naming the file, the line and the column of
every problem (a missing column is reported on the header, line 1).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sim.history.errors import HistoryError, Problem

HOLDING_COLUMNS = ("date", "holder", "held", "count", "source_url", "source_title", "notes")


@dataclass(frozen=True)
class Holding:
    """One published figure: on `date`, `holder` held `count` people of `held`, per `source_url`."""

    date: dt.date
    holder: str
    held: str
    count: int
    source_url: str
    source_title: str
    notes: str


def load_holdings(path: str | Path) -> list[Holding]:
    """The figures of a holdings CSV, in file order; `HistoryError` on a missing column or a bad value."""
    name = str(path)
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
            header = rows[0].keys() if rows else []
    except FileNotFoundError:
        raise HistoryError([Problem(name, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise HistoryError([Problem(name, "", f"cannot read the file ({error})")]) from None
    missing = [column for column in HOLDING_COLUMNS if column not in header]
    if not rows or missing:
        raise HistoryError([Problem(name, column, "missing column", 1) for column in missing or ["date"]])
    holdings, problems = [], []
    for line, row in enumerate(rows, start=2):
        try:
            date = dt.date.fromisoformat((row["date"] or "").strip())
        except ValueError:
            problems.append(Problem(name, "date", f"expected YYYY-MM-DD, found '{row['date']}'", line))
            continue
        text = (row["count"] or "").strip()
        if not text.isdigit():
            problems.append(Problem(name, "count", f"expected a whole number >= 0, found '{text}'", line))
            continue
        if not (row["source_url"] or "").strip():
            problems.append(Problem(name, "source_url", "every figure needs its source", line))
            continue
        holdings.append(Holding(date, row["holder"].strip(), row["held"].strip(), int(text),
                                row["source_url"].strip(), (row["source_title"] or "").strip(),
                                (row["notes"] or "").strip()))
    if problems:
        raise HistoryError(problems)
    return holdings


def holdings_beside(history: str | Path) -> Path | None:
    """The holdings table shipped beside a history table: `x_exchanges.csv` -> `x_holdings.csv`, if it exists."""
    path = Path(history)
    if not path.stem.endswith("_exchanges"):
        return None
    candidate = path.with_name(path.stem[: -len("_exchanges")] + "_holdings.csv")
    return candidate if candidate.exists() else None
