"""Parley: a diplomatic negotiation simulator.

The front door: load a scenario, run it with a seed, look at the result.

    >>> import sim
    >>> scenario = sim.load_scenario("scenarios/istanbul-2025-05.yaml")
    >>> result = sim.run(scenario, seed=1)
    >>> result.outcome.status
    'executed'

Every public name loads on first use (lazy loading as in the Scientific Python SPEC 1):
`import sim` costs almost nothing, `sim.load_scenario` brings in the scenario schema,
`sim.run` the engine (SimPy, numpy), and the history tables and sweeps pandas.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing `sim` imports nothing (see `command_line`)
if TYPE_CHECKING:
    from sim.engine import run
    from sim.experiments.api import read_results, sweep
    from sim.history import HistoryError, HistoryTable, load_history
    from sim.runtime.events import Event, EventKind, JsonlSink, MemorySink
    from sim.scenario import Scenario, ScenarioError, load_scenario, validate_document
    from sim.talks.invariants import InvariantError
    from sim.talks.outcome import Outcome
    from sim.talks.result import Result

_HOME = {
    "run": "sim.engine",
    "Event": "sim.runtime.events",
    "EventKind": "sim.runtime.events",
    "JsonlSink": "sim.runtime.events",
    "MemorySink": "sim.runtime.events",
    "Scenario": "sim.scenario",
    "ScenarioError": "sim.scenario",
    "load_scenario": "sim.scenario",
    "validate_document": "sim.scenario",
    "InvariantError": "sim.talks.invariants",
    "Outcome": "sim.talks.outcome",
    "Result": "sim.talks.result",
    "HistoryError": "sim.history",
    "HistoryTable": "sim.history",
    "load_history": "sim.history",
    # From `api`: the `sim.experiments` package's own `sweep` attribute is its submodule once imported.
    "sweep": "sim.experiments.api",
    "read_results": "sim.experiments.api",
}
"""Where each public name lives; the module is imported when the name is first asked for."""


INTERRUPTED = 130
"""Exit code after Ctrl-C (as a shell reports SIGINT); the same as `sim.cli.options.INTERRUPTED`."""


def command_line() -> int:
    """The `parley` console script: load the command line and run it.

    Loading the commands takes a good part of a second (numpy, pydantic, SimPy); a Ctrl-C in
    that time prints one line and exits 130 instead of ending in a traceback. Importing `sim`
    loads nothing else, so the window before this handler is a few milliseconds.
    """
    try:
        from sim.cli.main import main
    except KeyboardInterrupt:
        import sys

        print("parley: interrupted while starting; nothing was written", file=sys.stderr)
        return INTERRUPTED
    return main()


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'sim' has no attribute '{name}'")
    from importlib import import_module

    value = getattr(import_module(home), name)
    globals()[name] = value  # later lookups find it without coming here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
