"""A veto player: a further ratifier of a party's deals (a parliament, a coalition partner, an ally).

A veto player is a leader that only ratifies: it answers a ratification request after its
own delay, by its own veto rule, on the deal's value to its party. It is asked after, or
together with, the party's leader, as the party's `ratification` says (`sim.talks.agreement`).
"""

from __future__ import annotations

from sim.agents.leader import Leader
from sim.rules.veto import VETO_RULES
from sim.runtime.context import RunContext


def veto_player_address(party: str, player: str) -> str:
    """The address of `party`'s veto player `player` (`DE/bundestag`)."""
    return f"{party}/{player}"


class VetoPlayer(Leader):
    """Rules on deals put to it for ratification, like a leader, with its own rule, delay and stream."""

    def __init__(self, ctx: RunContext, player: str) -> None:
        spec = ctx.scenario.veto_players[player]
        self.ctx = ctx
        self.party = spec.party
        self.spec = spec  # type: ignore[assignment]  # a leader's fields that ratifying reads: veto, delay
        self.rule = VETO_RULES.build(spec.veto)
        self._stream = f"veto_player/{player}"
        self.address = veto_player_address(spec.party, player)
