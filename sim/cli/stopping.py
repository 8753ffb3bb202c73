"""Stopping on a signal: SIGINT, SIGTERM and SIGHUP all end a command the same clean way.

`stop_on_signals` makes each of the three raise `Stopped` (a `KeyboardInterrupt`, so every
`except KeyboardInterrupt` that saves work or cancels a pool handles all three alike) in the
main thread. Only the first signal raises: later ones, while the command cleans up, are
ignored, so Ctrl-C pressed twice still prints one line. The exit code is the shell's: 128 plus
the signal's number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
"""

from __future__ import annotations

import signal
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that stop a command cleanly (SIGKILL cannot be caught; pool workers watch for it)."""


class Stopped(KeyboardInterrupt):
    """A command was asked to stop by a signal; `signal_number` says which."""

    def __init__(self, signal_number: int | str) -> None:
        # From a number (the handler) or a name: SimPy re-raises a process's exception as
        # `type(error)(*error.args)`, and the args hold the name.
        number = signal.Signals[signal_number] if isinstance(signal_number, str) else signal.Signals(signal_number)
        super().__init__(number.name)
        self.signal_number = int(number)

    @property
    def name(self) -> str:
        """The signal's name, such as SIGTERM."""
        return signal.Signals(self.signal_number).name


def exit_code(stop: BaseException) -> int:
    """The exit code after `stop`: 128 plus the signal's number (SIGINT's for a plain KeyboardInterrupt)."""
    number = stop.signal_number if isinstance(stop, Stopped) else signal.SIGINT
    return 128 + int(number)


def signal_name(stop: BaseException) -> str:
    """SIGINT, SIGTERM or SIGHUP: what stopped the command."""
    return stop.name if isinstance(stop, Stopped) else "SIGINT"


def stopped_by(stop: BaseException) -> str:
    """How a message says what stopped the command: "interrupted" (Ctrl-C) or "stopped by SIGTERM"."""
    name = signal_name(stop)
    return "interrupted" if name == "SIGINT" else f"stopped by {name}"


def stop_on_signals() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise `Stopped` once (main thread only; elsewhere nothing changes)."""
    try:
        for number in HANDLED:
            signal.signal(number, _raise_once)
    except ValueError:  # not the main thread (an embedding program): leave its handlers alone
        return


def _raise_once(number: int, frame: FrameType | None) -> None:
    for other in HANDLED:
        signal.signal(other, _ignore)
    raise Stopped(number)


def _ignore(number: int, frame: FrameType | None) -> None:
    """A signal after the first: the command is already stopping."""
    return None
