"""The pure mediator rules: who drafts after which step, how close a package is to a mediator's
preference, and how far the draft leans toward it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.rules.mediation import Cadence, DraftSchedule, closeness, lean_of, leaning_draft
from sim.scenario.mediation import PreferredPackage
from sim.scenario.schema import Mediator
from sim.valuation.space import OutcomeSpace


def test_a_schedule_names_the_mediators_due_in_order_and_a_pressing_one_at_every_step() -> None:
    schedule = DraftSchedule((Cadence("A", 2, math.inf), Cadence("B", 3, math.inf), Cadence("C", 0, 1.0)))
    assert [schedule.due(step, 0.0) for step in range(1, 7)] == [[], ["A"], ["B"], ["A"], [], ["A", "B"]]
    assert schedule.due(5, 1.0) == ["C"] and schedule.due(6, 2.0) == ["A", "B", "C"]
    assert not DraftSchedule(()) and schedule


def test_closeness_averages_list_sizes_and_issue_options_the_package_names() -> None:
    space = OutcomeSpace(("A", "B"), (np.array([0, 5, 10]), np.array([0, 10])), ("truce",), (("no", "yes"),))
    near = closeness(space, PreferredPackage(released={"A": 10}, issues={"truce": "yes"}))
    got = {(r["A"], r["B"], o["truce"]): float(near[i]) for i in range(space.size)
           for r, o in [space.description(i)]}
    assert got[(10, 0, "yes")] == got[(10, 10, "yes")] == 1.0
    assert got[(5, 0, "yes")] == pytest.approx(0.75) and got[(0, 0, "no")] == 0.0
    assert closeness(space, PreferredPackage()).tolist() == [1.0] * space.size


def test_the_lean_is_weight_times_one_less_credit_and_nothing_while_pressing() -> None:
    spec = Mediator.model_validate({"name": "M", "style": "broker",
                                    "interests": {"preferred": {"weight": 0.8}, "credit": 0.25}})
    assert lean_of(spec, pressing=False) == pytest.approx(0.6)
    assert lean_of(spec, pressing=True) == 0.0
    assert lean_of(Mediator.model_validate({"name": "M", "style": "host"}), pressing=False) == 0.0


def test_a_leaning_draft_trades_the_smaller_margin_against_closeness() -> None:
    first, second = np.array([1.0, 0.5, 0.0]), np.array([0.0, 0.5, 1.0])
    allowed = np.ones(3, dtype=bool)
    near = np.array([0.0, 0.0, 1.0])
    assert leaning_draft([first, second], allowed, [0.4, 0.4], None, 0.0) == 1
    assert leaning_draft([first, second], allowed, [0.4, 0.4], near, 0.3) == 1, "0.7 x 0.1 > 0.7 x -0.4 + 0.3"
    assert leaning_draft([first, second], allowed, [0.4, 0.4], near, 0.5) == 2, "0.5 x -0.4 + 0.5 > 0.5 x 0.1"
    assert leaning_draft([first, second], np.array([True, True, False]), [0.4, 0.4], near, 0.9) == 1
