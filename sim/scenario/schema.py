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

from sim.scenario.anticipation import Anticipation
from sim.scenario.channel_schema import Channel
from sim.scenario.fields import Delay, Frozen, Identifier, Label, Probability, Value
from sim.scenario.limits import AtMost, AtMostItems
from sim.scenario.mediation import Mediator
from sim.scenario.multilateral import Bloc, Demand, NamedCaptive, Ratification, VetoPlayer
from sim.scenario.numeric import (
    Amount,
    IssueValues,
    Link,
    Unit,
    format_amount,
    grid_size,
    nearest_on_grid,
    numeric_grid,
)
from sim.scenario.plugins import PluginField, PluginName, loading
from sim.scenario.registry import PROTOCOLS, STRATEGIES, TRUST_MODELS, VETO_RULES
from sim.scenario.roster_csv import LoadedRoster
from sim.scenario.stages import Execution

SCHEMA_VERSION = 1
"""Bumped whenever a scenario file valid before would now mean something else."""





# --- parties --------------------------------------------------------------------------------


class Leader(Frozen):
    """Final approval of any deal, after `delay`; may scrap an agreed deal before a stage."""

    name: Label
    """Display name of the leader (e.g. `President`)."""
    veto: Annotated[Any, PluginField(VETO_RULES)] = Field(default={"kind": "never"}, validate_default=True)
    """The veto rule the leader applies to referrals and to agreed deals (a plug-in chosen by `kind`)."""
    delay: Delay = Field(default_factory=Delay)
    """Time in days the leader takes to rule on a referral or to ratify a deal."""
    scrap_probability: Probability = 0.0
    """Probability (0..1) that the leader scraps an agreed deal before each stage of its execution."""


class Delegation(Frozen):
    """Negotiates within a mandate; below `authority` it must refer to its leader."""

    name: Label
    """Display name of the delegation."""
    authority: Probability = 1.0
    """Mandate (0..1): how far the delegation may concede without referring to its leader; 1 means never refer."""
    strategy: Annotated[Any, PluginField(STRATEGIES)] = Field(default={"kind": "aspiration"},
                                                               validate_default=True)
    """The concession strategy (a plug-in chosen by `kind`)."""
    referral_delay: Delay = Field(default_factory=Delay)
    """Time in days a referral takes each way (to the leader and back), on top of the leader's own `delay`."""
    anticipation: Anticipation = Field(default_factory=Anticipation)
    """Two-level negotiation: whether the delegation keeps out of packages its own leader and veto players would veto,
    and cites them to ask for more (`sim.scenario.anticipation`)."""


class Roster(Frozen):
    """The captives a party holds: generated from counts per category, or read from a CSV."""

    generate: dict[Identifier, Annotated[int, Field(ge=0), AtMost("captives_per_party")]] | None = None
    """Captives drawn with the run's seed: number of people (count) per category, e.g. `{soldier: 800}`."""
    csv: Annotated[str, StringConstraints(min_length=1, max_length=4096)] | None = None
    """Roster file (columns `id,category`, optionally `value_home,value_holder,acknowledged`), relative to the scenario
    file."""
    value_noise: Annotated[float, Field(ge=0.0, le=5.0)] = 0.0
    """Lognormal spread (sigma, dimensionless) of individual values around the category values; 0 gives every captive
    of a category the same value."""
    unacknowledged_share: Probability = 0.0
    """Share (0..1) of the roster the holder denies holding: names on a list that it disputes."""
    home: Identifier | None = None
    """Id of the party the generated or CSV captives belong to; null: the other party (required with more than two
    parties)."""
    named: Annotated[list[NamedCaptive], Field(max_length=10_000)] = []
    """Named captives, held besides the generated or CSV ones, each with its values per party."""

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
        if self.generate is not None and self.csv is not None:
            raise ValueError("give exactly one of 'generate' (counts per category) or 'csv'")
        if self.generate is None and self.csv is None and not self.named:
            raise ValueError("give exactly one of 'generate' (counts per category) or 'csv', or named captives")
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
    issue_values: dict[Identifier, IssueValues] = {}
    """For each issue, the value (0..1) of each of its options to this party (options left out are worth 0); for a
    numeric issue a curve over its amounts, e.g. `{curve: linear, rising: false}`, `{curve: concave, curvature: 2}` or
    `{curve: table, points: [[0, 0], [6e9, 0.8], [10e9, 1]]}`; an issue left out is worth 0 throughout."""
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
    interests: Interests = Field(default_factory=Interests)
    """What the party values: its own people back, the captives it holds, and the other issues."""
    trust: Annotated[Any, PluginField(TRUST_MODELS)] = Field(default={"kind": "fixed"}, validate_default=True)
    """This side's trust in the other (a trust model chosen by `kind`)."""
    ratification: Ratification = Field(default_factory=Ratification)
    """How the leader and the party's veto players (`veto_players`) ratify a deal."""
    demands: Annotated[list[Demand], Field(max_length=1000)] = []
    """Named captives held by others that this party insists on, hard or soft."""
    refuses: Annotated[list[Label], Field(max_length=1000)] = []
    """Names of captives this party holds and will not release."""


