"""The actors of a negotiation: leaders, veto players, delegations and mediators, each a SimPy process."""

from sim.agents.delegation import Delegation
from sim.agents.leader import Leader
from sim.agents.mediator import Mediator
from sim.agents.veto_player import VetoPlayer, veto_player_address

__all__ = ["Delegation", "Leader", "Mediator", "VetoPlayer", "veto_player_address"]
