"""The `parley` command: build the parser from the command modules, dispatch, handle errors.

Each command lives in its own module of `sim.cli` (`run`, `report`, `validate`, `schema`, `analyze`,
`sweep`, `sensitivity`, `history`, `compare`, `calibrate`, `backtest`), which registers its options with
`add_parser` and names the function that runs it; shared option parsing is `sim.cli.options`.
Bad input of any kind ends with one line per problem on stderr naming the file and the
field, and exit code 2; `--debug` shows the traceback as well.
"""

from __future__ import annotations

import sys
import traceback
import warnings
from collections.abc import Sequence

from sim.cli import analyze, backtest, calibrate, compare, history, report, run, schema, sensitivity, sweep, validate
from sim.cli.options import BAD_INPUT, RUN_STOPPED, WRITE_FAILED, OptionError, Parser, UsageError
from sim.cli.stopping import exit_code, stop_on_signals, stopped_by
from sim.compare.errors import CompareError
from sim.experiments.errors import ExecutorLost, SweepError
from sim.files import OutputExistsError, WriteError
from sim.forecast.errors import ForecastError
from sim.history.errors import HistoryError
from sim.runtime.guard import RunLimitError
from sim.scenario import ScenarioError
from sim.scenario.files import ALLOW_FLAG, outside_allowed
from sim.scenario.reading import MAX_LISTED

COMMANDS = (run, report, validate, schema, analyze, sweep, sensitivity, history, compare, calibrate, backtest)
"""The command modules, in the order `parley --help` lists them."""


def build_parser() -> Parser:
    """The `parley` argument parser with every subcommand (the docs' command-line reference comes from it)."""
    parser = Parser(prog="parley", description="Parley: a diplomatic negotiation simulator.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(ALLOW_FLAG, action="store_true",
                        help="let scenarios read roster files outside their own folder")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `parley` with `argv` (default: the process's arguments); returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if argv is None:  # the console script: SIGTERM and SIGHUP stop it as Ctrl-C does
        stop_on_signals()
    debug = "--debug" in arguments
    allow_outside = ALLOW_FLAG in arguments
    arguments = [argument for argument in arguments if argument not in ("--debug", ALLOW_FLAG)]
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _dispatch(arguments, debug, allow_outside)


def _dispatch(arguments: list[str], debug: bool, allow_outside: bool) -> int:
    try:
        args = build_parser().parse_args(arguments)
        args.argv = [*arguments, ALLOW_FLAG] if allow_outside else arguments
        # The flag, or the user's environment switch read here once, is handed down to every load.
        args.allow_outside_files = outside_allowed(True if allow_outside else None)
        return int(args.handler(args))
    except UsageError as error:
        return _fail(f"parley: {error} (see parley --help)", debug)
    except (ScenarioError, HistoryError) as error:
        return _fail("\n".join(_listed([str(problem) for problem in error.problems])), debug)
    except (OptionError, OutputExistsError, SweepError, CompareError, ForecastError) as error:
        return _fail("\n".join(f"parley: {line}" for line in str(error).splitlines()), debug)
    except RunLimitError as error:
        return _fail(f"parley: {error}", debug, code=RUN_STOPPED)
    except ExecutorLost as error:
        return _fail(f"parley: {error}", debug, code=WRITE_FAILED)
    except MemoryError:
        return _fail("parley: out of memory; lower the scenario's sizes or Limits in sim.scenario.limits",
                     debug, code=RUN_STOPPED)
    except OSError as error:  # a write refused by the system (WriteError names the file), or another OS error
        return _fail(f"parley: {_os_error(error)}", debug, code=WRITE_FAILED)
    except KeyboardInterrupt as stop:
        return _fail(f"parley: {stopped_by(stop)}; files already written are complete", debug,
                     code=exit_code(stop))


def _os_error(error: OSError) -> str:
    """One line for an OS error: the file it concerns, if known, and the system's reason."""
    if isinstance(error, WriteError) or not error.filename:
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"{error.filename}: {error.strerror or error}"


def _listed(lines: list[str]) -> list[str]:
    """At most `MAX_LISTED` lines of a listing of problems, then how many more there are."""
    if len(lines) <= MAX_LISTED + 1:
        return lines
    return [*lines[:MAX_LISTED], f"parley: and {len(lines) - MAX_LISTED:,} more problems"]


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: object = None, line: str | None = None) -> None:
    """Warnings as one line each on stderr (`parley: warning: ...`), without the source line."""
    print(f"parley: warning: {message}", file=sys.stderr)


def _fail(message: str, debug: bool, code: int = BAD_INPUT) -> int:
    if debug:
        traceback.print_exc()
    print(message, file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
