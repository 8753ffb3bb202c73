"""Bounds on one run while it runs: a cap on simulated events and an optional wall-clock limit.

Validation keeps every count in a scenario finite (`sim.scenario.schema.Limits`), but a
plug-in rule with a bug could still schedule events forever at one instant, so no horizon
would ever stop it. `BoundedEnvironment` is a SimPy environment that counts the events it
processes and stops the run with `EventLimitError` past `Limits.simulated_events`. The same
count is where a per-run time limit is checked: `time_limit(seconds)` sets a deadline for the
runs started inside it (sweeps use it for `--run-timeout`), and a run past it stops with
`RunTimeoutError`. The clock is read once every `CHECK_EVERY` events, so the guard costs one
counter per event; nothing it does reaches the event log. It counts what passes through
SimPy's queue: a mailbox delivery that wakes its receiver at once (`sim.runtime.mailbox`)
counts as one event, not two, so a loop of messages meets the cap at most twice as late.

The environment only overrides `Environment.step` (SimPy's own step, then one count) and
uses no private attribute of SimPy; `run` is SimPy's. Counting in an overridden `step`
costs 0.2 M instructions of a bilateral run's 14.3 M (`benchmarks/instructions.py --runs
200`, parley/aspiration) more than the copy of `Environment.run` it replaces, which counted
in its own loop.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import simpy
from simpy.core import BoundClass

from sim.scenario.limits import LIMITS

CHECK_EVERY = 128
"""Events between two looks at the clock (a power of two: the test is a bit mask)."""

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("parley_run_deadline", default=None)
"""(monotonic deadline, the limit in seconds) for runs started now, or None."""


class RunLimitError(RuntimeError):
    """A run was stopped by one of its bounds."""


class EventLimitError(RunLimitError):
    """A run processed more simulated events than `Limits.simulated_events` allows."""


class RunTimeoutError(RunLimitError):
    """A run took longer than the time limit it was started under."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Runs started inside stop with `RunTimeoutError` after `seconds` of wall-clock time (None: no limit)."""
    if seconds is not None and not seconds > 0:
        raise ValueError(f"time limit: expected a number of seconds > 0, found {seconds!r}")
    token = _deadline.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
        # A run too short to reach the first checkpoint is held to the limit as it ends.
        limit = _deadline.get()
        if limit is not None and time.monotonic() > limit[0]:
            raise RunTimeoutError(f"the run exceeded its time limit of {limit[1]:g} s")
    finally:
        _deadline.reset(token)


_simpy_step = simpy.Environment.step
"""SimPy's own `step`, called directly (cheaper than `super()` once an event)."""

_BOUND_CLASSES = tuple(name for name, attribute in vars(simpy.Environment).items() if type(attribute) is BoundClass)
"""SimPy's event factories (`timeout`, `process`, ...), found once rather than at every run."""


class BoundedEnvironment(simpy.Environment):
    """A SimPy environment that refuses to process more than `max_events` events or to pass its deadline."""

    def __init__(self, max_events: int | None = None) -> None:
        super().__init__()
        # SimPy binds `timeout`, `process`, ... to the instance only for its own class's
        # attributes; do it for a subclass too, or every `env.timeout()` pays for a descriptor.
        for name in _BOUND_CLASSES:
            setattr(self, name, getattr(self, name))
        self.processed = 0
        self.max_events = LIMITS.simulated_events if max_events is None else max_events
        limit = _deadline.get()
        self.deadline: float | None = limit[0] if limit is not None else None
        self.seconds: float | None = limit[1] if limit is not None else None
        self._limit = min(self.max_events, CHECK_EVERY) if self.deadline is not None else self.max_events

    def step(self) -> None:
        """Process the next event as SimPy does, then count it toward the bounds."""
        _simpy_step(self)
        processed = self.processed = self.processed + 1
        if processed > self._limit:
            self._check()

    def _check(self) -> None:
        """Called at the next checkpoint: raise if a bound is passed, else move the checkpoint on."""
        if self.processed > self.max_events:
            raise EventLimitError(f"the run processed more than {self.max_events:,} simulated events "
                                  f"(at day {float(self.now):g}); a rule may be looping without end. "
                                  "The cap is Limits.simulated_events in sim/scenario/limits.py")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise RunTimeoutError(f"the run exceeded its time limit of {self.seconds:g} s (stopped at day "
                                  f"{float(self.now):g}, after {self.processed:,} events)")
        step = CHECK_EVERY if self.deadline is not None else self.max_events
        self._limit = min(self.max_events, self.processed + step)
