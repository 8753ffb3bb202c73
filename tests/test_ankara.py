"""The Ankara exchange of August 2024 against the record: seven parties, Turkey's single text, named people.

The record (seeds/ankara-2024-08.md): Russia and Belarus released 16, the five Western states 10
(8 adults and 2 minors), all in one stage, Gershkovich, Whelan, Kurmasheva, Kara-Murza and Krasikov
among them. Their demands in the scenario are soft, so values carry them, not a rule.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import sim

ANKARA = Path(__file__).resolve().parents[1] / "scenarios" / "ankara-2024-08.yaml"
EAST, WEST = ("RU", "BY"), ("US", "DE", "PL", "SI", "NO")
FIVE = {"Evan Gershkovich", "Paul Whelan", "Alsu Kurmasheva", "Vladimir Kara-Murza", "Vadim Krasikov"}


def test_the_scenario_has_the_seven_parties_in_two_blocs_and_turkey_mediating() -> None:
    scenario = sim.load_scenario(ANKARA)
    assert scenario.party_ids == ("BY", "DE", "NO", "PL", "RU", "SI", "US")
    assert scenario.sides == {"east": ("BY", "RU"), "west": ("DE", "NO", "PL", "SI", "US")}
    assert list(scenario.mediators) == ["TR"] and scenario.protocol.mediator == "TR"
    demands = {d.name: d.kind for party in scenario.parties.values() for d in party.demands}
    assert {name: demands[name] for name in FIVE} == dict.fromkeys(FIVE, "soft")


def test_one_run_releases_the_record_numbers_and_names_the_five() -> None:
    result = sim.run(sim.load_scenario(ANKARA), seed=1)
    outcome = result.outcome
    assert outcome.status == "executed"
    assert outcome.agreed_released == {"east": 16, "west": 10}
    assert {p: outcome.released[p] for p in (*EAST, *WEST)} == {"RU": 15, "BY": 1, "US": 3, "DE": 1, "PL": 1,
                                                                "SI": 4, "NO": 1}
    named = result.released_named()
    assert named["DE"] == ["Vadim Krasikov"] and named["BY"] == ["Rico Krieger"]
    assert FIVE <= {name for names in named.values() for name in names}


@pytest.mark.slow
def test_over_200_seeds_the_spread_matches_the_record() -> None:
    """Executed in most runs; east releases 14-18 and west 8-10 whenever executed, the five named always."""
    scenario = sim.load_scenario(ANKARA)
    statuses: Counter[str] = Counter()
    for seed in range(200):
        result = sim.run(scenario, seed=seed)
        outcome = result.outcome
        statuses[outcome.status] += 1
        if outcome.status != "executed":
            continue
        assert 14 <= sum(outcome.released[p] for p in EAST) <= 18, seed
        assert 8 <= sum(outcome.released[p] for p in WEST) <= 10, seed
        named = {name for names in result.released_named().values() for name in names}
        assert FIVE <= named, (seed, FIVE - named)
    assert statuses["executed"] >= 150, statuses  # most runs: 170 of 200 when written


def test_a_sweep_of_ankara_summarises_and_draws_per_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Agreed releases are per side (the two blocs), in the printed summary, the figures and the report."""
    from sim.cli import main

    out = tmp_path / "sweep"
    assert main(["sweep", str(ANKARA), "--runs", "2", "--workers", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "median east releases  median west releases" in printed
    assert {"outcomes.png", "report.html"} <= {path.name for path in out.iterdir()}
