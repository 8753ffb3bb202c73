"""Numeric issues and linkage: amounts on a grid, a value curve per party, and ties between terms.

A numeric issue (`Issue.kind: numeric`) is an amount in a range with a unit and a step, e.g.
funds of 0 to 10e9 USD in steps of 0.5e9. Its grid (`numeric_grid`) holds the amounts a
package may name: the low end, every step above it, and always the high end. Each party
values the amount by a curve (`ValueCurve`): linear (rising or falling), concave with a
stated curvature, or a table of points read piecewise linearly; `curve_values` evaluates
one over a grid, to values in 0..1.

A linkage (`Link`) ties a numeric issue to captives released or to another numeric issue,
e.g. funds of about 1.2e9 USD per person released by one side, or one day of pause per ten
hostages released; every package that breaks it is off the table.

Amounts may be written as YAML numbers or in the short forms `10e9`, `0.5e9` (which YAML
1.1 reads as text): `Amount` reads both.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BeforeValidator, Discriminator, Field, Strict, StringConstraints, Tag

from sim.scenario.fields import Frozen, Identifier, Probability

AMOUNT_BOUND = 1e15
"""The largest magnitude an amount may have (1e15 of its unit): far above any sum a swap names."""


def _read_number(value: Any) -> Any:
    """`10e9`, `0.5e9` or `1_000` written in YAML arrive as text: read them as numbers; leave the rest."""
    if isinstance(value, str):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


Amount = Annotated[float, BeforeValidator(_read_number), Field(ge=-AMOUNT_BOUND, le=AMOUNT_BOUND)]
"""A finite amount of an issue's unit; `10e9` and `0.5e9` are read as numbers."""
Unit = Annotated[str, StringConstraints(min_length=1, max_length=32, strict=True)]
"""The unit of a numeric issue as printed after its amounts, e.g. `USD`, `days`, `people`."""


class ValueCurve(Frozen):
    """A party's value (0..1) of each amount of a numeric issue."""

    curve: Literal["linear", "concave", "table"]
    """`linear`: value proportional to the amount's place in the range; `concave`: the same bent by `curvature`
    (each step is worth less than the one before); `table`: read from `points`, linearly between them."""
    rising: bool = True
    """For `linear` and `concave`: true if more is better (value 0 at the low end, 1 at the high end), false if less is
    better (1 at the low end, 0 at the high end)."""
    curvature: Annotated[float, Field(gt=0.0, le=50.0)] | None = None
    """For `concave` (required there): how bent the curve is (dimensionless, > 0). At a share t of the way from the
    worst to the best end the value is (1 - exp(-curvature x t)) / (1 - exp(-curvature)); 2 gives 0.73 half-way."""
    points: Annotated[list[Annotated[tuple[Amount, Probability], Strict(False)]],
                      Field(min_length=2, max_length=1000)] | None = None
    """For `table` (required there): `[amount, value]` pairs, amounts (in the issue's unit) increasing and within its
    range, values 0..1; amounts before the first point take its value, after the last the last's."""


def _values_kind(value: Any) -> str:
    """Which form an issue's values take: a curve (a mapping with `curve`) or values per option."""
    curve = isinstance(value, ValueCurve) or (isinstance(value, dict) and "curve" in value)
    return CURVE_TAG if curve else OPTIONS_TAG


OPTIONS_TAG = "values per option"
"""How pydantic tags errors of values per option (the loader drops it from field paths: `UNION_TAGS`)."""
CURVE_TAG = "value curve"
"""How pydantic tags errors of a value curve (dropped from field paths likewise)."""
UNION_TAGS = frozenset({OPTIONS_TAG, CURVE_TAG})
"""Tags pydantic puts into error locations that are not keys of the scenario file."""

IssueValues = Annotated[Annotated[dict[Identifier, Probability], Tag(OPTIONS_TAG)]
                        | Annotated[ValueCurve, Tag(CURVE_TAG)], Discriminator(_values_kind)]
"""A party's values of one issue: a value (0..1) per option, or for a numeric issue a `ValueCurve`."""


