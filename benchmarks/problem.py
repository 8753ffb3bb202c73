"""The bilateral benchmark workload, read once from its YAML file for every implementation.

`BilateralProblem` holds what the three implementations (Parley, NegMAS, the bare SimPy
loop) must agree on: the issues and their options, each side's issue weights, option
values, reserved value and aspiration exponent, who opens, and the offer limit. Utility
vectors are built here the way Parley builds them (weights normalised to sum 1, one
weighted table per issue added in issue order, outcomes numbered in C order over the
issues), so the bare loop sees the very same floats and breaks ties the same way.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray

SCENARIO = Path(__file__).resolve().parent / "scenarios" / "bilateral-3x10.yaml"


@dataclass(frozen=True, slots=True)
class Side:
    """One negotiator: its weights and option values per issue, reserved value, exponent."""

    party: str
    weights: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    reserved: float
    exponent: float


@dataclass(frozen=True, slots=True)
class BilateralProblem:
    name: str
    document: dict[str, Any]
    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    sides: tuple[Side, Side]
    opener: int
    max_offers: int
    step_days: float

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(o) for o in self.options)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @property
    def rounds(self) -> int:
        """NegMAS steps: one step is one offer from each side."""
        return self.max_offers // 2

    def utility(self, position: int) -> NDArray[np.float64]:
        """Utility of every outcome to side `position`, computed in Parley's order of operations."""
        side = self.sides[position]
        total_weight = sum(side.weights)
        total: NDArray[np.float64] = np.zeros(self.shape)
        for index, (weight, table) in enumerate(zip(side.weights, side.values, strict=True)):
            grid_shape = [1] * len(self.shape)
            grid_shape[index] = len(table)
            grid = np.asarray(table, dtype=np.float64).reshape(grid_shape)
            total = np.add(total, (weight / total_weight) * grid)
        return total.ravel()

    def labels(self, outcome: int) -> dict[str, str]:
        """The option of each issue in outcome number `outcome`."""
        picks = np.unravel_index(outcome, self.shape)
        return {issue: self.options[i][int(p)] for i, (issue, p) in enumerate(zip(self.issues, picks, strict=True))}

    def with_exponents(self, first: float, second: float, label: str) -> BilateralProblem:
        """The same problem with other aspiration exponents (e.g. Boulware against conceder)."""
        document = copy.deepcopy(self.document)
        for side, exponent in zip(self.sides, (first, second), strict=True):
            document["parties"][side.party]["delegation"]["strategy"]["exponent"] = exponent
        sides = (replace(self.sides[0], exponent=first), replace(self.sides[1], exponent=second))
        return replace(self, name=label, document=document, sides=sides)


def load_problem(path: Path = SCENARIO, name: str = "aspiration 4 vs 4") -> BilateralProblem:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    issues = tuple(document["issues"])
    options = tuple(tuple(document["issues"][issue]["options"]) for issue in issues)
    parties = sorted(document["parties"])
    sides = tuple(_side(party, document["parties"][party], issues, options) for party in parties)
    protocol = document["protocol"]
    return BilateralProblem(
        name=name,
        document=document,
        issues=issues,
        options=options,
        sides=(sides[0], sides[1]),
        opener=parties.index(protocol.get("opens", parties[0])),
        max_offers=int(protocol["max_steps"]),
        step_days=float(protocol["step_hours"]) / 24.0,
    )


def _side(party: str, spec: dict[str, Any], issues: tuple[str, ...], options: tuple[tuple[str, ...], ...]) -> Side:
    interests = spec["interests"]
    strategy = spec["delegation"]["strategy"]
    if strategy.get("kind") != "aspiration" or strategy.get("tolerance", 0.0) != 0.0:
        raise ValueError(f"{party}: the benchmark needs an aspiration strategy with tolerance 0")
    return Side(
        party=party,
        weights=tuple(float(interests["weights"][issue]) for issue in issues),
        values=tuple(tuple(float(interests["issue_values"][issue][o]) for o in opts)
                     for issue, opts in zip(issues, options, strict=True)),
        reserved=float(interests.get("reserved_value", 0.0)),
        exponent=float(strategy["exponent"]),
    )


def cases(path: Path = SCENARIO) -> list[BilateralProblem]:
    """The two workloads of issue 5, item 1a."""
    base = load_problem(path)
    return [base, base.with_exponents(4.0, 0.25, "boulware 4 vs conceder 0.25")]


@dataclass(frozen=True, slots=True)
class Deal:
    """How one implementation's negotiation ended: the agreed outcome (None if none) and when.

    `offers` counts single offers (Parley's steps); `round` counts NegMAS steps, in which each
    side offers once, starting from 1.
    """

    outcome: dict[str, str] | None
    offers: int
    round: int

    def describe(self) -> str:
        if self.outcome is None:
            return f"no agreement after {self.offers} offers"
        picks = ",".join(self.outcome.values())
        return f"({picks}) at round {self.round} (offer {self.offers})"
