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

if TYPE_CHECKING:
    from sim.scenario.channel_schema import Channel

SCHEMA_VERSION = 1
"""Bumped whenever a scenario file valid before would now mean something else."""


class Limits:
    """Upper bounds that keep one run small enough to finish; raise them here if you must."""

    captives_per_party = 2_000_000
    horizon_days = 36_500.0
    max_steps = 100_000
    stages = 1_000
    outcomes = 2_000_000
    events = 1_000
    delay_days = 3_650.0
    value = 1e6
    periodic_checks = 1_000_000
    """Times a channel's periodic check (round openings, captures) may come round over the horizon."""
    simulated_events = 10_000_000
    """SimPy events one run may process (`sim.guard`); the largest shipped scenario needs a few thousand."""


LIMITS = Limits()

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$", strict=True)
]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200, strict=True)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Value = Annotated[float, Field(ge=0.0, le=LIMITS.value)]
Days = Annotated[float, Field(ge=0.0, le=LIMITS.delay_days)]


class Frozen(BaseModel):
    """Base for every scenario object: immutable, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True,
                              use_attribute_docstrings=True)  # field docstrings: `parley schema` descriptions


class Delay(Frozen):
    """A waiting time in days: fixed, or exponentially distributed around `mean`."""

    mean: Days = 0.0
    """Waiting time in days: the fixed delay, or the mean of the exponential draw."""
    distribution: Literal["fixed", "exponential"] = "fixed"
    """`fixed`: always `mean` days; `exponential`: drawn from an exponential distribution with that mean."""


# --- veto rules: when does a leader approve a deal? -----------------------------------------


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


VetoRuleSpec = Annotated[
    NeverVeto | ThresholdVeto | ProbabilisticVeto, Field(discriminator="kind")
]


# --- concession strategies ------------------------------------------------------------------


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


StrategySpec = Annotated[AspirationStrategy | TitForTatStrategy, Field(discriminator="kind")]


# --- trust models ---------------------------------------------------------------------------


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


TrustSpec = Annotated[FixedTrust | BetaTrust | SmoothingTrust, Field(discriminator="kind")]


# --- parties --------------------------------------------------------------------------------


class Leader(Frozen):
    """Final approval of any deal, after `delay`; may scrap an agreed deal before a stage."""

    name: Label
    """Display name of the leader (e.g. `President`)."""
    veto: VetoRuleSpec = NeverVeto()
    """The veto rule the leader applies to referrals and to agreed deals (a plug-in chosen by `kind`)."""
    delay: Delay = Delay()
    """Time in days the leader takes to rule on a referral or to ratify a deal."""
    scrap_probability: Probability = 0.0
    """Probability (0..1) that the leader scraps an agreed deal before each stage of its execution."""


class Delegation(Frozen):
    """Negotiates within a mandate; below `authority` it must refer to its leader."""

    name: Label
    """Display name of the delegation."""
    authority: Probability = 1.0
    """Mandate (0..1): how far the delegation may concede without referring to its leader; 1 means never refer."""
    strategy: StrategySpec = AspirationStrategy(kind="aspiration")
    """The concession strategy (a plug-in chosen by `kind`)."""
    referral_delay: Delay = Delay()
    """Time in days a referral takes each way (to the leader and back), on top of the leader's own `delay`."""


class Roster(Frozen):
    """The captives a party holds: generated from counts per category, or read from a CSV."""

    generate: dict[Identifier, Annotated[int, Field(ge=0, le=LIMITS.captives_per_party)]] | None = None
    """Captives drawn with the run's seed: number of people (count) per category, e.g. `{soldier: 800}`."""
    csv: Annotated[str, StringConstraints(min_length=1, max_length=4096)] | None = None
    """Roster file (columns `id,category`, optionally `value_home,value_holder,acknowledged`), relative to the scenario
    file."""
    value_noise: Annotated[float, Field(ge=0.0, le=5.0)] = 0.0
    """Lognormal spread (sigma, dimensionless) of individual values around the category values; 0 gives every captive
    of a category the same value."""
    unacknowledged_share: Probability = 0.0
    """Share (0..1) of the roster the holder denies holding: names on a list that it disputes."""

    @model_validator(mode="after")
    def _exactly_one_source(self) -> Roster:
        if (self.generate is None) == (self.csv is None):
            raise ValueError("give exactly one of 'generate' (counts per category) or 'csv'")
        return self


