"""The `parley` command: run, validate and schema; bad input exits 2 with located one-line problems."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sim.cli import main
from sim.scenario import SCHEMA_VERSION

BAD_INPUT = 2
SUMMARY_KEYS = {"status", "agreement", "released", "ratio", "day_of_agreement", "stage_days", "rounds",
                "referrals", "vetoes", "final_trust", "issues_agreed"}
SubprocessResult = subprocess.CompletedProcess[str]


def parley(*args: str, cwd: Path | None = None) -> SubprocessResult:
    """Run the real `parley` entry point in a fresh interpreter."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60, check=False)


def run_ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Call `parley run ...` in-process, expect success and return its stdout."""
    code = main(["run", *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def run_and_read(capsys: pytest.CaptureFixture[str], scenario: Path, tmp_path: Path, name: str) -> Any:
    """Run `scenario` with seed 3 into a fresh folder and return the JSON file `name` it wrote."""
    out = tmp_path / "out"
    run_ok(capsys, str(scenario), "--seed", "3", "--out", str(out), "--no-plots", "--no-report")
    return json.loads((out / name).read_text(encoding="utf-8"))


# --- parley run -------------------------------------------------------------------------------


def test_run_writes_events_summary_manifest_and_plots(
    istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`parley run SCENARIO --seed 3 --out DIR` writes the three data files, the four PNG plots and the report,
    nothing else."""
    out = tmp_path / "out"
    run_ok(capsys, str(istanbul_path), "--seed", "3", "--out", str(out))
    names = {path.name for path in out.iterdir()}
    assert names == {"events.jsonl", "summary.json", "manifest.json", "timeline.png", "trust.png", "concessions.png",
                     "bargaining.png", "report.html"}
    assert all((out / name).stat().st_size > 0 for name in names)
    lines = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line) for line in lines)