class Issue(Frozen):
    """An issue besides the prisoner lists: a choice of options (a ceasefire, a leaders' meeting) or a numeric amount
    (funds in USD, days of pause, a count), chosen by `kind`."""

    kind: Literal["options", "numeric"] = "options"
    """`options`: one of the listed `options`; `numeric`: an amount in `range`, in steps of `step`, in `unit`."""
    options: Annotated[list[Identifier], Field(min_length=2, max_length=1000)] | None = None
    """For `options` (required there): the issue's options (identifiers), at least two, e.g. `[none, 30_days]`."""
    status_quo: Identifier | Amount | None = None
    """What holds if there is no deal: an option (null: the first), or for `numeric` an amount on the grid (in
    `unit`; null: the low end of `range`)."""
    range: Annotated[list[Amount], Field(min_length=2, max_length=2)] | None = None
    """For `numeric` (required there): `[low, high]`, the least and the most a package may name, in `unit`; `10e9`
    reads as 10 billion."""
    step: Amount | None = None
    """For `numeric` (required there): the grain of proposals, in `unit` (> 0, at most the range's width); the
    grid is low, low + step, ... and always high."""
    unit: Unit | None = None
    """For `numeric`: the unit amounts are in, printed after them (e.g. `USD`, `days`); required if a linkage names
    the issue."""

    @property
    def numeric(self) -> bool:
        """Whether the issue is an amount rather than a choice of options."""
        return self.kind == "numeric"

    @property
    def values(self) -> tuple[Any, ...]:
        """What a package may name: the options, or the amounts of a numeric issue's grid."""
        if self.kind == "numeric":
            assert self.range is not None and self.step is not None
            return numeric_grid(float(self.range[0]), float(self.range[1]), float(self.step))
        return tuple(self.options or ())

    @property
    def size(self) -> int:
        """How many options or grid amounts the issue has, without building a numeric grid."""
        if self.kind == "numeric":
            assert self.range is not None and self.step is not None
            return grid_size(float(self.range[0]), float(self.range[1]), float(self.step))
        return len(self.options or ())

    def show(self, value: Any) -> str:
        """An option as printed (its label), or an amount with the unit (`6,000,000,000 USD`)."""
        return format_amount(value, self.unit) if self.kind == "numeric" else str(value)

    @property
    def status_quo_index(self) -> int:
        """The position in `values` of what holds without a deal."""
        if self.kind == "numeric":
            return 0 if self.status_quo is None else nearest_on_grid(self.values, float(self.status_quo))
        options = self.options or []
        return options.index(self.status_quo) if self.status_quo in options else 0


