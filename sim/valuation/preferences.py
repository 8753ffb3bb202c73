"""A party's fixed tastes, read once from the scenario: weights, issue tables, status quo, limits.

`read_preferences` keeps a small memo keyed by what the preferences are read from (compared by
value), so the runs of a sweep share them; see `_memo` for why that is safe.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from sim.scenario.numeric import ValueCurve, curve_values
from sim.scenario.references import PRISONERS
from sim.scenario.schema import Issue, Scenario

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Preferences:
    """A party's fixed tastes, read once from the scenario."""

    party: str
    position: int
    weights: Mapping[str, float]
    issue_tables: tuple[FloatArray, ...]
    status_quo: tuple[int, ...]
    max_ratio: float | None
    reserved_value: float | None


MEMO_ENTRIES = 32
"""Parties whose preferences `read_preferences` keeps (a sweep's points each bring their own)."""

_memo: OrderedDict[_Tastes, Preferences] = OrderedDict()
"""Preferences read so far, by what they are read from (compared by value, so a hit is exact).
A bounded pure cache: a `Preferences` is frozen with read-only weights and tables, so sharing
one between runs cannot leak anything from one run into another, and clearing the memo
changes nothing but the time taken (tests/test_caches.py)."""


class _Tastes:
    """Everything a party's preferences are read from, as a key compared by value: the party, its
    position, whether the scenario trades prisoners, the issues, and the party's weights, issue
    values, ratio limit and reserved value (not its urgency, which the valuation reads itself)."""

    __slots__ = ("party", "position", "has_prisoners", "issues", "weights", "issue_values", "max_ratio",
                 "reserved_value", "_hash")

    def __init__(self, scenario: Scenario, party_id: str, position: int) -> None:
        interests = scenario.parties[party_id].interests
        self.party = party_id
        self.position = position
        self.has_prisoners = scenario.has_prisoners
        self.issues = scenario.issues
        self.weights = interests.weights
        self.issue_values = interests.issue_values
        self.max_ratio = interests.max_ratio
        self.reserved_value = interests.reserved_value
        # the cheap scalars, so that a sweep's points differing in them rarely share a hash
        self._hash = hash((party_id, position, self.has_prisoners, tuple(self.issues), self.max_ratio,
                           self.reserved_value, tuple(self.weights.values())))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        # runs of one scenario hold the very same objects (`==` on dicts checks identity first)
        return (isinstance(other, _Tastes) and self.party == other.party and self.position == other.position
                and self.has_prisoners == other.has_prisoners and self.max_ratio == other.max_ratio
                and self.reserved_value == other.reserved_value and self.weights == other.weights
                and self.issue_values == other.issue_values
                and (self.issues is other.issues or self.issues == other.issues))


def read_preferences(scenario: Scenario, party_id: str, position: int) -> Preferences:
    """A party's preferences, read once for equal inputs and then shared: their weights are a
    read-only mapping and their tables read-only arrays."""
    key = _Tastes(scenario, party_id, position)
    known = _memo.get(key)
    if known is None:
        known = _memo[key] = _read_preferences(key)
        if len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)
    else:
        _memo.move_to_end(key)
    return known


def _issue_table(issue: Issue, values: Mapping[str, float] | ValueCurve | None) -> FloatArray:
    """The value to a party of each option of `issue`, or of each amount on a numeric issue's grid (its curve)."""
    if issue.numeric:
        if not isinstance(values, ValueCurve):
            return np.zeros(issue.size)
        assert issue.range is not None
        return curve_values(values, issue.values, float(issue.range[0]), float(issue.range[1]))
    table = values if isinstance(values, Mapping) else {}
    return np.array([table.get(o, 0.0) for o in issue.options or ()])


def _read_preferences(tastes: _Tastes) -> Preferences:
    """Read a party's preferences from exactly what `tastes` holds (so the memo's key is complete)."""
    issues, weights = tastes.issues, tastes.weights
    topics = ([PRISONERS] if tastes.has_prisoners else []) + list(issues)
    raw = {topic: float(weights.get(topic, 0.0)) for topic in topics}
    if not weights:
        raw = dict.fromkeys(topics, 1.0)
    total = sum(raw.values())
    tables = tuple(_issue_table(issue, tastes.issue_values.get(issue_id)) for issue_id, issue in issues.items())
    for table in tables:
        table.setflags(write=False)
    status_quo = tuple(issue.status_quo_index for issue in issues.values())
    return Preferences(
        party=tastes.party,
        position=tastes.position,
        weights=MappingProxyType({topic: value / total for topic, value in raw.items()}),
        issue_tables=tables,
        status_quo=status_quo,
        max_ratio=tastes.max_ratio,
        reserved_value=tastes.reserved_value,
    )
