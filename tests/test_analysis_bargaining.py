"""The model's own outcome space: the bargaining set against brute force, and what it is built from."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml
from support import SCENARIOS, load, swap_document

import sim
from sim.analysis.bargaining import bargaining_set
from sim.cli import main

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "scenarios" / "bilateral-3x10.yaml"


def small_swap() -> sim.Scenario:
    document = swap_document()
    for party, count in (("X", 40), ("Y", 30)):
        document["parties"][party]["roster"]["generate"] = {"soldier": count, "officer": count // 10}
    document["issues"] = {"corridor": {"options": ["closed", "open", "monitored"], "status_quo": "closed"}}
    document["parties"]["X"]["interests"]["issue_values"] = {"corridor": {"closed": 1.0, "open": 0.0,
                                                                           "monitored": 0.4}}
    document["parties"]["Y"]["interests"]["issue_values"] = {"corridor": {"closed": 0.0, "open": 1.0,
                                                                           "monitored": 0.7}}
    document["parties"]["X"]["interests"]["reserved_value"] = 0.3
    document["protocol"]["package_step"] = 5
    return load(document)


def brute_force(pairs: dict[int, tuple[float, float]], d: tuple[float, float]) -> dict[str, object]:
    """Frontier, best Nash product, best smallest normalised gain and best sum, looping over every outcome."""
    frontier = {p for o, p in pairs.items()
                if not any(q[0] >= p[0] and q[1] >= p[1] and q != p for q in pairs.values())}
    rational = [p for p in pairs.values() if p[0] >= d[0] - 1e-12 and p[1] >= d[1] - 1e-12]
    ideal = (max(p[0] for p in rational), max(p[1] for p in rational))
    return {
        "frontier": frontier,
        "nash": max((p[0] - d[0]) * (p[1] - d[1]) for p in rational),
        "kalai": max(min((p[0] - d[0]) / (ideal[0] - d[0]), (p[1] - d[1]) / (ideal[1] - d[1])) for p in rational),
        "welfare": max(p[0] + p[1] for p in rational),
        "ideal": ideal,
    }


def check(found: dict[str, object], expected: dict[str, object], d: tuple[float, float]) -> None:
    """A `parley analyze --json` object (or one built alike) against `brute_force`'s answer."""
    frontier = {tuple(point) for point in found["pareto"]}  # type: ignore[attr-defined]
    assert len(frontier) == len(expected["frontier"])  # type: ignore[arg-type]
    for point in expected["frontier"]:  # type: ignore[attr-defined]
        assert min(math.dist(point, other) for other in frontier) < 1e-9
    nash = found["nash"]["utilities"]  # type: ignore[index]
    kalai = found["kalai"]["utilities"]  # type: ignore[index]
    welfare = found["max_welfare"]["utilities"]  # type: ignore[index]
    ideal = expected["ideal"]
    assert (nash[0] - d[0]) * (nash[1] - d[1]) == pytest.approx(expected["nash"], abs=1e-9)
    gains = min((kalai[0] - d[0]) / (ideal[0] - d[0]), (kalai[1] - d[1]) / (ideal[1] - d[1]))  # type: ignore[index]
    assert gains == pytest.approx(expected["kalai"], abs=1e-9)
    assert sum(welfare) == pytest.approx(expected["welfare"], abs=1e-9)


@pytest.mark.parametrize("ratio_limits", [True, False])
def test_small_swap_matches_brute_force_over_its_outcomes(ratio_limits: bool) -> None:
    bargaining = bargaining_set(small_swap(), seed=4, respect_ratio_limits=ratio_limits)
    valuation = bargaining.valuation
    assert valuation.space.size > 100
    pairs = {o: bargaining.utilities(o) for o in bargaining.considered.tolist()}
    found = {"pareto": bargaining.frontier_points.tolist()}
    for name in ("nash", "kalai", "max_welfare"):
        outcome = bargaining.outcome(name)
        assert outcome is not None and outcome in pairs
        found[name] = {"utilities": list(bargaining.utilities(outcome))}
    check(found, brute_force(pairs, bargaining.disagreement), bargaining.disagreement)


def test_ratio_limits_at_initial_trust_decide_which_outcomes_are_analysed() -> None:
    scenario = small_swap()
    limited = bargaining_set(scenario, seed=4)
    everything = bargaining_set(scenario, seed=4, respect_ratio_limits=False)
    assert everything.considered.size == everything.valuation.space.size
    limit = 1.0 + (2.0 - 1.0) * 0.4  # max_ratio 2, initial trust 0.4, both sides
    expected = []
    for outcome in range(limited.valuation.space.size):
        released = limited.valuation.space.released(outcome)
        if released["X"] <= limit * released["Y"] + 1e-9 and released["Y"] <= limit * released["X"] + 1e-9:
            expected.append(outcome)
    assert limited.considered.tolist() == expected
    assert 0 < len(expected) < everything.considered.size


def test_disagreement_point_is_the_reserved_value_or_else_the_status_quo() -> None:
    bargaining = bargaining_set(small_swap(), seed=4)
    space = bargaining.valuation.space
    status_quo = space.index({"X": 0, "Y": 0}, {"corridor": "closed"})
    assert bargaining.disagreement[0] == 0.3  # X's reserved value
    assert bargaining.disagreement[1] == pytest.approx(bargaining.valuation.utility["Y"][status_quo])


