"""An agent's mailbox: SimPy's `FilterStore` of unbounded size, without its general machinery.

Agents send a message with `put` and wait for one with `get`, optionally only for messages
an `accept` function lets through. The scheduling is exactly `simpy.FilterStore`'s, so a run
produces the same events in the same order as with it: `put` appends the message at once
and schedules a delivery whose processing serves the waiting getters in the order they
asked; `get` queues the getter and serves the queue at once from what is already in the
box. What is saved is SimPy's per-request bookkeeping (resource queues, bound classes,
context-manager support), which agents never use and which cost as much as the messages.

Two savings change how many SimPy events a message costs, never the order in which
anything happens:

- A delivery is a bare record (`_Delivery`) handed to `Environment.schedule` as
  `Event.succeed` would hand a put event: the same time, priority and next sequence number.
- When a delivery hands a message to a getter and nothing else is due at this instant
  (what `Environment.peek() > Environment.now` says), the getter's event would be the very
  next event processed; it is processed at once (`_fire_now`) instead of going through the
  queue. When anything else is due now, the event is scheduled as usual and waits its turn.

Everything else is SimPy's public API (`Environment.schedule`, `Event`, `Event.succeed`).
What is kept of SimPy's private attributes, and why (instructions per run of the bilateral
aspiration case, `benchmarks/instructions.py --runs 200`, with the guard's counting step:
14.33 M as written; 14.51 M with `peek()` and `now` in `_deliver`, which put a run past the 3%
over the 14.04 M of the copy that used `_queue`, `_eid` and `_now` throughout):

- `Environment._queue` and `Environment._now` (read) in `_deliver`: the same test as
  `peek() > now` without two Python calls a message.
- `_Delivery._ok` (read by `Environment.step`, which reads `_ok` of every event it processes).
- `_fire_now` writes `Event._ok` and `Event._value`, as `Event.succeed` would, and runs the
  callbacks as `Environment.step` would, without the queue's push and pop: with a real
  `Event` per delivery and `Event.succeed` for every hand-over instead, a run costs 15.4 M.

These are stable since SimPy 3 (the project pins SimPy 4). `tests/test_mailbox.py` compares
random schedules of puts, filtered gets and timeouts at equal instants against
`simpy.FilterStore`, so a SimPy that changed them would fail there first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import simpy
from simpy.events import Event

Accept = Callable[[Any], bool]


class _Delivery:
    """A put's delivery on SimPy's queue: what `Environment.step` reads of an event (its callbacks
    and `_ok`), without the rest of an `Event`."""

    __slots__ = ("callbacks",)
    _ok = True

    def __init__(self, serve: Callable[[Any], None]) -> None:
        self.callbacks: list[Callable[[Any], None]] | None = [serve]


class Mailbox:
    """Messages waiting for one agent; `get` returns an event that fires with the first one accepted."""

    __slots__ = ("env", "items", "getters")

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.items: list[Any] = []
        self.getters: list[tuple[Event, Accept | None]] = []

    def put(self, item: Any) -> None:
        """Leave `item` in the box; waiting getters are served when its delivery is processed."""
        self.items.append(item)
        self.env.schedule(_Delivery(self._deliver))  # type: ignore[arg-type]  # as `Event.succeed` schedules a put

    def get(self, accept: Accept | None = None) -> Event:
        """An event that fires with the oldest message `accept` lets through (any message if None)."""
        event = Event(self.env)
        self.getters.append((event, accept))
        if self.items:
            for served, item in self._serve():
                served.succeed(item)
        return event

    def _deliver(self, _delivery: _Delivery) -> None:
        items, getters = self.items, self.getters
        if not items:
            return  # a getter took the message before its delivery came round
        if len(items) == 1 and len(getters) == 1 and getters[0][1] is None:
            served = [(getters.pop()[0], items.pop())]  # `_serve`'s answer when one getter takes anything
        else:
            served = self._serve()
        if len(served) == 1:
            # `Environment.peek() > Environment.now`, read from the queue directly (see the module's docstring)
            env = self.env
            queue = env._queue  # type: ignore[attr-defined]
            if not queue or queue[0][0] > env._now:  # type: ignore[attr-defined]
                _fire_now(*served[0])  # nothing else is due now: the served getter's event is next anyway
                return
        for event, item in served:
            event.succeed(item)

    def _serve(self) -> list[tuple[Event, Any]]:
        """Give each waiting getter, oldest first, the oldest message it accepts (FilterStore's rule)."""
        getters, items = self.getters, self.items
        served = []
        index = 0
        while index < len(getters):
            event, accept = getters[index]
            for position, item in enumerate(items):
                if accept is None or accept(item):
                    del items[position]
                    del getters[index]
                    served.append((event, item))
                    break
            else:
                index += 1
        return served



def _fire_now(event: Event, value: Any) -> None:
    """Succeed `event` and process it now, as `Environment.step` would when it is next in the queue."""
    event._ok = True
    event._value = value
    callbacks, event.callbacks = event.callbacks, None  # type: ignore[assignment]
    for callback in callbacks:  # type: ignore[union-attr]
        callback(event)
