"""Rosters: generation, release order, the outcome space and the utilities built on them."""

from __future__ import annotations

import numpy as np
import pytest
from support import load, swap_document

from sim.randomness import Streams
from sim.scenario.limits import count_levels
from sim.valuation.captives import build_rosters
from sim.valuation.preferences import read_preferences
from sim.valuation.roster import CaptiveStatus, generate_roster, release_order
from sim.valuation.space import package_levels
from sim.valuation.utilities import Valuation, build_space


def test_generated_roster_has_the_requested_counts_per_category() -> None:
    roster = generate_roster("A", "B", [5, 0, 3], [1.0, 2.0, 3.0], [1.0, 1.0, 1.0], 0.0, 0.0,
                             np.random.default_rng(0))
    assert len(roster) == 8
    assert np.bincount(roster.category, minlength=3).tolist() == [5, 0, 3]
    assert roster.value_home.tolist() == [1.0] * 5 + [3.0] * 3
    assert (roster.status == CaptiveStatus.HELD).all()


def test_release_order_puts_the_best_value_per_chip_first_and_breaks_ties_by_id() -> None:
    roster = generate_roster("A", "B", [2, 2], [1.0, 3.0], [2.0, 1.0], 0.0, 0.0, np.random.default_rng(0))
    assert release_order(roster).tolist() == [2, 3, 0, 1]


def test_unacknowledged_captives_leave_lists_only_after_a_dispute() -> None:
    roster = generate_roster("A", "B", [1000], [1.0], [1.0], 0.0, 0.2, np.random.default_rng(1))
    denied = int((~roster.acknowledged).sum())
    assert 150 < denied < 250
    assert roster.tradable(include_unacknowledged=True).size == 1000
    assert roster.tradable().size == 1000 - denied


def test_releasing_a_captive_twice_is_an_error() -> None:
    roster = generate_roster("A", "B", [3], [1.0], [1.0], 0.0, 0.0, np.random.default_rng(0))
    roster.release(np.array([1]))
    with pytest.raises(RuntimeError):
        roster.release(np.array([1]))


@pytest.mark.parametrize(("tradable", "step", "levels"), [
    (0, 10, [0]), (25, 10, [0, 10, 20, 25]), (30, 10, [0, 10, 20, 30]), (3, 1, [0, 1, 2, 3]),
])
def test_package_levels_step_up_to_the_whole_roster(tradable: int, step: int, levels: list[int]) -> None:
    assert package_levels(tradable, step).tolist() == levels
    assert count_levels(tradable, step) == len(levels)


def swap_valuation() -> Valuation:
    scenario = load(swap_document())
    rosters = build_rosters(scenario, Streams(0))
    preferences = {p: read_preferences(scenario, p, i) for i, p in enumerate(scenario.party_ids)}
    valuation = Valuation(build_space(scenario, rosters), preferences, rosters)
    valuation.recompute()
    return valuation


def test_utilities_lie_in_zero_one_and_reward_getting_people_back() -> None:
    valuation = swap_valuation()
    space = valuation.space
    for party in space.parties:
        utility = valuation.utility[party]
        assert utility.shape == (space.size,)
        assert utility.min() >= 0.0 and utility.max() <= 1.0 + 1e-12
    most_back = space.index({"X": 0, "Y": int(space.levels[1][-1])}, {})
    nothing = space.index({"X": 0, "Y": 0}, {})
    assert valuation.utility["X"][most_back] == pytest.approx(1.0)
    assert valuation.utility["X"][nothing] == pytest.approx(valuation.status_quo["X"])
    assert valuation.utility["Y"][most_back] == pytest.approx(0.0)


def test_ratio_limit_widens_with_trust() -> None:
    """max_ratio 2: with no trust a side gives at most as many as it gets; with full trust twice as many."""
    valuation = swap_valuation()
    space = valuation.space
    two_for_one = space.index({"X": 40, "Y": 20}, {})
    assert not valuation.feasible("X", trust=0.0)[two_for_one]
    assert valuation.feasible("X", trust=1.0)[two_for_one]
    assert valuation.feasible("Y", trust=0.0)[two_for_one]


def test_the_valuation_keeps_release_orders_current_through_strikes_releases_and_shocks() -> None:
    scenario = load(swap_document())
    rosters = build_rosters(scenario, Streams(4))
    preferences = {p: read_preferences(scenario, p, i) for i, p in enumerate(scenario.party_ids)}
    valuation = Valuation(build_space(scenario, rosters), preferences, rosters)
    valuation.recompute()
    x_roster = rosters["X"]
    assert x_roster is not None and not x_roster.acknowledged.all()
    assert valuation.orders["X"].tolist() == release_order(x_roster, include_unacknowledged=True).tolist()
    valuation.strike("X")
    assert valuation.orders["X"].tolist() == release_order(x_roster, include_unacknowledged=False).tolist()
    x_roster.release(valuation.orders["X"][:25])
    valuation.urgency["X"] = 0.5
    valuation.recompute()
    expected = release_order(x_roster, include_unacknowledged=False)
    assert expected.size == valuation.orders["X"].size > 0
    assert valuation.orders["X"].tolist() == expected.tolist()