def test_run_prints_a_summary_with_the_status(
    istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed summary names the run's outcome status and the folder it wrote."""
    out = tmp_path / "out"
    stdout = run_ok(capsys, str(istanbul_path), "--seed", "3", "--out", str(out), "--no-plots", "--no-report")
    status = json.loads((out / "summary.json").read_text(encoding="utf-8"))["status"]
    assert status in stdout
    assert str(out) in stdout


def test_summary_json_holds_the_outcome(
    istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """summary.json has the outcome keys: status, agreement, released, ratio, days, counts, trust, issues."""
    summary = run_and_read(capsys, istanbul_path, tmp_path, "summary.json")
    assert SUMMARY_KEYS <= set(summary), SUMMARY_KEYS - set(summary)
    assert isinstance(summary["agreement"], bool)
    assert set(summary["released"]) == {"RU", "UA"}


def test_manifest_json_identifies_the_run(
    istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """manifest.json holds the scenario's SHA-256, the seed, the package and schema versions."""
    manifest = run_and_read(capsys, istanbul_path, tmp_path, "manifest.json")
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["scenario_sha256"])
    assert manifest["seed"] == 3
    assert isinstance(manifest["package_version"], str) and manifest["package_version"]
    assert manifest["schema_version"] == SCHEMA_VERSION


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(
    istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """events.jsonl is byte-identical for one seed across output folders and differs for another seed."""
    for folder, seed in (("a", "3"), ("b", "3"), ("c", "4")):
        run_ok(capsys, str(istanbul_path), "--seed", seed, "--out", str(tmp_path / folder), "--no-plots", "--no-report")
    first, again, other = ((tmp_path / f / "events.jsonl").read_bytes() for f in "abc")
    assert first == again
    assert first != other


def test_run_refuses_a_non_empty_out_folder_and_leaves_it_untouched(
    istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second run into the same --out exits 2 naming the folder and --force, and changes no file."""
    out = tmp_path / "out"
    run_ok(capsys, str(istanbul_path), "--seed", "3", "--out", str(out), "--no-plots", "--no-report")
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    code = main(["run", str(istanbul_path), "--seed", "4", "--out", str(out), "--no-plots", "--no-report"])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    assert len(captured.err.strip().splitlines()) == 1
    assert str(out) in captured.err
    assert "--force" in captured.err
    assert "Traceback" not in captured.err
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_run_with_force_overwrites_a_non_empty_out_folder(
    istanbul_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --force a second run replaces the files in --out with its own."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_ok(capsys, str(istanbul_path), "--seed", "3", "--out", str(out), "--no-plots", "--no-report")
    run_ok(capsys, str(istanbul_path), "--seed", "4", "--out", str(out), "--no-plots", "--no-report", "--force")
    run_ok(capsys, str(istanbul_path), "--seed", "4", "--out", str(fresh), "--no-plots", "--no-report")
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["seed"] == 4
    assert (out / "events.jsonl").read_bytes() == (fresh / "events.jsonl").read_bytes()


def test_run_without_out_writes_a_new_folder_under_runs_each_time(
    istanbul_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --out each run gets its own folder under ./runs/, the second one with a -2 suffix."""
    monkeypatch.chdir(tmp_path)
    run_ok(capsys, str(istanbul_path), "--no-plots", "--no-report")
    run_ok(capsys, str(istanbul_path), "--no-plots", "--no-report")
    folders = sorted(path.name for path in (tmp_path / "runs").iterdir())
    assert len(folders) == 2
    first, second = folders
    assert second == f"{first}-2"
    for folder in folders:
        assert (tmp_path / "runs" / folder / "events.jsonl").is_file()
    assert (tmp_path / "runs" / first / "events.jsonl").read_bytes() == (
        tmp_path / "runs" / second / "events.jsonl").read_bytes()


def test_a_csv_roster_scenario_runs_from_another_working_directory(
    csv_scenario: Callable[[str | None], Path], tmp_path: Path
) -> None:
    """The real `parley run` finds a relative roster CSV next to the scenario, whatever the cwd."""
    scenario = csv_scenario("roster.csv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = parley("run", os.path.relpath(scenario, elsewhere), "--out", "out", "--no-plots", "--no-report",
                    cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "executed" in result.stdout
    assert (elsewhere / "out" / "summary.json").is_file()


# --- bad command lines ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["-1", "abc", "1.5"])
def test_a_bad_seed_exits_2_with_one_line(seed: str, istanbul_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--seed must be a whole number >= 0; anything else is one line on stderr and exit 2."""
    code = main(["run", str(istanbul_path), "--seed", seed, "--no-plots", "--no-report"])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "--seed" in lines[0] and seed in lines[0]


@pytest.mark.parametrize("argv", [["frobnicate"], [], ["run"], ["validate"]], ids=["unknown", "none", "run-no-file",
                                                                                     "validate-no-file"])
def test_an_unknown_or_incomplete_command_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown subcommand, or one without its arguments, is one line on stderr and exit 2."""
    code = main(argv)
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    assert len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith("parley: ")


# --- parley validate and parley schema --------------------------------------------------------


def test_validate_reports_ok_for_a_good_file_and_problems_for_a_bad_one(
    istanbul_path: Path, write_file: Callable[..., Path], tiny_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`parley validate good bad` says ok for the good file, lists the bad one's problems, exits 2."""
    bad = write_file(tiny_text + "colour: red\n", "bad.yaml")
    code = main(["validate", str(istanbul_path), str(bad)])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    assert f"{istanbul_path}: ok" in captured.out
    assert str(bad) not in captured.out
    assert captured.err.splitlines() == [f"{bad}:17: colour: unknown field"]


def test_validate_suggests_the_field_meant_for_an_unknown_one(
    write_file: Callable[..., Path], tiny_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt field gets "did you mean" (as `sweep` does for a misspelt path); inside a plug-in the
    suggestions and the field list are those of the kind the file names."""
    bad = write_file(tiny_text.replace("horizon_days: 5", "horizon_dys: 5").replace(
        "threshold: 0.2}", "treshold: 0.2}"), "bad.yaml")
    assert main(["validate", str(bad)]) == BAD_INPUT
    assert capsys.readouterr().err.splitlines() == [
        f"{bad}:1: horizon_days: Field required",
        f"{bad}:8: parties.A.leader.veto.threshold: Field required",
        f"{bad}:8: parties.A.leader.veto.treshold: unknown field; did you mean threshold? "
        "(fields of kind 'threshold': kind, threshold)",
        f"{bad}:2: horizon_dys: unknown field; did you mean horizon_days?",
    ]


def test_validate_exits_0_when_every_file_is_good(
    istanbul_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`parley validate` of valid files only prints one ok line each and exits 0."""
    code = main(["validate", str(istanbul_path), str(data_dir / "csv_scenario.yaml")])
    captured = capsys.readouterr()
    assert code == 0
    assert len(captured.out.splitlines()) == 2
    assert captured.err == ""


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`parley schema` prints valid JSON whose properties include parties."""
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "parties" in schema["properties"]
    assert "parties" in schema["required"]


# --- malformed scenarios: exit 2, one located line per problem, no traceback ------------------


def malformed(tiny: str) -> dict[str, tuple[str | bytes | None, list[str]]]:
    """Malformed scenario files by name: (content, or None for no file; expected stderr line prefixes)."""
    return {
        "wrong-type": (tiny.replace("{name: Alpha delegation}", "{name: Alpha delegation, authority: high}"),
                       ["{f}:9: parties.A.delegation.authority: "]),
        "unknown-key": (tiny + "colour: red\n", ["{f}:17: colour: unknown field"]),
        "two-problems": (tiny.replace("{name: Alpha delegation}", "{name: Alpha delegation, authority: high}")
                         + "colour: red\n",
                         ["{f}:9: parties.A.delegation.authority: ", "{f}:17: colour: unknown field"]),
        "bad-reference": (tiny + "protocol: {opens: C}\n", ["{f}:17: protocol.opens: unknown party 'C'"]),
        "yaml-error": ("name: x\nhorizon_days: [1, 2\nfoo: 3\n", ["{f}:3: YAML does not parse"]),
        "duplicate-key": (tiny + "name: Again\n", ["{f}:17: name: key appears twice"]),
        "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["{f}: not a text file"]),
        "empty": ("", ["{f}:1: expected a mapping"]),
        "a-list": ("- 1\n- 2\n", ["{f}:1: expected a mapping"]),
        "missing": (None, ["{f}: file not found"]),
    }


CASES = ["wrong-type", "unknown-key", "two-problems", "bad-reference", "yaml-error", "duplicate-key", "binary",
         "empty", "a-list", "missing"]


@pytest.mark.parametrize("command", ["run", "validate"])
@pytest.mark.parametrize("case", CASES)
def test_a_malformed_scenario_exits_2_with_one_located_line_per_problem(
    case: str, command: str, tiny_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """run and validate print each problem as `file:line: path: message` on stderr and exit 2."""
    content, prefixes = malformed(tiny_text)[case]
    file = tmp_path / f"{case}.yaml"
    if isinstance(content, bytes):
        file.write_bytes(content)
    elif content is not None:
        file.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    argv = (["run", str(file), "--out", str(out), "--no-plots", "--no-report"] if command == "run"
            else ["validate", str(file)])
    code = main(argv)
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    lines = captured.err.splitlines()
    assert len(lines) == len(prefixes), lines
    for line, prefix in zip(lines, prefixes, strict=True):
        assert line.startswith(prefix.format(f=file)), line
    assert "Traceback" not in captured.err
    assert not out.exists(), "a failed run must not create its output folder"


def test_a_folder_given_as_scenario_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`parley run FOLDER` is one line saying it is a folder, exit 2."""
    code = main(["run", str(tmp_path), "--no-plots", "--no-report"])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    assert captured.err.splitlines() == [f"{tmp_path}: is a folder, not a scenario file"]


def test_a_broken_roster_csv_exits_2_naming_the_csv_line(
    csv_scenario: Callable[[str | None], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad roster CSV makes run exit 2 with one line naming scenario, field, CSV, line and column."""
    scenario = csv_scenario("roster_non_numeric_id.csv")
    code = main(["run", str(scenario), "--no-plots", "--no-report", "--out", str(scenario.parent / "out")])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    (line,) = captured.err.splitlines()
    csv_path = (scenario.parent / "roster.csv").resolve()
    assert line.startswith(f"{scenario}:13: parties.A.roster.csv: {csv_path}:3: column 'id': ")


def test_debug_keeps_exit_code_2_and_still_prints_the_problems(
    tiny_text: str, write_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """--debug may add a traceback but still exits 2 with the problem lines."""
    bad = write_file(tiny_text + "colour: red\n", "bad.yaml")
    code = main(["--debug", "run", str(bad), "--no-plots", "--no-report"])
    captured = capsys.readouterr()
    assert code == BAD_INPUT
    assert f"{bad}:17: colour: unknown field" in captured.err.splitlines()


def test_a_recursive_yaml_alias_exits_2(write_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A self-referencing alias (name: &a [*a]) is a malformed scenario: exit 2, not a crash."""
    bad = write_file("name: &loop [*loop]\nhorizon_days: 3\n", "loop.yaml")
    assert main(["validate", str(bad)]) == BAD_INPUT
    assert str(bad) in capsys.readouterr().err


# --- the real console script: no traceback ----------------------------------------------------


def test_real_parley_run_on_a_malformed_scenario_prints_no_traceback(
    tiny_text: str, write_file: Callable[..., Path], tmp_path: Path
) -> None:
    """A subprocess `parley run bad.yaml` exits 2 with located problem lines and no Python traceback."""
    bad = write_file(tiny_text.replace("{name: Alpha delegation}", "{name: Alpha delegation, authority: high}")
                     + "colour: red\n", "bad.yaml")
    result = parley("run", str(bad), "--no-plots", "--no-report", cwd=tmp_path)
    assert result.returncode == BAD_INPUT
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad}:9: parties.A.delegation.authority: ")
    assert lines[1] == f"{bad}:17: colour: unknown field"
    assert not (tmp_path / "runs").exists()


def test_real_parley_validate_of_good_and_bad_files_prints_no_traceback(
    istanbul_path: Path, write_file: Callable[..., Path], tmp_path: Path
) -> None:
    """A subprocess `parley validate good binary` says ok for one, one line for the other, no traceback."""
    binary = write_file(b"\x00\x01\x02\xff" * 16, "binary.yaml")
    result = parley("validate", str(istanbul_path), str(binary), cwd=tmp_path)
    assert result.returncode == BAD_INPUT
    assert "Traceback" not in result.stderr
    assert f"{istanbul_path}: ok" in result.stdout
    assert result.stderr.splitlines() == [f"{binary}: not a text file (it contains NUL bytes); expected YAML"]


def test_real_parley_with_a_bad_seed_prints_no_traceback(istanbul_path: Path, tmp_path: Path) -> None:
    """A subprocess `parley run --seed abc` exits 2 with one line and no traceback."""
    result = parley("run", str(istanbul_path), "--seed", "abc", cwd=tmp_path)
    assert result.returncode == BAD_INPUT
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_debug_anywhere_on_the_line_shows_the_traceback_and_still_exits_2(tmp_path: Path) -> None:
    """`--debug` after the subcommand is accepted and adds the traceback to the one-line problem."""
    done = parley("validate", str(tmp_path / "missing.yaml"), "--debug")
    assert done.returncode == 2
    done = parley("run", str(tmp_path / "missing.yaml"), "--debug")
    assert done.returncode == 2
    assert "Traceback" in done.stderr
    assert done.stderr.rstrip().endswith("missing.yaml: file not found")
