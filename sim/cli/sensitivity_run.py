"""The body of `parley sensitivity`: check, say how many points, run, print the indices, write files.

Imported only when the command runs (by `sim.cli.sensitivity`, which declares the options), so
other commands never import SALib or pandas; it uses `sim.cli.options` and never the other way round.
"""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sim.cli.options import check_execution, executor_for, failed_midway, interrupted, parse_ranges
from sim.experiments.errors import ExecutorLost
from sim.experiments.sensitivity import planned_points, sensitivity
from sim.experiments.sensitivity.outcomes import check_outcomes
from sim.experiments.sensitivity.parameters import check_corners, integer_paths
from sim.experiments.source import open_source
from sim.files import WriteError, folder_lock, fresh_folder

if TYPE_CHECKING:
    import pandas as pd

    from sim.experiments.sensitivity import SensitivityResult


def run_sensitivity_command(args: argparse.Namespace, samples: int, command: list[str]) -> int:
    """Run the analysis `args` ask for with `samples`; `command` is the line as typed (for resuming)."""
    ranges = parse_ranges(args.ranges)
    points = planned_points(args.method, ranges, samples)
    check_execution(args, "analysis")
    source = open_source(args.scenario, allow_outside_files=args.allow_outside_files)
    base = source.validate()
    check_outcomes(base, args.outcomes)
    integers = integer_paths(source, base, list(ranges))
    check_corners(source, base, ranges, integers)
    slug = re.sub(r"[^a-z0-9]+", "-", base.name.lower()).strip("-")[:40] or "sensitivity"
    folder = args.out if args.out is not None else fresh_folder(Path("sensitivity"), f"{slug}-{args.method}")
    rounded = f"; rounded to integers: {', '.join(integers)}" if integers else ""
    print(f"{base.name}: {args.method} over {len(ranges)} parameter{'s' if len(ranges) > 1 else ''}, "
          f"{samples} samples -> {points} points x {args.runs} run{'s' if args.runs > 1 else ''} "
          f"= {points * args.runs} runs{rounded}", flush=True)
    with folder_lock(folder, create=not args.resume):
        with executor_for(args) as executor:
            try:
                result = sensitivity(source, ranges, args.outcomes, method=args.method, samples=samples,
                                     runs=args.runs, seed=args.seed, executor=executor, out=folder,
                                     resume=args.resume, progress=None)
            except KeyboardInterrupt as stop:
                return interrupted(command, folder, stop)
            except (WriteError, ExecutorLost) as error:
                return failed_midway(command, folder, error)
        if not args.no_plots:
            from sim.plots.sensitivity import save_sensitivity_plot

            save_sensitivity_plot(result, folder)
    failed = int((result.table["error"] != "").sum())
    if failed:
        print(f"  {failed} of {len(result.table)} runs failed and are left out of the point means")
    print(format_indices(result))
    written = ["indices.csv", *(["second_order.csv"] if args.method == "sobol" else []), "points.csv",
               "results.parquet", "manifest.json"]
    written += [] if args.no_plots else ["sensitivity.png"]
    print(f"  wrote {folder}/: {', '.join(written)} (and parts/)")
    return 0


def format_indices(result: SensitivityResult) -> str:
    """The indices as an aligned text table, each with its 95% interval half-width."""
    frame = result.indices
    if result.method == "sobol":
        headers = ["outcome", "parameter", "S1", "ST"]
        cells = [[row.outcome, row.parameter, _pm(row.S1, row.S1_conf), _pm(row.ST, row.ST_conf)]
                 for row in frame.itertuples()]
    else:
        headers = ["outcome", "parameter", "mu*", "mu", "sigma"]
        cells = [[row.outcome, row.parameter, _pm(row.mu_star, row.mu_star_conf), _number(row.mu),
                  _number(row.sigma)] for row in frame.itertuples()]
    return _align([headers, *cells], note=_note(result.method, frame))


def _pm(value: float, half_width: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{_number(value)} ± {_number(half_width)}"


def _number(value: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:.3g}" if abs(value) >= 1000 else f"{value:.2f}"


def _align(rows: list[list[str]], note: str) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  " + "  ".join(cell.ljust(width) if column < 2 else cell.rjust(width)
                              for column, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in rows]
    return "\n".join([*lines, f"  {note}"])


def _note(method: str, frame: pd.DataFrame) -> str:
    constant = sorted(set(frame.loc[frame.iloc[:, 2].isna(), "outcome"]))
    text = ("± is the 95% bootstrap half-width; S1: share of variance alone, ST: with interactions"
            if method == "sobol" else "± is the 95% bootstrap half-width; mu*: mean |effect| over the range")
    return text + (f"; constant over the design, no indices: {', '.join(constant)}" if constant else "")
