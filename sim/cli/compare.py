"""`parley compare SCENARIO --history CSV`: replications of a channel scenario against the record.

Prints the comparison table and writes `comparison.json`, `simulated_exchanges.csv`,
`manifest.json`, three plots and `report.html` to `--out`. Heavy libraries load only when it runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.options import add_workers_argument, date_value, positive, seed_value, workers

COMPARE_FILES = ("comparison.json", "simulated_exchanges.csv", "manifest.json")
"""The data files `parley compare` writes; with `--force`, an earlier comparison's files (and
figures) that this one did not write again are removed once its own are written."""


def add_parser(commands: Any) -> None:
    """Register `parley compare` and its options."""
    parser = commands.add_parser("compare", help="compare a channel scenario with a historical exchange table")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--history", type=Path, required=True, help="historical exchange table (CSV)")
    parser.add_argument("--from", dest="start", type=date_value,
                        help="first date of the window (YYYY-MM-DD; default the scenario's start_date)")
    parser.add_argument("--to", dest="end", type=date_value,
                        help="last date of the window (YYYY-MM-DD; default the end of the scenario's horizon)")
    parser.add_argument("--conflict", help="only the record's rows whose conflict column is exactly this")
    parser.add_argument("--runs", type=positive, default=20, help="replications (default 20)")
    parser.add_argument("--posterior", type=Path, metavar="FILE",
                        help="posterior.json of `parley calibrate` or `parley backtest`: each run draws its "
                             "parameters from it (default: the scenario's fixed values)")
    parser.add_argument("--in-sample", dest="in_sample", action="store_true",
                        help="accept a posterior fitted on rows of the window (a fit check, not a forecast)")
    parser.add_argument("--seed", type=seed_value, default=0, help="base seed (default 0)")
    add_workers_argument(parser)
    parser.add_argument("--out", type=Path, help="output folder (default: a new folder under comparisons/)")
    parser.add_argument("--force", action="store_true", help="write into an existing, non-empty --out")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    parser.add_argument("--no-report", action="store_true", help="skip the interactive report.html")
    parser.set_defaults(handler=command_compare)


def command_compare(args: argparse.Namespace) -> int:
    """Run the replications, print the comparison table and write its files."""
    from contextlib import nullcontext

    from sim.compare.api import compare
    from sim.compare.report import format_table, write_outputs
    from sim.files import folder_lock, fresh_folder, prepare_folder, remove_written
    from sim.forecast.posterior import read_posterior

    posterior = None if args.posterior is None else read_posterior(args.posterior)
    count = workers(args)  # checked before any folder is made
    with folder_lock(args.out) if args.out is not None else nullcontext():
        if args.out is not None:
            prepare_folder(args.out, args.force)
        comparison = compare(args.scenario, args.history, start=args.start, end=args.end, runs=args.runs,
                             seed=args.seed, workers=count, conflict=args.conflict,
                             allow_outside_files=args.allow_outside_files, posterior=posterior,
                             in_sample=args.in_sample)
        folder = args.out if args.out is not None else fresh_folder(
            Path("comparisons"), f"{args.scenario.stem}-{comparison.start.date()}-{comparison.end.date()}")
        with folder_lock(folder):
            prepare_folder(folder, args.out is not None and args.force)
            written = write_outputs(comparison, folder)
            if not args.no_plots:
                from sim.plots.compare import save_compare_plots

                written += save_compare_plots(comparison, folder)
            if not args.no_report:
                from sim.plots.compare_report import save_compare_report

                written.append(save_compare_report(comparison, folder))
            if args.force:  # an earlier comparison's files this one did not write again (its plots, its report)
                from sim.plots.compare import COMPARE_FIGURES

                remove_written(folder, set(COMPARE_FILES + tuple(COMPARE_FIGURES) + ("report.html",))
                               - {path.name for path in written})
    print(format_table(comparison))
    print(f"\n  wrote {folder}/: {', '.join(path.name for path in written)}")
    return 0
