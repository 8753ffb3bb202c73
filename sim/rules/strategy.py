"""Concession strategies: how much a delegation asks for as talks go on, and which offer it makes.

A strategy gives the utility a delegation insists on at a moment of the talks (its
aspiration). The same pure functions then decide for every strategy: accept an offer worth
at least the aspiration; otherwise propose the offer worst for oneself among those meeting
it (within `tolerance`, preferring what the other side values most).
"""

from __future__ import annotations

from typing import Annotated, Literal, Protocol

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from sim.scenario.fields import Frozen, Probability
from sim.scenario.registry import STRATEGIES
from sim.valuation.ranking import EPSILON


class ConcessionStrategy(Protocol):
    """How much a delegation insists on as talks go on: its aspiration, in its own utility.

    To add one: a parameter model (`Frozen` with `kind: Literal["name"]`), a class with the
    members below, and `@STRATEGIES.register(ParameterModel)` on a builder. The delegation
    accepts an offer worth at least the aspiration and otherwise proposes by `choose_offer`;
    the strategy only sets the level (a pure function of time and what it has observed).
    """

    tolerance: float
    """Offers within this much utility of the cheapest acceptable one count as equal when choosing."""
    observes: bool
    """Whether `observe` does anything (a delegation does not call it otherwise)."""

    def aspiration(self, time: float, floor: float, ceiling: float) -> float:
        """The utility insisted on at normalised time `time` in [0, 1]."""

    def observe(self, offer_value: float) -> None:
        """Take in the value (to oneself) of the other side's latest offer."""


class TimeBasedAspiration:
    """aspiration(t) = floor + (ceiling - floor)(1 - t^exponent)."""

    observes = False

    def __init__(self, exponent: float, tolerance: float) -> None:
        self.exponent = exponent
        self.tolerance = tolerance

    def aspiration(self, time: float, floor: float, ceiling: float) -> float:
        return floor + (ceiling - floor) * (1.0 - min(1.0, max(0.0, time)) ** self.exponent)

    def observe(self, offer_value: float) -> None:
        return None


class TitForTat:
    """Concede what the other side conceded last step (in one's own utility), times `factor`."""

    observes = True

    def __init__(self, factor: float, initial_concession: float, tolerance: float) -> None:
        self.factor = factor
        self.initial_concession = initial_concession
        self.tolerance = tolerance
        self.level: float | None = None
        self.seen: list[float] = []
        self.answered = 0

    def aspiration(self, time: float, floor: float, ceiling: float) -> float:
        if self.level is None:
            self.level = ceiling
        if self.answered < len(self.seen):
            if len(self.seen) == 1:
                self.level -= self.initial_concession
            else:
                self.level -= self.factor * max(0.0, self.seen[-1] - self.seen[-2])
            self.answered = len(self.seen)
        self.level = min(ceiling, max(floor, self.level))
        return self.level

    def observe(self, offer_value: float) -> None:
        self.seen.append(offer_value)


class AspirationStrategy(Frozen):
    """Time-based aspiration: lo + (hi - lo)(1 - t^exponent); >1 Boulware, 1 linear, <1 conceder."""

    kind: Literal["aspiration"]
    """Plug-in name: `aspiration` (time-dependent concession)."""
    exponent: Annotated[float, Field(gt=0.0, le=1000.0)] = 1.0
    """Shape of the concession curve lo + (hi - lo)(1 - t^exponent): above 1 Boulware (concede late), 1 linear, below 1
    conceder."""
    tolerance: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    """Among packages within this much utility (0..1) of the aspiration, offer the one the other side values most; 0
    offers the package worst for oneself."""


class TitForTatStrategy(Frozen):
    """Reactive: concede as much as the other side conceded last step, times `factor`."""

    kind: Literal["tit_for_tat"]
    """Plug-in name: `tit_for_tat` (reactive concession)."""
    factor: Annotated[float, Field(ge=0.0, le=10.0)] = 1.0
    """Concede this multiple of what the other side conceded in its last step (dimensionless)."""
    initial_concession: Probability = 0.02
    """Utility (0..1) conceded at the first step, before the other side has conceded anything."""
    tolerance: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    """Among packages within this much utility (0..1) of the aspiration, offer the one the other side values most."""


@STRATEGIES.register(AspirationStrategy)
def _aspiration(spec: AspirationStrategy) -> ConcessionStrategy:
    return TimeBasedAspiration(spec.exponent, spec.tolerance)


@STRATEGIES.register(TitForTatStrategy)
def _tit_for_tat(spec: TitForTatStrategy) -> ConcessionStrategy:
    return TitForTat(spec.factor, spec.initial_concession, spec.tolerance)


def accepts(offer_value: float, offer_allowed: bool, aspiration: float) -> bool:
    """Accept an allowed offer worth at least the aspiration."""
    return offer_allowed and offer_value >= aspiration - EPSILON


def choose_offer(
    utility: NDArray[np.float64],
    allowed: NDArray[np.bool_],
    opponent: NDArray[np.float64],
    aspiration: float,
    tolerance: float,
) -> int:
    """The allowed outcome worst for oneself among those worth at least `aspiration`.

    Outcomes within `tolerance` of that worst value are treated as equal, and among them the
    one the other side values most is chosen (ties: the lowest outcome number). If nothing
    allowed meets the aspiration, the best allowed outcome is offered.
    """
    meeting = allowed & (utility >= aspiration - EPSILON)
    if not meeting.any():
        if not allowed.any():
            raise RuntimeError("no outcome is allowed: the outcome space is empty")
        return int(np.flatnonzero(allowed)[np.argmax(utility[allowed])])
    candidates = np.flatnonzero(meeting)
    values = utility[candidates]
    band = candidates[values <= values.min() + tolerance + EPSILON]
    return int(band[np.argmax(opponent[band])])


def compromise(
    utilities: list[NDArray[np.float64]],
    allowed: NDArray[np.bool_],
    aspirations: list[float],
) -> int:
    """A mediator's draft: the allowed outcome with the largest smallest slack over aspirations.

    Each party's slack is its utility less its stated aspiration; maximising the smallest
    slack gives the package closest to acceptable to both (ties: the lowest outcome number).
    """
    if not allowed.any():
        raise RuntimeError("no outcome is allowed: the outcome space is empty")
    # the smallest slack, side by side in place: the values np.min over a stack gives, without the stack
    slack = utilities[0] - aspirations[0]
    for utility, aspiration in zip(utilities[1:], aspirations[1:], strict=True):
        np.minimum(slack, utility - aspiration, out=slack)
    slack[~allowed] = -np.inf
    return int(np.argmax(slack))
