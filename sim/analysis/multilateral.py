"""Bargaining solutions for any number of parties: the Pareto set, Nash and Kalai-Smorodinsky points.

The two-party analysis (`sim.analysis.bargaining`, `sim.analysis.frontier`) sweeps a sorted
2-D cloud; with N parties a point is a row of N utilities and the Pareto set is found by
elimination: rows are sorted by their sum (descending, so a later row can dominate an earlier
one only at an equal sum) and taken in blocks, each block checked against the set kept so far
and within itself, and the set kept so far against the block's survivors, all in numpy
(comparisons are exact, as in the two-party frontier). The outcomes analysed are those every
party may accept at its initial trust (ratio limits and hard demands), as a run opens; the
disagreement point is each party's reserved value.

- Nash: the largest product of gains over the disagreement point, among the individually
  rational outcomes (every party at least its disagreement value);
- Kalai-Smorodinsky: the largest smallest gain, each gain divided by the party's ideal (its
  best individually rational value) less its disagreement value.

Ties (within `TIE`) go to the larger sum of gains, then the lower outcome number. Up to
`Limits.outcomes` outcomes are analysed exactly; above that (only when a session raised the
limit after loading), a uniform sample of that many outcomes drawn from the analysis stream
is analysed instead, and the result says so (`sampled`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.analysis.bargaining import opening_valuation
from sim.randomness import Streams
from sim.scenario.limits import LIMITS
from sim.scenario.schema import Scenario
from sim.valuation.utilities import Valuation

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

TIE = 1e-12
BLOCK = 256
"""Rows checked against each other at once when eliminating dominated points."""


def pareto_rows(points: FloatArray) -> IntArray:
    """Positions of the Pareto-optimal rows of `points` (one per distinct row, the lowest position), ascending.

    A row is kept when no other row is at least as good in every column and better in one.
    """
    points = np.asarray(points, dtype=np.float64)
    if points.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    _, first = np.unique(points, axis=0, return_index=True)
    first = np.sort(first)
    order = first[np.lexsort((first, -points[first].sum(axis=1)))]
    kept: list[int] = []
    frontier = np.zeros((0, points.shape[1]))
    for start in range(0, order.size, BLOCK):
        block = order[start:start + BLOCK]
        rows = points[block]
        if frontier.shape[0]:
            beaten = _dominated(rows, frontier)
            block, rows = block[~beaten], rows[~beaten]
        dominated = _dominated(rows, rows)
        block, rows = block[~dominated], rows[~dominated]
        if frontier.shape[0] and rows.shape[0]:
            # rows of equal sums arrive in position order, so a kept row may be dominated by a later one
            stays = ~_dominated(frontier, rows)
            frontier, kept = frontier[stays], [index for index, stay in zip(kept, stays.tolist(), strict=True) if stay]
        kept.extend(block.tolist())
        frontier = np.vstack([frontier, rows])
    return np.sort(np.asarray(kept, dtype=np.int64))


def _dominated(rows: FloatArray, by: FloatArray) -> NDArray[np.bool_]:
    """Which `rows` some row of `by` dominates: at least as good in every column, better in one (exactly, as the
    two-party frontier compares; rows are distinct, so a row never dominates itself)."""
    found = np.zeros(rows.shape[0], dtype=bool)
    for start in range(0, by.shape[0], BLOCK):
        part = by[start:start + BLOCK]
        at_least = np.all(part[None, :, :] >= rows[:, None, :], axis=2)
        better = np.any(part[None, :, :] > rows[:, None, :], axis=2)
        found |= (at_least & better).any(axis=1)
    return found


@dataclass(frozen=True, slots=True)
class Points:
    """Positions (into the rows given) of the Nash and Kalai-Smorodinsky points; None when nothing is rational."""

    nash: int | None
    kalai: int | None
    ideal: tuple[float, ...] | None


def solve_n(points: FloatArray, disagreement: tuple[float, ...]) -> Points:
    """Nash and Kalai-Smorodinsky points among the individually rational rows of `points`."""
    points = np.asarray(points, dtype=np.float64)
    gains = points - np.asarray(disagreement, dtype=np.float64)
    rational = np.flatnonzero(np.all(gains >= -TIE, axis=1))
    if rational.size == 0:
        return Points(None, None, None)
    gains = np.maximum(gains[rational], 0.0)
    total = gains.sum(axis=1)
    ideal = tuple(float(value) for value in points[rational].max(axis=0))
    spans = np.asarray(ideal) - np.asarray(disagreement, dtype=np.float64)
    normalised = np.where(spans > TIE, gains / np.where(spans > TIE, spans, 1.0), 1.0).min(axis=1)
    return Points(nash=int(rational[_best(np.prod(gains, axis=1), total)]),
                  kalai=int(rational[_best(normalised, total)]), ideal=ideal)


def _best(score: FloatArray, tie_break: FloatArray) -> int:
    candidates = np.flatnonzero(score >= score.max() - TIE)
    return int(candidates[np.argmax(tie_break[candidates])])


@dataclass(frozen=True, slots=True)
class MultilateralSet:
    """The bargaining set of a scenario of any number of parties, at the opening of talks."""

    scenario: Scenario
    valuation: Valuation
    parties: tuple[str, ...]
    considered: IntArray
    """Outcome numbers analysed (every party may accept them at its initial trust; a sample if `sampled`)."""
    sampled: bool
    disagreement: tuple[float, ...]
    frontier: IntArray
    """Outcome numbers of the Pareto set."""
    nash: int | None
    kalai: int | None

    def utilities(self, outcome: int) -> tuple[float, ...]:
        """Each party's utility of `outcome`, in `parties` order."""
        return tuple(float(self.valuation.utility[party][outcome]) for party in self.parties)

    def released(self, outcome: int) -> dict[str, int]:
        """How many captives each side releases under `outcome`."""
        return self.valuation.space.released(outcome)


def multilateral_set(scenario: Scenario, seed: int = 0, limit: int | None = None) -> MultilateralSet:
    """The Pareto set, Nash and Kalai-Smorodinsky points of `scenario` as a run with `seed` opens (exact up to
    `limit` outcomes, `Limits.outcomes` by default; a stated uniform sample of that many above it)."""
    valuation, trust = opening_valuation(scenario, seed)
    parties = scenario.party_ids
    mask = valuation.available.copy()
    for party in parties:
        mask &= valuation.feasible(party, trust[party])
    considered = np.flatnonzero(mask).astype(np.int64)
    bound = LIMITS.outcomes if limit is None else limit
    sampled = considered.size > bound
    if sampled:
        chosen = Streams(seed)("analysis/sample").choice(considered.size, size=bound, replace=False)
        considered = considered[np.sort(chosen)]
    points = np.column_stack([valuation.utility[party][considered] for party in parties])
    disagreement = tuple(valuation.reserved(party) for party in parties)
    solved = solve_n(points, disagreement)
    return MultilateralSet(
        scenario=scenario, valuation=valuation, parties=parties, considered=considered, sampled=sampled,
        disagreement=disagreement, frontier=considered[pareto_rows(points)],
        nash=None if solved.nash is None else int(considered[solved.nash]),
        kalai=None if solved.kalai is None else int(considered[solved.kalai]),
    )
