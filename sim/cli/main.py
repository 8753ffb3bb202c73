"""The `parley` command: run, validate, describe, sweep and analyse the sensitivity of scenarios.

Bad input of any kind ends with one line per problem on stderr naming the file and the
field, and exit code 2; `--debug` shows the traceback as well.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sim.analysis.run_files import write_run
from sim.cli import calibrate as calibrate_command
from sim.cli import compare as compare_command
from sim.cli import sensitivity as sensitivity_command
from sim.cli import sweep as sweep_command
from sim.cli.describe import describe_outcome
from sim.cli.history import add_history_parser, command_history, date_value
from sim.compare.errors import CompareError
from sim.engine import run
from sim.experiments.errors import SweepError
from sim.files import OutputExistsError, fresh_folder, prepare_folder
from sim.history.errors import HistoryError
from sim.runtime.guard import RunLimitError
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.scenario.files import ALLOW_FLAG, allowing_outside_files
from sim.scenario.horizon import until

BAD_INPUT = 2
RUN_STOPPED = 1
"""A run stopped by one of its bounds (`sim.runtime.guard`): not bad input, and not a crash either."""


class UsageError(Exception):
    """A command-line value is wrong."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def seed_value(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, found '{text}'") from None
    if not 0 <= seed < 2**63:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, found {seed}")
    return seed


def build_parser() -> Parser:
    parser = Parser(prog="parley", description="Parley: a diplomatic negotiation simulator.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(ALLOW_FLAG, action="store_true",
                        help="let scenarios read roster files outside their own folder")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    run_parser = commands.add_parser("run", help="run one scenario with one seed")
    run_parser.add_argument("scenario", type=Path)
    run_parser.add_argument("--seed", type=seed_value, default=0, help="random seed (default 0)")
    run_parser.add_argument("--out", type=Path, help="output folder (default: a new folder under runs/)")
    run_parser.add_argument("--force", action="store_true", help="write into an existing, non-empty --out")
    run_parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    run_parser.add_argument("--until", type=date_value, help="run through this date (YYYY-MM-DD) instead of the "
                            "scenario's horizon_days; needs its start_date")
    validate_parser = commands.add_parser("validate", help="check scenario files")
    validate_parser.add_argument("scenarios", type=Path, nargs="+")
    commands.add_parser("schema", help="print the scenario JSON Schema (for editor completion)")
    analyze_parser = commands.add_parser("analyze", help="the bargaining set: Pareto frontier, Nash and Kalai points")
    analyze_parser.add_argument("scenario", type=Path)
    analyze_parser.add_argument("--seed", type=seed_value, default=0, help="seed that draws the rosters (default 0)")
    analyze_parser.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    analyze_parser.add_argument("--all-outcomes", action="store_true",
                                help="ignore the ratio limits (default: outcomes both accept at initial trust)")
    sweep_command.add_parser(commands, seed_value)
    sensitivity_command.add_parser(commands, seed_value)
    add_history_parser(commands)
    compare_command.add_parser(commands, seed_value)
    calibrate_command.add_parser(commands, seed_value)
    return parser


def command_run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    if args.until is not None:
        scenario = until(scenario, args.until.date(), str(args.scenario))
    folder = args.out if args.out is not None else fresh_folder(Path("runs"), _run_name(scenario, args.seed))
    prepare_folder(folder, args.force)
    result = run(scenario, seed=args.seed)
    written = write_run(result, folder)
    if not args.no_plots:
        from sim.plots import save_run_plots

        written += save_run_plots(result, folder)
    print(describe_outcome(result))
    print(f"  wrote {folder}/: {', '.join(path.name for path in written)}")
    return 0


def command_validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            failed = True
            for problem in error.problems:
                print(problem, file=sys.stderr)
            continue
        print(f"{path}: ok ({scenario.name})")
    return BAD_INPUT if failed else 0


def command_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Scenario.model_json_schema(), indent=2))
    return 0


def _run_name(scenario: Scenario, seed: int) -> str:
    from sim.talks.setup import make_run_id

    return make_run_id(scenario, seed)


def command_analyze(args: argparse.Namespace) -> int:
    from sim.cli.analyze import command_analyze as analyze

    return analyze(args)


COMMANDS = {"run": command_run, "validate": command_validate, "schema": command_schema, "analyze": command_analyze,
            "sweep": sweep_command.command_sweep, "history": command_history,
            "sensitivity": sensitivity_command.command_sensitivity,
            "compare": compare_command.command_compare, "calibrate": calibrate_command.command_calibrate}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    allow_outside = ALLOW_FLAG in arguments
    arguments = [argument for argument in arguments if argument not in ("--debug", ALLOW_FLAG)]
    try:
        args = build_parser().parse_args(arguments)
        args.argv = [*arguments, ALLOW_FLAG] if allow_outside else arguments
        with allowing_outside_files(allow_outside):
            return COMMANDS[args.command](args)
    except UsageError as error:
        return _fail(f"parley: {error} (see parley --help)", debug)
    except (ScenarioError, HistoryError) as error:
        return _fail("\n".join(str(problem) for problem in error.problems), debug)
    except (OutputExistsError, SweepError, CompareError) as error:
        return _fail(f"parley: {error}", debug)
    except RunLimitError as error:
        return _fail(f"parley: {error}", debug, code=RUN_STOPPED)
    except KeyboardInterrupt:
        return _fail("parley: interrupted; files already written are complete", debug, code=130)


def _fail(message: str, debug: bool, code: int = BAD_INPUT) -> int:
    if debug:
        traceback.print_exc()
    print(message, file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
