"""scenarios/ru-ua-channel.yaml carries the calibration it says it carries.

The record of that calibration (`tests/data/ru-ua-channel-calibration.json`, the
`calibration.json` written by the command in the scenario's header) is committed beside the
tests: the fitted values in the file must be its posterior medians, and the command must be
the one in the header. Re-running that command (minutes) reproduces the medians; what makes
that so without running it here: the fit does not depend on the values the fitted paths
held in the file, only on everything else, which the calibration left as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import SCENARIOS

from sim.calibrate import calibrate
from sim.experiments.paths import apply_point, validate_point
from sim.experiments.source import open_source
from sim.scenario import validate_document

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = SCENARIOS / "ru-ua-channel.yaml"
RECORD = json.loads((ROOT / "tests" / "data" / "ru-ua-channel-calibration.json").read_text(encoding="utf-8"))
RU_UA = ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"


def value_at(document: Any, path: str) -> Any:
    for part in path.split("."):
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def test_the_shipped_values_are_the_posterior_medians_of_the_recorded_calibration() -> None:
    document = yaml.safe_load(CHANNEL.read_text(encoding="utf-8"))
    medians = {path: entry["median"] for path, entry in RECORD["parameters"].items()}
    assert len(medians) == 6
    assert {path: value_at(document, path) for path in medians} == medians


def test_the_header_names_the_command_and_the_window_of_that_calibration() -> None:
    text = CHANNEL.read_text(encoding="utf-8")
    assert f"#   {RECORD['command']}\n" in text
    assert RECORD["train_from"] == "2022-02-24" and RECORD["train_to"] == "2024-12-31"
    assert RECORD["distance_by_year"] is True
    assert "--seed 0" in RECORD["command"] and "--budget 1500" in RECORD["command"]


@pytest.mark.parametrize("shift", [0.5, 2.0])
def test_the_fit_does_not_depend_on_the_values_the_fitted_paths_held(shift: float, tmp_path: Path) -> None:
    """A small fit from the shipped file and from a copy with the fitted values moved agree exactly."""
    ranges = {"channel.periods.0.list_size": (20.0, 250.0), "channel.rounds.open_probability": (0.05, 1.0)}
    source = open_source(CHANNEL)
    base = validate_document(source.document, source.file, source.lines, base=source.base)
    moved = {"channel.periods.0.list_size": round(60 * shift), "channel.rounds.open_probability": 0.4 * shift / 2}
    validate_point(source, base, moved)
    copy = tmp_path / "ru-ua-channel.yaml"
    copy.write_text(yaml.safe_dump(apply_point(source, base, moved), sort_keys=False), encoding="utf-8")
    options: dict[str, Any] = {"train_to": "2022-12-31", "budget": 8, "population": 4, "seed": 3, "by_year": True}
    shipped, other = calibrate(CHANNEL, RU_UA, ranges, **options), calibrate(copy, RU_UA, ranges, **options)
    assert shipped.medians == other.medians
    assert (shipped.posterior.distances == other.posterior.distances).all()
