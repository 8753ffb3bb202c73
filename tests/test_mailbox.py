"""The mailbox delivers the same messages, at the same moments, in the same order as simpy.FilterStore."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import simpy

from sim.agents.mailbox import Mailbox


def trace(make_box: Callable[[simpy.Environment], Any]) -> list[tuple[float, str, int]]:
    """Three receivers with different filters and two senders interleaving at equal times."""
    env = simpy.Environment()
    box = make_box(env)
    log: list[tuple[float, str, int]] = []

    def receiver(name: str, accept: Callable[[int], bool] | None, count: int) -> Generator[Any, Any, None]:
        for _ in range(count):
            item = yield (box.get(accept) if accept else box.get())
            log.append((env.now, name, item))
            yield env.timeout(0)

    def sender(items: list[int], delay: float) -> Generator[Any, Any, None]:
        for item in items:
            box.put(item)
            yield env.timeout(delay)

    env.process(receiver("even", lambda i: i % 2 == 0, 4))
    env.process(receiver("any", None, 4))
    env.process(receiver("big", lambda i: i > 5, 3))
    env.process(sender([1, 2, 7, 8, 3], 0.0))
    env.process(sender([6, 4, 9, 10, 11, 12], 1.0))
    env.run()
    return log


def test_mailbox_schedules_exactly_as_filterstore() -> None:
    expected = trace(lambda env: simpy.FilterStore(env))
    assert len(expected) == 11
    assert trace(Mailbox) == expected
