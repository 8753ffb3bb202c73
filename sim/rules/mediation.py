"""Mediators' pure decisions: which mediators draft at a step of the talks, and what they draft.

No SimPy here: the table asks a `DraftSchedule` which mediators are due at a step and day,
and a mediator asks `lean_of` and `leaning_draft` what to put to the sides. Tested alone in
tests/test_mediation_rules.py.

When. The mediator running direct or shuttle talks drafts every `draft_every_steps` offers
(if it drafts packages at all); any other drafting mediator with `drafting: cadence` does
the same on its own cadence; a mediator with a deadline drafts at every step from
`press_days` before it. Several may be due at one step: the running mediator first, then
the others in sorted id order.

What. A draft maximises the smaller side's margin over what it last said it needs
(`sim.rules.strategy.compromise`). A mediator with a preferred package leans toward it: it
maximises (1 - lean) x that margin + lean x closeness to its package, with
lean = weight x (1 - credit), and no lean at all while it presses toward its deadline.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from sim.rules.strategy import compromise
from sim.scenario.channel_schema import to_day
from sim.scenario.mediation import MediatorInterests, PreferredPackage
from sim.scenario.schema import Mediator, Scenario
from sim.valuation.space import OutcomeSpace


class Cadence(NamedTuple):
    """When one mediator drafts during the talks."""

    mediator: str
    """The mediator's id."""
    every: int
    """Steps (count) between two of its drafts; 0: none on a cadence (it drafts only while it presses)."""
    press_from: float
    """Day of the run from which it drafts at every step (infinity: never)."""

    def due(self, step: int, day: float) -> bool:
        """Whether this mediator drafts after step `step` of the talks, on day `day`."""
        return day >= self.press_from or (self.every > 0 and step % self.every == 0)


class DraftSchedule:
    """Which mediators draft after which step of the talks, in the order they draft."""

    __slots__ = ("cadences",)

    def __init__(self, cadences: tuple[Cadence, ...]) -> None:
        self.cadences = cadences

    def __bool__(self) -> bool:
        return bool(self.cadences)

    def due(self, step: int, day: float) -> list[str]:
        """The mediators that draft after step `step` (the count of steps so far) on day `day`, in order."""
        return [cadence.mediator for cadence in self.cadences if cadence.due(step, day)]


def press_from_day(interests: MediatorInterests, start_date: object) -> float:
    """The day from which a mediator presses toward its deadline (infinity without a deadline)."""
    if interests.deadline is None:
        return math.inf
    return to_day(interests.deadline, start_date) - interests.press_days  # type: ignore[arg-type]


def draft_schedule(scenario: Scenario, running: str | None, running_on_cadence: bool) -> DraftSchedule:
    """The schedule of drafts during the talks run by `running` (a mediator id or None).

    `running_on_cadence`: whether the protocol has the running mediator draft on its cadence
    (direct and shuttle talks: yes; a single text, where it drafts every step anyway: no).
    """
    cadences = []
    for mediator_id in ([running] if running else []) + sorted(set(scenario.mediators) - {running}):
        spec = scenario.mediators[mediator_id]
        if not spec.drafts_packages:
            continue
        press = press_from_day(spec.interests, scenario.start_date)
        if mediator_id == running:
            if not running_on_cadence:
                continue
            every = spec.draft_every_steps
        else:
            every = spec.draft_every_steps if spec.drafting == "cadence" else 0
        if every or press < math.inf:
            cadences.append(Cadence(mediator_id, every, press))
    return DraftSchedule(tuple(cadences))


def lean_of(spec: Mediator, pressing: bool) -> float:
    """How far (0..1) the mediator's draft leans toward its preferred package now."""
    preferred = spec.interests.preferred
    if preferred is None or pressing:
        return 0.0
    return preferred.weight * (1.0 - spec.interests.credit)


def closeness(space: OutcomeSpace, preferred: PreferredPackage) -> NDArray[np.float64]:
    """How close (0..1) each outcome is to the preferred package: the mean, over the parts it names, of
    1 - |list size - preferred| / the side's range of list sizes, and 1 for the preferred option of an issue."""
    parts: list[NDArray[np.float64]] = []
    for axis, grid in enumerate(space.level_grids()):
        target = preferred.released.get(space.parties[axis])
        if target is not None:
            span = max(1, int(space.levels[axis].max() - space.levels[axis].min()))
            parts.append(1.0 - np.abs(grid - target).astype(np.float64) / span)
    for position, issue in enumerate(space.issues):
        option = preferred.issues.get(issue)
        if option is not None:
            parts.append(space.issue_grid(position, [float(o == option) for o in space.options[position]]))
    if not parts:
        return np.ones(space.size, dtype=np.float64)
    total = np.zeros(space.shape, dtype=np.float64)
    for part in parts:
        total = total + part
    return np.clip(total / len(parts), 0.0, 1.0).ravel()


def leaning_draft(utilities: list[NDArray[np.float64]], allowed: NDArray[np.bool_], aspirations: list[float],
                  near: NDArray[np.float64] | None, lean: float) -> int:
    """The draft: `compromise` when there is no lean, else the allowed outcome with the largest
    (1 - lean) x smallest margin + lean x closeness `near` (ties: the lowest outcome number)."""
    if near is None or lean <= 0.0:
        return compromise(utilities, allowed, aspirations)
    if not allowed.any():
        raise RuntimeError("no outcome is allowed: the outcome space is empty")
    slack = utilities[0] - aspirations[0]  # the smallest slack, as in `compromise`
    for utility, aspiration in zip(utilities[1:], aspirations[1:], strict=True):
        np.minimum(slack, utility - aspiration, out=slack)
    score = np.where(allowed, (1.0 - lean) * slack + lean * near, -np.inf)
    return int(np.argmax(score))


def drafts_in_detail(spec: Mediator) -> bool:
    """Whether the mediator's DRAFT events carry its step (and whether it presses, and its lean): for a mediator
    on a cadence or with interests of its own. Others log as before issue 14, so old logs keep their bytes."""
    return spec.drafting == "cadence" or spec.interests != MediatorInterests()

