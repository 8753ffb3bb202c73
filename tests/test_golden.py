"""Golden runs: each shipped scenario at a fixed seed, its outcome and event log pinned.

A change that alters any shipped scenario's outcome or event bytes fails here. When the
change is intended, regenerate the goldens with one command and review the diff:

    PARLEY_UPDATE_GOLDENS=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from support import SCENARIOS

import sim

GOLDEN = Path(__file__).parent / "golden"
SEED = 2025
SHIPPED = sorted(path.name for path in SCENARIOS.glob("*.yaml"))


def golden_record(result: sim.Result) -> dict[str, object]:
    return {
        "seed": result.seed,
        "outcome": result.outcome.to_dict(),
        "events": len(result.events),
        "events_sha256": hashlib.sha256(result.events_jsonl().encode("utf-8")).hexdigest(),
    }


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_matches_its_golden_run(name: str) -> None:
    result = sim.run(sim.load_scenario(SCENARIOS / name), seed=SEED)
    record = json.loads(json.dumps(golden_record(result)))
    path = GOLDEN / name.replace(".yaml", ".json")
    if os.environ.get("PARLEY_UPDATE_GOLDENS"):
        path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert record["outcome"] == expected["outcome"]
    assert record["events_sha256"] == expected["events_sha256"], "same seed, same bytes"


def test_every_shipped_scenario_has_a_golden() -> None:
    assert sorted(p.name.replace(".json", ".yaml") for p in GOLDEN.glob("*.json")) == SHIPPED
