"""The scenario schema: frozen, typed objects that a YAML scenario file is validated into.

This is the one place where a scenario's shape is defined. Plug-ins (veto rules, concession
strategies, trust models, protocols) are chosen with a `kind` field; each kind has its own
parameter model here, and `sim.rules` registers the behaviour behind each kind under the
same name. Limits (`LIMITS`) keep a scenario from asking for more than a run can give.
Cross-references between sections (a category or a party named somewhere else) are checked
by `sim.scenario.references`, which can name the exact field path.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from sim.scenario.limits import LIMITS

if TYPE_CHECKING:
    from sim.scenario.channel_schema import Channel

SCHEMA_VERSION = 1
"""Bumped whenever a scenario file valid before would now mean something else."""



Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$", strict=True)
]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200, strict=True)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Value = Annotated[float, Field(ge=0.0, le=LIMITS.value)]
Days = Annotated[float, Field(ge=0.0, le=LIMITS.delay_days)]


class Frozen(BaseModel):
    """Base for every scenario object: immutable, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True)


class Delay(Frozen):
    """A waiting time in days: fixed, or exponentially distributed around `mean`."""

    mean: Days = 0.0
    distribution: Literal["fixed", "exponential"] = "fixed"


# --- veto rules: when does a leader approve a deal? -----------------------------------------


class NeverVeto(Frozen):
    """The leader approves every deal."""

    kind: Literal["never"] = "never"


class ThresholdVeto(Frozen):
    """The leader approves a deal worth at least `threshold` (0..1 utility) to its side."""

    kind: Literal["threshold"]
    threshold: Probability


class ProbabilisticVeto(Frozen):
    """The leader approves with probability logistic(slope*(value-midpoint) + trust_weight*(trust-0.5))."""

    kind: Literal["probabilistic"]
    midpoint: Probability = 0.5
    slope: Annotated[float, Field(ge=0.0, le=1000.0)] = 10.0
    trust_weight: Annotated[float, Field(ge=-100.0, le=100.0)] = 2.0


VetoRuleSpec = Annotated[
    NeverVeto | ThresholdVeto | ProbabilisticVeto, Field(discriminator="kind")
]


# --- concession strategies ------------------------------------------------------------------


class AspirationStrategy(Frozen):
    """Time-based aspiration: lo + (hi - lo)(1 - t^exponent); >1 Boulware, 1 linear, <1 conceder."""

    kind: Literal["aspiration"]
    exponent: Annotated[float, Field(gt=0.0, le=1000.0)] = 1.0
    tolerance: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0


class TitForTatStrategy(Frozen):
    """Reactive: concede as much as the other side conceded last step, times `factor`."""

    kind: Literal["tit_for_tat"]
    factor: Annotated[float, Field(ge=0.0, le=10.0)] = 1.0
    initial_concession: Probability = 0.02
    tolerance: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0


StrategySpec = Annotated[AspirationStrategy | TitForTatStrategy, Field(discriminator="kind")]


# --- trust models ---------------------------------------------------------------------------


class FixedTrust(Frozen):
    """Trust never moves from `initial`."""

    kind: Literal["fixed"]
    initial: Probability = 0.5


class BetaTrust(Frozen):
    """Beta reputation: kept and broken commitments add to a Beta(alpha, beta) belief."""

    kind: Literal["beta"]
    initial: Probability = 0.5
    prior_weight: Annotated[float, Field(gt=0.0, le=1e6)] = 2.0
    suspicious_below_authority: Probability = 0.5


class SmoothingTrust(Frozen):
    """Exponential smoothing: trust <- (1 - rate) trust + rate * (1 if kept else 0)."""

    kind: Literal["smoothing"]
    initial: Probability = 0.5
    rate: Probability = 0.2
    suspicious_below_authority: Probability = 0.5


TrustSpec = Annotated[FixedTrust | BetaTrust | SmoothingTrust, Field(discriminator="kind")]


# --- parties --------------------------------------------------------------------------------


class Leader(Frozen):
    """Final approval of any deal, after `delay`; may scrap an agreed deal before a stage."""

    name: Label
    veto: VetoRuleSpec = NeverVeto()
    delay: Delay = Delay()
    scrap_probability: Probability = 0.0


class Delegation(Frozen):
    """Negotiates within a mandate; below `authority` it must refer to its leader."""

    name: Label
    authority: Probability = 1.0
    strategy: StrategySpec = AspirationStrategy(kind="aspiration")
    referral_delay: Delay = Delay()


class Roster(Frozen):
    """The captives a party holds: generated from counts per category, or read from a CSV."""

    generate: dict[Identifier, Annotated[int, Field(ge=0, le=LIMITS.captives_per_party)]] | None = None
    csv: Annotated[str, StringConstraints(min_length=1, max_length=4096)] | None = None
    value_noise: Annotated[float, Field(ge=0.0, le=5.0)] = 0.0
    unacknowledged_share: Probability = 0.0

    @model_validator(mode="after")
    def _exactly_one_source(self) -> Roster:
        if (self.generate is None) == (self.csv is None):
            raise ValueError("give exactly one of 'generate' (counts per category) or 'csv'")
        return self


