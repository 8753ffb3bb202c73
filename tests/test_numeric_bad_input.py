"""Bad numeric issues, curves and linkage: exit 2 and one line each naming the file, the field path and its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.cli import main

NUMERIC = Path(__file__).resolve().parent / "data" / "numeric.yaml"
TEXT = NUMERIC.read_text(encoding="utf-8")

CASES = [
    # (id, text replaced, replacement, field path, fragment of the message)
    ("empty-range", "range: [0, 30]", "range: [5, 5]", "issues.pause_days.range", "is empty"),
    ("inverted-range", "range: [0, 30]", "range: [30, 0]", "issues.pause_days.range", "is inverted"),
    ("step-wider-than-range", "step: 1\n", "step: 40\n", "issues.pause_days.step", "larger than the range"),
    ("zero-step", "step: 1\n", "step: 0\n", "issues.pause_days.step", "more than 0"),
    ("negative-step", "step: 1\n", "step: -2\n", "issues.pause_days.step", "more than 0"),
    ("grid-too-large", "step: 0.5e9", "step: 1", "issues.funds.step", "more than the limit"),
    ("status-quo-outside", "status_quo: 0", "status_quo: 40", "issues.pause_days.status_quo", "outside the range"),
    ("status-quo-off-grid", "status_quo: 0", "status_quo: 0.5", "issues.pause_days.status_quo", "not on the grid"),
    ("options-on-numeric", "    unit: days\n", "    unit: days\n    options: [a, b]\n", "issues.pause_days.options",
     "not options"),
    ("unit-missing-for-linkage", "    unit: days\n", "", "linkage.0.issue", "has no unit"),
    ("linkage-unknown-issue", "{issue: pause_days, per: 10", "{issue: truce, per: 10", "linkage.0.issue",
     "unknown issue 'truce'"),
    ("linkage-unknown-party", "released_by: A}", "released_by: Z}", "linkage.0.of.released_by", "unknown side 'Z'"),
    ("linkage-unknown-category", "of: {released_by: A}", "of: {released_by: A, category: nurse}",
     "linkage.0.of.category", "unknown category 'nurse'"),
    ("linkage-to-nothing", "of: {released_by: A}", "of: {}", "linkage.0.of", "exactly one of"),
    ("table-amount-outside-range", "[10e9, 1]", "[12e9, 1]", "parties.A.interests.issue_values.funds.points.2",
     "outside the issue's range"),
    ("table-not-increasing", "[6e9, 0.8]", "[0, 0.8]", "parties.A.interests.issue_values.funds.points.1",
     "must increase"),
    ("concave-without-curvature", "{curve: concave, curvature: 2}", "{curve: concave}",
     "parties.B.interests.issue_values.pause_days.curvature", "needs a curvature"),
    ("unknown-curve", "{curve: linear, rising: false}", "{curve: cubic, rising: false}",
     "parties.A.interests.issue_values.pause_days.curve", "'linear', 'concave' or 'table'"),
    ("option-values-for-numeric", "pause_days: {curve: linear, rising: false}", "pause_days: {short: 1}",
     "parties.A.interests.issue_values.pause_days", "give a curve"),
]


@pytest.mark.parametrize(("old", "new", "path", "fragment"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_bad_numeric_input_is_one_line_with_file_field_and_line(old: str, new: str, path: str, fragment: str,
                                                                 tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    scenario = tmp_path / "numeric.yaml"
    scenario.write_text(text, encoding="utf-8")
    assert main(["validate", str(scenario)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    match = re.match(rf"^{re.escape(str(scenario))}:(\d+): {re.escape(path)}: (.*)$", lines[0])
    assert match is not None, lines[0]
    assert fragment in match.group(2)
    # the line is the deepest part of the field path that the file has
    key = path.split(".")[-1]
    numbered = text.splitlines()
    line = numbered[int(match.group(1)) - 1]
    assert key in line or key.isdigit() or path.split(".")[-2] in line or "{" in line, line
    assert "Traceback" not in lines[0]


def test_an_options_issue_with_a_unit_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tiny = (NUMERIC.parent / "tiny.yaml").read_text(encoding="utf-8")
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(tiny.replace("options: [declined, agreed]", "options: [declined, agreed]\n    unit: USD"),
                        encoding="utf-8")
    assert main(["validate", str(scenario)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"{scenario}:17: issues.meet.unit: 'unit' is for issues of kind numeric (this one has options)"]
