"""Smoke test of the benchmark suite: its pieces run, and the implementations reach the same deal.

No timing is asserted; the figures are the benchmark's business (`python benchmarks/run.py`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import sim
from benchmarks import bare_simpy, bilateral, instructions, run, sweeps
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
    assert run.main(["--quick", "--repeats", "1", "--no-scaling", "--no-sweeps", "--json", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "Parley and bare SimPy: same agreement, same round" in printed
    assert "Sweeps (1c): SKIPPED: left out" in printed
    record = json.loads(path.read_text(encoding="utf-8"))
    first = record["bilateral"][0]
    assert first["same_as_bare"] is True
    assert {c["name"] for c in first["contenders"]} == {"Parley", "NegMAS", "bare SimPy"}
    assert {t["status"] for t in record["targets"]} <= {"PASS", "FAIL", "SKIPPED"}
    assert [h["years"] for h in record["channel"]] == [1, 3]
    assert all(h["seconds_per_year"] > 0 and h["events_per_year"] > 0 for h in record["channel"])
    assert all(h["held_at_end"] > 0 for h in record["channel"])
    assert [p["parties"] for p in record["parties"]] == [2, 16]
    assert all(p["executed"] == p["seeds"] for p in record["parties"])  # a deal carried out in every seed
    assert "Parties (issue 13)" in printed


def test_the_16_party_benchmark_file_is_what_its_script_writes() -> None:
    from benchmarks import parties

    written = yaml.safe_load(parties.PARTIES_16.read_text(encoding="utf-8"))
    assert written == parties.document(16)
    scenario = sim.load_scenario(parties.PARTIES_16)
    assert len(scenario.parties) == 16 and [len(m) for m in scenario.sides.values()] == [8, 8]
    assert sum(sum(p.roster.generate.values()) for p in scenario.parties.values()) == 10_000
    assert len(scenario.issues) == 2


def test_sweep_case_runs_a_small_sweep_in_a_fresh_parent() -> None:
    result = sweeps.measure_one(runs=12, workers=1)
    assert (result.runs, result.workers, result.failed) == (12, 1, 0)
    assert result.seconds > 0 and result.peak_rss_mb >= result.baseline_rss_mb > 0


def _swept(runs: int, workers: int, seconds: float, growth: float) -> sweeps.SweepResult:
    return sweeps.SweepResult(runs, workers, seconds, 100.0, 100.0 + growth, 1.0, 0)


def test_speedup_and_flat_memory_are_judged_per_size_and_worker_count() -> None:
    flat = [_swept(1000, 1, 10.0, 30), _swept(1000, 2, 5.5, 30), _swept(10_000, 1, 100.0, 40),
            _swept(10_000, 2, 52.0, 41)]
    assert sweeps.speedup(flat, 10_000) == pytest.approx(100 / 52)
    assert sweeps.memory_flat(flat) is True
    growing = [*flat[:3], _swept(10_000, 2, 52.0, 300)]
    assert sweeps.memory_flat(growing) is False
    assert sweeps.memory_flat(flat[:2]) is None
    repeated = [*flat, _swept(10_000, 2, 60.0, 80)]  # a slower repeat that grew more
    assert sweeps.speedup(repeated, 10_000) == pytest.approx(100 / 52)
    assert sweeps.memory_flat(repeated) is False


@pytest.mark.parametrize("name", [n for n in instructions.WORKLOADS if not n.startswith("negmas")])
def test_instruction_count_workloads_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each workload the valgrind counter runs works in-process (valgrind itself is not needed here)."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    instructions.workload(name)(1)


def test_instruction_counter_reads_callgrinds_total(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-run figure is the difference of the two counts over the extra runs."""
    counts = {1: 1_000, 11: 51_000}

    class Completed:
        returncode = 0

        def __init__(self, command: list[str]) -> None:
            self.stderr = f"==1== Events    : Ir\n==1== Collected : {counts[int(command[-3])]}\n"

    monkeypatch.setattr(instructions.subprocess, "run", lambda command, **_: Completed(command))
    assert instructions.per_run(Path("."), "parley/aspiration", 10) == 5_000.0


def test_the_instruction_counter_can_turn_anticipation_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--anticipation` reaches the children through the environment and every delegation of the document."""
    document = {"parties": {"A": {"delegation": {"authority": 1.0}}, "B": {}}}
    monkeypatch.delenv(instructions.ANTICIPATION, raising=False)
    assert instructions.anticipating(document) is document
    monkeypatch.setenv(instructions.ANTICIPATION, "1")
    found = instructions.anticipating(document)
    assert [spec["delegation"]["anticipation"] for spec in found["parties"].values()] == [{"enabled": True}] * 2
    assert "anticipation" not in document["parties"]["A"]["delegation"]


def test_the_two_level_sweep_measures_own_leader_vetoes_before_and_after() -> None:
    """benchmarks/two_level.py: before, a tough Ukrainian leader vetoes what its delegation agreed; after, never."""
    from benchmarks import two_level

    on = {f"parties.{party}.delegation.anticipation.enabled": True for party in ("RU", "UA")}
    off = dict.fromkeys(on, False)
    before, after = two_level.sweep(3, 0, off), two_level.sweep(3, 0, on)
    assert [row["threshold"] for row in before] == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]
    assert [row["vetoed_by_own_leader.UA"] for row in before] == [0.0] * 3 + [1.0] * 4
    assert all(row["vetoed_by_own_leader.any"] == 0.0 for row in after)
    assert after[3]["median_value.UA"] >= 0.25 > before[3]["median_value.UA"]
    assert "vetoed_own(UA)" in two_level.table(after)