class LinkTarget(Frozen):
    """What a linkage ties its issue to: captives released by a side (optionally of one category), or a numeric
    issue."""

    released_by: Identifier | None = None
    """Id of the side (a party in no bloc, or a bloc) whose released captives (count of people) are counted."""
    category: Identifier | None = None
    """With `released_by`: count only the released captives of this category; null: every category."""
    issue: Identifier | None = None
    """Id of a numeric issue whose amount (in its unit) is counted instead of captives."""


class Link(Frozen):
    """A tie between terms checked in every package: `issue` = `ratio` x (`of` / `per`), within `tolerance`."""

    issue: Identifier
    """Id of the numeric issue the linkage constrains."""
    of: LinkTarget
    """What the issue is tied to: `{released_by: SIDE}` (optionally with a `category`) or `{issue: OTHER}`."""
    per: Annotated[float, BeforeValidator(_read_number), Field(gt=0.0, le=AMOUNT_BOUND)] = 1.0
    """How much of `of` (people, or the other issue's unit) goes with `ratio` of the issue."""
    ratio: Annotated[float, BeforeValidator(_read_number), Field(ge=0.0, le=AMOUNT_BOUND)] = 1.0
    """How much of the issue (in its unit) goes with `per` of `of`: `issue` = `ratio` x `of` / `per`."""
    relation: Literal["equal", "at_most", "at_least"] = "equal"
    """`equal`: the issue's amount is within `tolerance` of the linked amount; `at_most` / `at_least`: it may be
    below / above the linked amount (by any margin) too."""
    tolerance: Annotated[float, BeforeValidator(_read_number), Field(ge=0.0, le=AMOUNT_BOUND)] | None = None
    """How far (in the issue's unit) the amount may miss the linked amount; null: half the issue's step, so the
    nearest amount on the grid passes."""


def grid_size(low: float, high: float, step: float) -> int:
    """How many amounts `numeric_grid(low, high, step)` holds, without building it."""
    steps = math.floor((high - low) / step + 1e-9)
    last = low + steps * step
    return steps + 1 + (1 if high - last > 1e-9 * max(abs(high), step) else 0)


@lru_cache(maxsize=64)
def numeric_grid(low: float, high: float, step: float) -> tuple[int | float, ...]:
    """The amounts a package may name: `low`, `low + step`, ... and always `high`, each rounded to 12 significant
    digits; whole numbers (below 2**53) as ints, so that `6e9` prints and logs as 6000000000."""
    count = grid_size(low, high, step)
    amounts = [low + k * step for k in range(count - 1)] + [high]
    rounded = [float(f"{amount:.12g}") for amount in amounts]
    if all(value.is_integer() and abs(value) < 2**53 for value in rounded):
        return tuple(int(value) for value in rounded)
    return tuple(rounded)


def nearest_on_grid(grid: tuple[int | float, ...], amount: float) -> int:
    """The index of the grid amount nearest to `amount` (the lower one on a tie)."""
    values = np.asarray(grid, dtype=np.float64)
    return int(np.argmin(np.abs(values - amount)))


def curve_values(curve: ValueCurve, grid: tuple[int | float, ...], low: float, high: float) -> NDArray[np.float64]:
    """The value (0..1) of each amount of `grid` under `curve`, for an issue ranging over `low`..`high`."""
    amounts = np.asarray(grid, dtype=np.float64)
    if curve.curve == "table":
        assert curve.points is not None
        xs = np.array([x for x, _ in curve.points], dtype=np.float64)
        ys = np.array([y for _, y in curve.points], dtype=np.float64)
        return np.asarray(np.interp(amounts, xs, ys), dtype=np.float64)
    share = (amounts - low) / (high - low)
    if not curve.rising:
        share = 1.0 - share
    if curve.curve == "concave":
        assert curve.curvature is not None
        bend = curve.curvature
        share = -np.expm1(-bend * share) / -math.expm1(-bend)
    return np.asarray(np.clip(share, 0.0, 1.0), dtype=np.float64)


def format_amount(amount: float, unit: str | None = None) -> str:
    """An amount as printed for people: thousands separated, then the unit (`6,000,000,000 USD`, `2.5 days`)."""
    value = float(amount)
    text = f"{int(value):,}" if value.is_integer() and abs(value) < 2**53 else f"{value:,.6g}"
    return f"{text} {unit}" if unit else text
