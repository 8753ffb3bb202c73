"""The outcome space of one round of talks: every package the parties could agree on.

An outcome is a prisoner package (how many captives each side releases, drawn from its
roster in release order, in blocks of `package_step`) combined with one option of each
other issue (for a numeric issue, one amount of its grid). A side is a party, or a bloc of
parties drawing its lists from its members' rosters together; two parties without blocs
are two sides. Outcomes are numbered in C order over the shape `(levels of side A, levels
of side B, ..., options of issue 1, ...)`, so utilities are plain numpy vectors indexed by outcome number.

How an outcome reads (its coordinates, list sizes and issue options) depends only on the
space's shape and labels, not on the run, so spaces with the same ones share one memo of
the outcomes described so far (`_shared_memo`, a bounded LRU): a sweep or a benchmark
running one scenario over many seeds describes each offered outcome once, not once a run.
The memo only ever holds what the pure arithmetic below would compute again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from math import prod
from typing import Any

import numpy as np
from numpy.typing import NDArray


def package_levels(tradable: int, step: int) -> NDArray[np.int64]:
    """List sizes a party can offer: 0, step, 2*step, ... and always the whole tradable roster."""
    levels = np.arange(0, tradable + 1, step, dtype=np.int64)
    if levels[-1] != tradable:
        levels = np.append(levels, np.int64(tradable))
    return levels


# A bounded pure cache keyed by value (the space's shape, or its labels), never by identity:
# its dicts only ever hold what `coordinates` and `description` would compute again from the
# key alone, so clearing it changes nothing but the time taken (tests/test_caches.py).
@lru_cache(maxsize=16)
def _shared_memo(key: tuple[Any, ...]) -> dict[int, Any]:
    """One memo per distinct key; callers store values that depend on nothing but the key."""
    return {}


@dataclass(frozen=True, slots=True)
class OutcomeSpace:
    """Every package on the table in one round; index ↔ (list sizes, issue options)."""

    parties: tuple[str, ...]
    """The sides, in order: the axes of list sizes (party ids, or bloc ids for blocs)."""
    levels: tuple[NDArray[np.int64], ...]
    issues: tuple[str, ...]
    options: tuple[tuple[Any, ...], ...]
    """Per issue, what a package may name: option labels (str), or a numeric issue's grid of amounts (numbers)."""
    links: tuple[Any, ...] = ()
    """The scenario's linkage as `sim.valuation.linkage.LinkRule`s: ties every package must keep."""
    # derived once: the shape, the C-order stride of each axis, and the list sizes as ints
    _shape: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _strides: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)
    _level_sizes: tuple[list[int], ...] = field(init=False, repr=False, compare=False)
    _coordinates: dict[int, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _descriptions: dict[int, tuple[dict[str, int], dict[str, Any]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        shape = (*(levels.size for levels in self.levels), *(len(o) for o in self.options))
        strides = [prod(shape[axis + 1:]) for axis in range(len(shape))]
        object.__setattr__(self, "_shape", shape)
        object.__setattr__(self, "_strides", tuple(zip(strides, shape, strict=True)))
        level_sizes = tuple(levels.tolist() for levels in self.levels)
        object.__setattr__(self, "_level_sizes", level_sizes)
        object.__setattr__(self, "_coordinates", _shared_memo(("coordinates", shape)))
        labels = (self.parties, *(tuple(sizes) for sizes in level_sizes), self.issues, self.options)
        object.__setattr__(self, "_descriptions", _shared_memo(("descriptions", *labels)))

    @property
    def shape(self) -> tuple[int, ...]:
        """Sizes of the axes: list sizes of each side, then options of each issue."""
        return self._shape

    @property
    def size(self) -> int:
        """How many outcomes the space holds."""
        return prod(self._shape)

    def coordinates(self, outcome: int) -> tuple[int, ...]:
        """The index on each axis of outcome number `outcome` (as `numpy.unravel_index`)."""
        known = self._coordinates.get(outcome)
        if known is not None:
            return known
        outcome = int(outcome)
        if not 0 <= outcome < self.size:
            raise ValueError(f"outcome {outcome} is not in a space of {self.size} outcomes")
        coordinates = tuple((outcome // stride) % extent for stride, extent in self._strides)
        self._coordinates[outcome] = coordinates
        return coordinates

    def released(self, outcome: int) -> dict[str, int]:
        """How many captives each side releases under `outcome`."""
        coordinates = self.coordinates(outcome)
        if len(self.parties) == 2:  # the common case, without a loop
            return {self.parties[0]: self._level_sizes[0][coordinates[0]],
                    self.parties[1]: self._level_sizes[1][coordinates[1]]}
        return {side: self._level_sizes[axis][coordinates[axis]] for axis, side in enumerate(self.parties)}

    def description(self, outcome: int) -> tuple[dict[str, int], dict[str, Any]]:
        """`(released(outcome), issue_options(outcome))`, shared: copy before changing them."""
        known = self._descriptions.get(outcome)
        if known is None:
            known = self._descriptions[outcome] = (self.released(outcome), self.issue_options(outcome))
        return known

    def issue_options(self, outcome: int) -> dict[str, Any]:
        """The option of each issue under `outcome`: its label, or for a numeric issue its amount (a number)."""
        picks = self.coordinates(outcome)[len(self.parties):]
        return {issue: self.options[i][pick] for i, (issue, pick) in enumerate(zip(self.issues, picks, strict=True))}

    def index(self, released: Mapping[str, int], options: Mapping[str, Any]) -> int:
        """The outcome number of a package given by list sizes and issue options."""
        coords = [
            int(np.searchsorted(self.levels[i], released[party])) for i, party in enumerate(self.parties)
        ]
        coords += [self.options[i].index(options[issue]) for i, issue in enumerate(self.issues)]
        return int(np.ravel_multi_index(coords, self.shape))

    def level_grids(self) -> tuple[NDArray[np.int64], ...]:
        """List sizes of each side as arrays broadcastable to `shape`."""
        extra = (1,) * len(self.issues)
        sides = len(self.levels)
        return tuple(levels.reshape((*(1,) * axis, -1, *(1,) * (sides - axis - 1), *extra))
                     for axis, levels in enumerate(self.levels))

    def issue_grid(self, position: int, values: Sequence[float]) -> NDArray[np.float64]:
        """Values of issue `position`'s options (or grid amounts), broadcastable to `shape`."""
        sides = len(self.levels)
        shape = [1] * (sides + len(self.issues))
        shape[sides + position] = len(self.options[position])
        return np.asarray(values, dtype=np.float64).reshape(shape)
