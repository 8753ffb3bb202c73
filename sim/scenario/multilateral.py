"""The schema's pieces for many parties: veto players, blocs, named captives, demands.

A party may need the consent of further veto players besides its leader, ratifying all at
once or in sequence; parties may negotiate as a bloc; a roster may list named captives with a
value per party; a party may demand named captives (hard or soft) and refuse to release
named ones it holds. Cross-references (a bloc member that is not a party, a demand for a
person no one holds) are checked by `sim.scenario.party_references`, which names the field.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from sim.scenario.fields import Delay, Frozen, Identifier, Label, Probability, Value
from sim.scenario.plugins import PluginField
from sim.scenario.registry import VETO_RULES

LEADER = "leader"
"""The name a ratification order uses for the party's leader (no veto player may take it)."""


class VetoPlayer(Frozen):
    """A further ratifier of a party's deals: a parliament, a coalition partner, an allied government."""

    party: Identifier
    """Id of the party whose deals this player must ratify."""
    name: Label
    """Display name of the veto player (e.g. `Bundestag`)."""
    veto: Annotated[Any, PluginField(VETO_RULES)] = Field(default={"kind": "never"}, validate_default=True)
    """The veto rule the player applies to an agreed deal, on its value to the player's party (a plug-in chosen by
    `kind`)."""
    delay: Delay = Field(default_factory=Delay)
    """Time in days the player takes to rule on a deal."""


class Ratification(Frozen):
    """How a party's leader and veto players ratify a deal: all at once, or one after another."""

    mode: Literal["together", "in_sequence"] = "together"
    """`together`: the leader and every veto player are asked at once; `in_sequence`: one after another in `order`,
    the first veto ending the party's ratification."""
    order: Annotated[list[Identifier], Field(max_length=21)] = []
    """For `in_sequence`: the ratifiers in order, `leader` for the leader and veto player ids for the others; empty:
    the leader, then the veto players in sorted id order."""


class Bloc(Frozen):
    """Parties that negotiate as one side while each keeps its roster, interests and veto players."""

    name: Label | None = None
    """Display name of the bloc; null: its id."""
    members: Annotated[list[Identifier], Field(min_length=2, max_length=16)]
    """Ids of the parties in the bloc (two at least)."""
    lead: Identifier | None = None
    """Id of the member whose delegation speaks for the bloc in alternating offers (its strategy and mandate, its
    leader for referrals); null: the first member in sorted order."""


class NamedCaptive(Frozen):
    """One named person a party holds, with what their release is worth to each party."""

    name: Label
    """The person's name, unique in the scenario: demands, refusals and `released_named` use it."""
    category: Identifier
    """Category of the captive (one of `categories`)."""
    value_home: Value | None = None
    """Value (utility units) to the roster's `home` party of this person's release; null: the category's value."""
    value_holder: Value | None = None
    """Value (utility units) to the holder of keeping this person, as a bargaining chip; null: the category's
    value."""
    values: Annotated[dict[Identifier, Value], Field(max_length=16)] = {}
    """Value (utility units) of this person's release to other parties, by party id (e.g. a dual national's second
    country)."""


class Demand(Frozen):
    """A named captive a party insists on: without them a package is unacceptable (hard) or worth less (soft)."""

    name: Label
    """Name of the captive demanded (a named captive another party holds)."""
    kind: Literal["hard", "soft"] = "soft"
    """`hard`: a package without this person is unacceptable; `soft`: it is worth `penalty` less."""
    penalty: Probability = 0.0
    """For a soft demand: utility (0..1) a package without this person loses for the demanding party."""
