"""A party's allowed outcomes sorted by its utility, so choosing an offer is a binary search.

`choose_offer` (`sim.rules.strategy`) states the rule: the allowed outcome worst for
oneself among those worth at least the aspiration, treating outcomes within `tolerance`
of that worst value as equal and preferring, among them, the one the other side values
most (ties: the lowest outcome number); the best allowed outcome if none meets the
aspiration. It scans every outcome on each call. A `Ranking` gives the same answer from
outcomes sorted once by utility (stably, so equal utilities stay in outcome order): the
outcomes meeting the aspiration are a suffix found by bisection, the tolerance band is
the run of values just above it, and only the band is scanned. The valuation builds one
ranking per party and mask and drops it when the utilities change.

`shared_ranking` returns a ranking from a small memo keyed by the contents of the three
vectors: runs of one scenario with different seeds usually value every outcome alike (no
captives, or no value noise), and sorting the outcomes again each run was a tenth of a short
negotiation's cost. The key is the vectors' bytes, so a hit is exact; large spaces bypass
the memo (their keys would hold megabytes, and their runs are long enough not to care).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict

import numpy as np
from numpy.typing import NDArray

EPSILON = 1e-12
"""Utilities closer than this are equal: an offer meets an aspiration it misses by less."""

SMALL_BAND = 64
"""Bands up to this many outcomes are scanned in Python; larger ones with numpy."""
MEMO_OUTCOMES = 1 << 16
"""Spaces up to this many outcomes share rankings through the memo (a key is at most 1.1 MB)."""
MEMO_ENTRIES = 8


class Ranking:
    """The allowed outcomes of one party in increasing order of its utility."""

    __slots__ = ("order", "values", "opponent", "_order_list", "_opponent_list", "_best")

    def __init__(self, utility: NDArray[np.float64], allowed: NDArray[np.bool_],
                 opponent: NDArray[np.float64]) -> None:
        outcomes = np.flatnonzero(allowed)
        if outcomes.size == 0:
            raise RuntimeError("no outcome is allowed: the outcome space is empty")
        sorting = np.argsort(utility[outcomes], kind="stable")
        self.order: NDArray[np.intp] = outcomes[sorting]
        self._order_list: list[int] = self.order.tolist()
        self.values: list[float] = utility[self.order].tolist()
        self.opponent = opponent
        self._opponent_list: list[float] = opponent.tolist()
        # the best allowed outcome: the first (lowest-numbered) of those sharing the top value
        self._best = self._order_list[bisect_left(self.values, self.values[-1])]

    @property
    def ceiling(self) -> float:
        """The largest allowed utility."""
        return self.values[-1]

    def choose(self, aspiration: float, tolerance: float) -> int:
        """What `choose_offer` returns for these utilities, mask and opponent utilities."""
        values = self.values
        start = bisect_left(values, aspiration - EPSILON)
        if start == len(values):
            return self._best
        stop = bisect_right(values, values[start] + tolerance + EPSILON, lo=start)
        if stop - start <= SMALL_BAND:
            best = -1
            best_value = -np.inf
            opponent = self._opponent_list
            for outcome in self._order_list[start:stop]:
                value = opponent[outcome]
                if value > best_value or (value == best_value and outcome < best):
                    best, best_value = outcome, value
            return best
        band = self.order[start:stop]
        theirs = self.opponent[band]
        return int(band[theirs == theirs.max()].min())


_memo: OrderedDict[tuple[bytes, bytes, bytes], Ranking] = OrderedDict()
"""Rankings by the bytes of the three vectors they are made from: a bounded pure cache keyed by
value (`MEMO_ENTRIES` at most). A ranking is never changed after it is made and is a function of
those bytes alone, so clearing the memo changes nothing but the time taken (tests/test_caches.py)."""


def shared_ranking(utility: NDArray[np.float64], allowed: NDArray[np.bool_],
                   opponent: NDArray[np.float64]) -> Ranking:
    """`Ranking(utility, allowed, opponent)`, shared with earlier calls on vectors of equal contents.

    A ranking is never changed after it is made, so sharing one is safe; it keeps a copy of
    `opponent`, so later changes to the caller's array cannot reach it.
    """
    if utility.size > MEMO_OUTCOMES:
        return Ranking(utility, allowed, opponent)
    key = (utility.tobytes(), allowed.tobytes(), opponent.tobytes())
    ranking = _memo.get(key)
    if ranking is None:
        ranking = _memo[key] = Ranking(utility, allowed, opponent.copy())
        if len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)
    else:
        _memo.move_to_end(key)
    return ranking
