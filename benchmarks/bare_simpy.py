"""The bare SimPy loop: the bilateral negotiation with nothing but SimPy and numpy.

Two processes alternate offers through two `simpy.Store`s, each waiting one step of
simulated time before it answers, with Parley's decision formulas written out here over
numpy utility vectors and no logging: aspiration(t) = floor + (ceiling - floor)(1 - t^e)
with t = offers so far / offer limit, accept an offer worth at least the aspiration,
otherwise offer the outcome worst for oneself among those meeting it (ties: the one the
other side values most, then the lowest number). It is the floor of what the negotiation
costs in SimPy, the yardstick Parley's overhead is measured against.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
import simpy
from numpy.typing import NDArray

from benchmarks.problem import BilateralProblem, Deal

EPSILON = 1e-12


def aspiration(time: float, exponent: float, floor: float, ceiling: float) -> float:
    return floor + (ceiling - floor) * (1.0 - min(1.0, max(0.0, time)) ** exponent)


def worst_meeting(own: NDArray[np.float64], other: NDArray[np.float64], level: float) -> int:
    """The outcome worst for oneself worth at least `level`; ties go to the other side's favourite."""
    candidates = np.flatnonzero(own >= level - EPSILON)
    if candidates.size == 0:
        return int(np.argmax(own))
    values = own[candidates]
    band = candidates[values <= values.min() + EPSILON]
    return int(band[np.argmax(other[band])])


def negotiate(problem: BilateralProblem, utilities: tuple[NDArray[np.float64], NDArray[np.float64]]) -> Deal:
    """Run the negotiation once; `utilities` are the two sides' vectors (see `BilateralProblem.utility`)."""
    env = simpy.Environment()
    inboxes = (simpy.Store(env), simpy.Store(env))
    done = env.event()
    offers = [0]
    limit = problem.max_offers
    ceilings = (float(utilities[0].max()), float(utilities[1].max()))

    def side(me: int) -> Generator[Any, Any, None]:
        own, other = utilities[me], utilities[1 - me]
        spec = problem.sides[me]
        floor = min(spec.reserved, ceilings[me])
        while True:
            offer = yield inboxes[me].get()
            if offer >= 0:
                offers[0] += 1
                if offers[0] >= limit:
                    done.succeed(None)
                    return
            level = aspiration(offers[0] / limit, spec.exponent, floor, ceilings[me])
            if offer >= 0 and own[offer] >= level - EPSILON:
                yield env.timeout(problem.step_days)
                done.succeed(offer)
                return
            counter = worst_meeting(own, other, level)
            yield env.timeout(problem.step_days)
            inboxes[1 - me].put(counter)

    env.process(side(0))
    env.process(side(1))
    inboxes[problem.opener].put(-1)
    agreed = env.run(until=done)
    if agreed is None:
        return Deal(None, offers[0], (offers[0] + 1) // 2)
    return Deal(problem.labels(agreed), offers[0], (offers[0] + 1) // 2)
