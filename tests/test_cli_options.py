"""Shared option parsing of the `parley` commands (`sim.cli.options`): one parser per kind of
setting with one error type, executor names from the executors, `--workers` defaulting to all
cores for every command that takes it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import pytest

import sim.calibrate.api
import sim.cli.options
import sim.compare.api
from sim.cli import build_parser, main
from sim.cli.options import (
    OptionError,
    date_value,
    executor_for,
    parse_ranges,
    parse_values,
    positive,
    seconds,
    seed_value,
)
from sim.compare.errors import CompareError
from sim.experiments.executors import EXECUTORS

BAD_INPUT = 2
CORES = 7  # a core count no test machine is likely to have, so the default is seen to come from it


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """Every `parley` subcommand's parser by name, as `build_parser` (and the docs) see them."""
    (action,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action | None:
    return next((action for action in parser._actions if flag in action.option_strings), None)


# --- PATH=LOW:HIGH and PATH=V1,V2,... ----------------------------------------------------------


def test_ranges_are_read_as_pairs_of_numbers() -> None:
    assert parse_ranges(["parties.A.trust.initial=0.1:0.7", " protocol.max_steps =-4:2e3"]) == {
        "parties.A.trust.initial": (0.1, 0.7), "protocol.max_steps": (-4.0, 2000.0)}
    assert parse_ranges([]) == {}


@pytest.mark.parametrize(("setting", "message"), [
    ("a.b", "--range 'a.b': expected PATH=LOW:HIGH with two numbers"),
    ("=0:1", "--range '=0:1': expected PATH=LOW:HIGH with two numbers"),
    ("a.b=1:x", "--range a.b: expected LOW:HIGH with two numbers, found '1:x'"),
    ("a.b=1", "--range a.b: expected LOW:HIGH with two numbers, found '1'"),
    ("a.b=1:2:3", "--range a.b: expected LOW:HIGH with two numbers, found '1:2:3'"),
    ("a.b=0:inf", "--range a.b: expected LOW:HIGH with two numbers, found '0:inf'"),
    ("a.b=nan:1", "--range a.b: expected LOW:HIGH with two numbers, found 'nan:1'"),
])
def test_a_malformed_range_is_an_option_error(setting: str, message: str) -> None:
    with pytest.raises(OptionError) as caught:
        parse_ranges([setting])
    assert str(caught.value) == message


def test_a_range_given_twice_is_refused_under_the_option_it_came_from() -> None:
    with pytest.raises(OptionError, match=r"^--param a\.b: given twice$"):
        parse_ranges(["a.b=0:1", "a.b=2:3"], "--param")


def test_values_are_read_as_yaml_and_split_on_top_level_commas() -> None:
    assert parse_values(["a=0.5,true,threshold,[1, 2],'x,y',{k: 1}", "b=", "c=3"]) == {
        "a": [0.5, True, "threshold", [1, 2], "x,y", {"k": 1}], "b": [None], "c": [3]}


@pytest.mark.parametrize(("settings", "message"), [
    (["a.b"], "--set 'a.b': expected PATH=V1,V2,..."),
    (["a.b=[1,"], "--set a.b: cannot read the value '[1,'"),
    (["a.b=1", "a.b=2"], "--set a.b: given twice; list all its values in one --set"),
])
def test_malformed_values_are_an_option_error(settings: list[str], message: str) -> None:
    with pytest.raises(OptionError) as caught:
        parse_values(settings)
    assert str(caught.value) == message


def test_sweep_and_calibrate_read_ranges_with_the_same_parser_and_report_alike(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`--range` and `--param` fail through the one parser: same wording, one line, exit 2, before any file is read."""
    assert main(["sweep", "nowhere.yaml", "--range", "a.b=1:x", "--samples", "2"]) == BAD_INPUT
    assert main(["calibrate", "nowhere.yaml", "--history", "nowhere.csv", "--param", "a.b=1:x",
                 "--train-to", "2022-06-30"]) == BAD_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "parley: --range a.b: expected LOW:HIGH with two numbers, found '1:x'",
        "parley: --param a.b: expected LOW:HIGH with two numbers, found '1:x'"]


# --- argument types ----------------------------------------------------------------------------


@pytest.mark.parametrize(("convert", "text", "expected"), [
    (seed_value, "0", 0), (seed_value, str(2**63 - 1), 2**63 - 1), (positive, "3", 3), (seconds, "0.25", 0.25)])
def test_argument_types_accept_good_values(convert: Any, text: str, expected: Any) -> None:
    assert convert(text) == expected


@pytest.mark.parametrize(("convert", "text"), [
    (seed_value, "-1"), (seed_value, str(2**63)), (seed_value, "x"), (positive, "0"), (positive, "1.5"),
    (seconds, "0"), (seconds, "inf"), (seconds, "soon"), (date_value, "2022-13-01"), (date_value, "01/03/2022")])
def test_argument_types_refuse_bad_values(convert: Any, text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        convert(text)


def test_a_date_is_read_as_a_day() -> None:
    assert date_value("2022-03-01").isoformat() == "2022-03-01T00:00:00"


# --- executors and --workers -------------------------------------------------------------------


def test_executor_choices_are_the_executors_names() -> None:
    for name in ("sweep", "sensitivity"):
        executor = option(subcommands()[name], "--executor")
        assert executor is not None and tuple(executor.choices or ()) == EXECUTORS == ("serial", "process", "dask")


def test_every_command_with_workers_defaults_to_all_cores_in_its_help() -> None:
    with_workers = {name for name, parser in subcommands().items() if option(parser, "--workers") is not None}
    assert with_workers == {"sweep", "sensitivity", "compare", "calibrate", "backtest"}
    for name in with_workers:
        workers = option(subcommands()[name], "--workers")
        assert workers is not None and workers.default is None
        assert workers.help == ("worker processes (default: all cores; at most Limits.workers_per_core, 4, per core "
                                "unless --force-workers)")


@pytest.fixture
def cores(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(os, "cpu_count", lambda: CORES)
    return CORES


@pytest.mark.parametrize("command", ["sweep", "sensitivity"])
@pytest.mark.parametrize(("extra", "expected"), [
    ([], ("process", CORES)), (["--workers", "1"], ("serial", 1)), (["--workers", "3"], ("process", 3)),
    (["--executor", "serial"], ("serial", CORES))])
def test_sweep_and_sensitivity_use_all_cores_unless_told(command: str, extra: list[str], expected: tuple[str, int],
                                                         cores: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sim.cli.options, "make_executor", lambda name, workers, address=None: (name, workers))
    args = build_parser().parse_args([command, "s.yaml", *extra])
    assert executor_for(args) == expected


def stop(calls: list[dict[str, Any]]) -> Any:
    """A stand-in for `compare` or `calibrate` that records its keyword arguments and stops the command."""
    def record(*args: Any, **options: Any) -> Any:
        calls.append(options)
        raise CompareError("stopped by the test")

    return record


@pytest.mark.parametrize(("extra", "expected"), [([], CORES), (["--workers", "2"], 2)])
def test_compare_uses_all_cores_unless_told(extra: list[str], expected: int, cores: int, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sim.compare.api, "compare", stop(calls))
    assert main(["compare", "s.yaml", "--history", "h.csv", "--out", str(tmp_path / "c"), *extra]) == BAD_INPUT
    assert [call["workers"] for call in calls] == [expected]


@pytest.mark.parametrize(("extra", "expected"), [([], CORES), (["--workers", "2"], 2)])
def test_calibrate_uses_all_cores_unless_told(extra: list[str], expected: int, cores: int, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sim.calibrate.api, "calibrate", stop(calls))
    assert main(["calibrate", "s.yaml", "--history", "h.csv", "--param", "a.b=0:1", "--train-to", "2022-06-30",
                 "--out", str(tmp_path / "fit"), *extra]) == BAD_INPUT
    assert [call["workers"] for call in calls] == [expected]


# --- the parser the docs are generated from ----------------------------------------------------


def test_every_command_is_reachable_from_build_parser_with_help() -> None:
    (action,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {choice.dest: choice.help for choice in action._choices_actions}
    assert list(helps) == ["run", "report", "validate", "schema", "analyze", "sweep", "sensitivity", "history",
                           "compare", "calibrate", "backtest"]
    assert all(helps.values())
    for name, parser in subcommands().items():
        assert parser.prog == f"parley {name}"
        assert all(action.help for action in parser._actions if action.option_strings), name
