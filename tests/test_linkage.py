"""Linkage: ties between a numeric issue and captives or another issue, as a mask of the outcomes on the table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import simpy
import yaml

import sim
from sim.runtime.events import Recorder
from sim.talks.setup import build_context
from sim.valuation.linkage import LinkRule, linkage_mask

NUMERIC = Path(__file__).resolve().parent / "data" / "numeric.yaml"


def _rule(**fields: object) -> LinkRule:
    base = {"issue": 0, "side": None, "category": None, "other": None, "ratio": 1.0, "per": 1.0,
            "relation": "equal", "tolerance": 0.5}
    return LinkRule(**{**base, **fields})  # type: ignore[arg-type]


def test_a_mask_keeps_only_amounts_tied_to_the_list_size() -> None:
    levels = (np.array([0, 10, 20]), np.array([0, 5]))
    amounts = ((0, 1, 2, 3),)
    shape = (3, 2, 4)
    mask = linkage_mask(shape, 2, levels, amounts, (_rule(side=0, per=10.0),), lambda side, category: levels[side])
    kept = {(int(a), int(b), int(c)) for a, b, c in zip(*np.unravel_index(np.flatnonzero(mask), shape), strict=True)}
    assert kept == {(level, other, level) for level in range(3) for other in range(2)}
    at_most = linkage_mask(shape, 2, levels, amounts, (_rule(side=0, per=10.0, relation="at_most", tolerance=0.0),),
                           lambda side, category: levels[side]).reshape(shape)
    assert at_most[2, 0].tolist() == [True, True, True, False]
    assert at_most[0, 1].tolist() == [True, False, False, False]
    at_least = linkage_mask(shape, 2, levels, amounts, (_rule(side=0, per=10.0, relation="at_least",
                                                              tolerance=0.0),),
                            lambda side, category: levels[side]).reshape(shape)
    assert at_least[1, 0].tolist() == [False, True, True, True]


def test_an_issue_can_be_tied_to_another_issue() -> None:
    amounts = ((0, 10, 20), (0, 1, 2))
    mask = linkage_mask((1, 3, 3), 1, (np.array([0]),), amounts, (_rule(issue=0, other=1, ratio=10.0),),
                        lambda side, category: np.zeros(1, dtype=np.int64)).reshape(3, 3)
    assert mask.tolist() == [[True, False, False], [False, True, False], [False, False, True]]


def _valuation(document: dict[str, object]) -> sim.Scenario:
    return sim.validate_document(document, base=NUMERIC.parent)


def test_every_package_on_the_table_keeps_the_linkage_and_a_category_counts_only_its_people() -> None:
    document = yaml.safe_load(NUMERIC.read_text(encoding="utf-8"))
    document["linkage"] = [{"issue": "pause_days", "of": {"released_by": "A", "category": "soldier"},
                            "ratio": 1, "relation": "equal", "tolerance": 0}]
    scenario = _valuation(document)
    ctx = build_context(scenario, 0, simpy.Environment(), Recorder("t", lambda: 0.0, []))
    valuation = ctx.valuation
    space = valuation.space
    roster = ctx.rosters["A"]
    order = valuation.orders["A"]
    soldier = scenario.categories.index("soldier")
    checked = 0
    for outcome in np.flatnonzero(valuation.available)[::97]:
        released, issues = space.description(int(outcome))
        soldiers = int(np.count_nonzero(roster.category[order[: released["A"]]] == soldier))
        assert issues["pause_days"] == soldiers
        checked += 1
    assert checked > 10
    # without the linkage many more packages are on the table
    document.pop("linkage")
    free = build_context(_valuation(document), 0, simpy.Environment(), Recorder("t", lambda: 0.0, [])).valuation
    assert free.available.sum() > 5 * valuation.available.sum()