class Interests(Frozen):
    """What a party values: its own people back, the captives it holds, and other issues."""

    value_home: dict[Identifier, Value] = {}
    value_holder: dict[Identifier, Value] = {}
    urgency: Probability = 0.0
    max_ratio: Annotated[float, Field(ge=1.0, le=1e6)] | None = None
    weights: dict[Identifier, Value] = {}
    issue_values: dict[Identifier, dict[Identifier, Probability]] = {}
    reserved_value: Probability | None = None


class Party(Frozen):
    """One side of the conflict."""

    name: Label
    leader: Leader
    delegation: Delegation
    roster: Roster | None = None
    interests: Interests = Interests()
    trust: TrustSpec = FixedTrust(kind="fixed")


class Issue(Frozen):
    """A discrete issue besides the prisoner lists (e.g. a ceasefire, a leaders' meeting)."""

    options: Annotated[list[Identifier], Field(min_length=2, max_length=1000)]
    status_quo: Identifier | None = None


class Mediator(Frozen):
    """A third party: hosts talks, shuttles between sides, or brokers out of sight."""

    name: Label
    style: Literal["host", "shuttle", "broker"]
    relay_delay: Delay = Delay()
    drafts_packages: bool = False
    draft_every_steps: Annotated[int, Field(ge=1, le=LIMITS.max_steps)] = 5
    guarantees_execution: bool = False
    guarantee_strength: Probability = 0.5


class Protocol(Frozen):
    """How offers move: direct alternating offers, a mediator's single text, or shuttle."""

    kind: Literal["direct", "single_text", "shuttle"] = "direct"
    mediator: Identifier | None = None
    opens: Identifier | None = None
    step_hours: Annotated[float, Field(gt=0.0, le=24.0 * 365)] = 0.5
    max_steps: Annotated[int, Field(ge=1, le=LIMITS.max_steps)] = 50
    package_step: Annotated[int, Field(ge=1, le=LIMITS.captives_per_party)] = 1


class Execution(Frozen):
    """How an agreed swap is carried out: in stages that can slip or fail."""

    stages: Annotated[int, Field(ge=1, le=LIMITS.stages)] = 1
    staged_below_trust: Probability = 0.5
    start_after_days: Days = 0.0
    interval_days: Days = 1.0
    slip_probability: Probability = 0.0
    slip_days: Days = 1.0
    failure_probability: Probability = 0.0


class Effect(Frozen):
    """What an exogenous event changes for one party."""

    party: Identifier
    urgency: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    leverage: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    trust_signal: Annotated[float, Field(ge=-100.0, le=100.0)] = 0.0
    add_captives: dict[Identifier, Annotated[int, Field(ge=0, le=LIMITS.captives_per_party)]] = {}


class ScheduledEvent(Frozen):
    """A shock on a given day of the run."""

    name: Label
    day: Annotated[float, Field(ge=0.0, le=LIMITS.horizon_days)]
    effects: Annotated[list[Effect], Field(min_length=1, max_length=100)]


class RandomEvent(Frozen):
    """A shock that arrives at random, `rate_per_day` times a day on average."""

    name: Label
    rate_per_day: Annotated[float, Field(gt=0.0, le=10.0)]
    effects: Annotated[list[Effect], Field(min_length=1, max_length=100)]


class Events(Frozen):
    scheduled: Annotated[list[ScheduledEvent], Field(max_length=LIMITS.events)] = []
    random: Annotated[list[RandomEvent], Field(max_length=LIMITS.events)] = []


class Scenario(Frozen):
    """A whole scenario: who negotiates over what, under which rules, for how long."""

    schema_version: Literal[1] = 1
    name: Label
    description: Annotated[str, StringConstraints(max_length=20_000)] = ""
    start_date: dt.date | None = None
    horizon_days: Annotated[float, Field(gt=0.0, le=LIMITS.horizon_days)]
    categories: Annotated[list[Identifier], Field(max_length=100)] = []
    parties: Annotated[dict[Identifier, Party], Field(min_length=2, max_length=2)]
    issues: Annotated[dict[Identifier, Issue], Field(max_length=50)] = {}
    mediators: Annotated[dict[Identifier, Mediator], Field(max_length=20)] = {}
    protocol: Protocol = Protocol()
    execution: Execution = Execution()
    events: Events = Events()
    channel: Channel | None = None

    @property
    def party_ids(self) -> tuple[str, str]:
        """The two party ids in sorted order: the order processes start and streams derive."""
        first, second = sorted(self.parties)
        return first, second

    @property
    def has_prisoners(self) -> bool:
        return any(party.roster is not None for party in self.parties.values())


# The channel section builds on the models above and completes `Scenario` (model_rebuild) when imported.
import sim.scenario.channel_schema  # noqa: E402, F401

PLUGIN_KINDS = frozenset(
    kind.kind
    for kind in (
        NeverVeto(), ThresholdVeto(kind="threshold", threshold=0.5), ProbabilisticVeto(kind="probabilistic"),
        AspirationStrategy(kind="aspiration"), TitForTatStrategy(kind="tit_for_tat"),
        FixedTrust(kind="fixed"), BetaTrust(kind="beta"), SmoothingTrust(kind="smoothing"),
    )
)
"""Every `kind` a plug-in field accepts; pydantic puts these tags into error locations."""
