"""Bargaining analysis: the Pareto frontier, the Nash, Kalai-Smorodinsky and maximum-welfare
points of a scenario, and how far a run's deal lands from them.

Two levels: `bargaining_set` enumerates the model's own outcome space (list sizes times
issue options) exactly; `supported_frontier` treats lists as any subsets of the rosters and
returns their convex-hull frontier with a proven error bound. `deal_metrics` scores a run.
"""

from sim.analysis.bargaining import BargainingSet, bargaining_set, depends_on_seed, opening_valuation
from sim.analysis.deal import agreed_outcome, deal_metric_names, deal_metrics, json_safe, offer_values
from sim.analysis.frontier import Solutions, distance_to_frontier, pareto_indices, solve
from sim.analysis.subsets import SubsetProblem, SupportedFrontier, subset_problem, supported_frontier

__all__ = [
    "BargainingSet",
    "Solutions",
    "SubsetProblem",
    "SupportedFrontier",
    "agreed_outcome",
    "bargaining_set",
    "deal_metric_names",
    "deal_metrics",
    "depends_on_seed",
    "distance_to_frontier",
    "json_safe",
    "offer_values",
    "opening_valuation",
    "pareto_indices",
    "solve",
    "subset_problem",
    "supported_frontier",
]
