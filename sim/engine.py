"""The front of the engine: run one scenario with one seed and check the run's invariants.

A scenario with a `channel:` section runs as a channel (`sim.channel.engine`), any other as
one round of talks (`sim.talks.round`); both set up through `sim.talks.setup`. Everything
random comes from streams derived from the one seed, so the same seed gives the same event
log, byte for byte. This module imports neither pandas nor matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.channel.engine import run_channel
from sim.runtime.events import Sink
from sim.scenario.schema import Scenario
from sim.talks.invariants import check_run
from sim.talks.result import Result
from sim.talks.round import run_round


def run(scenario: Scenario, seed: int = 0, sinks: Sequence[Sink] = (), run_id: str | None = None) -> Result:
    """Simulate `scenario` with `seed`; events also go to each of `sinks` as they happen."""
    simulate = run_channel if scenario.channel is not None else run_round
    return check_run(simulate(scenario, seed, sinks, run_id))
