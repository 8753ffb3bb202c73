"""`parley sweep`: replications and parameter sweeps from the command line.

`--set PATH=V1,V2,...` lists values (each read as YAML, so `0.5`, `true` and `threshold`
all mean what they say; commas inside brackets or quotes do not split), `--range
PATH=LOW:HIGH` gives a range of numbers sampled `--samples` times. Everything is checked
before the first run. Heavy libraries load only when this command runs.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

import yaml

from sim.experiments.errors import SweepError

EXECUTOR_NAMES = ("serial", "process", "dask")


def add_parser(commands: Any, seed_value: Any) -> None:
    parser = commands.add_parser("sweep", help="run replications and parameter sweeps; write a tidy table")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--set", dest="values", action="append", default=[], metavar="PATH=V1,V2,...",
                        help="values of one dotted scenario path (repeat for a grid)")
    parser.add_argument("--range", dest="ranges", action="append", default=[], metavar="PATH=LOW:HIGH",
                        help="a range of numbers for one path (needs --samples)")
    parser.add_argument("--design", choices=("grid", "lhs"), default="grid",
                        help="grid: every combination (a range gives --samples evenly spaced values); "
                             "lhs: --samples Latin hypercube points over the ranges")
    parser.add_argument("--samples", type=positive, help="points per range (grid) or in total (lhs)")
    parser.add_argument("--runs", type=positive, default=1, help="replications of each point (default 1)")
    parser.add_argument("--run-timeout", type=seconds, metavar="SECONDS",
                        help="stop any run that takes longer and record it as failed (default: no limit)")
    add_execution_arguments(parser, seed_value, "base seed (default 0)", "sweeps/", "sweep")


def add_execution_arguments(parser: argparse.ArgumentParser, seed_value: Any, seed_help: str, folder: str,
                            what: str) -> None:
    """The options every command that runs many points shares: where runs go, seed, output, resume."""
    parser.add_argument("--workers", type=positive, help="worker processes (default: all cores)")
    parser.add_argument("--executor", choices=EXECUTOR_NAMES,
                        help="where runs go (default: serial with --workers 1, else process)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="address of a running Dask scheduler")
    parser.add_argument("--seed", type=seed_value, default=0, help=seed_help)
    parser.add_argument("--out", type=Path, help=f"output folder (default: a new folder under {folder})")
    parser.add_argument("--resume", action="store_true", help=f"continue the interrupted {what} in --out")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")


def positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, found '{text}'") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, found {number}")
    return number


def seconds(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, found '{text}'") from None
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, found {text}")
    return number


def parse_values(settings: list[str]) -> dict[str, list[Any]]:
    values: dict[str, list[Any]] = {}
    for setting in settings:
        path, text = _split_setting("--set", setting, "PATH=V1,V2,...")
        parsed = []
        for item in split_top_level(text):
            try:
                parsed.append(yaml.safe_load(item) if item.strip() else None)
            except yaml.YAMLError:
                raise SweepError(f"--set {path}: cannot read the value '{item}'") from None
        if path in values:
            raise SweepError(f"--set {path}: given twice; list all its values in one --set")
        values[path] = parsed
    return values


def parse_ranges(settings: list[str]) -> dict[str, tuple[float, float]]:
    ranges: dict[str, tuple[float, float]] = {}
    for setting in settings:
        path, text = _split_setting("--range", setting, "PATH=LOW:HIGH")
        bounds = text.split(":")
        try:
            low, high = (float(bound) for bound in bounds)
        except ValueError:
            raise SweepError(f"--range {path}: expected LOW:HIGH with two numbers, found '{text}'") from None
        if path in ranges:
            raise SweepError(f"--range {path}: given twice")
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
        raise SweepError(f"{option} '{setting}': expected {shape}")
    return path.strip(), text


def command_sweep(args: argparse.Namespace) -> int:
    from sim.cli.sweep_run import run_sweep_command

    return run_sweep_command(args, resume_command(args))


def resume_command(args: argparse.Namespace) -> list[str]:
    """The command line that resumes this sweep: as typed, plus --out (if it was left out) and --resume."""
    words = ["parley", *getattr(args, "argv", ["sweep", str(args.scenario)])]
    return words


def join_command(words: list[str], out: Path) -> str:
    if "--out" not in words and not any(word.startswith("--out=") for word in words):
        words = [*words, "--out", str(out)]
    if "--resume" not in words:
        words = [*words, "--resume"]
    return shlex.join(words)


def print_error(message: str) -> None:
    print(message, file=sys.stderr)
