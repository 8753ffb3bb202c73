"""`parley report DIR --scenario FILE`: rebuild a finished run's `report.html` from its files.

Reads the run's `events.jsonl`, `summary.json` and `manifest.json`, checks that the scenario
given is the one the run used (the manifest's `scenario_sha256`), and writes `report.html`
into the folder (or `--out`). Nothing is run again.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.options import OptionError


def add_parser(commands: Any) -> None:
    """Register `parley report` and its options."""
    parser = commands.add_parser("report", help="rebuild a finished run's report.html from its files")
    parser.add_argument("folder", type=Path, help="the run's folder (as `parley run` wrote it)")
    parser.add_argument("--scenario", type=Path, required=True, help="the scenario file the run used")
    parser.add_argument("--out", type=Path, help="write report.html here instead of into the run's folder")
    parser.set_defaults(handler=command_report)


def command_report(args: argparse.Namespace) -> int:
    """Read the run back, write its report and say where."""
    from sim.analysis.run_files import RunFilesError, read_run
    from sim.plots.run_report import save_run_report
    from sim.scenario import load_scenario

    if not args.folder.is_dir():
        raise OptionError(f"{args.folder}: not a folder")
    scenario = load_scenario(args.scenario, allow_outside_files=args.allow_outside_files)
    try:
        result = read_run(args.folder, scenario)
    except RunFilesError as error:
        raise OptionError(str(error)) from None
    out = args.out if args.out is not None else args.folder
    out.mkdir(parents=True, exist_ok=True)
    path = save_run_report(result, out)
    print(f"  wrote {path}")
    return 0
