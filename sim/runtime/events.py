"""Typed event records and the sinks they go to.

Every message and decision in a run becomes one small immutable `Event`: run id, sequence
number, simulated time (days), kind, actor, target and a JSON-safe payload. A `Recorder`
belongs to one run, numbers its events and hands them to injected sinks: a `MemorySink`
for tests and the API, a `JsonlSink` for `events.jsonl`. Nothing logged depends on wall-clock
time or object identity, so the same seed gives the same bytes.

A recorder also bounds its run's log: past `Limits.log_entries` entries, or past
`Limits.log_bytes` bytes of JSON Lines, it stops the run with `LogLimitError`. Entries are
counted at each event; bytes are measured every `BYTES_CHECK_EVERY` entries (and at the end
of a longer run) from the in-memory log, so a short run pays nothing and the bound depends
only on the events, never on the clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import IO, Any, NamedTuple, Protocol

from sim.runtime.guard import RunLimitError
from sim.scenario.limits import LIMITS

BYTES_CHECK_EVERY = 4096
"""Entries between two measurements of the log's size in bytes."""


class LogLimitError(RunLimitError):
    """A run's event log grew past `Limits.log_entries` entries or `Limits.log_bytes` bytes."""


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
    # mediators with interests of their own (issue 14)
    MEDIATOR_PRESSED = "mediator_pressed"
    # execution plans (`execution.plan`)
    ISSUE_DELIVERED = "issue_delivered"
    STAGE_CANCELLED = "stage_cancelled"


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
        """Take one event, in the order of the run (a sink keeps, writes or counts it, and never changes it)."""
        ...


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
    """Numbers a run's events in order, sends each to every sink, and stops a log that grows past its bounds.

    `max_entries` and `max_bytes` default to `Limits.log_entries` and `Limits.log_bytes`.
    Bytes are those of the log as JSON Lines, measured from the first `MemorySink` among
    `sinks` (a recorder without one bounds entries only).
    """

    def __init__(self, run: str, clock: Callable[[], float], sinks: list[Sink], *,
                 max_entries: int | None = None, max_bytes: int | None = None) -> None:
        self.run = run
        self.clock = clock
        self.sinks = sinks
        self.count = 0
        self.max_entries = LIMITS.log_entries if max_entries is None else max_entries
        self.max_bytes = LIMITS.log_bytes if max_bytes is None else max_bytes
        self.bytes = 0
        """Bytes of JSON Lines of the entries measured so far (the first `measured`)."""
        self.measured = 0
        memories = [sink for sink in sinks if type(sink) is MemorySink]
        self._memory: list[Event] | None = memories[0].events if memories else None
        self._next_check = min(self.max_entries, BYTES_CHECK_EVERY)
        # a memory sink's write is its list's append: call that directly (one Python call less an event)
        self._writers = [sink.events.append if type(sink) is MemorySink else sink.write for sink in sinks]
        self._only = self._writers[0] if len(self._writers) == 1 else None

    def emit(self, kind: EventKind, actor: str, target: str = "", **payload: Any) -> Event:
        """Record one event now: number it, send it to every sink and return it."""
        seq = self.count
        if seq >= self._next_check:
            self._check()
        self.count = seq + 1
        event = _new(Event, (self.run, seq, float(self.clock()), kind, actor, target, payload))
        if self._only is not None:
            self._only(event)
        else:
            for write in self._writers:
                write(event)
        return event

    def _check(self) -> None:
        """At a checkpoint: refuse one more entry past the cap, measure the bytes so far, move on."""
        if self.count >= self.max_entries:
            raise LogLimitError(f"the run's event log reached {self.max_entries:,} entries (at day "
                                f"{float(self.clock()):g}), the limit Limits.log_entries")
        self.measure()
        self._next_check = min(self.max_entries, self.count + BYTES_CHECK_EVERY)

    def measure(self) -> None:
        """Add the bytes of the entries logged since the last measurement; `LogLimitError` past `max_bytes`."""
        if self._memory is None:
            return
        size = self.bytes
        for event in self._memory[self.measured:self.count]:
            size += len(event.to_json()) + 1
        self.bytes, self.measured = size, self.count
        if size > self.max_bytes:
            raise LogLimitError(f"the run's event log reached {size:,} bytes (at day {float(self.clock()):g}), "
                                f"more than the limit Limits.log_bytes of {self.max_bytes:,}")

    def finish(self) -> None:
        """At the end of a run: measure the rest of a log longer than one checkpoint (a short one is left as is)."""
        if self.count > BYTES_CHECK_EVERY:
            self.measure()


_new = tuple.__new__
"""`Event`'s fields filled in one call, without the named tuple's keyword handling (the recorder's hot path)."""
