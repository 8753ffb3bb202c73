"""Scenario fuzzing: broken files raise only `sim.ScenarioError` naming the file and the field,
and every mutated file that does load also runs, to its end or to a clean one-line stop at one
of its run-time bounds (set small here: `RUN_LIMITS`, `RUN_SECONDS`).

The number of cases per test is `PARLEY_FUZZ_EXAMPLES` (default 600: 2,000 cases over the
five fuzz tests, under a minute); `PARLEY_FUZZ_EXAMPLES=6000 pytest tests/test_fuzz_scenarios.py`
is the long hunt (20,000 cases, docs/development/reliability.md). Hypothesis shrinks a failure to a small
case and prints it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
import yaml
from fuzzing import base_document, broken_texts, mutated_documents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.runtime.guard import RunLimitError, time_limit
from sim.scenario.limits import LIMITS

EXAMPLES = int(os.environ.get("PARLEY_FUZZ_EXAMPLES", "600"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
RUN_SECONDS = 3.0
"""A run that loads gets this long; a run stopped by its bounds is bounded, not a crash."""
RUN_LIMITS = {"simulated_events": 300_000, "log_entries": 30_000, "log_bytes": 20_000_000}
"""Small run-time bounds for fuzzed runs: a run that reaches one must stop cleanly, in one line."""


def write(tmp_path: Path, content: bytes, name: str = "fuzzed.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def dump(document: dict[str, Any]) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10**6).encode("utf-8")


def assert_names_file(error: sim.ScenarioError, path: Path, need_field: bool) -> None:
    """Every problem is one line naming the file (and, for a file that parses, the field)."""
    assert error.problems, "a ScenarioError lists at least one problem"
    for problem in error.problems:
        assert problem.file == str(path)
        assert "\n" not in str(problem) and str(problem).startswith(f"{path}")
        assert problem.message.strip()
        if need_field:
            assert problem.path, f"no field named in: {problem}"


def load_or_error(path: Path) -> sim.Scenario | sim.ScenarioError:
    try:
        return sim.load_scenario(path)
    except sim.ScenarioError as error:
        return error


def run_bounded(scenario: sim.Scenario, seed: int) -> None:
    """Run to the end or to a bound (small ones, `RUN_LIMITS`); any other exception is a crash and fails the test."""
    try:
        with time_limit(RUN_SECONDS), mock.patch.multiple(LIMITS, **RUN_LIMITS):
            result = sim.run(scenario, seed=seed)
    except RunLimitError as stop:
        assert "\n" not in str(stop) and str(stop).strip()
        return
    assert result.events[-1].kind is sim.EventKind.RUN_ENDED
    assert result.outcome.status


@pytest.mark.slow
@FUZZ
@given(case=mutated_documents(), seed=st.integers(0, 2**32))
def test_a_mutated_scenario_either_names_file_and_field_or_loads_and_runs(
        case: tuple[str, dict[str, Any], list[str]], seed: int, tmp_path: Path) -> None:
    """Wrong types, deleted and renamed keys, duplicates, huge numbers, NaN, long and unicode strings."""
    _, document, _ = case
    path = write(tmp_path, dump(document))
    outcome = load_or_error(path)
    if isinstance(outcome, sim.ScenarioError):
        assert_names_file(outcome, path, need_field=True)
    else:
        run_bounded(outcome, seed)


@FUZZ
@given(content=broken_texts())
def test_a_file_that_is_not_a_sound_scenario_is_one_line_per_problem(content: bytes, tmp_path: Path) -> None:
    """Alias bombs, deep nesting, binary, truncated files, tabs, duplicate keys, stray unicode."""
    path = write(tmp_path, content)
    outcome = load_or_error(path)
    if isinstance(outcome, sim.ScenarioError):
        assert_names_file(outcome, path, need_field=False)
    else:
        run_bounded(outcome, 0)


CELLS = st.one_of(
    st.sampled_from(["", "-1", "1e400", "nan", "inf", "99999999999999999999", "0x10", "1_000", " 7 ", "true",
                     "soldier", "officer", "nobody", "\u00e9", "\x00", "a" * 200_000]),
    st.integers(-(10**20), 10**20).map(str), st.floats().map(str), st.text(max_size=8),
)


@st.composite
def roster_csvs(draw: st.DrawFn) -> bytes:
    header = draw(st.sampled_from(["id,category", "id,category,value_home,value_holder,acknowledged",
                                   "category,id", "id", "id,category,extra", ""]))
    width = draw(st.integers(0, 6))
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=6))
    good = [f"{index},soldier" for index in range(draw(st.integers(0, 3)))]
    lines = [header, *good, *(",".join(cells) for cells in rows)]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    if draw(st.booleans()):
        text = text.replace(",", draw(st.sampled_from([";", '"', '",', "\n"])), 1)
    return text.encode("utf-8", "surrogatepass")


def csv_scenario(tmp_path: Path, roster: bytes) -> Path:
    document = base_document("istanbul-2025-05.yaml")
    document = {**document, "parties": {**document["parties"]}}
    document["parties"]["RU"] = {**document["parties"]["RU"], "roster": {"csv": "roster.csv"}}
    write(tmp_path, roster, "roster.csv")
    return write(tmp_path, dump(document))


@pytest.mark.slow
@FUZZ
@given(roster=roster_csvs(), seed=st.integers(0, 2**32))
def test_a_malformed_roster_csv_names_scenario_field_and_line(roster: bytes, seed: int, tmp_path: Path) -> None:
    """A roster CSV with bad rows is refused at `parties.RU.roster.csv` with the CSV's line; a good one runs."""
    path = csv_scenario(tmp_path, roster)
    outcome = load_or_error(path)
    if isinstance(outcome, sim.ScenarioError):
        assert_names_file(outcome, path, need_field=True)
        assert {problem.path for problem in outcome.problems} == {"parties.RU.roster.csv"}
    else:
        run_bounded(outcome, seed)


