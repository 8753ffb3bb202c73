"""Issue 5, item 1a: one bilateral negotiation in Parley, NegMAS and a bare SimPy loop, timed fairly.

The three implementations run in one process, interleaved: each repeat times one block
of negotiations of each implementation in turn (round robin), so a neighbour loading the
machine slows all three alike; the figure reported is the median over repeats of
negotiations per second. Block sizes are calibrated so each block takes about the same
wall time. Parley runs the scenario with full event logging to memory (`sim.run` keeps
every event in a `MemorySink` and returns them in the `Result`); each implementation
builds its own utilities and negotiators inside the timed call.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sim
from benchmarks import bare_simpy, negmas_case
from benchmarks.problem import BilateralProblem, Deal

PARLEY, NEGMAS, BARE = "Parley", "NegMAS", "bare SimPy"


@dataclass(frozen=True, slots=True)
class Contender:
    name: str
    negotiate: Callable[[], Deal] | None
    skipped: str = ""


@dataclass(slots=True)
class Measured:
    name: str
    deal: Deal | None = None
    rates: list[float] = field(default_factory=list)
    skipped: str = ""

    @property
    def per_second(self) -> float | None:
        return statistics.median(self.rates) if self.rates else None


def parley_negotiation(problem: BilateralProblem) -> Callable[[], Deal]:
    scenario = sim.validate_document(problem.document, "bilateral-3x10.yaml")

    def negotiate() -> Deal:
        outcome = sim.run(scenario, seed=0).outcome
        labels = outcome.issues_agreed if outcome.agreement else None
        return Deal(labels, outcome.rounds, (outcome.rounds + 1) // 2)

    return negotiate


def bare_negotiation(problem: BilateralProblem) -> Callable[[], Deal]:
    def negotiate() -> Deal:
        return bare_simpy.negotiate(problem, (problem.utility(0), problem.utility(1)))

    return negotiate


def contenders(problem: BilateralProblem, with_negmas: bool = True) -> list[Contender]:
    version = negmas_case.available() if with_negmas else None
    if version is None:
        reason = "negmas not installed (pip install -e '.[bench]')" if with_negmas else "left out"
        negmas = Contender(NEGMAS, None, f"SKIPPED: {reason}")
    else:
        negmas = Contender(NEGMAS, lambda: negmas_case.negotiate(problem))
    return [Contender(PARLEY, parley_negotiation(problem)), negmas, Contender(BARE, bare_negotiation(problem))]


def measure(problem: BilateralProblem, repeats: int, block_seconds: float, with_negmas: bool = True) -> list[Measured]:
    """Negotiations per second of each contender: `repeats` interleaved blocks of about `block_seconds`."""
    field_ = contenders(problem, with_negmas)
    results = [Measured(c.name, skipped=c.skipped) for c in field_]
    blocks: dict[str, int] = {}
    for contender, result in zip(field_, results, strict=True):
        if contender.negotiate is None:
            continue
        start = time.perf_counter()
        result.deal = contender.negotiate()  # warm-up, and the agreement to print
        blocks[contender.name] = max(1, round(block_seconds / max(time.perf_counter() - start, 1e-6)))
    for _ in range(repeats):
        for contender, result in zip(field_, results, strict=True):
            if contender.negotiate is None:
                continue
            count = blocks[contender.name]
            start = time.perf_counter()
            for _ in range(count):
                contender.negotiate()
            result.rates.append(count / (time.perf_counter() - start))
    return results


def ratio(results: list[Measured], numerator: str, denominator: str) -> float | None:
    rates = {r.name: r.per_second for r in results}
    top, bottom = rates.get(numerator), rates.get(denominator)
    if top is None or bottom is None:
        return None
    return top / bottom


def same_agreement(results: list[Measured], first: str, second: str) -> bool | None:
    """Whether two contenders reached the same outcome at the same round (None if one was skipped)."""
    deals = {r.name: r.deal for r in results}
    a, b = deals.get(first), deals.get(second)
    if a is None or b is None:
        return None
    return a.outcome == b.outcome and a.round == b.round
