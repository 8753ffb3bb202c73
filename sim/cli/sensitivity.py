"""`parley sensitivity`: Sobol or Morris indices of run outcomes over parameter ranges.

`--range PATH=LOW:HIGH` (repeat per parameter) and `--outcome NAME` (repeat per outcome)
say what to vary and what to measure; the points run like a sweep's (same executors,
progress bar, `--resume`). Everything that can be checked is checked before the first run,
then the number of points is printed. This module only declares the options; the body is
`sim.cli.sensitivity_run`, imported when the command runs (SALib and pandas load then).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.options import add_execution_arguments, positive, typed_command

DEFAULT_SAMPLES = {"sobol": 64, "morris": 16}
"""`--samples` when not given: Sobol base samples N, Morris trajectories."""


def add_parser(commands: Any) -> None:
    """Register `parley sensitivity` and its options."""
    parser = commands.add_parser("sensitivity", help="global sensitivity (Sobol or Morris) of outcomes to ranges")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--range", dest="ranges", action="append", default=[], metavar="PATH=LOW:HIGH",
                        help="a range of numbers for one dotted scenario path (repeat per parameter)")
    parser.add_argument("--outcome", dest="outcomes", action="append", default=[], metavar="NAME",
                        help="a numeric column of the sweep table, or executed (repeat per outcome)")
    parser.add_argument("--method", choices=("sobol", "morris"), default="sobol",
                        help="sobol: S1 and ST, N*(2D+2) points; morris: mu* and sigma, N*(D+1) points")
    parser.add_argument("--samples", type=positive,
                        help=f"Sobol base samples N, a power of 2 (default {DEFAULT_SAMPLES['sobol']}); "
                             f"Morris trajectories (default {DEFAULT_SAMPLES['morris']})")
    parser.add_argument("--runs", type=positive, default=1, help="replications of each point, averaged (default 1)")
    add_execution_arguments(parser, "base seed of the design and the runs (default 0)", "sensitivity/", "analysis")
    parser.set_defaults(handler=command_sensitivity)


def command_sensitivity(args: argparse.Namespace) -> int:
    """Check, run and report the analysis (`sim.cli.sensitivity_run`) with `--samples` or its default."""
    from sim.cli.sensitivity_run import run_sensitivity_command

    samples = args.samples if args.samples is not None else DEFAULT_SAMPLES[args.method]
    return run_sensitivity_command(args, samples, typed_command(args, "sensitivity"))
