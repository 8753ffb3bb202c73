"""Errors raised while loading a historical exchange table.

Every problem found in a history CSV is collected into one `HistoryError`, so a user sees
all of them at once, one line each: the file, the CSV line (the header is line 1) and the
column, e.g. `seeds/history/x.csv:14: released_by_a: expected a whole number >= 0, found '-3'`.
It reuses the scenario loader's `Problem`, which prints in exactly that shape.
"""

from __future__ import annotations

from sim.scenario.errors import Problem

__all__ = ["HistoryError", "Problem"]


class HistoryError(ValueError):
    """A history table could not be loaded; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
