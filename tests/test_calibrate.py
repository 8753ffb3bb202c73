"""Calibration: ABC-SMC recovers known parameters (a toy model and the channel itself), is
deterministic, keeps to its budget; `parley calibrate` writes its files and rejects bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.calibrate import abc_smc, calibrate
from sim.calibrate.abc import weighted_quantile
from sim.cli import main
from sim.engine import run
from sim.experiments.paths import validate_point
from sim.experiments.source import open_source
from sim.history.table import HistoryTable
from sim.scenario import load_scenario, validate_document
from sim.scenario.horizon import until

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = ROOT / "scenarios" / "ru-ua-channel.yaml"
RU_UA = ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"


def noisy_distance(thetas: np.ndarray, seeds: list[int]) -> np.ndarray:
    """A toy simulator: observe theta + N(0, 0.2); the data say 3."""
    noise = np.array([np.random.default_rng(seed).normal(0.0, 0.2) for seed in seeds])
    return np.abs(thetas[:, 0] + noise - 3.0)


def test_abc_smc_recovers_the_parameter_of_a_toy_model() -> None:
    generations = abc_smc(noisy_distance, [0.0], [10.0], population=100, budget=2000, seed=4)
    final = generations[-1]
    assert len(generations) >= 4
    assert weighted_quantile(final.particles[:, 0], final.weights, 0.5) == pytest.approx(3.0, abs=0.15)
    epsilons = [generation.epsilon for generation in generations]
    assert epsilons == sorted(epsilons, reverse=True)
    assert final.simulations <= 2000
    assert final.weights.sum() == pytest.approx(1.0)


def test_abc_smc_is_deterministic_given_the_seed() -> None:
    first = abc_smc(noisy_distance, [0.0], [10.0], population=20, budget=200, seed=9)
    again = abc_smc(noisy_distance, [0.0], [10.0], population=20, budget=200, seed=9)
    other = abc_smc(noisy_distance, [0.0], [10.0], population=20, budget=200, seed=10)
    assert np.array_equal(first[-1].particles, again[-1].particles)
    assert not np.array_equal(first[-1].particles, other[-1].particles)


def test_weighted_quantile_follows_the_weights() -> None:
    values, weights = np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.1, 0.8])
    assert weighted_quantile(values, weights, 0.5) == 3.0
    assert weighted_quantile(values, weights, 0.1) == 1.0


@pytest.mark.slow
def test_calibration_recovers_a_list_size_from_data_the_model_made() -> None:
    """Tolerance: the true value inside the posterior's 10%-90% interval, the median within 25 of it,
    the interval under half the prior's width (one synthetic run of 2022, 120 simulations)."""
    source = open_source(CHANNEL)
    base = validate_document(source.document, source.file, source.lines, base=source.base)
    truth = until(validate_point(source, base, {"channel.rounds.list_size": 60}), dt.date(2022, 12, 31))
    synthetic = HistoryTable("<synthetic>", run(truth, seed=101).exchanges())
    fit = calibrate(source, synthetic, {"channel.rounds.list_size": (20, 200)}, train_to="2022-12-31",
                    budget=120, population=16, seed=1)
    low, high = fit.intervals["channel.rounds.list_size"]
    assert low <= 60 <= high
    assert abs(fit.medians["channel.rounds.list_size"] - 60) <= 25
    assert high - low < 90
    assert isinstance(fit.medians["channel.rounds.list_size"], int)


def test_calibrate_writes_its_files_and_evaluates_on_the_held_out_window(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fit"
    code = main(["calibrate", str(CHANNEL), "--history", str(RU_UA), "--param", "channel.rounds.list_size=40:200",
                 "--train-to", "2022-06-30", "--test-to", "2022-12-31", "--budget", "24", "--population", "8",
                 "--runs", "2", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "calibration.json", "evaluation.json", "generations.csv", "posterior.csv", "posterior.json", "posterior.png",
        "ru-ua-channel.calibrated.yaml"]
    posterior = json.loads((out / "posterior.json").read_text())
    assert posterior["data_until"] == "2022-06-30" and posterior["paths"] == ["channel.rounds.list_size"]
    assert len(posterior["particles"]) == 8 and all(value == int(value) for [value] in posterior["particles"])
    fitted = json.loads((out / "calibration.json").read_text())["parameters"]["channel.rounds.list_size"]
    scenario = load_scenario(out / "ru-ua-channel.calibrated.yaml")
    assert scenario.channel is not None and scenario.channel.rounds.list_size == fitted["median"]
    assert 40 <= fitted["median"] <= 200
    header = (out / "ru-ua-channel.calibrated.yaml").read_text().splitlines()[:3]
    assert "--train-to 2022-06-30" in header[1] and "2022-02-24 to 2022-06-30" in header[2]
    evaluation = json.loads((out / "evaluation.json").read_text())
    assert evaluation["window"] == {"from": "2022-07-01", "to": "2022-12-31", "days": 184}
    assert evaluation["metrics"]["exchanges"]["historical"] == 17  # the record, July to December 2022
    assert "input_median" in evaluation["metrics"]["exchanges"]
    assert "held-out window 2022-07-01..2022-12-31" in printed
    posterior = pd.read_csv(out / "posterior.csv")
    assert list(posterior.columns) == ["generation", "weight", "distance", "channel.rounds.list_size"]
    assert len(posterior) == 8


@pytest.mark.parametrize(("param", "message"), [
    ("channel.rounds.list_size", "expected PATH=LOW:HIGH with two numbers"),
    ("channel.rounds.list_size=9:3", "expected LOW < HIGH, found 9:3"),
    ("channel.rounds.list_sise=1:3", "list_sise"),
])
def test_bad_parameters_exit_2_with_one_line(param: str, message: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["calibrate", str(CHANNEL), "--history", str(RU_UA), "--param", param, "--train-to", "2022-06-30",
                 "--budget", "4", "--population", "2", "--out", str(tmp_path / "out")])
    error = capsys.readouterr().err.strip()
    assert code == 2
    assert message in error and len(error.splitlines()) == 1


@pytest.mark.slow
def test_the_fit_is_the_same_whatever_the_number_of_workers() -> None:
    options = {"train_to": "2022-06-30", "budget": 24, "population": 8, "seed": 5}
    ranges = {"channel.rounds.list_size": (40.0, 200.0)}
    serial = calibrate(CHANNEL, RU_UA, ranges, workers=1, **options)
    pooled = calibrate(CHANNEL, RU_UA, ranges, workers=2, **options)
    assert np.array_equal(serial.posterior.particles, pooled.posterior.particles)
    assert np.array_equal(serial.posterior.distances, pooled.posterior.distances)
    assert serial.medians == pooled.medians
