"""The scenario schema: frozen, typed objects that a YAML scenario file is validated into.

This is the one place where a scenario's shape is defined, except for the plug-ins (veto
rules, concession strategies, trust models, protocols): a scenario chooses one with a
`kind` field, and the field accepts whatever is registered (`sim.scenario.registry`; each
plug-in's parameter model is written beside its behaviour, in `sim.rules`). Limits
(`sim.scenario.limits`) keep a scenario from asking for more than a run can give, and are
read when a scenario is checked.
Cross-references between sections (a category or a party named somewhere else) are checked
by `sim.scenario.references`, which can name the exact field path.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, StringConstraints, model_validator

from sim.scenario.channel_schema import Channel
from sim.scenario.fields import Days, Frozen, Identifier, Label, Probability, Value
from sim.scenario.limits import AtMost, AtMostItems
from sim.scenario.plugins import PluginField, PluginName, loading
from sim.scenario.registry import PROTOCOLS, STRATEGIES, TRUST_MODELS, VETO_RULES
from sim.scenario.roster_csv import LoadedRoster

SCHEMA_VERSION = 1
"""Bumped whenever a scenario file valid before would now mean something else."""



class Delay(Frozen):
    """A waiting time in days: fixed, or exponentially distributed around `mean`."""

    mean: Days = 0.0
    distribution: Literal["fixed", "exponential"] = "fixed"


# --- parties --------------------------------------------------------------------------------


class Leader(Frozen):
    """Final approval of any deal, after `delay`; may scrap an agreed deal before a stage."""

    name: Label
    veto: Annotated[Any, PluginField(VETO_RULES)] = Field(default={"kind": "never"}, validate_default=True)
    delay: Delay = Field(default_factory=Delay)
    scrap_probability: Probability = 0.0


class Delegation(Frozen):
    """Negotiates within a mandate; below `authority` it must refer to its leader."""

    name: Label
    authority: Probability = 1.0
    strategy: Annotated[Any, PluginField(STRATEGIES)] = Field(default={"kind": "aspiration"},
                                                               validate_default=True)
    referral_delay: Delay = Field(default_factory=Delay)


class Roster(Frozen):
    """The captives a party holds: generated from counts per category, or read from a CSV."""

    generate: dict[Identifier, Annotated[int, Field(ge=0), AtMost("captives_per_party")]] | None = None
    csv: Annotated[str, StringConstraints(min_length=1, max_length=4096)] | None = None
    value_noise: Annotated[float, Field(ge=0.0, le=5.0)] = 0.0
    unacknowledged_share: Probability = 0.0
    _loaded: LoadedRoster | None = PrivateAttr(default=None)

    @property
    def loaded(self) -> LoadedRoster | None:
        """The CSV's rows and SHA-256 as the loader read them (None for generated rosters or one built in code)."""
        return self._loaded

    def with_loaded(self, loaded: LoadedRoster) -> Roster:
        """A copy of this roster spec pinned to `loaded` (its path and the rows read from it)."""
        copied = self.model_copy(update={"csv": loaded.path})
        copied._loaded = loaded
        return copied

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
    interests: Interests = Field(default_factory=Interests)
    trust: Annotated[Any, PluginField(TRUST_MODELS)] = Field(default={"kind": "fixed"}, validate_default=True)


class Issue(Frozen):
    """A discrete issue besides the prisoner lists (e.g. a ceasefire, a leaders' meeting)."""

    options: Annotated[list[Identifier], Field(min_length=2, max_length=1000)]
    status_quo: Identifier | None = None


class Mediator(Frozen):
    """A third party: hosts talks, shuttles between sides, or brokers out of sight."""

    name: Label
    style: Literal["host", "shuttle", "broker"]
    relay_delay: Delay = Field(default_factory=Delay)
    drafts_packages: bool = False
    draft_every_steps: Annotated[int, Field(ge=1), AtMost("max_steps")] = 5
    guarantees_execution: bool = False
    guarantee_strength: Probability = 0.5


