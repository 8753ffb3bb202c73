"""The actors of a negotiation: leaders and delegations (mediators act through the table)."""

from sim.agents.delegation import Delegation
from sim.agents.leader import Leader

__all__ = ["Delegation", "Leader"]
