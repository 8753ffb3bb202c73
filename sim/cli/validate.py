"""`parley validate SCENARIO... [--strict]`: check scenario files without running them.

Prints `FILE: ok (NAME)` for each good file and one located line per problem for each bad
one (with "did you mean ..." for a misspelt field, from `sim.scenario.suggest`); exits 2 if
any file is bad. A valid scenario that cannot work (no package both sides prefer to no deal,
a ratio limit nothing meets, talks longer than the horizon, a mediator that never drafts:
`sim.analysis.warnings`) gets `warning: FILE: FIELD: ...` lines on stderr; they leave the exit
code at 0 unless `--strict`, which makes them exit 2. No engine, no pandas, no plotting.
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
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 2)")
    parser.set_defaults(handler=command_validate)


def command_validate(args: argparse.Namespace) -> int:
    """Load every file given; report each as ok or by its problems, then its warnings. Exit 2 if any is bad
    (or, with `--strict`, has a warning)."""
    from sim.analysis.warnings import scenario_warnings

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
        for warning in scenario_warnings(scenario):
            print(f"warning: {path}: {warning.field}: {warning.message}", file=sys.stderr)
            failed = failed or args.strict
    return BAD_INPUT if failed else 0
