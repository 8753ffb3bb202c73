"""Errors raised while loading a scenario.

Every problem found in a scenario file is collected into one `ScenarioError`, so a user sees
all of them at once. Each `Problem` names the file, the dotted field path and, where the YAML
parser knows it, the line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario file."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        field = f" {self.path}:" if self.path else ""
        return printable(f"{where}:{field} {self.message}")


def printable(text: str) -> str:
    """`text` on one line: control characters (a newline in a key, say) written as escapes."""
    if text.isprintable():
        return text
    return "".join(character if character.isprintable() else repr(character)[1:-1] for character in text)


class ScenarioError(ValueError):
    """A scenario could not be loaded; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
