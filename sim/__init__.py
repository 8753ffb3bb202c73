"""Parley: a diplomatic negotiation simulator.

The front door: load a scenario, run it with a seed, look at the result.

    >>> import sim
    >>> scenario = sim.load_scenario("scenarios/istanbul-2025-05.yaml")
    >>> result = sim.run(scenario, seed=1)
    >>> result.outcome.status
    'executed'
"""

from sim.engine import run
from sim.runtime.events import Event, EventKind, JsonlSink, MemorySink
from sim.scenario import Scenario, ScenarioError, load_scenario, validate_document
from sim.talks.invariants import InvariantError
from sim.talks.outcome import Outcome
from sim.talks.result import Result

# The history tables need pandas, which running a scenario does not: they load on first use.
_HISTORY = ("HistoryError", "HistoryTable", "load_history")
# Sweeps load pandas and pyarrow when they run: `sim.sweep` and `sim.read_results` load on first use.
_EXPERIMENTS = ("sweep", "read_results")


def __getattr__(name: str) -> object:
    if name in _HISTORY:
        import sim.history

        return getattr(sim.history, name)
    if name in _EXPERIMENTS:
        # From `api`: the package's own `sweep` attribute becomes its submodule once that is imported.
        import sim.experiments.api

        return getattr(sim.experiments.api, name)
    raise AttributeError(f"module 'sim' has no attribute '{name}'")


__all__ = [
    "Event",
    "EventKind",
    "HistoryError",
    "HistoryTable",
    "InvariantError",
    "JsonlSink",
    "MemorySink",
    "Outcome",
    "Result",
    "Scenario",
    "ScenarioError",
    "load_history",
    "load_scenario",
    "read_results",
    "run",
    "sweep",
    "validate_document",
]
