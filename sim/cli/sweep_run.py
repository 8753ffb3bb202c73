"""The body of `parley sweep`: plan, run, summarise, plot, report; Ctrl-C says how to resume.

Imported only when the command runs (by `sim.cli.sweep`, which declares the options); it
uses the shared option parsing of `sim.cli.options` and never the other way round.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sim.cli.options import check_execution, executor_for, failed_midway, interrupted, parse_ranges, parse_values
from sim.experiments.design import design_points, make_design
from sim.experiments.errors import ExecutorLost
from sim.experiments.plan import Plan, make_plan
from sim.experiments.source import open_source
from sim.experiments.sweep import execute
from sim.files import WriteError, folder_lock, fresh_folder

if TYPE_CHECKING:
    import pandas as pd


def run_sweep_command(args: argparse.Namespace, command: list[str]) -> int:
    """Run the sweep `args` ask for and print its summary; `command` is the line as typed (for resuming)."""
    values = parse_values(args.values)
    ranges = parse_ranges(args.ranges)
    design = make_design(values, ranges, args.design, args.samples)
    check_execution(args, "sweep")
    source = open_source(args.scenario, allow_outside_files=args.allow_outside_files)
    plan = make_plan(source, design_points(design, args.seed), args.runs, args.seed, design.describe())
    folder = args.out if args.out is not None else fresh_folder(Path("sweeps"), plan.slug)
    with folder_lock(folder, create=not args.resume):
        return _run_and_report(args, plan, folder, command)


def _run_and_report(args: argparse.Namespace, plan: Plan, folder: Path, command: list[str]) -> int:
    """Run the sweep into `folder` (whose lock the caller holds), print its summary, draw its plots."""
    with executor_for(args) as executor:
        try:
            report = execute(plan, folder, executor, args.resume, run_timeout=args.run_timeout)
        except KeyboardInterrupt as stop:
            return interrupted(command, folder, stop)
        except (WriteError, ExecutorLost) as error:
            return failed_midway(command, folder, error)
    for damaged in report.damaged:
        print(f"parley: warning: {damaged}; its runs were run again", file=sys.stderr)
    from sim.experiments.api import read_results
    from sim.experiments.summary import format_summary, point_summary

    table = read_results(folder)
    parameters = [path for path, _ in plan.parameters]
    parties = list(plan.scenarios[0].sides)  # agreed releases are per side (a party, or a bloc)
    # No timings here (they are in manifest.json), so the same sweep prints the same text.
    points = f"{len(plan.points)} point{'s' if len(plan.points) > 1 else ''}"
    workers = f"{executor.workers} worker{'s' if executor.workers > 1 else ''}"
    print(f"{plan.scenarios[0].name}: {report.total} runs ({points} x {plan.runs}), {report.failed} failed, "
          f"executor {executor.name} with {workers}")
    print(format_summary(point_summary(table, parameters, parties), parameters, parties))
    written = [report.results.name, "manifest.json"]
    if not args.no_plots:
        written += _save_plots(plan, table, parameters, folder)
    if not args.no_report:
        written.append(_save_report(plan, table, parameters, folder).name)
    print(f"  wrote {folder}/: {', '.join(written)} (and parts/)")
    return 0


def _save_report(plan: Plan, table: pd.DataFrame, parameters: list[str], folder: Path) -> Path:
    """The sweep's `report.html` (a single-round scenario's deals drawn as in `_save_plots`)."""
    from sim.analysis.bargaining import bargaining_set
    from sim.experiments.seeds import run_seed
    from sim.plots.sweep_report import save_sweep_report

    bargaining = bargaining_set(plan.base, run_seed(plan.seed, 0)) if plan.base.channel is None else None
    return save_sweep_report(table, parameters, list(plan.base.sides), folder, plan.scenarios[0].name,
                             bargaining=bargaining)


def _save_plots(plan: Plan, table: pd.DataFrame, parameters: list[str], folder: Path) -> list[str]:
    """The sweep's figures; a single-round scenario's agreements are drawn against the frontier of
    the base scenario with the first run's seed (a channel scenario has no single deal to draw)."""
    from sim.analysis.bargaining import bargaining_set
    from sim.experiments.seeds import run_seed
    from sim.plots.sweep import save_sweep_plots

    seed = run_seed(plan.seed, 0)
    bargaining = bargaining_set(plan.base, seed) if plan.base.channel is None else None
    written = save_sweep_plots(table, parameters, list(plan.base.sides), folder, plan.scenarios[0].name,
                               bargaining=bargaining, seed=seed)
    return [path.name for path in written]

