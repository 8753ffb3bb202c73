"""`parley validate` warns about valid scenarios that cannot work; `--strict` makes the warnings exit 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sim.cli import main

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
BAD_INPUT = 2


def minimal(**changes: Any) -> dict[str, Any]:
    """Two parties with ten soldiers each; with `interests` both value getting their own back."""
    document: dict[str, Any] = {
        "name": "minimal", "horizon_days": 30, "categories": ["soldier"],
        "parties": {party: {"name": party, "leader": {"name": f"{party} leader"},
                            "delegation": {"name": f"{party} delegation"},
                            "roster": {"generate": {"soldier": 10}}} for party in ("A", "B")},
    }
    for party in ("A", "B"):
        document["parties"][party]["interests"] = {"value_home": {"soldier": 1.0}, "value_holder": {"soldier": 0.2}}
    for path, value in changes.items():
        *parents, last = path.split(".")
        place = document
        for key in parents:
            place = place.setdefault(key, {})
        if value is None:
            place.pop(last, None)
        else:
            place[last] = value
    return document


def validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], document: dict[str, Any],
             *flags: str) -> tuple[int, list[str]]:
    """Write `document`, validate it; return the exit code and the warning lines."""
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    code = main(["validate", str(path), *flags])
    captured = capsys.readouterr()
    assert f"{path}: ok (minimal)" in captured.out
    return code, [line for line in captured.err.splitlines() if line.startswith("warning: ")]


def test_a_working_scenario_gets_no_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(tmp_path, capsys, minimal()) == (0, [])


def test_shipped_scenarios_get_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", *map(str, sorted(SCENARIOS.glob("*.yaml")))]) == 0
    assert "warning" not in capsys.readouterr().err


def test_interests_that_value_nothing_warn_and_strict_exits_2(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The minimal scenario with no interests never reaches a deal: a warning naming `parties`, exit 0;
    `--strict` exits 2."""
    document = minimal(**{"parties.A.interests": None, "parties.B.interests": None})
    code, warnings = validate(tmp_path, capsys, document)
    assert code == 0
    assert len(warnings) == 1 and warnings[0].startswith(f"warning: {tmp_path / 'scenario.yaml'}: parties: no package")
    assert validate(tmp_path, capsys, document, "--strict")[0] == BAD_INPUT


def test_a_ratio_limit_nothing_meets_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """B holds nobody, so A's limit of 2 released per captive returned rules out every exchange."""
    document = minimal(**{"parties.B.roster.generate.soldier": 0, "parties.A.interests.max_ratio": 2.0})
    _, warnings = validate(tmp_path, capsys, document)
    assert any(": parties.A.interests.max_ratio: 2: no package that releases anyone" in line for line in warnings)


def test_talks_longer_than_the_horizon_warn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """50 steps of 2 h take 4.2 days, beyond a 2-day horizon."""
    _, warnings = validate(tmp_path, capsys, minimal(horizon_days=2, **{"protocol.step_hours": 2.0}))
    assert [line.split(": ", 3)[2] for line in warnings] == ["protocol.max_steps"]
    assert "take 4.16667 days, more than horizon_days 2" in warnings[0]


def test_a_mediator_that_never_drafts_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A drafting mediator every 20 steps in talks of 10 steps never drafts."""
    document = minimal(**{"protocol.max_steps": 10, "mediators.M": {
        "name": "Mediator", "style": "host", "drafts_packages": True, "draft_every_steps": 20}})
    _, warnings = validate(tmp_path, capsys, document)
    assert [line.split(": ", 3)[2] for line in warnings] == ["mediators.M.draft_every_steps"]
    assert "never drafts" in warnings[0]
