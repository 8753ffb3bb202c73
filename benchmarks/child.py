"""Run one benchmark measurement in a fresh Python process and read back its figures.

Peak memory (`ru_maxrss`) belongs to a whole process, so the cases that report it (scaled
Istanbul rosters, sweeps) measure each size in a child of its own: the child runs the
benchmark module with `-m`, prints its figures as one JSON object on its last line, and the
parent reads that line back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_child(module: str, arguments: list[str], what: str) -> dict[str, Any]:
    """`python -m module arguments...` from the repository root; its last output line as JSON."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    completed = subprocess.run([sys.executable, "-m", module, *arguments], cwd=ROOT, env=env,
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{completed.stderr}")
    figures: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures
