"""The error a sweep raises for bad settings (as opposed to a bad scenario, which is a `ScenarioError`)."""

from __future__ import annotations


class SweepError(ValueError):
    """A sweep's settings are wrong or do not match the sweep being resumed; the message is one line."""


class ExecutorLost(RuntimeError):
    """The executor can no longer run anything: a Dask scheduler lost, or no Dask worker for too
    long. Not bad input: the finished chunks are kept and the sweep can be resumed."""
