"""`parley compare --posterior`: posterior predictive runs, the parameters' source and the scores in comparison.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from sim.cli import main
from sim.compare.api import compare
from sim.forecast.posterior import make_posterior

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = ROOT / "scenarios" / "ru-ua-channel.yaml"
RU_UA = ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"
WINDOW = {"start": "2022-03-01", "end": "2022-08-31", "runs": 6, "seed": 3}


def write_posterior(folder: Path, document: dict, until: str = "2022-02-28") -> Path:
    made = make_posterior(document, document["name"], ["channel.rounds.list_size"], np.array([[5.0], [400.0]]),
                          np.array([1.0, 1.0]), dt.date(2022, 2, 24), dt.date.fromisoformat(until), str(RU_UA),
                          values=lambda path, value: int(value))
    file = folder / "posterior.json"
    file.write_text(json.dumps(made.to_json()))
    return file


def test_runs_draw_their_parameters_from_the_posterior_and_say_so(tmp_path: Path) -> None:
    from sim.forecast.posterior import read_posterior

    document = yaml.safe_load(CHANNEL.read_text())
    posterior = read_posterior(write_posterior(tmp_path, document))
    drawn = compare(CHANNEL, RU_UA, posterior=posterior, **WINDOW)
    again = compare(CHANNEL, RU_UA, posterior=posterior, **WINDOW)
    fixed = compare(CHANNEL, RU_UA, **WINDOW)
    assert drawn.simulated.equals(again.simulated)
    sizes = {seed: posterior.draw(seed)["channel.rounds.list_size"] for seed in range(3)}
    assert set(sizes.values()) <= {5, 400}
    assert not drawn.simulated[["released_by_a"]].equals(fixed.simulated[["released_by_a"]])
    document_out = drawn.to_json()
    assert document_out["parameters"]["source"] == "posterior" and document_out["parameters"]["particles"] == 2
    assert fixed.to_json()["parameters"]["source"].startswith("fixed values of the scenario file")
    scores = document_out["scores"]["forecasters"]["model"]
    assert set(scores["exchanges.per_quarter"]) == {"crps", "log", "coverage50", "coverage80"}
    assert scores["exchanges.total"]["crps"] >= 0


def test_compare_prints_scores_and_refuses_a_posterior_for_another_scenario(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = yaml.safe_load(CHANNEL.read_text())
    document["channel"]["capture_every_days"] = 8
    other = write_posterior(tmp_path, document)
    code = main(["compare", str(CHANNEL), "--history", str(RU_UA), "--posterior", str(other), "--runs", "2",
                 "--out", str(tmp_path / "out"), "--no-plots"])
    error = capsys.readouterr().err.strip()
    assert code == 2 and error.startswith(f"parley: {other}: scenario_content_sha256: fitted for another scenario")
    assert len(error.splitlines()) == 1
    code = main(["compare", str(CHANNEL), "--history", str(RU_UA), "--from", "2022-03-01", "--to", "2022-06-30",
                 "--runs", "2", "--out", str(tmp_path / "fixed"), "--no-plots"])
    printed = capsys.readouterr().out
    assert code == 0 and "parameters: fixed values of the scenario file (no --posterior)" in printed
    assert "exchanges.per_quarter" in printed and "previous_year: left out: no exchange on or before" in printed


def test_compare_refuses_a_posterior_that_has_seen_the_window_unless_in_sample(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    late = write_posterior(tmp_path, yaml.safe_load(CHANNEL.read_text()), until="2022-12-31")
    options = ["compare", str(CHANNEL), "--history", str(RU_UA), "--from", "2022-06-01", "--to", "2022-07-31",
               "--posterior", str(late), "--runs", "2", "--workers", "1", "--no-plots"]
    code = main([*options, "--out", str(tmp_path / "a")])
    error = capsys.readouterr().err.strip()
    assert code == 2 and error.startswith(f"parley: {late}: data_until: 2022-12-31 is after the forecast origin "
                                          "2022-05-31") and len(error.splitlines()) == 1
    assert main([*options, "--in-sample", "--out", str(tmp_path / "b")]) == 0
    assert "days of the window seen)" in capsys.readouterr().out
