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

- A delivery is a bare record on SimPy's queue (`_Delivery`), pushed with the same time,
  priority and sequence number `Event.succeed` would give a put event.
- When a delivery hands a message to a getter and nothing else is due at this instant,
  the getter's event would be the very next event processed; it is processed at once
  (`_fire_now`) instead of going through the queue. When anything else is due now, the
  event is scheduled as usual and waits its turn.

Both reach into SimPy's environment (`_queue`, `_eid`, `_now`, stable since SimPy 3; the
project pins SimPy 4). `tests/test_mailbox.py` compares random schedules of puts, filtered
gets and timeouts at equal instants against `simpy.FilterStore`, so a SimPy that changed
them would fail there first.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush
from typing import Any

import simpy
from simpy.events import NORMAL, Event

Accept = Callable[[Any], bool]


class _Delivery:
    """What SimPy's queue needs of a processed event: callbacks to call, and success."""

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
        env = self.env
        self.items.append(item)
        # `Environment.schedule` of a put event, written out: now, normal priority, next number
        heappush(env._queue, (env._now, NORMAL, next(env._eid), _Delivery(self._deliver)))  # type: ignore[attr-defined, misc]

    def get(self, accept: Accept | None = None) -> Event:
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
            queue = self.env._queue  # type: ignore[attr-defined]
            if not queue or queue[0][0] > self.env._now:  # type: ignore[attr-defined]
                _fire_now(*served[0])  # the served getter's event would be processed next
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
