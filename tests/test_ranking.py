"""The ranking answers exactly as `choose_offer` does, ties and empty bands included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.rules.strategy import choose_offer
from sim.valuation.ranking import SMALL_BAND, Ranking

# Few distinct values, so that ties in one's own and the other side's utility are common.
coarse = st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.5 + 1e-13, 0.75, 0.9, 1.0])


@settings(max_examples=300, deadline=None)
@given(
    utility=st.lists(coarse, min_size=1, max_size=200),
    data=st.data(),
    aspiration=st.floats(-0.1, 1.1),
    tolerance=st.sampled_from([0.0, 0.02, 0.3, 1.0]),
)
def test_ranking_chooses_what_choose_offer_chooses(utility: list[float], data: st.DataObject,
                                                   aspiration: float, tolerance: float) -> None:
    size = len(utility)
    opponent = np.array(data.draw(st.lists(coarse, min_size=size, max_size=size)))
    allowed = np.array(data.draw(st.lists(st.booleans(), min_size=size, max_size=size)))
    allowed[data.draw(st.integers(0, size - 1))] = True
    own = np.array(utility)
    expected = choose_offer(own, allowed, opponent, aspiration, tolerance)
    ranking = Ranking(own, allowed, opponent)
    assert ranking.choose(aspiration, tolerance) == expected
    assert ranking.ceiling == own[allowed].max()


def test_a_large_band_is_scanned_with_numpy_and_gives_the_same_answer() -> None:
    rng = np.random.default_rng(3)
    own = np.round(rng.random(5000), 2)
    opponent = np.round(rng.random(5000), 1)
    allowed = rng.random(5000) < 0.8
    ranking = Ranking(own, allowed, opponent)
    for aspiration in (0.0, 0.33, 0.5, 0.99, 1.5):
        assert ranking.choose(aspiration, 0.2) == choose_offer(own, allowed, opponent, aspiration, 0.2)
    assert np.count_nonzero(allowed & (own >= 0.33) & (own <= 0.53 + 1e-12)) > SMALL_BAND


def test_nothing_allowed_is_refused_as_choose_offer_refuses_it() -> None:
    with pytest.raises(RuntimeError, match="no outcome is allowed"):
        Ranking(np.array([0.5]), np.array([False]), np.array([0.5]))
