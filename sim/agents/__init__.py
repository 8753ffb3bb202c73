"""The actors of a negotiation: leaders, delegations and mediators, each a SimPy process."""

from sim.agents.delegation import Delegation
from sim.agents.leader import Leader
from sim.agents.mediator import Mediator

__all__ = ["Delegation", "Leader", "Mediator"]
