"""The posterior file: its scenario hash and data_until, the refusals, and one draw per replication seed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from sim.forecast.posterior import PosteriorError, content_hash, make_posterior, read_posterior

DOCUMENT = {"name": "x", "channel": {"rounds": {"list_size": 62, "open_probability": 0.7}}, "start_date": "2022-02-24"}
PATHS = ["channel.rounds.list_size"]


def posterior(tmp_path: Path, until: str = "2022-12-31") -> Path:
    made = make_posterior(DOCUMENT, "x", PATHS, np.array([[40.2], [80.7], [120.0]]), np.array([1.0, 1.0, 2.0]),
                          dt.date(2022, 2, 24), dt.date.fromisoformat(until), "h.csv",
                          values=lambda path, value: float(round(value)))
    file = tmp_path / "posterior.json"
    file.write_text(json.dumps(made.to_json()))
    return file


def test_the_hash_ignores_the_fitted_values_but_not_other_content() -> None:
    other = {**DOCUMENT, "channel": {"rounds": {"list_size": 99, "open_probability": 0.7}}}
    assert content_hash(other, PATHS) == content_hash(DOCUMENT, PATHS)
    changed = {**DOCUMENT, "channel": {"rounds": {"list_size": 62, "open_probability": 0.8}}}
    assert content_hash(changed, PATHS) != content_hash(DOCUMENT, PATHS)


def test_a_posterior_round_trips_with_weights_normalised_and_values_shaped(tmp_path: Path) -> None:
    read = read_posterior(posterior(tmp_path))
    assert read.particles == ((40.0,), (81.0,), (120.0,)) and read.weights == (0.25, 0.25, 0.5)
    assert read.data_until == dt.date(2022, 12, 31)


def test_a_posterior_fitted_past_the_origin_is_refused(tmp_path: Path) -> None:
    read = read_posterior(posterior(tmp_path, until="2023-06-30"))
    read.check(DOCUMENT, dt.date(2023, 6, 30), "s.yaml")
    with pytest.raises(PosteriorError, match=r"posterior.json: data_until: 2023-06-30 is after the forecast origin"):
        read.check(DOCUMENT, dt.date(2022, 12, 31), "s.yaml")


def test_a_posterior_for_another_scenario_is_refused(tmp_path: Path) -> None:
    other = {**DOCUMENT, "start_date": "2022-03-01"}
    with pytest.raises(PosteriorError, match="scenario_content_sha256: fitted for another scenario than s.yaml"):
        read_posterior(posterior(tmp_path)).check(other, None, "s.yaml")


def test_draws_follow_the_weights_and_depend_on_the_replication_seed_only(tmp_path: Path) -> None:
    read = read_posterior(posterior(tmp_path))
    values = [read.draw(seed)["channel.rounds.list_size"] for seed in range(4000)]
    assert [read.draw(seed) for seed in range(5)] == [read.draw(seed) for seed in range(5)]
    assert np.mean(np.array(values) == 120.0) == pytest.approx(0.5, abs=0.03)


@pytest.mark.parametrize("content, field", [
    ({"format": "other"}, "format"),
    ({"format": "parley-posterior/1", "scenario": "x"}, "paths: missing"),
])
def test_a_bad_posterior_file_names_the_field(tmp_path: Path, content: dict, field: str) -> None:
    file = tmp_path / "p.json"
    file.write_text(json.dumps(content))
    with pytest.raises(PosteriorError, match=f"p.json: {field}"):
        read_posterior(file)
