"""Limits: upper bounds that keep one run small enough to finish, read whenever a scenario is checked.

Raise one in a session (`sim.scenario.limits.LIMITS.captives_per_party = 5_000_000`) and the
next scenario loaded is checked against the new bound; `parley schema` shows the bounds in
force. `count_levels` sizes an outcome space, which `Limits.outcomes` bounds.
"""

from __future__ import annotations


class Limits:
    """Upper bounds that keep one run small enough to finish; raise one on `LIMITS` if you must."""

    captives_per_party = 2_000_000
    horizon_days = 36_500.0
    max_steps = 100_000
    stages = 1_000
    outcomes = 2_000_000
    events = 1_000
    delay_days = 3_650.0
    value = 1e6
    periodic_checks = 1_000_000
    """Times a channel's periodic check (round openings, captures) may come round over the horizon."""
    simulated_events = 10_000_000
    """SimPy events one run may process (`sim.runtime.guard`); the largest shipped scenario needs a few thousand."""


LIMITS = Limits()


def count_levels(tradable: int, step: int) -> int:
    """How many list sizes a roster of `tradable` captives offers in steps of `step` (0 and all included)."""
    return tradable // step + 1 + (1 if tradable % step else 0)
