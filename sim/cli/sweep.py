"""`parley sweep`: replications and parameter sweeps from the command line.

`--set PATH=V1,V2,...` lists values (each read as YAML, so `0.5`, `true` and `threshold`
all mean what they say; commas inside brackets or quotes do not split), `--range
PATH=LOW:HIGH` gives a range of numbers sampled `--samples` times (both read by
`sim.cli.options`). Everything is checked before the first run. This module only declares
the options; the body is `sim.cli.sweep_run`, imported when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.options import add_execution_arguments, positive, seconds, typed_command


def add_parser(commands: Any) -> None:
    """Register `parley sweep` and its options."""
    parser = commands.add_parser("sweep", help="run replications and parameter sweeps; write a tidy table")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--set", dest="values", action="append", default=[], metavar="PATH=V1,V2,...",
                        help="values of one dotted scenario path (repeat for a grid)")
    parser.add_argument("--range", dest="ranges", action="append", default=[], metavar="PATH=LOW:HIGH",
                        help="a range of numbers for one path (needs --samples)")
    parser.add_argument("--design", choices=("grid", "lhs"), default="grid",
                        help="grid: every combination (a range gives --samples evenly spaced values); "
                             "lhs: --samples Latin hypercube points over the ranges")
    parser.add_argument("--samples", type=positive, help="points per range (grid) or in total (lhs)")
    parser.add_argument("--runs", type=positive, default=1, help="replications of each point (default 1)")
    parser.add_argument("--run-timeout", type=seconds, metavar="SECONDS",
                        help="stop any run that takes longer and record it as failed (default: no limit)")
    add_execution_arguments(parser, "base seed (default 0)", "sweeps/", "sweep")
    parser.add_argument("--no-report", action="store_true", help="skip the interactive report.html")
    parser.set_defaults(handler=command_sweep)


def command_sweep(args: argparse.Namespace) -> int:
    """Plan, run and summarise the sweep (`sim.cli.sweep_run`)."""
    from sim.cli.sweep_run import run_sweep_command

    return run_sweep_command(args, typed_command(args, "sweep"))
