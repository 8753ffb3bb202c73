"""`parley backtest SCENARIO --history CSV --origins DATE,DATE --horizon DAYS`: rolling-origin forecasts, scored.

For each origin: fit the parameters on the record up to it (ABC-SMC, `--budget`), forecast the
next `--horizon` days with posterior predictive runs (`--runs`), score the model and two
baselines with proper scores, and print a table per origin. Writes backtest.csv,
backtest.parquet, backtest.json, pit.csv, a posterior and a fan table per origin, fan charts
and a PIT histogram to `--out`.

The parameters fitted are the `--param PATH=LOW:HIGH` given; without any, those of the
`parley calibrate` command recorded in the scenario file's header (a comment line
`#   parley calibrate ...`), with its `--by-year` setting: the values the file says were fitted.
Published figures of captives held (`--holdings`, `sim.history.holdings`) are set against the
runs' holdings on their days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
from pathlib import Path
from typing import Any

from sim.cli.options import OptionError, add_workers_argument, date_value, parse_ranges, positive, seed_value, workers

HEADER = "#   parley calibrate "


def add_parser(commands: Any) -> None:
    """Register `parley backtest` and its options."""
    parser = commands.add_parser("backtest", help="rolling-origin forecasts of a channel scenario, scored")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--history", type=Path, required=True, help="historical exchange table (CSV)")
    parser.add_argument("--origins", required=True, type=origin_list, metavar="DATE,DATE,...",
                        help="forecast origins: the last day of data each fit may use (YYYY-MM-DD, comma-separated)")
    parser.add_argument("--horizon", type=positive, required=True, help="days forecast after each origin")
    parser.add_argument("--param", dest="params", action="append", default=[], metavar="PATH=LOW:HIGH",
                        help="a parameter to refit at each origin, with its uniform prior (default: those of the "
                             "`parley calibrate` command in the scenario file's header)")
    parser.add_argument("--holdings", type=Path, metavar="CSV",
                        help="published figures of captives held (default: x_holdings.csv beside an "
                             "x_exchanges.csv history, if there is one)")
    parser.add_argument("--from", dest="start", type=date_value,
                        help="first day of training data (default: the scenario's start_date)")
    parser.add_argument("--budget", type=positive, default=600, help="simulations per fit (default 600)")
    parser.add_argument("--population", type=positive, default=30, help="particles per generation (default 30)")
    parser.add_argument("--runs", type=positive, default=100, help="forecast replications per origin (default 100)")
    parser.add_argument("--seed", type=seed_value, default=0, help="base seed (default 0)")
    add_workers_argument(parser)
    parser.add_argument("--out", type=Path, help="output folder (default: a new folder under backtests/)")
    parser.add_argument("--force", action="store_true", help="write into an existing, non-empty --out")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    parser.add_argument("--no-report", action="store_true", help="skip the interactive report.html")
    parser.set_defaults(handler=command_backtest)


def origin_list(text: str) -> list[Any]:
    """`DATE,DATE,...` as timestamps."""
    return [date_value(part.strip()) for part in text.split(",") if part.strip()]


def recorded_calibration(scenario: Path) -> tuple[list[str], bool, dt.date | None]:
    """The `--param` settings, `--by-year` and `--train-to` of the calibrate command in the file's header."""
    try:
        lines = scenario.read_text(encoding="utf-8").splitlines()
    except OSError:
        return [], False, None
    for line in lines:
        if line.startswith(HEADER):
            words = shlex.split(line[len("#   "):])
            params = [words[at + 1] for at, word in enumerate(words[:-1]) if word == "--param"]
            train_to = [words[at + 1] for at, word in enumerate(words[:-1]) if word == "--train-to"]
            until = dt.date.fromisoformat(train_to[0]) if train_to else None
            return params, "--by-year" in words, until
    return [], False, None


def command_backtest(args: argparse.Namespace) -> int:
    """Fit, forecast and score at each origin; print the tables and write the files."""
    from sim.backtest.api import backtest
    from sim.backtest.report import format_backtest, write_backtest
    from sim.files import fresh_folder, prepare_folder
    from sim.history.holdings import holdings_beside, load_holdings

    recorded_params, by_year, fitted_until = recorded_calibration(args.scenario)
    settings = args.params or recorded_params
    if not settings:
        raise OptionError(f"--param: none given, and {args.scenario} records no `parley calibrate` command to take "
                          "them from")
    ranges = parse_ranges(settings, "--param")
    recorded = {path: fitted_until for path in parse_ranges(recorded_params, "--param")} if fitted_until else {}
    holdings_file = args.holdings if args.holdings is not None else holdings_beside(args.history)
    holdings = load_holdings(holdings_file) if holdings_file is not None else []
    if args.out is not None:
        prepare_folder(args.out, args.force)
    result = backtest(args.scenario, args.history, ranges, origins=args.origins, horizon=args.horizon,
                      budget=args.budget, population=args.population, runs=args.runs, seed=args.seed,
                      workers=workers(args), training_start=args.start, by_year=by_year if not args.params else False,
                      recorded=recorded, holdings=holdings, allow_outside_files=args.allow_outside_files)
    folder = args.out if args.out is not None else prepare_folder(
        fresh_folder(Path("backtests"), f"{args.scenario.stem}-h{args.horizon}"), False)
    written = write_backtest(result, folder, ["parley", *getattr(args, "argv", [])])
    if not args.no_plots:
        from sim.plots.forecast import save_backtest_plots

        written += save_backtest_plots(result, folder)
    if not args.no_report:
        from sim.plots.backtest_report import save_backtest_report

        written.append(save_backtest_report(result, folder))
    print(format_backtest(result))
    print(f"\n  wrote {folder}/: {', '.join(path.name for path in written)}")
    return 0
