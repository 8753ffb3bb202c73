"""`parley run SCENARIO [--seed S] [--out DIR] [--force] [--no-plots] [--until DATE]`: one run, its files, a summary.

Writes the event log and the run's data files (and, unless `--no-plots`, its PNG plots) to
`--out` or to a new folder under `runs/`, then prints the outcome (`sim.cli.describe`).
The engine and plotting load only when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.options import date_value, seed_value

RUN_FILES = ("events.jsonl", "summary.json", "manifest.json", "exchanges.csv", "report.html")
"""The data files `parley run` may write; with `--force`, those of an earlier run (and its figures)
that this run did not write again are removed once this run's files are written."""


def _figure_names() -> tuple[str, ...]:
    """Every figure `parley run` may draw, of a round or of a channel."""
    from sim.plots import CHANNEL_FIGURES, FIGURES

    return (*FIGURES, *CHANNEL_FIGURES)


def add_parser(commands: Any) -> None:
    """Register `parley run` and its options."""
    parser = commands.add_parser("run", help="run one scenario with one seed")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--seed", type=seed_value, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, help="output folder (default: a new folder under runs/)")
    parser.add_argument("--force", action="store_true", help="write into an existing, non-empty --out")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    parser.add_argument("--until", type=date_value, help="run through this date (YYYY-MM-DD) instead of the "
                        "scenario's horizon_days; needs its start_date")
    parser.set_defaults(handler=command_run)


def command_run(args: argparse.Namespace) -> int:
    """Run the scenario once, write its files and print what happened."""
    from sim.analysis.run_files import write_run
    from sim.cli.describe import describe_outcome
    from sim.engine import run
    from sim.files import folder_lock, fresh_folder, prepare_folder, remove_written
    from sim.scenario import load_scenario
    from sim.scenario.horizon import until
    from sim.talks.setup import make_run_id

    scenario = load_scenario(args.scenario, allow_outside_files=args.allow_outside_files)
    if args.until is not None:
        scenario = until(scenario, args.until.date(), str(args.scenario))
    folder = args.out if args.out is not None else fresh_folder(Path("runs"), make_run_id(scenario, args.seed))
    with folder_lock(folder):
        prepare_folder(folder, args.force)
        result = run(scenario, seed=args.seed)
        written = write_run(result, folder)
        if not args.no_plots:
            from sim.plots import save_run_plots

            written += save_run_plots(result, folder)
        if args.force:  # an earlier run's files this run did not replace (its plots, a channel's table)
            remove_written(folder, set(RUN_FILES + _figure_names()) - {path.name for path in written})
    print(describe_outcome(result))
    print(f"  wrote {folder}/: {', '.join(path.name for path in written)}")
    return 0
