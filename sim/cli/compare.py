"""`parley compare SCENARIO --history CSV`: replications of a channel scenario against the record.

Prints the comparison table and writes `comparison.json`, `simulated_exchanges.csv`,
`manifest.json`, three plots and `report.html` to `--out`. Heavy libraries load only when it runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.options import add_workers_argument, date_value, positive, seed_value, workers


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
    from sim.compare.api import compare
    from sim.compare.report import format_table, write_outputs
    from sim.files import fresh_folder, prepare_folder
    from sim.forecast.posterior import read_posterior

    posterior = None if args.posterior is None else read_posterior(args.posterior)
    if args.out is not None:
        prepare_folder(args.out, args.force)
    comparison = compare(args.scenario, args.history, start=args.start, end=args.end, runs=args.runs,
                         seed=args.seed, workers=workers(args), conflict=args.conflict,
                         allow_outside_files=args.allow_outside_files, posterior=posterior,
                         in_sample=args.in_sample)
    folder = args.out if args.out is not None else prepare_folder(
        fresh_folder(Path("comparisons"), f"{args.scenario.stem}-{comparison.start.date()}-{comparison.end.date()}"),
        False)
    written = write_outputs(comparison, folder)
    if not args.no_plots:
        from sim.plots.compare import save_compare_plots

        written += save_compare_plots(comparison, folder)
    if not args.no_report:
        from sim.plots.compare_report import save_compare_report

        written.append(save_compare_report(comparison, folder))
    print(format_table(comparison))
    print(f"\n  wrote {folder}/: {', '.join(path.name for path in written)}")
    return 0
