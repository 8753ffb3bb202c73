"""Packages as any subsets of the rosters (analysis level b): the supported frontier and its error bound.

In the model a list is the first k captives in release order; here any subset may be
listed, so "who" matters and not only "how many". Utilities are linear in the subset: each
captive is an item worth a pair (to the first party, to the second), e.g. for a captive
held by A, minus its value as a chip to A and plus its (urgency-weighted) value to its home
side B, each scaled as in `sim.valuation.utilities`; each other issue is a group from which exactly
one option is picked. The achievable utility pairs are the Minkowski sum of the items'
{nothing, item} sets and the groups' option sets, and their Pareto frontier is a
bi-objective knapsack, NP-hard in general.

Method (parametric greedy). For a weight w in [0, 1], the outcome maximising
w * u_first + (1 - w) * u_second takes every item with a positive weighted value and the
best option of each group. As w rises from 0 to 1 the optimum moves along the edges of each
component's upper-right convex hull (one item switched, or one group option replaced by the
next on that group's hull), and each edge enters at the weight where it stops losing. Sorting
all edges by that weight (O(n log n) for n captives) and adding them in turn walks the
supported frontier: the upper-right convex hull of all achievable pairs. Every vertex is an
achievable outcome (`SupportedFrontier.selection` rebuilds its subset) and maximises a
weighted sum, so it is Pareto-optimal.

Error bound (proved in the README, section "Bargaining analysis"). No achievable pair lies
above the hull polygon, and every Pareto-optimal pair lies between two consecutive vertices
v, v' = v + e in the right triangle with hypotenuse e (it is not dominated by v or v').
Hence every true Pareto point is within `gap_bound` = max over edges of
|e_first| * |e_second| / |e| of the hull polygon, and within `vertex_bound` =
max over edges of |e|^2 / (2 * max(|e_first|, |e_second|)) of an achievable vertex (both at
most one captive's or one issue step's contribution, |e|). Ratio limits (which cap counts)
are not applied at this level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.scenario.references import PRISONERS
from sim.valuation.utilities import Valuation

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class SupportedFrontier:
    """The hull vertices (rows of utility pairs, rising in the first utility) and how to rebuild them.

    Vertex k is the start selection with the first k edges applied. An edge either switches
    one item (`edge_item` >= 0) or moves group `edge_group` to its option `edge_option`.
    """

    vertices: FloatArray
    start_items: BoolArray
    start_options: IntArray
    edge_item: IntArray
    edge_group: IntArray
    edge_option: IntArray
    gap_bound: float
    vertex_bound: float

    def selection(self, vertex: int) -> tuple[BoolArray, IntArray]:
        """Items taken and the option chosen in each group at `vertex`."""
        items = self.start_items.copy()
        switched = self.edge_item[:vertex]
        switched = switched[switched >= 0]
        items[switched] = ~items[switched]
        options = self.start_options.copy()
        for group, option in zip(self.edge_group[:vertex], self.edge_option[:vertex], strict=True):
            if group >= 0:
                options[group] = option
        return items, options


def supported_frontier(
    items: FloatArray, groups: Sequence[FloatArray] = (), base: tuple[float, float] = (0.0, 0.0)
) -> SupportedFrontier:
    """The supported Pareto frontier of `base` + any subset of `items` + one option of each group.

    `items` has one row (worth to first, worth to second) per item; each group has one row
    per option.
    """
    items = np.asarray(items, dtype=np.float64).reshape(-1, 2)
    first, second = items[:, 0], items[:, 1]
    start_items = (second > 0.0) | ((second == 0.0) & (first > 0.0))
    joins = (first > 0.0) & (second < 0.0)
    leaves = (first < 0.0) & (second > 0.0)
    item_ids = np.concatenate([np.flatnonzero(joins), np.flatnonzero(leaves)]).astype(np.int64)
    item_steps = np.concatenate([items[joins], -items[leaves]])
    start = np.asarray(base, dtype=np.float64) + items[start_items].sum(axis=0)
    group_steps, group_ids, group_options, start_options = [], [], [], []
    for number, options in enumerate(groups):
        chain = _upper_right_chain(np.asarray(options, dtype=np.float64).reshape(-1, 2))
        start = start + options[chain[0]]
        start_options.append(chain[0])
        group_steps.append(np.diff(np.asarray(options, dtype=np.float64)[chain], axis=0))
        group_ids.append(np.full(chain.size - 1, number, dtype=np.int64))
        group_options.append(chain[1:])
    steps = np.concatenate([item_steps, *group_steps]).reshape(-1, 2)
    edge_item = np.concatenate([item_ids, np.full(steps.shape[0] - item_ids.size, -1, dtype=np.int64)])
    edge_group = np.concatenate([np.full(item_ids.size, -1, dtype=np.int64), *group_ids])
    edge_option = np.concatenate([np.full(item_ids.size, -1, dtype=np.int64), *group_options])
    # The weight at which an edge (dx > 0, dy < 0) starts to pay: w * dx + (1 - w) * dy = 0.
    entry = -steps[:, 1] / (steps[:, 0] - steps[:, 1])
    order = np.argsort(entry, kind="stable")
    steps = steps[order]
    vertices = np.vstack([start, start + np.cumsum(steps, axis=0)])
    return SupportedFrontier(
        vertices=vertices,
        start_items=start_items,
        start_options=np.asarray(start_options, dtype=np.int64),
        edge_item=edge_item[order],
        edge_group=edge_group[order],
        edge_option=edge_option[order],
        gap_bound=_gap_bound(steps),
        vertex_bound=_vertex_bound(steps),
    )


def _upper_right_chain(points: FloatArray) -> IntArray:
    """Option positions along the upper-right hull, from the best for the second party to the best for the first."""
    start = int(np.lexsort((-points[:, 0], -points[:, 1]))[0])
    end = int(np.lexsort((-points[:, 1], -points[:, 0]))[0])
    keep = (points[:, 0] >= points[start, 0]) & (points[:, 1] >= points[end, 1])
    candidates = np.flatnonzero(keep)
    candidates = candidates[np.lexsort((candidates, -points[candidates, 1], points[candidates, 0]))]
    chain: list[int] = []
    for index in candidates.tolist():
        if chain and np.array_equal(points[chain[-1]], points[index]):
            continue
        while len(chain) >= 2 and _turn(points[chain[-2]], points[chain[-1]], points[index]) > 0.0:
            chain.pop()
        chain.append(index)
    return np.asarray(chain, dtype=np.int64)


def _turn(origin: FloatArray, middle: FloatArray, last: FloatArray) -> float:
    """Positive for a left (counter-clockwise) turn, which an upper hull walked rightwards never makes."""
    return float((middle[0] - origin[0]) * (last[1] - origin[1]) - (middle[1] - origin[1]) * (last[0] - origin[0]))


def _gap_bound(steps: FloatArray) -> float:
    if steps.size == 0:
        return 0.0
    width, drop = np.abs(steps[:, 0]), np.abs(steps[:, 1])
    return float(np.max(width * drop / np.hypot(width, drop)))


def _vertex_bound(steps: FloatArray) -> float:
    if steps.size == 0:
        return 0.0
    width, drop = np.abs(steps[:, 0]), np.abs(steps[:, 1])
    return float(np.max((width**2 + drop**2) / (2.0 * np.maximum(width, drop))))


@dataclass(frozen=True, slots=True)
class SubsetProblem:
    """A scenario's captives and issues as items and groups; `holder[i]` is 0 or 1 (party position)."""

    items: FloatArray
    holder: IntArray
    captive: IntArray
    groups: tuple[FloatArray, ...]
    base: tuple[float, float]


