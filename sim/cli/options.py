"""Shared option parsing for the `parley` commands: the one place that says what a value means.

Argument types (`seed_value`, `positive`, `seconds`, `date_value`) end a bad value the
argparse way, as a usage error. Settings that name a scenario path (`PATH=V1,V2,...` for
`--set`, `PATH=LOW:HIGH` for `--range` and `--param`) are read by `parse_values` and
`parse_ranges`, which raise one error type, `OptionError`. The options of commands that run
many points (`--workers`, `--executor`, `--scheduler`, `--seed`, `--out`, `--resume`,
`--no-plots`) are declared by `add_execution_arguments`; `--workers` defaults to all cores
for every command that takes it (`add_workers_argument`, `workers`). Executor names come from
`sim.experiments.executors`, where the executors are defined.

Nothing heavy is imported here: pandas loads only when a date is read.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import yaml

from sim.experiments.executors import EXECUTORS, NO_WORKER_TIMEOUT, Executor, make_executor

if TYPE_CHECKING:
    import pandas as pd

BAD_INPUT = 2
"""Exit code for bad input of any kind: a malformed scenario, table or command-line value."""
RUN_STOPPED = 1
"""A run stopped by one of its bounds (`sim.runtime.guard`): not bad input, and not a crash either."""
WRITE_FAILED = 1
"""Exit code when the operating system refuses a write or read (disk full, permissions): not bad input."""
INTERRUPTED = 130
"""Exit code after Ctrl-C (as a shell reports SIGINT); SIGTERM gives 143 and SIGHUP 129 (`sim.cli.stopping`)."""


class UsageError(Exception):
    """A command-line value is wrong (argparse's own complaint: unknown flag, bad type, missing value)."""


class OptionError(ValueError):
    """A `PATH=...` setting (`--set`, `--range`, `--param`) is malformed; the message is one line."""


class Parser(argparse.ArgumentParser):
    """An argparse parser that raises `UsageError` instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        """Raise the complaint, so `main` can print it on one line with the exit code for bad input."""
        raise UsageError(message)


# --- argument types ----------------------------------------------------------------------------


def seed_value(text: str) -> int:
    """A seed: a whole number from 0 to 2**63 - 1."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, found '{text}'") from None
    if not 0 <= seed < 2**63:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, found {seed}")
    return seed


def positive(text: str) -> int:
    """A count: a whole number >= 1."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, found '{text}'") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, found {number}")
    return number


def seconds(text: str) -> float:
    """A duration in seconds: a finite number > 0."""
    try:
        number = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, found '{text}'") from None
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, found {text}")
    return number


def date_value(text: str) -> pd.Timestamp:
    """A calendar date written YYYY-MM-DD, as a pandas timestamp."""
    import pandas as pd  # here, not at the top: `import sim.cli` must stay free of pandas

    try:
        return pd.Timestamp(pd.to_datetime(text, format="%Y-%m-%d"))
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"expected a date like 2022-03-01, found '{text}'") from None


# --- PATH=... settings -------------------------------------------------------------------------


def parse_values(settings: list[str], option: str = "--set") -> dict[str, list[Any]]:
    """`PATH=V1,V2,...` settings as {path: [values]}; each value is read as YAML (`0.5`, `true`,
    `threshold`), and commas inside brackets or quotes do not split. `OptionError` if malformed."""
    values: dict[str, list[Any]] = {}
    for setting in settings:
        path, text = _split_setting(option, setting, "PATH=V1,V2,...")
        parsed = []
        for item in split_top_level(text):
            try:
                parsed.append(yaml.safe_load(item) if item.strip() else None)
            except yaml.YAMLError:
                raise OptionError(f"{option} {path}: cannot read the value '{item}'") from None
        if path in values:
            raise OptionError(f"{option} {path}: given twice; list all its values in one {option}")
        values[path] = parsed
    return values


def parse_ranges(settings: list[str], option: str = "--range") -> dict[str, tuple[float, float]]:
    """`PATH=LOW:HIGH` settings as {path: (low, high)}, two finite numbers each. `OptionError` if
    malformed or a path is given twice; whether LOW < HIGH is judged by the command that uses them."""
    ranges: dict[str, tuple[float, float]] = {}
    for setting in settings:
        path, text = _split_setting(option, setting, "PATH=LOW:HIGH with two numbers")
        try:
            low, high = (float(bound) for bound in text.split(":"))
        except ValueError:
            low = high = float("nan")
        if not all(abs(bound) < float("inf") for bound in (low, high)):
            raise OptionError(f"{option} {path}: expected LOW:HIGH with two numbers, found '{text}'")
        if path in ranges:
            raise OptionError(f"{option} {path}: given twice")
        ranges[path] = (low, high)
    return ranges


def split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside brackets, braces or quotes."""
    items: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for character in text:
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character in "[{":
            depth += 1
        elif character in "]}":
            depth -= 1
        elif character == "," and depth == 0:
            items.append("".join(current))
            current = []
            continue
        current.append(character)
    items.append("".join(current))
    return items


