"""Clear outcome names and flat tables: agreed at the table, ratified, executed (with `agreement` as
the old name's alias), flat summaries and event frames, `sim.sweep` taking a Scenario, and summary
lines that count what the tables count."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

import sim
from sim.cli.describe import describe_outcome

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
ISTANBUL = SCENARIOS / "istanbul-2025-05.yaml"
THRESHOLD = "parties.UA.leader.veto.threshold"
IGNORING = {"parties.UA.delegation.anticipation.enabled": [False]}
"""Ukraine's delegation ignores its leader, so a high threshold ends in vetoes (anticipating, it agrees nothing)."""


@pytest.fixture(scope="module")
def table() -> object:
    """Istanbul with UA's veto threshold 0.1 and 0.3, two runs each: executed, scrapped and vetoed runs."""
    return sim.sweep(sim.load_scenario(ISTANBUL), values={THRESHOLD: [0.1, 0.3], **IGNORING}, runs=2)


def test_three_gates_in_the_sweep_table(table: object) -> None:
    """A vetoed run was agreed at the table but not ratified; a scrapped one ratified but not executed;
    `agreement` is the alias of `agreed_at_table`."""
    rows = table[["status", "agreed_at_table", "ratified", "executed", "agreement"]]  # type: ignore[index]
    assert rows.values.tolist() == [["scrapped", True, True, False, True], ["executed", True, True, True, True],
                                    ["vetoed", True, False, False, True], ["vetoed", True, False, False, True]]


def test_sweep_takes_a_scenario_object_like_its_file(table: object) -> None:
    """`sim.sweep(Scenario)` gives the table the file gives."""
    from_file = sim.sweep(str(ISTANBUL), values={THRESHOLD: [0.1, 0.3], **IGNORING}, runs=2)
    assert from_file.equals(table)


def test_summary_is_flat_with_the_gates() -> None:
    """One key per party and category, no mapping values; summary.json's nested form is `flat=False`."""
    result = sim.run(sim.load_scenario(ISTANBUL), seed=0)
    summary = result.summary()
    assert not any(isinstance(value, Mapping) for value in summary.values())
    assert summary["released.RU"] == 1000 and summary["released_by_category.RU.soldier"] == 473
    assert (summary["agreed_at_table"], summary["ratified"], summary["executed"]) == (True, True, True)
    assert summary["agreement"] is summary["agreed_at_table"]
    assert result.summary(flat=False)["released"] == {"RU": 1000, "UA": 1000}


def test_events_frame_has_a_column_per_party_and_category() -> None:
    """Payload mappings are spread into columns: no cell holds a dict."""
    frame = sim.run(sim.load_scenario(ISTANBUL), seed=0).events_frame()
    assert not frame.map(lambda cell: isinstance(cell, Mapping)).any().any()
    agreement = frame[frame["kind"] == "agreement"].iloc[0]
    assert agreement["payload.released.RU"] == 1000 and agreement["payload.values.UA"] < 0.3
    assert "payload.categories.soldier" in frame.columns


def test_a_vetoed_run_says_what_happened(table: object) -> None:
    """The printed line of a vetoed run says agreed at the table, and that the deal was neither ratified nor
    executed (the run is the sweep's first vetoed one, repeated from its point and seed)."""
    vetoed = table[table["status"] == "vetoed"].iloc[0]  # type: ignore[index]
    document = sim.load_scenario(ISTANBUL).model_dump(mode="python", exclude_unset=True)
    document["parties"]["UA"]["leader"]["veto"]["threshold"] = float(vetoed[THRESHOLD])
    document["parties"]["UA"]["delegation"]["anticipation"] = {"enabled": False}
    result = sim.run(sim.validate_document(document), seed=int(vetoed["seed"]))
    assert result.outcome.status == "vetoed"
    assert "  agreed at the table on " in describe_outcome(result)
    assert describe_outcome(result).splitlines()[1].endswith("; ratified no, executed no")


def test_channel_summary_lines_count_what_the_tables_hold() -> None:
    """Shalit's exchanges table holds two stages, and the line says two; a short channel gives no years."""
    shalit = sim.run(sim.load_scenario(SCENARIOS / "shalit-2011.yaml"), seed=0)
    assert len(shalit.exchanges()) == 2
    assert describe_outcome(shalit).splitlines()[0].endswith(": 2 exchange stages in 92 days")
    gaza = sim.run(sim.load_scenario(SCENARIOS / "gaza-truce-2023-11.yaml"), seed=0)
    first = describe_outcome(gaza).splitlines()[0]
    assert f": {len(gaza.exchanges())} exchanges in 8 days" in first and "years" not in first
