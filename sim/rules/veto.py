"""Veto rules: whether a leader approves a deal, given its value to her side and her trust.

`never` (always approve) is the null member; `threshold` approves deals worth at least a
set utility; `probabilistic` approves with a logistic probability in value and trust.

Each rule also says, without drawing, how likely it is to veto each of many deals at once
(`veto_probability`, over a numpy vector of values): what a delegation that anticipates its
own ratifiers reads (`sim.rules.anticipation`). A party's ratifiers decide independently,
so the probability that at least one of them vetoes is `1 - prod(1 - p)` (`combined`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Annotated, Literal, Protocol

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from sim.randomness import Stream
from sim.scenario.fields import Frozen, Probability
from sim.scenario.registry import VETO_RULES


class VetoRule(Protocol):
    """A leader's (or any ratifier's) rule for approving a deal: pure, apart from the stream it may draw from.

    To add one: a parameter model (`Frozen` with `kind: Literal["name"]`), a class with
    `approves` and `veto_probability`, and `@VETO_RULES.register(ParameterModel)` on a builder.
    A leader asks `approves` when a delegation refers an offer and when an agreement comes for
    ratification; a delegation that anticipates its ratifiers reads `veto_probability`.
    `veto_probability` is optional for plug-ins written before it existed: a rule without it
    is taken as never vetoing when a delegation anticipates it (`veto_probability` below), so
    the delegation does not see that ratifier coming.
    """

    def approves(self, value: float, trust: float, rng: Stream) -> bool:
        """True to approve a deal worth `value` (0..1) when trust in the other side is `trust`
        (`rng()`: the leader's random stream, for rules that draw; call it only when drawing)."""

    def veto_probability(self, values: NDArray[np.float64], trust: float) -> NDArray[np.float64]:
        """The probability (0..1) that `approves` says no to a deal worth each of `values` (utilities,
        0..1, a numpy vector) at trust `trust`: deterministic, no draw, one entry per value. It
        must agree with `approves` (1 where it always vetoes, 0 where it always approves)."""


class AlwaysApprove:
    def approves(self, value: float, trust: float, rng: Stream) -> bool:
        return True

    def veto_probability(self, values: NDArray[np.float64], trust: float) -> NDArray[np.float64]:
        return np.zeros(np.shape(values))


class ValueThreshold:
    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def approves(self, value: float, trust: float, rng: Stream) -> bool:
        return value >= self.threshold

    def veto_probability(self, values: NDArray[np.float64], trust: float) -> NDArray[np.float64]:
        return np.where(np.asarray(values) >= self.threshold, 0.0, 1.0)


class LogisticApproval:
    def __init__(self, midpoint: float, slope: float, trust_weight: float) -> None:
        self.midpoint = midpoint
        self.slope = slope
        self.trust_weight = trust_weight

    def probability(self, value: float, trust: float) -> float:
        score = self.slope * (value - self.midpoint) + self.trust_weight * (trust - 0.5)
        return 1.0 / (1.0 + math.exp(-max(-700.0, min(700.0, score))))

    def approves(self, value: float, trust: float, rng: Stream) -> bool:
        return bool(rng().random() < self.probability(value, trust))

    def veto_probability(self, values: NDArray[np.float64], trust: float) -> NDArray[np.float64]:
        score = self.slope * (np.asarray(values, dtype=np.float64) - self.midpoint) + self.trust_weight * (trust - 0.5)
        # minimum/maximum: the values of np.clip, without its wrapper's cost on a hot path
        return 1.0 - 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(score, -700.0), 700.0)))


class NeverVeto(Frozen):
    """The leader approves every deal."""

    kind: Literal["never"] = "never"
    """Plug-in name: `never` (the leader approves every deal)."""


class ThresholdVeto(Frozen):
    """The leader approves a deal worth at least `threshold` (0..1 utility) to its side."""

    kind: Literal["threshold"]
    """Plug-in name: `threshold`."""
    threshold: Probability
    """Least worth of a deal to the leader's side (utility, 0..1) for the leader to approve it."""


class ProbabilisticVeto(Frozen):
    """The leader approves with probability logistic(slope*(value-midpoint) + trust_weight*(trust-0.5))."""

    kind: Literal["probabilistic"]
    """Plug-in name: `probabilistic`."""
    midpoint: Probability = 0.5
    """Worth of a deal (utility, 0..1) at which the leader approves with probability 1/2 at trust 0.5."""
    slope: Annotated[float, Field(ge=0.0, le=1000.0)] = 10.0
    """Steepness of the logistic approval curve per unit of utility (1/utility)."""
    trust_weight: Annotated[float, Field(ge=-100.0, le=100.0)] = 2.0
    """How much the leader's trust in the other side (0..1, centred on 0.5) adds to the logistic's argument."""


@VETO_RULES.register(NeverVeto)
def _never(spec: NeverVeto) -> VetoRule:
    return AlwaysApprove()


@VETO_RULES.register(ThresholdVeto)
def _threshold(spec: ThresholdVeto) -> VetoRule:
    return ValueThreshold(spec.threshold)


@VETO_RULES.register(ProbabilisticVeto)
def _probabilistic(spec: ProbabilisticVeto) -> VetoRule:
    return LogisticApproval(spec.midpoint, spec.slope, spec.trust_weight)


def veto_probability(rule: VetoRule, values: NDArray[np.float64], trust: float) -> NDArray[np.float64]:
    """`rule.veto_probability(values, trust)` clipped to 0..1, one entry per value; zeros for a plug-in
    without the method (it is taken as never vetoing: see `VetoRule`)."""
    method = getattr(rule, "veto_probability", None)
    if method is None:
        return np.zeros(np.shape(values))
    if type(rule) in _EXACT:
        return method(values, trust)  # one entry per value, within 0..1, by construction
    found = np.asarray(method(values, trust), dtype=np.float64)
    return np.clip(np.broadcast_to(found, np.shape(values)), 0.0, 1.0)


_EXACT = (AlwaysApprove, ValueThreshold, LogisticApproval)
"""The shipped rules, whose `veto_probability` needs no clipping or broadcasting."""


def combined(probabilities: Iterable[NDArray[np.float64]]) -> NDArray[np.float64] | None:
    """The probability that at least one of several independent ratifiers vetoes: `1 - prod(1 - p)`,
    entry by entry; None when there are no ratifiers."""
    approved: NDArray[np.float64] | None = None
    for probability in probabilities:
        approved = 1.0 - probability if approved is None else approved * (1.0 - probability)
    return None if approved is None else 1.0 - approved
