"""`parley validate SCENARIO...`: check scenario files without running them.

Prints `FILE: ok (NAME)` for each good file and one located line per problem for each bad
one (with "did you mean ..." for a misspelt field, from `sim.scenario.suggest`); exits 2 if
any file is bad. Loads only the scenario room: no engine, no pandas, no plotting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.cli.options import BAD_INPUT
from sim.scenario import ScenarioError, load_scenario


def add_parser(commands: Any) -> None:
    """Register `parley validate`."""
    parser = commands.add_parser("validate", help="check scenario files")
    parser.add_argument("scenarios", type=Path, nargs="+")
    parser.set_defaults(handler=command_validate)


def command_validate(args: argparse.Namespace) -> int:
    """Load every file given; report each as ok or by its problems. Exit 2 if any is bad."""
    failed = False
    for path in args.scenarios:
        try:
            scenario = load_scenario(path, allow_outside_files=args.allow_outside_files)
        except ScenarioError as error:
            failed = True
            for problem in error.problems:
                print(problem, file=sys.stderr)
            continue
        print(f"{path}: ok ({scenario.name})")
    return BAD_INPUT if failed else 0
