"""How a run's deal sits in its bargaining set, and who conceded what on the way.

`deal_metrics` turns a `Result` into a flat mapping of floats with stable keys (all
prefixed `deal_`, party ids as the scenario spells them), ready to be a row of a sweep
table. Positions are measured in the opening bargaining set of the run's scenario and seed
(`sim.analysis.bargaining`, ratio limits at initial trust): the agreement's utilities are
its utilities at the opening of talks. Concessions come from the run's offer events, whose
`value` is the offering side's utility at the time of the offer. A run without an agreement
has NaN for every agreement-dependent value (utilities, shares, distances); its concessions
and offer counts are still given. A party that made no offer (single-text talks run on
mediator drafts) has 0 offers and a NaN concession.
"""

from __future__ import annotations

import math

import numpy as np

from sim.analysis.bargaining import SOLUTION_NAMES, BargainingSet, bargaining_set
from sim.analysis.frontier import distance_to_frontier
from sim.runtime.events import EventKind
from sim.runtime.messages import party_of
from sim.talks.result import Result

NAN = float("nan")


def agreed_outcome(result: Result) -> int | None:
    """The outcome number agreed at the table, None if the talks ended without one."""
    for event in result.events:
        if event.kind is EventKind.AGREEMENT:
            return int(event.payload["outcome"])
    return None


def offer_values(result: Result, party: str) -> list[float]:
    """The worth to `party` of each offer it made, in order."""
    return [float(event.payload["value"]) for event in result.events
            if event.kind is EventKind.OFFER and party_of(event.actor) == party]


def deal_metric_names(parties: tuple[str, str] | list[str]) -> list[str]:
    """The keys `deal_metrics` returns for a scenario with these (sorted) party ids, in its order."""
    names = ["deal_agreed"]
    for party in parties:
        names += [f"deal_utility_{party}", f"deal_disagreement_{party}", f"deal_surplus_share_{party}"]
    names += [f"deal_{name}_distance" for name in ("pareto", *SOLUTION_NAMES)]
    names.append("deal_welfare_gap")
    for party in parties:
        names += [f"deal_concession_{party}", f"deal_offers_{party}"]
    return names


def deal_metrics(result: Result, bargaining: BargainingSet | None = None) -> dict[str, float]:
    """The agreement's place in the bargaining set and each side's concessions, as a flat dict of floats.

    Keys (P stands for each party id): deal_agreed (1.0 or 0.0); deal_utility_P,
    deal_disagreement_P, deal_surplus_share_P; deal_pareto_distance, deal_nash_distance,
    deal_kalai_distance, deal_max_welfare_distance; deal_welfare_gap; deal_concession_P and
    deal_offers_P. `bargaining` may be passed to reuse a set computed for the same scenario and seed.
    """
    if bargaining is None:
        bargaining = bargaining_set(result.scenario, result.seed)
    parties = bargaining.parties
    outcome = agreed_outcome(result)
    utilities = bargaining.utilities(outcome) if outcome is not None else (NAN, NAN)
    metrics: dict[str, float] = {"deal_agreed": 1.0 if outcome is not None else 0.0}
    gains = [utilities[i] - bargaining.disagreement[i] for i in range(2)]
    surplus = gains[0] + gains[1]
    for position, party in enumerate(parties):
        metrics[f"deal_utility_{party}"] = utilities[position]
        metrics[f"deal_disagreement_{party}"] = bargaining.disagreement[position]
        metrics[f"deal_surplus_share_{party}"] = gains[position] / surplus if surplus > 0.0 else NAN
    metrics["deal_pareto_distance"] = (
        distance_to_frontier(utilities, bargaining.frontier_points) if outcome is not None else NAN
    )
    for name in SOLUTION_NAMES:
        point = bargaining.point(name)
        far = math.dist(utilities, point) if outcome is not None and point is not None else NAN
        metrics[f"deal_{name}_distance"] = far
    best = bargaining.point("max_welfare")
    metrics["deal_welfare_gap"] = sum(best) - sum(utilities) if outcome is not None and best is not None else NAN
    for party in parties:
        values = offer_values(result, party)
        metrics[f"deal_concession_{party}"] = values[0] - values[-1] if values else NAN
        metrics[f"deal_offers_{party}"] = float(len(values))
    return metrics


def json_safe(metrics: dict[str, float]) -> dict[str, float | None]:
    """The metrics with NaN written as None (null in JSON, which has no NaN)."""
    return {key: None if np.isnan(value) else value for key, value in metrics.items()}