@pytest.mark.slow
@settings(FUZZ, max_examples=max(1, EXAMPLES // 6))
@given(case=mutated_documents(), seed=st.integers(0, 2**32))
def test_a_mutated_scenario_that_loads_gives_one_log_per_seed(
        case: tuple[str, dict[str, Any], list[str]], seed: int, tmp_path: Path) -> None:
    """Loading is deterministic too: two loads of a mutated file run to byte-identical logs."""
    path = write(tmp_path, dump(case[1]))
    first, second = load_or_error(path), load_or_error(path)
    if isinstance(first, sim.ScenarioError):
        assert isinstance(second, sim.ScenarioError) and str(first) == str(second)
        return
    assert isinstance(second, sim.Scenario)
    try:
        with time_limit(RUN_SECONDS):
            logs = [sim.run(scenario, seed=seed).events_jsonl() for scenario in (first, second)]
    except RunLimitError:
        return
    assert logs[0] == logs[1]


def test_the_fuzzer_reaches_both_outcomes() -> None:
    """The mutations are not all fatal: over a fixed sample some files load and some are refused."""
    loaded = refused = 0
    rng = np.random.default_rng(0)
    for name in ("istanbul-2025-05.yaml", "ru-ua-channel.yaml"):
        for _ in range(40):
            document = base_document(name)
            keys = [key for key in document if key not in ("name",)]
            key = keys[int(rng.integers(len(keys)))]
            try:
                sim.validate_document({**document, key: document[key] if rng.random() < 0.5 else -1}, name)
                loaded += 1
            except sim.ScenarioError:
                refused += 1
    assert loaded > 0 and refused > 0


@pytest.mark.parametrize("levels", [8, 30])
def test_an_alias_bomb_is_refused_quickly(levels: int, tmp_path: Path) -> None:
    from fuzzing import alias_bomb

    path = write(tmp_path, alias_bomb(levels, 10).encode())
    with pytest.raises(sim.ScenarioError, match="aliases expand to more than"):
        sim.load_scenario(path)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 6))
@given(content=st.one_of(broken_texts(), mutated_documents().map(lambda case: dump(case[1]))))
def test_parley_validate_of_a_fuzzed_file_exits_0_or_2_with_one_line_per_problem(
        content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line never shows a traceback: exit 0 and at most warnings on stderr, or exit 2 and lines
    naming the file."""
    from sim.cli import main

    path = write(tmp_path, content)
    code = main(["validate", str(path)])
    error = capsys.readouterr().err
    problems = [line for line in error.splitlines() if not line.startswith(f"warning: {path}: ")]
    assert code in (0, 2)
    assert (code == 0) == (problems == [])
    assert "Traceback" not in error
    assert all(line.startswith(f"{path}") for line in problems)
