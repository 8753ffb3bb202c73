"""`parley run SCENARIO [--seed S] [--out DIR] [--force] [--no-plots] [--no-report] [--until DATE]
[--time-limit SECONDS]`.

One run, its files, a summary. Writes the event log and the run's data files (and, unless
`--no-plots`, its PNG plots; unless `--no-report`, its interactive `report.html`) to `--out`
or to a new folder under `runs/`, then prints the outcome (`sim.cli.describe`). The engine
and plotting load only when the command runs.

A run gets `--time-limit` seconds of wall-clock time (default `Limits.run_seconds`, 600).
A run stopped by it has status `timed_out`: it exits 1 with one line, writes only a
`manifest.json` saying so, and no event log or outcome, because where it stopped depends on
the machine, and every run that finishes must give the same bytes for the same seed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.options import RUN_STOPPED, date_value, seconds, seed_value
from sim.scenario.limits import LIMITS

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
    parser.add_argument("--no-report", action="store_true", help="skip the interactive report.html")
    parser.add_argument("--until", type=date_value, help="run through this date (YYYY-MM-DD) instead of the "
                        "scenario's horizon_days; needs its start_date")
    parser.add_argument("--time-limit", type=seconds, default=None, metavar="SECONDS",
                        help=f"stop the run after this many seconds of wall-clock time, status timed_out, exit 1 "
                        f"(default {LIMITS.run_seconds:g})")
    parser.set_defaults(handler=command_run)


def command_run(args: argparse.Namespace) -> int:
    """Run the scenario once, write its files and print what happened."""
    from sim.analysis.run_files import write_run
    from sim.cli.describe import describe_outcome
    from sim.engine import run
    from sim.files import folder_lock, fresh_folder, prepare_folder, remove_written
    from sim.runtime.guard import RunTimeoutError, time_limit
    from sim.scenario import load_scenario
    from sim.scenario.horizon import until
    from sim.talks.setup import make_run_id

    scenario = load_scenario(args.scenario, allow_outside_files=args.allow_outside_files)
    if args.until is not None:
        scenario = until(scenario, args.until.date(), str(args.scenario))
    folder = args.out if args.out is not None else fresh_folder(Path("runs"), make_run_id(scenario, args.seed))
    with folder_lock(folder):
        prepare_folder(folder, args.force)
        limit = LIMITS.run_seconds if args.time_limit is None else args.time_limit
        try:
            with time_limit(limit):
                result = run(scenario, seed=args.seed)
        except RunTimeoutError:
            return _timed_out(scenario, args, folder, limit)
        written = write_run(result, folder)
        if not args.no_plots:
            from sim.plots import save_run_plots

            written += save_run_plots(result, folder)
        if not args.no_report:
            from sim.plots.run_report import save_run_report

            written.append(save_run_report(result, folder))
        if args.force:  # an earlier run's files this run did not replace (its plots, a channel's table, a report)
            remove_written(folder, set(RUN_FILES + _figure_names()) - {path.name for path in written})
    print(describe_outcome(result))
    print(f"  wrote {folder}/: {', '.join(path.name for path in written)}")
    return 0


def _timed_out(scenario: Any, args: argparse.Namespace, folder: Path, limit: float) -> int:
    """Record a run stopped by its time limit: a manifest with status `timed_out`, one line, exit 1."""
    import sys

    from sim.files import to_json, write_atomically
    from sim.talks.result import DISTRIBUTION, package_version, scenario_hash
    from sim.talks.setup import make_run_id

    manifest = {"run": make_run_id(scenario, args.seed), "seed": args.seed, "scenario": scenario.name,
                "scenario_sha256": scenario_hash(scenario), "package": DISTRIBUTION,
                "package_version": package_version(), "status": "timed_out", "time_limit_seconds": limit}
    write_atomically(folder / "manifest.json", to_json(manifest))
    print(f"parley: {args.scenario}: the run timed out after {limit:g} s (status timed_out, no outcome; "
          f"{folder}/manifest.json says so); allow it longer with --time-limit SECONDS", file=sys.stderr)
    return RUN_STOPPED