class Protocol(Frozen):
    """How offers move: direct alternating offers, a mediator's single text, or shuttle."""

    kind: Annotated[str, PluginName(PROTOCOLS)] = "direct"
    mediator: Identifier | None = None
    opens: Identifier | None = None
    step_hours: Annotated[float, Field(gt=0.0, le=24.0 * 365)] = 0.5
    max_steps: Annotated[int, Field(ge=1), AtMost("max_steps")] = 50
    package_step: Annotated[int, Field(ge=1), AtMost("captives_per_party")] = 1


class Execution(Frozen):
    """How an agreed swap is carried out: in stages that can slip or fail."""

    stages: Annotated[int, Field(ge=1), AtMost("stages")] = 1
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
    add_captives: dict[Identifier, Annotated[int, Field(ge=0), AtMost("captives_per_party")]] = {}


class ScheduledEvent(Frozen):
    """A shock on a given day of the run."""

    name: Label
    day: Annotated[float, Field(ge=0.0), AtMost("horizon_days")]
    effects: Annotated[list[Effect], Field(min_length=1, max_length=100)]


class RandomEvent(Frozen):
    """A shock that arrives at random, `rate_per_day` times a day on average."""

    name: Label
    rate_per_day: Annotated[float, Field(gt=0.0, le=10.0)]
    effects: Annotated[list[Effect], Field(min_length=1, max_length=100)]


class Events(Frozen):
    scheduled: Annotated[list[ScheduledEvent], AtMostItems("events")] = []
    random: Annotated[list[RandomEvent], AtMostItems("events")] = []


class Scenario(Frozen):
    """A whole scenario: who negotiates over what, under which rules, for how long."""

    schema_version: Literal[1] = 1
    name: Label
    description: Annotated[str, StringConstraints(max_length=20_000)] = ""
    start_date: dt.date | None = None
    horizon_days: Annotated[float, Field(gt=0.0), AtMost("horizon_days")]
    categories: Annotated[list[Identifier], Field(max_length=100)] = []
    parties: Annotated[dict[Identifier, Party], Field(min_length=2, max_length=2)]
    issues: Annotated[dict[Identifier, Issue], Field(max_length=50)] = {}
    mediators: Annotated[dict[Identifier, Mediator], Field(max_length=20)] = {}
    protocol: Protocol = Field(default_factory=Protocol)
    execution: Execution = Field(default_factory=Execution)
    events: Events = Field(default_factory=Events)
    channel: Channel | None = None

    @property
    def party_ids(self) -> tuple[str, str]:
        """The two party ids in sorted order: the order processes start and streams derive."""
        first, second = sorted(self.parties)
        return first, second

    def input_files(self) -> dict[str, dict[str, str]]:
        """The roster CSVs this scenario's runs use, by the field naming each: path and SHA-256 as
        the loader read them (what manifests record)."""
        files = {}
        for party_id in sorted(self.parties):
            roster = self.parties[party_id].roster
            if roster is not None and roster.loaded is not None:
                files[f"parties.{party_id}.roster.csv"] = {"path": roster.loaded.path, "sha256": roster.loaded.sha256}
        return files

    @property
    def has_prisoners(self) -> bool:
        return any(party.roster is not None for party in self.parties.values())


def _rebuild_plugin_fields() -> None:
    """A plug-in registered after the schema was built: rebuild the built models so their unions include it.

    Models are rebuilt in the order they were defined, children before the models that
    contain them. Registrations while `load_plugins` runs come before the first build.
    """
    if loading() or not Scenario.__pydantic_complete__:
        return
    for model in Frozen.__subclasses__():
        if model.__pydantic_complete__:
            model.model_rebuild(force=True)


for _registry in (TRUST_MODELS, VETO_RULES, STRATEGIES, PROTOCOLS):
    _registry.on_change(_rebuild_plugin_fields)
