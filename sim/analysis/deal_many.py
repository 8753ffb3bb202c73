"""How a run's deal sits in the bargaining set of many parties, and who conceded what: the N-party
counterpart of `sim.analysis.deal`.

`multilateral_metrics` returns a flat mapping of floats with stable keys, ready to be a row of a
sweep table, measured in the opening bargaining set of the run's scenario and seed
(`sim.analysis.multilateral`): per party its utility, disagreement value and share of the
surplus; the Euclidean distance (in the space of all parties' utilities) to the nearest
Pareto point that dominates the deal (0 when none does), to the Nash point and to the
Kalai-Smorodinsky point; per party (and per bloc that spoke for its members) the concession
over its own offers and how many it made. NaN where there is no agreement or no offer.
"""

from __future__ import annotations

import math

import numpy as np

from sim.analysis.deal import agreed_outcome, offer_values
from sim.analysis.multilateral import TIE, MultilateralSet, multilateral_set
from sim.scenario.schema import Scenario
from sim.talks.result import Result

NAN = float("nan")


def multilateral_metric_names(scenario: Scenario) -> list[str]:
    """The keys `multilateral_metrics` returns for `scenario`, in its order."""
    names = ["deal_agreed"]
    for party in scenario.party_ids:
        names += [f"deal_utility_{party}", f"deal_disagreement_{party}", f"deal_surplus_share_{party}"]
    names += ["deal_pareto_distance", "deal_nash_distance", "deal_kalai_distance"]
    for speaker in [*scenario.party_ids, *sorted(scenario.blocs)]:
        names += [f"deal_concession_{speaker}", f"deal_offers_{speaker}"]
    return names


def multilateral_metrics(result: Result, found: MultilateralSet | None = None) -> dict[str, float]:
    """The agreement's place in the N-party bargaining set and each speaker's concessions (`found` may be passed
    to reuse a set computed for the same scenario and seed)."""
    if found is None:
        found = multilateral_set(result.scenario, result.seed)
    parties = found.parties
    outcome = agreed_outcome(result)
    utilities = found.utilities(outcome) if outcome is not None else tuple(NAN for _ in parties)
    gains = [utilities[i] - found.disagreement[i] for i in range(len(parties))]
    surplus = sum(gains)
    metrics: dict[str, float] = {"deal_agreed": 1.0 if outcome is not None else 0.0}
    for position, party in enumerate(parties):
        metrics[f"deal_utility_{party}"] = utilities[position]
        metrics[f"deal_disagreement_{party}"] = found.disagreement[position]
        metrics[f"deal_surplus_share_{party}"] = gains[position] / surplus if surplus > 0.0 else NAN
    metrics["deal_pareto_distance"] = _pareto_distance(found, utilities) if outcome is not None else NAN
    for name, point in (("nash", found.nash), ("kalai", found.kalai)):
        far = math.dist(utilities, found.utilities(point)) if outcome is not None and point is not None else NAN
        metrics[f"deal_{name}_distance"] = far
    for speaker in [*parties, *sorted(result.scenario.blocs)]:
        values = offer_values(result, speaker)
        metrics[f"deal_concession_{speaker}"] = values[0] - values[-1] if values else NAN
        metrics[f"deal_offers_{speaker}"] = float(len(values))
    return metrics


def _pareto_distance(found: MultilateralSet, utilities: tuple[float, ...]) -> float:
    """Distance to the nearest Pareto point at least as good for everyone and better for one; 0 if none is."""
    if found.frontier.size == 0:
        return NAN
    points = np.column_stack([found.valuation.utility[party][found.frontier] for party in found.parties])
    deal = np.asarray(utilities)
    dominating = np.all(points >= deal - TIE, axis=1) & np.any(points > deal + TIE, axis=1)
    if not dominating.any():
        return 0.0
    return float(np.min(np.linalg.norm(points[dominating] - deal, axis=1)))
