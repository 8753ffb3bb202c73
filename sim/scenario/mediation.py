"""A mediator's fields (`mediators.<id>`): its style, how it drafts, and its own interests.

A mediator need not be neutral. It may prefer a package (its drafts lean toward it, by a
stated weight), have a deadline of its own (a summit, a visit: as the deadline nears it
presses, drafting at every step and dropping its own preference for what both sides say
they need), and take credit for any deal (it values a deal over none, so its preference
gives way to the sides' stated needs). The behaviour lives in `sim.rules.mediation` and
`sim.agents.mediator`; this module only holds the fields a scenario gives under `mediators.<id>`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sim.scenario.channel_schema import DayOrDate
from sim.scenario.fields import Days, Delay, Frozen, Identifier, Label, Probability
from sim.scenario.limits import AtMost


class PreferredPackage(Frozen):
    """The package a mediator would like to see agreed; any part left out is left to the sides."""

    released: dict[Identifier, Annotated[int, Field(ge=0), AtMost("captives_per_party")]] = {}
    """People (count) each side releases in the mediator's preferred package, by side id (a party, or a bloc)."""
    issues: dict[Identifier, Identifier] = {}
    """The option the mediator prefers on each issue it cares about, by issue id."""
    weight: Probability = 0.5
    """How far (0..1) the mediator's drafts lean toward this package: 0 ignores it, 1 drafts it whatever the sides
    said they need; in between, a draft maximises (1 - weight) x the smaller side's margin over its stated need plus
    weight x the closeness (0..1) to this package."""


class MediatorInterests(Frozen):
    """What a mediator wants for itself: a preferred package, a deadline, credit for any deal."""

    preferred: PreferredPackage | None = None
    """The package the mediator's drafts lean toward; null: none (its drafts follow the sides' stated needs)."""
    deadline: DayOrDate | None = None
    """A day of the run (days from the start) or a date (needs the scenario's `start_date`) the mediator wants a
    deal by, e.g. a summit; null: none."""
    press_days: Days = 1.0
    """Time in days before its `deadline` from which the mediator presses: it drafts at every step of the talks
    and its drafts drop its own preference for what both sides say they need (it logs `mediator_pressed` once)."""
    credit: Probability = 0.0
    """Value (0..1) the mediator puts on any deal over none, for the credit it brings: its preferred package's
    weight is multiplied by (1 - credit), so its drafts sit nearer what each side said it needs."""


class Mediator(Frozen):
    """A third party: hosts talks, shuttles between sides, or brokers out of sight."""

    name: Label
    """Display name of the mediator (e.g. `Turkey`)."""
    style: Literal["host", "shuttle", "broker"]
    """`host`: direct talks at its venue; `shuttle`: carries messages between the sides; `broker`: the same, out of
    sight."""
    relay_delay: Delay = Field(default_factory=Delay)
    """Time in days the mediator takes to carry a message from one side to the other."""
    drafts_packages: bool = False
    """Whether the mediator puts compromise packages to both sides."""
    draft_every_steps: Annotated[int, Field(ge=1), AtMost("max_steps")] = 5
    """Steps of talks (count) between two drafts of the mediator: the cadence of the mediator running direct or
    shuttle talks, and of any other drafting mediator with `drafting: cadence`."""
    drafting: Literal["opening", "cadence"] = "cadence"
    """When a drafting mediator that does not run the talks drafts: `opening`, once as the talks open; `cadence`, as
    the talks open and then every `draft_every_steps` steps of the talks (in direct, shuttle and single-text talks
    alike; the default since issue 14). The mediator running the talks drafts as its protocol says either way."""
    guarantees_execution: bool = False
    """Whether the mediator guarantees the execution of the deal (fewer failed stages)."""
    guarantee_strength: Probability = 0.5
    """Share (0..1) by which the mediator's guarantee cuts the probability that a stage fails."""
    interests: MediatorInterests = Field(default_factory=MediatorInterests)
    """What the mediator wants for itself: a preferred package, a deadline, credit for a deal (all optional)."""