class Interests(Frozen):
    """What a party values: its own people back, the captives it holds, and other issues."""

    value_home: dict[Identifier, Value] = {}
    """Value (utility units per person, before normalisation) to this party of one of its own people returned, per
    category."""
    value_holder: dict[Identifier, Value] = {}
    """Value (utility units per person) to this party of one captive it holds, as a bargaining chip, per category."""
    urgency: Probability = 0.0
    """Added weight (0..1) on getting one's own people back: their value is multiplied by (1 + urgency)."""
    max_ratio: Annotated[float, Field(ge=1.0, le=1e6)] | None = None
    """Most captives this party releases per captive it receives, reached at full trust; the limit is 1 + (max_ratio -
    1) x trust. Null: no limit."""
    weights: dict[Identifier, Value] = {}
    """Relative weight of `prisoners` and of each issue in the party's utility (dimensionless, normalised to sum 1);
    empty weighs all equally."""
    issue_values: dict[Identifier, dict[Identifier, Probability]] = {}
    """For each issue, the value (0..1) of each of its options to this party; options left out are worth 0."""
    reserved_value: Probability | None = None
    """Least utility (0..1) the party accepts; null uses the utility of the status quo."""


class Party(Frozen):
    """One side of the conflict."""

    name: Label
    """Display name of the party (e.g. `Russia`)."""
    leader: Leader
    """The party's leader, who rules on referrals and ratifies deals."""
    delegation: Delegation
    """The party's negotiators at the table."""
    roster: Roster | None = None
    """The captives this party holds; null if it holds none."""
    interests: Interests = Interests()
    """What the party values: its own people back, the captives it holds, and the other issues."""
    trust: TrustSpec = FixedTrust(kind="fixed")
    """This side's trust in the other (a trust model chosen by `kind`)."""


class Issue(Frozen):
    """A discrete issue besides the prisoner lists (e.g. a ceasefire, a leaders' meeting)."""

    options: Annotated[list[Identifier], Field(min_length=2, max_length=1000)]
    """The issue's options (identifiers), at least two, e.g. `[none, 30_days]`."""
    status_quo: Identifier | None = None
    """The option in force if there is no deal; null means the first option."""


class Mediator(Frozen):
    """A third party: hosts talks, shuttles between sides, or brokers out of sight."""

    name: Label
    """Display name of the mediator (e.g. `Turkey`)."""
    style: Literal["host", "shuttle", "broker"]
    """`host`: direct talks at its venue; `shuttle`: carries messages between the sides; `broker`: the same, out of
    sight."""
    relay_delay: Delay = Delay()
    """Time in days the mediator takes to carry a message from one side to the other."""
    drafts_packages: bool = False
    """Whether the mediator puts compromise packages to both sides."""
    draft_every_steps: Annotated[int, Field(ge=1, le=LIMITS.max_steps)] = 5
    """Steps of talks (count) between two drafts of the mediator."""
    guarantees_execution: bool = False
    """Whether the mediator guarantees the execution of the deal (fewer failed stages)."""
    guarantee_strength: Probability = 0.5
    """Share (0..1) by which the mediator's guarantee cuts the probability that a stage fails."""


class Protocol(Frozen):
    """How offers move: direct alternating offers, a mediator's single text, or shuttle."""

    kind: Literal["direct", "single_text", "shuttle"] = "direct"
    """How offers move: `direct` alternating offers, `single_text` (a mediator's text, amended), or `shuttle` (through
    a mediator)."""
    mediator: Identifier | None = None
    """Id of the mediator who runs the talks (one of `mediators`); null for direct talks without one."""
    opens: Identifier | None = None
    """Id of the party that makes the first offer; null: the first party in sorted id order."""
    step_hours: Annotated[float, Field(gt=0.0, le=24.0 * 365)] = 0.5
    """Time in hours one step of talks (an offer and its answer) takes."""
    max_steps: Annotated[int, Field(ge=1, le=LIMITS.max_steps)] = 50
    """Most steps (count) before the talks end without agreement."""
    package_step: Annotated[int, Field(ge=1, le=LIMITS.captives_per_party)] = 1
    """Lists are drawn in blocks of this many captives (people): the grain of the outcome space."""


