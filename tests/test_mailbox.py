"""The mailbox delivers the same messages, at the same moments, in the same order as simpy.FilterStore;
the offer shortcut makes the same messages as `Message`."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.runtime.mailbox import Mailbox
from sim.runtime.messages import Message, Say, offer


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


@st.composite
def schedules(draw: st.DrawFn) -> dict[str, Any]:
    """Receivers with filters and senders with delays, many of them zero so that puts, gets and
    other events fall on the same instant (where a hand-over must not jump the queue)."""
    receivers = draw(st.lists(st.tuples(st.sampled_from(["any", "even", "odd", "big"]),
                                        st.integers(1, 4), st.sampled_from([0.0, 0.0, 1.0])),
                              min_size=1, max_size=4))
    senders = draw(st.lists(st.tuples(st.lists(st.integers(0, 12), min_size=1, max_size=6),
                                      st.sampled_from([0.0, 0.5, 1.0]), st.sampled_from([0.0, 1.0])),
                            min_size=1, max_size=4))
    return {"receivers": receivers, "senders": senders}


FILTERS: dict[str, Callable[[int], bool] | None] = {
    "any": None, "even": lambda i: i % 2 == 0, "odd": lambda i: i % 2 == 1, "big": lambda i: i > 6}


def random_trace(make_box: Callable[[simpy.Environment], Any], plan: dict[str, Any]) -> list[tuple[float, str, int]]:
    env = simpy.Environment()
    box = make_box(env)
    log: list[tuple[float, str, Any]] = []

    def receiver(number: int, kind: str, count: int, pause: float) -> Generator[Any, Any, None]:
        accept = FILTERS[kind]
        for _ in range(count):
            item = yield (box.get(accept) if accept else box.get())
            log.append((env.now, f"{number}:{kind}", item))
            yield env.timeout(pause)

    def sender(number: int, items: list[int], delay: float, start: float) -> Generator[Any, Any, None]:
        yield env.timeout(start)
        for item in items:
            log.append((env.now, f"put {number}", item))
            box.put(item)
            yield env.timeout(delay)

    for number, (kind, count, pause) in enumerate(plan["receivers"]):
        env.process(receiver(number, kind, count, pause))
    for number, (items, delay, start) in enumerate(plan["senders"]):
        env.process(sender(number, items, delay, start))
    env.run(until=50)
    return log


@settings(max_examples=300, deadline=None)
@given(schedules())
def test_mailbox_matches_filterstore_on_random_schedules(plan: dict[str, Any]) -> None:
    """Whatever the interleaving, every hand-over happens at the same moment and in the same
    order relative to everything else as with `simpy.FilterStore`."""
    assert random_trace(Mailbox, plan) == random_trace(lambda env: simpy.FilterStore(env), plan)


def test_offer_is_the_message_the_named_tuple_makes() -> None:
    """The shortcut for the two messages of every offer builds exactly what `Message(...)` does."""
    assert offer("A/delegation", "table", 7, 0.25) == Message(Say.OFFER, "A/delegation", "table", 7, aspiration=0.25)
    made = offer("table", "B/delegation", 3)
    assert made == Message(Say.OFFER, "table", "B/delegation", 3)
    assert type(made) is Message and made.reply_to == "table" and made.forward_to == ""