def _split_setting(option: str, setting: str, shape: str) -> tuple[str, str]:
    path, equals, text = setting.partition("=")
    if not equals or not path.strip():
        raise OptionError(f"{option} '{setting}': expected {shape}")
    return path.strip(), text


# --- workers, executors and the options of commands that run many points -----------------------


def all_cores() -> int:
    """The number of cores of this machine (at least 1): the default of `--workers`."""
    return os.cpu_count() or 1


def add_workers_argument(parser: argparse.ArgumentParser) -> None:
    """`--workers W` (and `--force-workers`), the same for every command that takes it; unset means
    all cores (see `workers`)."""
    parser.add_argument("--workers", type=positive, help="worker processes (default: all cores; at most "
                        "Limits.workers_per_core, 4, per core unless --force-workers)")
    parser.add_argument("--force-workers", action="store_true",
                        help="allow more --workers than Limits.workers_per_core per core")


def workers(args: argparse.Namespace) -> int:
    """The number of workers `--workers` asks for: all cores unless given. `OptionError` past
    `Limits.workers_per_core` times the cores, unless `--force-workers`."""
    from sim.scenario.limits import LIMITS

    if args.workers is None:
        return all_cores()
    cap = LIMITS.workers_per_core * all_cores()
    if args.workers > cap and not getattr(args, "force_workers", False):
        raise OptionError(f"--workers {args.workers} is more than {LIMITS.workers_per_core} per core "
                          f"({cap} on this machine); add --force-workers if you mean it")
    return args.workers


def add_execution_arguments(parser: argparse.ArgumentParser, seed_help: str, folder: str, what: str) -> None:
    """The options every command that runs many points shares: where runs go, seed, output, resume."""
    add_workers_argument(parser)
    parser.add_argument("--executor", choices=EXECUTORS,
                        help="where runs go (default: serial with --workers 1, else process)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="address of a running Dask scheduler")
    parser.add_argument("--dask-worker-timeout", type=seconds, default=NO_WORKER_TIMEOUT, metavar="SECONDS",
                        help="stop (resumable) when the Dask scheduler has had no worker this long "
                             f"(default {NO_WORKER_TIMEOUT:g})")
    parser.add_argument("--seed", type=seed_value, default=0, help=seed_help)
    parser.add_argument("--out", type=Path, help=f"output folder (default: a new folder under {folder})")
    parser.add_argument("--resume", action="store_true", help=f"continue the interrupted {what} in --out")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")


def check_execution(args: argparse.Namespace, what: str) -> None:
    """Refuse `--resume` without `--out`, `--scheduler` with an executor other than dask, and too many `--workers`."""
    workers(args)
    if args.resume and args.out is None:
        raise OptionError(f"--resume needs --out DIR, the folder of the {what} to continue")
    if args.scheduler is not None and args.executor not in (None, "dask"):
        raise OptionError(f"--scheduler needs the dask executor, not --executor {args.executor}")


def executor_for(args: argparse.Namespace) -> Executor:
    """The executor `--executor`, `--workers` and `--scheduler` ask for (`parley sweep` and `sensitivity`)."""
    if args.scheduler is not None or args.executor == "dask":
        return make_executor("dask", None if args.workers is None else workers(args), args.scheduler,
                             args.dask_worker_timeout)
    name = args.executor or ("serial" if args.workers == 1 else "process")
    return make_executor(name, workers(args))


def typed_command(args: argparse.Namespace, command: str) -> list[str]:
    """The command line as typed (`parley` and the words after it); `command` if `main` did not record it."""
    return ["parley", *getattr(args, "argv", [command, str(args.scenario)])]


def resume_line(words: list[str], out: Path) -> str:
    """The shell line that resumes a run of many points: as typed, plus `--out` (if left out) and `--resume`."""
    if "--out" not in words and not any(word.startswith("--out=") for word in words):
        words = [*words, "--out", str(out)]
    if "--resume" not in words:
        words = [*words, "--resume"]
    return shlex.join(words)


def interrupted(command: list[str], folder: Path, stop: BaseException | None = None) -> int:
    """After Ctrl-C, SIGTERM or SIGHUP (`stop`): say where the finished chunks are and how to
    resume, in one line; the exit code to return (128 + the signal's number)."""
    from sim.cli.stopping import exit_code, stopped_by

    stop = stop if stop is not None else KeyboardInterrupt()
    print(f"parley: {stopped_by(stop)}; finished chunks are saved in {folder}/parts. "
          f"Resume with: {resume_line(command, folder)}", file=sys.stderr)
    return exit_code(stop)


def failed_midway(command: list[str], folder: Path, error: Exception) -> int:
    """After a failed write (disk full, ...) or a lost executor (Dask scheduler gone, no worker):
    one line saying what happened, where the finished chunks are and how to resume; exit 1."""
    print(f"parley: {error}. Finished chunks are saved in {folder}/parts. Resume with: "
          f"{resume_line(command, folder)}", file=sys.stderr)
    return WRITE_FAILED
