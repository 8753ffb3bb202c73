"""`parley calibrate SCENARIO --history CSV --param PATH=LOW:HIGH ... --train-to DATE`.

Fits the parameters by ABC-SMC on the record up to `--train-to` (`sim.calibrate`), writes
the accepted parameter sets, a calibrated scenario file and the posterior plot, then runs
`parley compare` on the held-out window after `--train-to` (to `--test-to`, default the end
of the scenario's horizon) for the calibrated and the original scenario, and prints each
metric side by side with the record and the naive baseline.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli.options import add_workers_argument, date_value, parse_ranges, positive, seed_value, workers

if TYPE_CHECKING:
    from sim.compare.api import Comparison


CALIBRATION_FILES = ("posterior.csv", "generations.csv", "calibration.json", "evaluation.json", "posterior.png")
"""The files `parley calibrate` writes under fixed names (the calibrated scenario is named after
its input); with `--force`, those of an earlier calibration not written again are removed."""


def add_parser(commands: Any) -> None:
    """Register `parley calibrate` and its options."""
    parser = commands.add_parser("calibrate", help="fit channel parameters to a historical table (ABC-SMC)")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--history", type=Path, required=True, help="historical exchange table (CSV)")
    parser.add_argument("--param", dest="params", action="append", default=[], metavar="PATH=LOW:HIGH",
                        help="a dotted scenario path and its uniform prior range (repeat for more)")
    parser.add_argument("--train-to", dest="train_to", type=date_value, required=True,
                        help="last date of the training window (YYYY-MM-DD)")
    parser.add_argument("--from", dest="start", type=date_value, help="first date of the training window")
    parser.add_argument("--test-to", dest="test_to", type=date_value,
                        help="last date of the held-out window (default: the end of the scenario's horizon)")
    parser.add_argument("--by-year", dest="by_year", action="store_true",
                        help="score each calendar year of the window apart and average (default: the whole window)")
    parser.add_argument("--budget", type=positive, default=400, help="simulations in all (default 400)")
    parser.add_argument("--population", type=positive, default=40, help="particles per generation (default 40)")
    parser.add_argument("--runs", type=positive, default=20, help="replications in the evaluation (default 20)")
    parser.add_argument("--seed", type=seed_value, default=0, help="base seed (default 0)")
    add_workers_argument(parser)
    parser.add_argument("--out", type=Path, help="output folder (default: a new folder under calibrations/)")
    parser.add_argument("--force", action="store_true", help="write into an existing, non-empty --out")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    parser.set_defaults(handler=command_calibrate)


def command_calibrate(args: argparse.Namespace) -> int:
    """Fit, write the calibration's files, then evaluate on the held-out window and print both."""
    from sim.files import folder_lock, fresh_folder

    ranges = parse_ranges(args.params, "--param")
    workers(args)  # checked before any folder is made
    folder = args.out or fresh_folder(Path("calibrations"), f"{args.scenario.stem}-to-{args.train_to.date()}")
    with folder_lock(folder):
        return _calibrate_into(args, ranges, folder)


def _calibrate_into(args: argparse.Namespace, ranges: dict[str, tuple[float, float]], folder: Path) -> int:
    """The body of `command_calibrate`, run while the output folder's lock is held."""
    import pandas as pd

    from sim.calibrate.api import calibrate
    from sim.calibrate.report import write_calibration
    from sim.compare.api import compare
    from sim.files import prepare_folder, remove_written, to_json, write_atomically

    prepare_folder(folder, args.force)
    fit = calibrate(args.scenario, args.history, ranges, train_to=args.train_to, start=args.start,
                    budget=args.budget, population=args.population, seed=args.seed, workers=workers(args),
                    by_year=args.by_year, allow_outside_files=args.allow_outside_files)
    command = ["parley", *getattr(args, "argv", [])]
    written = write_calibration(fit, folder, command, str(args.history))
    if not args.no_plots:
        from sim.plots import save_figure
        from sim.plots.calibrate import plot_posterior

        written.append(save_figure(plot_posterior(fit), folder / "posterior.png"))
    print(describe_fit(fit))
    test_start = fit.train_to + pd.Timedelta(days=1)
    scenario_end = pd.Timestamp(fit.source.document["start_date"]) + pd.Timedelta(
        days=math.ceil(float(fit.source.document["horizon_days"])) - 1)
    test_end = args.test_to if args.test_to is not None else scenario_end
    if test_end < test_start:
        print(f"\nno held-out window after {fit.train_to.date()} (give --test-to): no evaluation")
    else:
        options = {"start": test_start, "end": test_end, "runs": args.runs, "seed": args.seed, "workers": workers(args),
                   "allow_outside_files": args.allow_outside_files}
        calibrated = compare(written[2], args.history, **options)
        original = compare(args.scenario, args.history, **options)
        print()
        print(evaluation_table(calibrated, original))
        written.append(write_atomically(folder / "evaluation.json", to_json(evaluation_document(calibrated, original))))
    if args.force:  # an earlier calibration's files this one did not write again
        remove_written(folder, set(CALIBRATION_FILES) - {path.name for path in written})
    print(f"\n  wrote {folder}/: {', '.join(path.name for path in written)}")
    return 0


def describe_fit(fit: Any) -> str:
    """The fit in a few lines: window, generations, and each parameter's median and 10%-90% interval."""
    final = fit.posterior
    lines = [f"calibrated {fit.source.file} on {fit.start.date()}..{fit.train_to.date()}: "
             f"{len(fit.generations)} generations, {final.simulations} simulations, final epsilon {final.epsilon:.3g}"]
    for path in fit.paths:
        low, high = fit.intervals[path]
        lines.append(f"  {path} = {fit.medians[path]}  (10%-90%: {low:.4g} to {high:.4g}; prior "
                     f"{fit.ranges[path][0]:g} to {fit.ranges[path][1]:g})")
    return "\n".join(lines)


def evaluation_table(calibrated: Comparison, original: Comparison) -> str:
    """Each metric on the held-out window: record, calibrated model, the input file as it was, baseline.

    The third column is the scenario file calibrate was given (keys `input_*` in
    evaluation.json): a hand-set model, or one calibrated before, which may have seen the
    held-out window."""
    from sim.compare.report import show_number as shown

    document, before = calibrated.to_json(), original.to_json()
    lines = [f"held-out window {document['window']['from']}..{document['window']['to']}, {calibrated.runs} runs; "
             + calibrated.baseline.describe(), ""]
    width = max(len(row["label"]) for row in document["metrics"].values())
    lines.append(f"{'metric':<{width}}  {'history':>8}  {'calibrated (10%-90%)':>22}  {'input file':>12}  "
                 f"{'baseline':>8}")
    for key, row in document["metrics"].items():
        interval = "" if row["model_p10"] is None else f" ({shown(row['model_p10'])}-{shown(row['model_p90'])})"
        model = shown(row["model_median"]) + interval
        lines.append(f"{row['label']:<{width}}  {shown(row['historical']):>8}  {model:>22}  "
                     f"{shown(before['metrics'][key]['model_median']):>12}  {shown(row['baseline']):>8}")
    return "\n".join(lines)


def evaluation_document(calibrated: Comparison, original: Comparison) -> dict[str, Any]:
    """evaluation.json: the calibrated comparison with the input file's medians and intervals beside it."""
    document, before = calibrated.to_json(), original.to_json()
    for key, row in document["metrics"].items():
        row["input_median"] = before["metrics"][key]["model_median"]
        row["input_p10"] = before["metrics"][key]["model_p10"]
        row["input_p90"] = before["metrics"][key]["model_p90"]
    return document
