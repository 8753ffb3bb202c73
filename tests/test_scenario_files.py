"""Files a scenario names and files a run writes: roster paths kept in the scenario's folder,
malformed CSV rows named by line, and output written whole or not at all."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA

import sim
from sim.cli import main
from sim.scenario.files import ALLOW_ENVIRONMENT
from sim.scenario.limits import LIMITS
from sim.scenario.roster_csv import MAX_VALUE

BAD_INPUT = 2


def scenario_naming(tmp_path: Path, csv: str) -> Path:
    """The CSV-roster scenario in tmp_path/scenario/, its roster named `csv`; a good roster.csv in tmp_path."""
    folder = tmp_path / "scenario"
    folder.mkdir()
    shutil.copyfile(DATA / "roster.csv", tmp_path / "roster.csv")
    text = (DATA / "csv_scenario.yaml").read_text(encoding="utf-8").replace("csv: roster.csv", f"csv: {csv}")
    path = folder / "csv_scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["../roster.csv", "sub/../../roster.csv", "{root}/roster.csv"])
def test_a_roster_outside_the_scenario_folder_is_refused(name: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`..` and absolute paths out of the folder are refused at parties.A.roster.csv, naming how to allow them."""
    monkeypatch.delenv(ALLOW_ENVIRONMENT, raising=False)
    path = scenario_naming(tmp_path, name.format(root=tmp_path))
    with pytest.raises(sim.ScenarioError) as caught:
        sim.load_scenario(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.path, problem.line) == (str(path), "parties.A.roster.csv", 13)
    assert problem.message.startswith(f"'{name.format(root=tmp_path)}' leads outside the scenario's folder (")
    assert problem.message.endswith("allow it with parley --allow-outside-files or PARLEY_ALLOW_OUTSIDE_FILES=1")


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_ENVIRONMENT, raising=False)
    path = scenario_naming(tmp_path, "link.csv")
    (path.parent / "link.csv").symlink_to(tmp_path / "roster.csv")
    with pytest.raises(sim.ScenarioError, match="leads outside the scenario's folder"):
        sim.load_scenario(path)


def test_outside_files_load_when_allowed_by_argument_or_environment(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_ENVIRONMENT, raising=False)
    path = scenario_naming(tmp_path, "../roster.csv")
    allowed = sim.load_scenario(path, allow_outside_files=True)
    assert allowed.parties["A"].roster is not None
    assert allowed.parties["A"].roster.csv == str((tmp_path / "roster.csv").resolve())
    monkeypatch.setenv(ALLOW_ENVIRONMENT, "1")
    assert sim.load_scenario(path) == allowed
    with pytest.raises(sim.ScenarioError):
        sim.load_scenario(path, allow_outside_files=False)


def test_the_cli_refuses_outside_files_and_the_flag_allows_them(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """parley validate exits 2 with one line; with --allow-outside-files (anywhere) it passes, and the
    setting does not outlive the command."""
    monkeypatch.delenv(ALLOW_ENVIRONMENT, raising=False)
    path = scenario_naming(tmp_path, "../roster.csv")
    assert main(["validate", str(path)]) == BAD_INPUT
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert main(["validate", str(path), "--allow-outside-files"]) == 0
    assert main(["--allow-outside-files", "validate", str(path)]) == 0
    assert ALLOW_ENVIRONMENT not in os.environ


def test_a_roster_in_a_subfolder_is_inside(tmp_path: Path) -> None:
    path = scenario_naming(tmp_path, "data/roster.csv")
    (path.parent / "data").mkdir()
    shutil.copyfile(DATA / "roster.csv", path.parent / "data" / "roster.csv")
    assert sim.load_scenario(path).parties["A"].roster is not None


def roster_problem(csv_scenario: Callable[[str | None], Path], text: str) -> str:
    path = csv_scenario(None)
    (path.parent / "roster.csv").write_text(text, encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as caught:
        sim.load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.path == "parties.A.roster.csv"
    return problem.message.split("roster.csv", 1)[1]


@pytest.mark.parametrize(("text", "message"), [
    ("id,category\n1,soldier\n99999999999999999999,soldier\n",
     ":3: column 'id': expected a whole number from 0 to 2**63-1, found 99999999999999999999"),
    ("id,category\n1,soldier\n2,\"sol\ndier\"\n3,\"officer\n",
     ":5: not a well-formed CSV row (unexpected end of data)"),
    ("id,category\n1,soldier\n2,\"" + "x" * 200_000 + "\"\n",
     ":3: not a well-formed CSV row (field larger than field limit (131072))"),
    (f"id,category,value_home\n1,soldier,{MAX_VALUE * 10:g}\n",
     f":2: column 'value_home': expected a number from 0 to {MAX_VALUE:g}, found 1e+07"),
    ("id,category,value_home\n1,soldier,\n2,soldier,\"\n\"\n2,officer,\n", ":5: column 'id': id 2 appears twice"),
])
def test_a_malformed_roster_row_is_named_by_its_line(text: str, message: str,
                                                     csv_scenario: Callable[[str | None], Path]) -> None:
    """The line is where the record starts in the file, even after a quoted field spanning two lines."""
    assert roster_problem(csv_scenario, text) == message


def test_the_roster_value_cap_is_the_scenario_value_limit() -> None:
    assert MAX_VALUE == LIMITS.value


def test_an_interrupted_write_keeps_the_previous_summary(istanbul_path: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A second run into the folder (--force) stopped while writing summary.json leaves the first run's
    summary whole, and no temporary file behind."""
    out = tmp_path / "out"
    assert main(["run", str(istanbul_path), "--seed", "1", "--no-plots", "--no-report", "--out", str(out)]) == 0
    before = (out / "summary.json").read_bytes()

    def interrupted(data: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("sim.analysis.run_files.to_json", interrupted)
    assert main(["run", str(istanbul_path), "--seed", "2", "--no-plots", "--no-report", "--out", str(out),
                 "--force"]) == 130
    assert (out / "summary.json").read_bytes() == before
    assert json.loads(before)["seed"] == 1
    assert sorted(path.name for path in out.iterdir()) == ["events.jsonl", "manifest.json", "summary.json"]
    assert "interrupted" in capsys.readouterr().err
