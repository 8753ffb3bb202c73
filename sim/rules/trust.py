"""Trust models: one side's belief that the other keeps its word, always within [0, 1].

Kept commitments (an executed stage) raise trust, broken ones (a failed stage, a scrapped
deal) and signs of bad faith (a delegation with little authority, disputed names) lower it.
Each model is a small stateful object owned by one run; `fixed` is the null member.
"""

from __future__ import annotations

from typing import Protocol

from sim.scenario.registry import Registry
from sim.scenario.schema import BetaTrust, FixedTrust, SmoothingTrust


class TrustModel(Protocol):
    suspicious_below_authority: float

    @property
    def value(self) -> float: ...

    def observe(self, kept: bool, weight: float) -> None:
        """Take in one commitment kept (True) or broken (False), counted `weight` times."""


TRUST_MODELS: Registry[TrustModel] = Registry("trust model")


class ConstantTrust:
    """Trust that never changes."""

    suspicious_below_authority = 0.0

    def __init__(self, initial: float) -> None:
        self._value = initial

    @property
    def value(self) -> float:
        return self._value

    def observe(self, kept: bool, weight: float) -> None:
        return None


class BetaReputation:
    """Beta(alpha, beta) belief; the prior is `initial` worth `prior_weight` observations."""

    def __init__(self, initial: float, prior_weight: float, suspicious_below_authority: float) -> None:
        self.alpha = initial * prior_weight
        self.beta = (1.0 - initial) * prior_weight
        self.suspicious_below_authority = suspicious_below_authority

    @property
    def value(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    def observe(self, kept: bool, weight: float) -> None:
        if kept:
            self.alpha += weight
        else:
            self.beta += weight


class ExponentialSmoothing:
    """Moves trust a share `rate` of the way to 1 (kept) or 0 (broken) per observation."""

    def __init__(self, initial: float, rate: float, suspicious_below_authority: float) -> None:
        self._value = initial
        self.rate = rate
        self.suspicious_below_authority = suspicious_below_authority

    @property
    def value(self) -> float:
        return self._value

    def observe(self, kept: bool, weight: float) -> None:
        step = 1.0 - (1.0 - self.rate) ** weight
        target = 1.0 if kept else 0.0
        self._value = min(1.0, max(0.0, self._value + step * (target - self._value)))


@TRUST_MODELS.register("fixed")
def _fixed(spec: FixedTrust) -> TrustModel:
    return ConstantTrust(spec.initial)


@TRUST_MODELS.register("beta")
def _beta(spec: BetaTrust) -> TrustModel:
    return BetaReputation(spec.initial, spec.prior_weight, spec.suspicious_below_authority)


@TRUST_MODELS.register("smoothing")
def _smoothing(spec: SmoothingTrust) -> TrustModel:
    return ExponentialSmoothing(spec.initial, spec.rate, spec.suspicious_below_authority)
