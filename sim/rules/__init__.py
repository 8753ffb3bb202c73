"""Small, swappable decision rules, each registered under the name scenario files use."""

from sim.rules.strategy import STRATEGIES, ConcessionStrategy, accepts, choose_offer, compromise
from sim.rules.trust import TRUST_MODELS, TrustModel
from sim.rules.veto import VETO_RULES, VetoRule

__all__ = [
    "STRATEGIES",
    "TRUST_MODELS",
    "VETO_RULES",
    "ConcessionStrategy",
    "TrustModel",
    "VetoRule",
    "accepts",
    "choose_offer",
    "compromise",
]
