"""A mediator's own interests: what it would like the deal to be, and by when.

A mediator need not be neutral. It may prefer a package (its drafts lean toward it, by a
stated weight), have a deadline of its own (a summit, a visit: as the deadline nears it
presses, drafting at every step and dropping its own preference for what both sides say
they need), and take credit for any deal (it values a deal over none, so its preference
gives way to the sides' stated needs). The behaviour lives in `sim.rules.mediation`; this
module only holds the fields a scenario gives under `mediators.<id>.interests`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sim.scenario.channel_schema import DayOrDate
from sim.scenario.fields import Days, Frozen, Identifier, Probability
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