class Protocol(Frozen):
    """How offers move: direct alternating offers, a mediator's single text, or shuttle."""

    kind: Annotated[str, PluginName(PROTOCOLS)] = "direct"
    """How offers move: `direct` alternating offers, `single_text` (a mediator's text, amended), or `shuttle` (through
    a mediator)."""
    mediator: Identifier | None = None
    """Id of the mediator who runs the talks (one of `mediators`); null for direct talks without one."""
    opens: Identifier | None = None
    """Id of the party that makes the first offer; null: the first party in sorted id order."""
    step_hours: Annotated[float, Field(gt=0.0, le=24.0 * 365)] = 0.5
    """Time in hours one step of talks (an offer and its answer) takes."""
    max_steps: Annotated[int, Field(ge=1), AtMost("max_steps")] = 50
    """Most steps (count) before the talks end without agreement."""
    package_step: Annotated[int, Field(ge=1), AtMost("captives_per_party")] = 1
    """Lists are drawn in blocks of this many captives (people): the grain of the outcome space."""


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
    add_captives: dict[Identifier, Annotated[int, Field(ge=0), AtMost("captives_per_party")]] = {}
    """Captives (count per category) added to the party's roster, e.g. a mass surrender."""


class ScheduledEvent(Frozen):
    """A shock on a given day of the run."""

    name: Label
    """Name of the shock, as it appears in the event log."""
    day: Annotated[float, Field(ge=0.0), AtMost("horizon_days")]
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
    scheduled: Annotated[list[ScheduledEvent], AtMostItems("events")] = []
    """Shocks on given days."""
    random: Annotated[list[RandomEvent], AtMostItems("events")] = []
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
    horizon_days: Annotated[float, Field(gt=0.0), AtMost("horizon_days")]
    """Length of the run in days: talks or a channel not done by then end `unfinished`."""
    categories: Annotated[list[Identifier], Field(max_length=100)] = []
    """Categories of captives (identifiers), e.g. `[soldier, officer, wounded, civilian]`."""
    parties: Annotated[dict[Identifier, Party], Field(min_length=2), AtMostItems("parties", "Dictionary")]
    """The parties, by id (e.g. `RU`, `UA`): two at least, `Limits.parties` at most."""
    blocs: Annotated[dict[Identifier, Bloc], Field(max_length=8)] = {}
    """Parties that negotiate as one side, by bloc id; a party in no bloc is a side of its own."""
    veto_players: Annotated[dict[Identifier, VetoPlayer], Field(max_length=100)] = {}
    """Ratifiers besides the leaders, by id, each naming its party."""
    issues: Annotated[dict[Identifier, Issue], Field(max_length=50)] = {}
    """Issues besides the prisoner lists, by id (e.g. `ceasefire`)."""
    mediators: Annotated[dict[Identifier, Mediator], Field(max_length=20)] = {}
    """Third parties, by id (e.g. `TR`)."""
    linkage: Annotated[list[Link], Field(max_length=50)] = []
    """Ties between terms checked in every package, e.g. funds proportional to people released
    (`{issue: funds, of: {released_by: IR}, ratio: 1.2e9}`); packages that break one are off the table."""
    protocol: Protocol = Field(default_factory=Protocol)
    """How the talks run: who speaks to whom, how often, for how long."""
    execution: Execution = Field(default_factory=Execution)
    """How an agreed swap is carried out."""
    events: Events = Field(default_factory=Events)
    """Exogenous shocks: scheduled and random."""
    channel: Channel | None = None
    """Makes the scenario a long exchange channel of recurring rounds; null: one round of talks."""

    @property
    def party_ids(self) -> tuple[str, ...]:
        """The party ids in sorted order: the order processes start and streams derive."""
        return tuple(sorted(self.parties))

    @property
    def sides(self) -> dict[str, tuple[str, ...]]:
        """The sides that negotiate, in sorted id order: each bloc (its members sorted), and each party in no
        bloc as a side of its own named by its id. Two parties without blocs are two sides."""
        in_bloc = {member for bloc in self.blocs.values() for member in bloc.members}
        found = {bloc_id: tuple(sorted(set(bloc.members))) for bloc_id, bloc in self.blocs.items()}
        found.update({party: (party,) for party in self.parties if party not in in_bloc})
        return {side: found[side] for side in sorted(found)}

    def lead_of(self, side: str) -> str:
        """The party that speaks for `side`: a bloc's `lead` (default: its first member), or the party itself."""
        bloc = self.blocs.get(side)
        if bloc is None:
            return side
        return bloc.lead or min(bloc.members)

    def veto_players_of(self, party: str) -> dict[str, VetoPlayer]:
        """The veto players of `party`, by id, in sorted id order."""
        return {key: player for key, player in sorted(self.veto_players.items()) if player.party == party}

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
