"""Parley: a diplomatic negotiation simulator.

The front door: load a scenario, run it with a seed, look at the result.

    >>> import sim
    >>> scenario = sim.load_scenario("scenarios/istanbul-2025-05.yaml")
    >>> result = sim.run(scenario, seed=1)
    >>> result.outcome.status
    'executed'
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing `sim` imports nothing (see `command_line`)
if TYPE_CHECKING:
    from sim.engine import run
    from sim.history import HistoryError, HistoryTable, load_history
    from sim.runtime.events import Event, EventKind, JsonlSink, MemorySink
    from sim.scenario import Scenario, ScenarioError, load_scenario, validate_document
    from sim.talks.invariants import InvariantError
    from sim.talks.outcome import Outcome
    from sim.talks.result import Result

# Each public name loads its module on first use: `import sim` is quick (the command line's
# entry point relies on that to answer Ctrl-C during start-up), and the history tables,
# which need pandas, load only when asked for.
_HOMES = {
    "run": "sim.engine",
    "Event": "sim.runtime.events", "EventKind": "sim.runtime.events", "JsonlSink": "sim.runtime.events",
    "MemorySink": "sim.runtime.events",
    "Scenario": "sim.scenario", "ScenarioError": "sim.scenario", "load_scenario": "sim.scenario",
    "validate_document": "sim.scenario",
    "InvariantError": "sim.talks.invariants", "Outcome": "sim.talks.outcome", "Result": "sim.talks.result",
    "HistoryError": "sim.history", "HistoryTable": "sim.history", "load_history": "sim.history",
}


INTERRUPTED = 130
"""Exit code after Ctrl-C (as a shell reports SIGINT); the same as `sim.cli.options.INTERRUPTED`."""


def command_line() -> int:
    """The `parley` console script: load the command line and run it.

    Loading the commands takes a good part of a second (numpy, pydantic, SimPy); a Ctrl-C in
    that time prints one line and exits 130 instead of ending in a traceback. Importing `sim`
    loads nothing else, so the window before this handler is a few milliseconds.
    """
    import sys

    try:
        from sim.cli.main import main
    except KeyboardInterrupt:
        print("parley: interrupted while starting; nothing was written", file=sys.stderr)
        return INTERRUPTED
    return main()


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sim' has no attribute '{name}'")
    from importlib import import_module

    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


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
    "run",
    "validate_document",
]
