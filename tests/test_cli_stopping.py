"""A stop by signal survives being re-raised as SimPy re-raises a process's exception (`type(e)(*e.args)`)."""

from __future__ import annotations

import signal

import pytest

from sim.cli.stopping import Stopped, exit_code


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stop_rebuilt_from_its_args_is_the_same_stop(number: signal.Signals) -> None:
    """Before, `Stopped("SIGINT")` raised ValueError inside a run, and a sweep recorded a failed row and went on."""
    stop = Stopped(number)
    again = type(stop)(*stop.args)
    assert isinstance(again, KeyboardInterrupt)
    assert (again.signal_number, again.name, exit_code(again)) == (int(number), number.name, 128 + int(number))
