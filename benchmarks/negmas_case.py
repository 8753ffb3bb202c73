"""The bilateral benchmark in NegMAS 0.16: `SAOMechanism` with time-based aspiration negotiators.

The same issues, weights, option values and reserved values as the YAML, as NegMAS
`LinearAdditiveUtilityFunction`s; 100 NegMAS steps (each side offers once a step, so the
same 200 offers as Parley's `max_steps`). Exponent 4 on both sides is `AspirationNegotiator`
with `aspiration_type=4.0`; Boulware 4 against conceder 0.25 is `BoulwareTBNegotiator`
against `ConcederTBNegotiator`, whose named curves have exactly those exponents.

NegMAS does not reach Parley's agreement, and no parameter of these stock negotiators makes
it: its mechanism gives them time as (step + 1) / (steps + 1) rather than offers made /
offer limit, they accept and offer against a band scaled between the reserved value and the best utility with a
tolerance of 1e-3 (Parley: 1e-12), and among outcomes of nearly equal utility to
themselves they offer the first in their own sorted order, not the one the other side
values most. The benchmark prints each agreement so the difference is visible.

NegMAS is an optional extra (`pip install -e ".[bench]"`); without it the case is skipped.
"""

from __future__ import annotations

from typing import Any

from benchmarks.problem import BilateralProblem, Deal

NEGMAS_RANGE = ">=0.16,<0.17"


def available() -> str | None:
    """NegMAS's version if it can be imported, else None."""
    try:
        import negmas
    except ImportError:
        return None
    return str(negmas.__version__)


def build(problem: BilateralProblem) -> Any:
    """A ready-to-run `SAOMechanism` with both negotiators added (building is part of the cost)."""
    from negmas import AspirationNegotiator, SAOMechanism, make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator

    issues = [make_issue(list(options), name=issue) for issue, options in zip(problem.issues, problem.options,
                                                                               strict=True)]
    mechanism = SAOMechanism(issues=issues, n_steps=problem.rounds)
    exponents = tuple(side.exponent for side in problem.sides)
    order = (problem.opener, 1 - problem.opener)
    for position in order:
        side = problem.sides[position]
        values = {issue: dict(zip(options, table, strict=True))
                  for issue, options, table in zip(problem.issues, problem.options, side.values, strict=True)}
        total = sum(side.weights)
        weights = {issue: weight / total for issue, weight in zip(problem.issues, side.weights, strict=True)}
        ufun = LinearAdditiveUtilityFunction(values=values, weights=weights, issues=issues,
                                             reserved_value=side.reserved)
        negotiator: Any
        if exponents == (4.0, 4.0):
            negotiator = AspirationNegotiator(aspiration_type=side.exponent, name=side.party)
        elif side.exponent == 4.0:
            negotiator = BoulwareTBNegotiator(name=side.party)
        elif side.exponent == 0.25:
            negotiator = ConcederTBNegotiator(name=side.party)
        else:
            negotiator = AspirationNegotiator(aspiration_type=side.exponent, name=side.party)
        mechanism.add(negotiator, ufun=ufun)
    return mechanism


def negotiate(problem: BilateralProblem) -> Deal:
    mechanism = build(problem)
    state = mechanism.run()
    offers = _offers(mechanism)
    if state.agreement is None:
        return Deal(None, offers, state.step)
    labels = dict(zip(problem.issues, (str(value) for value in state.agreement), strict=True))
    return Deal(labels, offers, state.step)


def _offers(mechanism: Any) -> int:
    """Offers made, counted from the mechanism's trace (one entry per offer)."""
    return sum(1 for entry in mechanism.extended_trace)
