"""The error a sweep raises for bad settings (as opposed to a bad scenario, which is a `ScenarioError`)."""

from __future__ import annotations


class SweepError(ValueError):
    """A sweep's settings are wrong or do not match the sweep being resumed; the message is one line."""
