"""Files a scenario names (roster CSVs): resolved next to the scenario, and kept inside its folder.

A scenario file is often someone else's. Reading whatever path it names would let it probe
the machine (`csv: /etc/shadow`, `csv: ../../secrets.csv`) and show fragments of the file in
error messages, so a path that leads outside the scenario's folder, after `..` and symbolic
links are followed, is refused unless the user allows it: `allow_outside_files=True` in
`load_scenario` (or `open_source`), the environment variable `PARLEY_ALLOW_OUTSIDE_FILES=1`,
or `parley --allow-outside-files`. The environment is read once, where a scenario is opened
(the command line reads it at start), and the decision is handed down as an argument. A
scenario built in code (no file, no folder) is not checked.
"""

from __future__ import annotations

import os
from pathlib import Path

ALLOW_ENVIRONMENT = "PARLEY_ALLOW_OUTSIDE_FILES"
ALLOW_FLAG = "--allow-outside-files"


def outside_allowed(explicit: bool | None) -> bool:
    """The caller's choice, else the environment's (`PARLEY_ALLOW_OUTSIDE_FILES=1`)."""
    if explicit is not None:
        return explicit
    return os.environ.get(ALLOW_ENVIRONMENT, "") == "1"


def resolve_inside(name: str, folder: Path, allow_outside: bool) -> Path:
    """`name` resolved against `folder`; `ValueError` (the message) if it leads outside and that is not allowed."""
    try:
        path = (folder / name).resolve()
        root = folder.resolve()
    except (RuntimeError, OSError):  # a symbolic link that loops (RuntimeError before Python 3.13)
        raise ValueError(f"'{name}' is a symbolic link that loops (or leads through one)") from None
    if not allow_outside and not path.is_relative_to(root):
        raise ValueError(f"'{name}' leads outside the scenario's folder ({root}); put the file there, or allow "
                         f"it with parley {ALLOW_FLAG} or {ALLOW_ENVIRONMENT}=1")
    return path
