"""Typed event records and the sinks they go to.

Every message and decision in a run becomes one small immutable `Event`: run id, sequence
number, simulated time (days), kind, actor, target and a JSON-safe payload. A `Recorder`
belongs to one run, numbers its events and hands them to injected sinks: a `MemorySink`
for tests and the API, a `JsonlSink` for `events.jsonl`. Nothing logged depends on wall-clock
time or object identity, so the same seed gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import IO, Any, NamedTuple, Protocol


class EventKind(StrEnum):
    """What kind of thing an `Event` records; its value is the `kind` written to the log."""
    TALKS_OPENED = "talks_opened"
    DISPUTE = "dispute"
    OFFER = "offer"
    DRAFT = "draft"
    RESPONSE = "response"
    RELAYED = "relayed"
    REFERRAL = "referral"
    APPROVAL = "approval"
    VETO = "veto"
    AGREEMENT = "agreement"
    TALKS_CLOSED = "talks_closed"
    STAGE_SLIPPED = "stage_slipped"
    STAGE_EXECUTED = "stage_executed"
    STAGE_FAILED = "stage_failed"
    DEAL_SCRAPPED = "deal_scrapped"
    TRUST_CHANGED = "trust_changed"
    EXOGENOUS = "exogenous"
    RUN_ENDED = "run_ended"
    # the exchange channel (scenarios with a `channel:` section)
    ROUND_OPENED = "round_opened"
    EXCHANGE = "exchange"
    CHANNEL_FROZEN = "channel_frozen"


class Event(NamedTuple):
    """One thing that happened: who did what to whom, when, with what content.

    A named tuple, so immutable; several times cheaper to make than a frozen dataclass,
    which counts at one record per message. Change a copy with `event._replace(...)`.
    """

    run: str
    seq: int
    time: float
    kind: EventKind
    actor: str
    target: str
    payload: Mapping[str, Any] = MappingProxyType({})

    def to_dict(self) -> dict[str, Any]:
        """The event as a JSON-safe dict, in the field order of the log."""
        return {
            "run": self.run,
            "seq": self.seq,
            "time": self.time,
            "kind": self.kind.value,
            "actor": self.actor,
            "target": self.target,
            "payload": dict(self.payload),
        }

    def to_json(self) -> str:
        """The event as one compact line of JSON (a line of `events.jsonl`)."""
        return json.dumps(self.to_dict(), separators=(",", ":"), sort_keys=False)


class Sink(Protocol):
    """Where events go; a sink must not change them."""

    def write(self, event: Event) -> None:
        """Take one event, in sequence order; keep or write it, never change it."""


class MemorySink:
    """Keeps every event in a list."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def write(self, event: Event) -> None:
        """Keep `event`."""
        self.events.append(event)


class JsonlSink:
    """Writes one JSON object per line to an open text stream."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, event: Event) -> None:
        """Write `event` as one JSON line."""
        self.stream.write(event.to_json())
        self.stream.write("\n")


class Recorder:
    """Numbers a run's events in order and sends each to every sink."""

    def __init__(self, run: str, clock: Callable[[], float], sinks: list[Sink]) -> None:
        self.run = run
        self.clock = clock
        self.sinks = sinks
        self.count = 0
        # a memory sink's write is its list's append: call that directly (one Python call less an event)
        self._writers = [sink.events.append if type(sink) is MemorySink else sink.write for sink in sinks]
        self._only = self._writers[0] if len(self._writers) == 1 else None

    def emit(self, kind: EventKind, actor: str, target: str = "", **payload: Any) -> Event:
        """Record one event at the current simulated time with the next sequence number; returns it."""
        seq = self.count
        self.count = seq + 1
        event = _new(Event, (self.run, seq, float(self.clock()), kind, actor, target, payload))
        if self._only is not None:
            self._only(event)
        else:
            for write in self._writers:
                write(event)
        return event


_new = tuple.__new__
"""`Event`'s fields filled in one call, without the named tuple's keyword handling (the recorder's hot path)."""
