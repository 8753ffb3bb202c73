"""Unit tests of the plug-in rules: trust models, veto rules, concession strategies."""

from __future__ import annotations

import numpy as np
import pytest

from sim.rules.strategy import TimeBasedAspiration, TitForTat, accepts, choose_offer, compromise
from sim.rules.trust import BetaReputation, ConstantTrust, ExponentialSmoothing
from sim.rules.veto import AlwaysApprove, LogisticApproval, ValueThreshold


def test_beta_reputation_counts_kept_and_broken_commitments() -> None:
    """Prior 0.5 worth 2 observations, then 2 kept and 1 broken: (1 + 2) / (2 + 3) = 0.6."""
    trust = BetaReputation(initial=0.5, prior_weight=2.0, suspicious_below_authority=0.5)
    trust.observe(True, 1.0)
    trust.observe(True, 1.0)
    trust.observe(False, 1.0)
    assert trust.value == pytest.approx(0.6)


def test_exponential_smoothing_moves_a_share_of_the_way() -> None:
    """Rate 0.5 from 0.2: kept → 0.6, then broken twice (weight 2) → 0.6 * 0.25 = 0.15."""
    trust = ExponentialSmoothing(initial=0.2, rate=0.5, suspicious_below_authority=0.5)
    trust.observe(True, 1.0)
    assert trust.value == pytest.approx(0.6)
    trust.observe(False, 2.0)
    assert trust.value == pytest.approx(0.15)


def test_fixed_trust_ignores_everything() -> None:
    trust = ConstantTrust(0.7)
    trust.observe(False, 100.0)
    assert trust.value == 0.7


def test_veto_rules_decide_by_value_and_trust() -> None:
    """Never approves all; threshold compares value; logistic is 0.5 at the midpoint with trust 0.5."""
    generator = np.random.default_rng(0)

    def rng() -> np.random.Generator:
        return generator

    assert AlwaysApprove().approves(0.0, 0.0, rng)
    assert ValueThreshold(0.6).approves(0.6, 0.0, rng)
    assert not ValueThreshold(0.6).approves(0.59, 1.0, rng)
    logistic = LogisticApproval(midpoint=0.5, slope=10.0, trust_weight=2.0)
    assert logistic.probability(0.5, 0.5) == pytest.approx(0.5)
    assert logistic.probability(0.5, 1.0) == pytest.approx(1 / (1 + np.exp(-1.0)))
    draws = [logistic.approves(0.7, 0.5, rng) for _ in range(4000)]
    assert np.mean(draws) == pytest.approx(1 / (1 + np.exp(-2.0)), abs=0.03)


@pytest.mark.parametrize(("exponent", "time", "expected"), [
    (1.0, 0.5, 0.6), (2.0, 0.5, 0.2 + 0.8 * 0.75), (0.5, 0.25, 0.2 + 0.8 * 0.5), (4.0, 1.0, 0.2), (4.0, 0.0, 1.0),
])
def test_aspiration_follows_lo_plus_range_times_one_minus_t_to_the_e(exponent: float, time: float,
                                                                     expected: float) -> None:
    assert TimeBasedAspiration(exponent, 0.0).aspiration(time, 0.2, 1.0) == pytest.approx(expected)


def test_tit_for_tat_concedes_what_the_other_side_conceded() -> None:
    """Starts at the ceiling; after one offer concedes the initial step; then mirrors the other's concession."""
    strategy = TitForTat(factor=1.0, initial_concession=0.05, tolerance=0.0)
    assert strategy.aspiration(0.0, 0.0, 1.0) == 1.0
    strategy.observe(0.1)
    assert strategy.aspiration(0.1, 0.0, 1.0) == pytest.approx(0.95)
    strategy.observe(0.3)
    assert strategy.aspiration(0.2, 0.0, 1.0) == pytest.approx(0.75)
    assert strategy.aspiration(0.2, 0.0, 1.0) == pytest.approx(0.75), "no new offer, no new concession"
    strategy.observe(0.2)
    assert strategy.aspiration(0.3, 0.0, 1.0) == pytest.approx(0.75), "the other side went back: no concession"


def test_choose_offer_picks_the_worst_outcome_meeting_the_aspiration() -> None:
    utility = np.array([0.9, 0.55, 0.6, 0.3, 0.52])
    opponent = np.array([0.1, 0.2, 0.9, 0.8, 0.7])
    allowed = np.ones(5, dtype=bool)
    assert choose_offer(utility, allowed, opponent, 0.5, tolerance=0.0) == 4
    assert choose_offer(utility, allowed, opponent, 0.5, tolerance=0.1) == 2, "within 0.1: best for the other"
    allowed[4] = False
    assert choose_offer(utility, allowed, opponent, 0.5, tolerance=0.0) == 1
    assert choose_offer(utility, allowed, opponent, 0.95, tolerance=0.0) == 0, "nothing meets it: best allowed"


def test_accepts_needs_an_allowed_offer_at_least_the_aspiration() -> None:
    assert accepts(0.5, True, 0.5)
    assert not accepts(0.49, True, 0.5)
    assert not accepts(0.9, False, 0.5)


def test_compromise_maximises_the_smallest_margin() -> None:
    """Margins over aspirations (0.5, 0.5): outcome 1 gives min(0.1, 0.2) = 0.1, the best."""
    first = np.array([0.9, 0.6, 0.4])
    second = np.array([0.2, 0.7, 0.95])
    assert compromise([first, second], np.ones(3, dtype=bool), [0.5, 0.5]) == 1