def subset_problem(valuation: Valuation) -> SubsetProblem:
    """Per-captive worth to each party and per-issue option worth, scaled exactly as `valuation` scales them."""
    parties = valuation.space.parties
    columns: list[list[FloatArray]] = [[], []]
    base = [0.0, 0.0]
    for position, party in enumerate(parties):
        prefs = valuation.preferences[party]
        other = parties[1 - position]
        weight = prefs.weights.get(PRISONERS, 0.0)
        own, theirs = valuation.rosters.get(party), valuation.rosters.get(other)
        cost = own.value_holder[valuation.orders[party]] if own is not None else np.zeros(0)
        gain = theirs.value_home[valuation.orders[other]] * (1.0 + valuation.urgency[party]) if theirs else np.zeros(0)
        span = float(gain.sum() + cost.sum())
        scale = weight / span if weight > 0.0 and span > 0.0 else 0.0
        base[position] = scale * float(cost.sum())
        released = [-scale * cost, scale * gain] if position == 0 else [scale * gain, -scale * cost]
        columns[position] = released
    items = np.column_stack([np.concatenate(columns[0]), np.concatenate(columns[1])])
    sizes = [valuation.orders[party].size for party in parties]
    groups = []
    for number, issue in enumerate(valuation.space.issues):
        worth = [valuation.preferences[p].weights.get(issue, 0.0) * valuation.preferences[p].issue_tables[number]
                 for p in parties]
        groups.append(np.column_stack(worth))
    return SubsetProblem(
        items=items,
        holder=np.repeat(np.arange(2, dtype=np.int64), sizes),
        captive=np.concatenate([valuation.orders[party] for party in parties]).astype(np.int64),
        groups=tuple(groups),
        base=(base[0], base[1]),
    )
