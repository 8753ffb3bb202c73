"""Bargaining solutions over a finite cloud of utility pairs: Pareto frontier, Nash, Kalai, welfare.

Everything here works on two utility vectors (one entry per outcome) and a disagreement
point, with numpy only, so it serves any outcome space. The Pareto frontier of a 2-D point
cloud is found by sorting on the first utility (descending, ties by the second) and keeping
each point whose second utility beats the running maximum before it: O(n log n), fine for
millions of outcomes. The three solutions are taken over the individually rational outcomes
(both at least their disagreement value):

- Nash: the largest product of gains over the disagreement point;
- Kalai-Smorodinsky: the largest smallest gain, each gain normalised by the party's ideal
  (its best individually rational value) less its disagreement value; on a finite set this
  is the point nearest the line from the disagreement point to the ideal point;
- maximum welfare: the largest sum of utilities.

Values equal to within `TIE` count as ties; ties go to the larger sum of gains (which keeps
each solution on the frontier), then to the lower outcome number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

TIE = 1e-12
"""Utilities (and products of gains) closer than this are treated as equal."""


def pareto_indices(first: FloatArray, second: FloatArray) -> IntArray:
    """Positions of the Pareto-optimal points, one per distinct utility pair, by rising `first`.

    A point is kept when no other point is at least as good for both and better for one;
    of several points with the same utility pair, the lowest position is kept.
    """
    first = np.asarray(first, dtype=np.float64)
    second = np.asarray(second, dtype=np.float64)
    if first.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(first.size), -second, -first))
    ordered_second = second[order]
    best_before = np.concatenate([[-np.inf], np.maximum.accumulate(ordered_second)[:-1]])
    kept = order[ordered_second > best_before]
    return np.asarray(kept[::-1], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Solutions:
    """Positions (into the vectors given) of the three solutions; None when nothing is rational."""

    nash: int | None
    kalai: int | None
    max_welfare: int | None
    ideal: tuple[float, float] | None


def solve(first: FloatArray, second: FloatArray, disagreement: tuple[float, float]) -> Solutions:
    """Nash, Kalai-Smorodinsky and maximum-welfare points among the individually rational points."""
    first = np.asarray(first, dtype=np.float64)
    second = np.asarray(second, dtype=np.float64)
    gain_first = first - disagreement[0]
    gain_second = second - disagreement[1]
    rational = np.flatnonzero((gain_first >= -TIE) & (gain_second >= -TIE))
    if rational.size == 0:
        return Solutions(None, None, None, None)
    gain_first = np.maximum(gain_first[rational], 0.0)
    gain_second = np.maximum(gain_second[rational], 0.0)
    gains = gain_first + gain_second
    ideal = (float(first[rational].max()), float(second[rational].max()))
    span_first = ideal[0] - disagreement[0]
    span_second = ideal[1] - disagreement[1]
    normalised = np.minimum(
        gain_first / span_first if span_first > TIE else np.ones_like(gain_first),
        gain_second / span_second if span_second > TIE else np.ones_like(gain_second),
    )
    return Solutions(
        nash=int(rational[_best(gain_first * gain_second, gains)]),
        kalai=int(rational[_best(normalised, gains)]),
        max_welfare=int(rational[_best(first[rational] + second[rational], gain_first * gain_second)]),
        ideal=ideal,
    )


def _best(score: FloatArray, tie_break: FloatArray) -> int:
    """Position of the highest `score`; near-ties go to the higher `tie_break`, then the lower position."""
    candidates = np.flatnonzero(score >= score.max() - TIE)
    return int(candidates[np.argmax(tie_break[candidates])])


def dominated(point: tuple[float, float], frontier: FloatArray) -> bool:
    """Whether some frontier point (rows of utility pairs) is at least as good for both and better for one."""
    if frontier.size == 0:
        return False
    at_least = (frontier[:, 0] >= point[0] - TIE) & (frontier[:, 1] >= point[1] - TIE)
    better = (frontier[:, 0] > point[0] + TIE) | (frontier[:, 1] > point[1] + TIE)
    return bool(np.any(at_least & better))


def distance_to_frontier(point: tuple[float, float], frontier: FloatArray) -> float:
    """Euclidean distance from `point` to the nearest frontier point; 0 when nothing dominates it."""
    if frontier.size == 0:
        return float("nan")
    if not dominated(point, frontier):
        return 0.0
    return float(np.min(np.hypot(frontier[:, 0] - point[0], frontier[:, 1] - point[1])))