def benchmark_by_hand() -> tuple[dict[tuple[str, ...], tuple[float, float]], tuple[float, float]]:
    """Every outcome of the 3x10 benchmark with its utilities, computed from the YAML's weights and values."""
    document = yaml.safe_load(BENCHMARK.read_text(encoding="utf-8"))
    issues = list(document["issues"])
    pairs = {}
    for combination in itertools.product(*(document["issues"][i]["options"] for i in issues)):
        utilities = []
        for party in ("A", "B"):
            interests = document["parties"][party]["interests"]
            total = sum(interests["weights"].values())
            utilities.append(sum(interests["weights"][issue] / total * interests["issue_values"][issue][option]
                                 for issue, option in zip(issues, combination, strict=True)))
        pairs[combination] = (utilities[0], utilities[1])
    reserved = (document["parties"]["A"]["interests"]["reserved_value"],
                document["parties"]["B"]["interests"]["reserved_value"])
    return pairs, reserved


def test_analyze_json_of_the_benchmark_agrees_with_brute_force(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(BENCHMARK), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    pairs, reserved = benchmark_by_hand()
    assert len(pairs) == 1000 and found["outcomes"] == 1000
    assert found["parties"] == ["A", "B"]
    assert found["disagreement"] == list(reserved)
    expected = brute_force(dict(enumerate(pairs.values())), reserved)
    check(found, expected, reserved)
    for name in ("nash", "kalai", "max_welfare"):
        options = tuple(found[name]["outcome"]["issues"][issue] for issue in ("i1", "i2", "i3"))
        assert pairs[options] == pytest.approx(tuple(found[name]["utilities"]), abs=1e-12)
    # By hand: the welfare-maximal outcomes are i1 = v9, i3 = v0 (sum 1.3 for any i2); on that line the
    # products peak at i2 = v4 or v5 (u = 0.5 + 0.3 * k / 9 against 0.8 - 0.3 * k / 9), a tie.
    assert sum(found["max_welfare"]["utilities"]) == pytest.approx(1.3, abs=1e-5)
    assert found["nash"]["outcome"]["issues"]["i2"] in ("v4", "v5")
    assert "subsets" not in found


def test_analyze_prints_a_table_in_scenario_terms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(SCENARIOS / "istanbul-2025-05.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Istanbul talks, May 2025 (seed 0): 1612 outcomes, ")
    assert lines[2].startswith("  Pareto frontier: ")
    nash = next(line for line in lines if line.lstrip().startswith("Nash"))
    assert "RU releases" in nash and "UA releases" in nash and "ceasefire" in nash
    assert lines[-1].startswith("  lists as any subsets: ")


def test_analyze_json_with_captives_describes_packages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(SCENARIOS / "istanbul-2025-05.yaml"), "--json", "--seed", "3"]) == 0
    found = json.loads(capsys.readouterr().out)
    bargaining = bargaining_set(sim.load_scenario(SCENARIOS / "istanbul-2025-05.yaml"), seed=3)
    assert found["seed"] == 3 and found["ratio_limits"] is True
    assert found["pareto"] == bargaining.frontier_points.tolist()
    nash = bargaining.outcome("nash")
    assert nash is not None
    assert found["nash"]["outcome"] == {"released": bargaining.valuation.space.released(nash),
                                        "issues": bargaining.valuation.space.issue_options(nash)}
    assert found["subsets"]["supported_points"] > len(found["pareto"])
    assert 0.0 < found["subsets"]["vertex_bound_fixed_issues"] <= found["subsets"]["vertex_bound"]


@pytest.mark.parametrize(("arguments", "message"), [
    (["analyze", "missing.yaml"], "missing.yaml: file not found"),
    (["analyze", "scenarios/istanbul-2025-05.yaml", "--seed", "x"], "argument --seed"),
])
def test_analyze_rejects_bad_input_in_one_line(arguments: list[str], message: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(arguments) == 2
    error = capsys.readouterr().err
    assert message in error and len(error.strip().splitlines()) == 1 and "Traceback" not in error


def test_no_outcome_individually_rational_leaves_the_solutions_empty(capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    document = yaml.safe_load(BENCHMARK.read_text(encoding="utf-8"))
    for party in ("A", "B"):
        document["parties"][party]["interests"]["reserved_value"] = 0.9
    path = tmp_path / "greedy.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert main(["analyze", str(path), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["nash"] is None and found["kalai"] is None and found["max_welfare"] is None
    assert len(found["pareto"]) == 28
    assert main(["analyze", str(path)]) == 0
    assert "no outcome is individually rational" in capsys.readouterr().out


def test_frontier_points_are_not_dominated_and_rise_in_the_first_utility() -> None:
    bargaining = bargaining_set(sim.load_scenario(SCENARIOS / "azovstal-2022-09.yaml"))
    points = bargaining.frontier_points
    assert np.all(np.diff(points[:, 0]) > 0) and np.all(np.diff(points[:, 1]) < 0)
    cloud = bargaining.points(bargaining.considered)
    for point in points[:: max(1, len(points) // 40)]:
        assert not np.any((cloud[:, 0] >= point[0]) & (cloud[:, 1] >= point[1])
                          & ((cloud[:, 0] > point[0]) | (cloud[:, 1] > point[1])))