class Execution(Frozen):
    """How an agreed swap is carried out: in stages that can slip or fail."""

    stages: Annotated[int, Field(ge=1, le=LIMITS.stages)] = 1
    """Number of stages the swap is carried out in when it is staged (count)."""
    staged_below_trust: Probability = 0.5
    """The swap is staged if either side's trust (0..1) is below this; otherwise it is done at once."""
    start_after_days: Days = 0.0
    """Time in days from agreement (and ratification) to the first stage."""
    interval_days: Days = 1.0
    """Time in days between two stages."""
    slip_probability: Probability = 0.0
    """Probability (0..1) that a stage slips (is put off by `slip_days`)."""
    slip_days: Days = 1.0
    """Time in days a slipped stage is put off."""
    failure_probability: Probability = 0.0
    """Probability (0..1) that a stage fails at zero trust; scaled by (1 - trust) and by any mediator guarantee."""


class Effect(Frozen):
    """What an exogenous event changes for one party."""

    party: Identifier
    """Id of the party the effect applies to."""
    urgency: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    """Change (-1..1) to the party's urgency, kept within 0..10."""
    leverage: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    """Change (-1..1, utility) to the least the party accepts, kept within -1..1."""
    trust_signal: Annotated[float, Field(ge=-100.0, le=100.0)] = 0.0
    """Evidence about the other side: positive counts as that many kept commitments, negative as broken ones
    (observations)."""
    add_captives: dict[Identifier, Annotated[int, Field(ge=0, le=LIMITS.captives_per_party)]] = {}
    """Captives (count per category) added to the party's roster, e.g. a mass surrender."""


class ScheduledEvent(Frozen):
    """A shock on a given day of the run."""

    name: Label
    """Name of the shock, as it appears in the event log."""
    day: Annotated[float, Field(ge=0.0, le=LIMITS.horizon_days)]
    """Day of the run (days from the start) on which the shock happens."""
    effects: Annotated[list[Effect], Field(min_length=1, max_length=100)]
    """What the shock changes, one effect per party."""


class RandomEvent(Frozen):
    """A shock that arrives at random, `rate_per_day` times a day on average."""

    name: Label
    """Name of the shock, as it appears in the event log."""
    rate_per_day: Annotated[float, Field(gt=0.0, le=10.0)]
    """Mean number of arrivals per day (a Poisson process, 1/day)."""
    effects: Annotated[list[Effect], Field(min_length=1, max_length=100)]
    """What each arrival changes, one effect per party."""


class Events(Frozen):
    scheduled: Annotated[list[ScheduledEvent], Field(max_length=LIMITS.events)] = []
    """Shocks on given days."""
    random: Annotated[list[RandomEvent], Field(max_length=LIMITS.events)] = []
    """Shocks that arrive at random."""


class Scenario(Frozen):
    """A whole scenario: who negotiates over what, under which rules, for how long."""

    schema_version: Literal[1] = 1
    """Version of the scenario format; 1."""
    name: Label
    """Display name of the scenario, printed in summaries and plots."""
    description: Annotated[str, StringConstraints(max_length=20_000)] = ""
    """Free text: what the scenario models and where its numbers come from."""
    start_date: dt.date | None = None
    """Calendar date of day 0 (YYYY-MM-DD), for dates in output and for dates in the `channel` section; null: days
    only."""
    horizon_days: Annotated[float, Field(gt=0.0, le=LIMITS.horizon_days)]
    """Length of the run in days: talks or a channel not done by then end `unfinished`."""
    categories: Annotated[list[Identifier], Field(max_length=100)] = []
    """Categories of captives (identifiers), e.g. `[soldier, officer, wounded, civilian]`."""
    parties: Annotated[dict[Identifier, Party], Field(min_length=2, max_length=2)]
    """The two parties, by id (e.g. `RU`, `UA`)."""
    issues: Annotated[dict[Identifier, Issue], Field(max_length=50)] = {}
    """Issues besides the prisoner lists, by id (e.g. `ceasefire`)."""
    mediators: Annotated[dict[Identifier, Mediator], Field(max_length=20)] = {}
    """Third parties, by id (e.g. `TR`)."""
    protocol: Protocol = Protocol()
    """How the talks run: who speaks to whom, how often, for how long."""
    execution: Execution = Execution()
    """How an agreed swap is carried out."""
    events: Events = Events()
    """Exogenous shocks: scheduled and random."""
    channel: Channel | None = None
    """Makes the scenario a long exchange channel of recurring rounds; null: one round of talks."""

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
