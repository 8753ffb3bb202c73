"""An agent's mailbox: SimPy's `FilterStore` of unbounded size, without its general machinery.

Agents send a message with `put` and wait for one with `get`, optionally only for messages
an `accept` function lets through. The scheduling is exactly `simpy.FilterStore`'s, so a run
produces the same events in the same order as with it: `put` appends the message at once
and schedules a put event whose processing serves the waiting getters in the order they
asked; `get` queues the getter and serves the queue at once from what is already in the
box. What is saved is SimPy's per-request bookkeeping (resource queues, bound classes,
context-manager support), which agents never use and which cost as much as the messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import simpy
from simpy.events import Event

Accept = Callable[[Any], bool]


class Mailbox:
    """Messages waiting for one agent; `get` returns an event that fires with the first one accepted."""

    __slots__ = ("env", "items", "getters")

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.items: list[Any] = []
        self.getters: list[tuple[Event, Accept | None]] = []

    def put(self, item: Any) -> Event:
        event = Event(self.env)
        event.callbacks.append(self._serve)  # type: ignore[union-attr]
        self.items.append(item)
        event.succeed()
        return event

    def get(self, accept: Accept | None = None) -> Event:
        event = Event(self.env)
        self.getters.append((event, accept))
        self._serve(None)
        return event

    def _serve(self, _put: Event | None) -> None:
        """Hand each waiting getter, oldest first, the oldest message it accepts (FilterStore's rule)."""
        getters, items = self.getters, self.items
        if not items:
            return  # nothing to hand out: the loop below would change nothing
        index = 0
        while index < len(getters):
            event, accept = getters[index]
            for position, item in enumerate(items):
                if accept is None or accept(item):
                    del items[position]
                    event.succeed(item)
                    break
            if event.triggered:
                del getters[index]
            else:
                index += 1
