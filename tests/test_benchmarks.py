"""Smoke test of the benchmark suite: its pieces run, and the implementations reach the same deal.

No timing is asserted; the figures are the benchmark's business (`python benchmarks/run.py`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import bare_simpy, bilateral, run
from benchmarks.istanbul_scaling import scaled_document
from benchmarks.problem import Deal, cases, load_problem

# The agreements Parley reaches on the two workloads, as the scenario file defines them.
EXPECTED = {
    "aspiration 4 vs 4": Deal({"i1": "v9", "i2": "v4", "i3": "v0"}, offers=157, round=79),
    "boulware 4 vs conceder 0.25": Deal({"i1": "v9", "i2": "v9", "i3": "v6"}, offers=102, round=51),
}


@pytest.mark.parametrize("problem", cases(), ids=lambda p: p.name)
def test_parley_and_the_bare_loop_reach_the_same_agreement_at_the_same_step(problem) -> None:
    parley = bilateral.parley_negotiation(problem)()
    bare = bare_simpy.negotiate(problem, (problem.utility(0), problem.utility(1)))
    assert parley == EXPECTED[problem.name]
    assert bare == EXPECTED[problem.name]


def test_the_second_case_changes_only_the_exponents() -> None:
    base, variant = cases()
    assert [s.exponent for s in base.sides] == [4.0, 4.0]
    assert [s.exponent for s in variant.sides] == [4.0, 0.25]
    assert variant.document["parties"]["B"]["delegation"]["strategy"]["exponent"] == 0.25
    assert base.document["parties"]["B"]["delegation"]["strategy"]["exponent"] == 4.0


def test_the_scenario_file_matches_the_issue() -> None:
    problem = load_problem()
    first, second = problem.sides
    assert first.weights == (0.5, 0.3, 0.2) and second.weights == (0.2, 0.3, 0.5)
    assert problem.size == 1000 and problem.rounds == 100 and problem.max_offers == 200
    assert problem.utility(0)[-1] == pytest.approx(1.0) and problem.utility(1)[0] == pytest.approx(1.0)
    assert first.values[0][1] == pytest.approx(1 / 9, abs=1e-6)
    assert second.values[0][1] == pytest.approx(8 / 9, abs=1e-6)


def test_negmas_case_runs_when_negmas_is_installed() -> None:
    pytest.importorskip("negmas")
    from benchmarks import negmas_case

    deal = negmas_case.negotiate(load_problem())
    assert deal.outcome is not None and 1 <= deal.round <= 100


def test_scaled_istanbul_keeps_the_mix_and_the_package_levels() -> None:
    document = scaled_document(1_000_000)
    russia = document["parties"]["RU"]["roster"]["generate"]
    assert sum(russia.values()) == 1_000_000
    assert russia["soldier"] == pytest.approx(1_000_000 * 2300 / 3000, abs=1)
    assert document["protocol"]["package_step"] == 33_333
    assert document["protocol"]["max_steps"] == 48


def test_quick_run_prints_targets_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bench.json"
    assert run.main(["--quick", "--repeats", "1", "--no-scaling", "--json", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "Parley and bare SimPy: same agreement, same round" in printed
    assert "SKIPPED" in printed  # sweeps are not built on this branch
    record = json.loads(path.read_text(encoding="utf-8"))
    first = record["bilateral"][0]
    assert first["same_as_bare"] is True
    assert {c["name"] for c in first["contenders"]} == {"Parley", "NegMAS", "bare SimPy"}
    assert {t["status"] for t in record["targets"]} <= {"PASS", "FAIL", "SKIPPED"}
