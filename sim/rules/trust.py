"""Trust models: one side's belief that the other keeps its word, always within [0, 1].

Kept commitments (an executed stage) raise trust, broken ones (a failed stage, a scrapped
deal) and signs of bad faith (a delegation with little authority, disputed names) lower it.
Each model is a small stateful object owned by one run; `fixed` is the null member.
"""

from __future__ import annotations

from typing import Annotated, Literal, Protocol

from pydantic import Field

from sim.scenario.fields import Frozen, Probability
from sim.scenario.registry import TRUST_MODELS


class TrustModel(Protocol):
    """One side's belief that the other keeps its word: a small stateful object, one per party and run.

    To add one: write a parameter model (a `Frozen` with `kind: Literal["name"]` and the
    fields a scenario gives), a class with the members below, and register a builder with
    `@TRUST_MODELS.register(ParameterModel)`. The engine reads `value` where trust matters (a
    leader's ruling, the ratio a side accepts, staging and failure of execution, a channel's
    pressure to open a round) and calls `observe` after every kept or broken commitment or
    sign of bad faith. Nothing else may change the value.
    """

    suspicious_below_authority: float
    """A delegation with less authority than this looks like bad faith (a referral lowers trust); 0 never."""

    @property
    def value(self) -> float:
        """The belief now, in [0, 1] (the invariant check fails a run whose trust leaves it)."""
        ...

    def observe(self, kept: bool, weight: float) -> None:
        """Take in one commitment kept (True) or broken (False), counted `weight` times."""


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


class JointTrust:
    """A bloc's trust in the other side: the least trusting member's (a view; the members observe for themselves)."""

    def __init__(self, members: list[TrustModel]) -> None:
        self.members = members
        self.suspicious_below_authority = max(member.suspicious_below_authority for member in members)

    @property
    def value(self) -> float:
        return min(member.value for member in self.members)

    def observe(self, kept: bool, weight: float) -> None:
        return None  # each member observes the other side itself; counting here too would count twice


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


class FixedTrust(Frozen):
    """Trust never moves from `initial`."""

    kind: Literal["fixed"]
    """Plug-in name: `fixed` (trust never moves)."""
    initial: Probability = 0.5
    """This side's trust in the other (0..1): the belief that the other keeps its word."""


class BetaTrust(Frozen):
    """Beta reputation: kept and broken commitments add to a Beta(alpha, beta) belief."""

    kind: Literal["beta"]
    """Plug-in name: `beta` (Beta reputation over kept and broken commitments)."""
    initial: Probability = 0.5
    """Trust (0..1) before any commitment is observed: the mean of the Beta prior."""
    prior_weight: Annotated[float, Field(gt=0.0, le=1e6)] = 2.0
    """How many observed commitments the prior is worth (observations); larger moves trust more slowly."""
    suspicious_below_authority: Probability = 0.5
    """A delegation of the other side with authority (0..1) below this is read as bad faith and lowers trust."""


class SmoothingTrust(Frozen):
    """Exponential smoothing: trust <- (1 - rate) trust + rate * (1 if kept else 0)."""

    kind: Literal["smoothing"]
    """Plug-in name: `smoothing` (exponential smoothing)."""
    initial: Probability = 0.5
    """Trust (0..1) at the start of the run."""
    rate: Probability = 0.2
    """Weight (0..1) of each new observation: trust <- (1 - rate) trust + rate (1 if kept else 0)."""
    suspicious_below_authority: Probability = 0.5
    """A delegation of the other side with authority (0..1) below this is read as bad faith and lowers trust."""


@TRUST_MODELS.register(FixedTrust)
def _fixed(spec: FixedTrust) -> TrustModel:
    return ConstantTrust(spec.initial)


@TRUST_MODELS.register(BetaTrust)
def _beta(spec: BetaTrust) -> TrustModel:
    return BetaReputation(spec.initial, spec.prior_weight, spec.suspicious_below_authority)


@TRUST_MODELS.register(SmoothingTrust)
def _smoothing(spec: SmoothingTrust) -> TrustModel:
    return ExponentialSmoothing(spec.initial, spec.rate, spec.suspicious_below_authority)
