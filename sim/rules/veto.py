"""Veto rules: whether a leader approves a deal, given its value to her side and her trust.

`never` (always approve) is the null member; `threshold` approves deals worth at least a
set utility; `probabilistic` approves with a logistic probability in value and trust.
"""

from __future__ import annotations

import math
from typing import Protocol

from sim.randomness import Stream
from sim.scenario.registry import Registry
from sim.scenario.schema import NeverVeto, ProbabilisticVeto, ThresholdVeto


class VetoRule(Protocol):
    def approves(self, value: float, trust: float, rng: Stream) -> bool:
        """True to approve a deal worth `value` (0..1) when trust in the other side is `trust`
        (`rng()`: the leader's random stream, for rules that draw)."""


VETO_RULES: Registry[VetoRule] = Registry("veto rule")


class AlwaysApprove:
    def approves(self, value: float, trust: float, rng: Stream) -> bool:
        return True


class ValueThreshold:
    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def approves(self, value: float, trust: float, rng: Stream) -> bool:
        return value >= self.threshold


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


@VETO_RULES.register("never")
def _never(spec: NeverVeto) -> VetoRule:
    return AlwaysApprove()


@VETO_RULES.register("threshold")
def _threshold(spec: ThresholdVeto) -> VetoRule:
    return ValueThreshold(spec.threshold)


@VETO_RULES.register("probabilistic")
def _probabilistic(spec: ProbabilisticVeto) -> VetoRule:
    return LogisticApproval(spec.midpoint, spec.slope, spec.trust_weight)
