"""Linkage as a mask of allowed outcomes: each tie between terms, checked for all outcomes at once.

A scenario's `linkage` (`sim.scenario.numeric.Link`) is resolved once per space into
`LinkRule`s that name axes of the outcome space: the linked numeric issue, and either a
side whose released captives are counted (all of them, or one category's) or another
numeric issue. `linkage_mask` turns the rules into one boolean vector over the outcomes
(pure numpy, no SimPy), which `Valuation.recompute` folds into what is on the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.scenario.schema import Scenario

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class LinkRule:
    """One linkage on the axes of an outcome space: `issue` = `ratio` x target / `per`, within `tolerance`."""

    issue: int
    """Position of the linked numeric issue among the space's issues."""
    side: int | None
    """Axis of the side whose released captives are the target (None: the target is `other`)."""
    category: int | None
    """With `side`: index (in the scenario's categories) of the only category counted; None: all."""
    other: int | None
    """Position of the numeric issue whose amount is the target (None: the target is `side`)."""
    ratio: float
    per: float
    relation: str
    """`equal`, `at_most` or `at_least` (see `Link.relation`)."""
    tolerance: float


def resolve_links(scenario: Scenario) -> tuple[LinkRule, ...]:
    """The scenario's linkage as rules on the axes of its outcome space (sides, then issues, in order)."""
    issues = list(scenario.issues)
    sides = list(scenario.sides)
    rules = []
    for link in scenario.linkage:
        spec = scenario.issues[link.issue]
        tolerance = link.tolerance if link.tolerance is not None else float(spec.step or 0.0) / 2.0
        target = link.of
        rules.append(LinkRule(
            issue=issues.index(link.issue),
            side=sides.index(target.released_by) if target.released_by is not None else None,
            category=scenario.categories.index(target.category) if target.category is not None else None,
            other=issues.index(target.issue) if target.issue is not None else None,
            ratio=float(link.ratio), per=float(link.per), relation=link.relation,
            tolerance=float(tolerance) + 1e-9 * max(1.0, abs(float(link.ratio))),
        ))
    return tuple(rules)


def linkage_mask(shape: tuple[int, ...], sides: int, levels: tuple[IntArray, ...],
                 amounts: tuple[tuple[float, ...], ...], rules: tuple[LinkRule, ...],
                 counted: Callable[[int, int], IntArray]) -> BoolArray:
    """Which outcomes of a space of `shape` (`sides` axes of list sizes `levels`, then issues with `amounts`) keep
    every rule; `counted(side, category)` gives, per list size of `side`, how many of that category it releases."""
    allowed = np.ones((1,) * len(shape), dtype=bool)
    for rule in rules:
        if rule.side is not None:
            axis = rule.side
            values = levels[axis] if rule.category is None else counted(axis, rule.category)
        else:
            assert rule.other is not None
            axis = sides + rule.other
            values = np.asarray(amounts[rule.other], dtype=np.float64)
        target = _along(np.asarray(values, dtype=np.float64) * (rule.ratio / rule.per), axis, len(shape))
        amount = _along(np.asarray(amounts[rule.issue], dtype=np.float64), sides + rule.issue, len(shape))
        gap = amount - target
        if rule.relation == "equal":
            keep = np.abs(gap) <= rule.tolerance
        elif rule.relation == "at_most":
            keep = gap <= rule.tolerance
        else:
            keep = gap >= -rule.tolerance
        allowed = allowed & keep
    return np.broadcast_to(allowed, shape).ravel()


def _along(values: NDArray[np.float64], axis: int, dimensions: int) -> NDArray[np.float64]:
    """`values` laid along `axis` of an array of `dimensions` axes, broadcastable to the space's shape."""
    shape = [1] * dimensions
    shape[axis] = values.size
    return values.reshape(shape)
