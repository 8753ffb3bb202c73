"""Places kept for the benchmark cases that wait on work not merged yet (issue 5, items 1c and 1d).

1c (10,000 Istanbul runs with 1 and 2 workers: runs/s, speedup, the parent's peak memory)
needs the sweep machinery of `sim.experiments`; 1d (time per simulated year of a long
channel) needs the exchange channel. Until they exist each case reports SKIPPED with the
reason, and the targets that depend on them print SKIPPED rather than PASS or FAIL.
Whoever lands them fills in the measurement here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANNEL_SCENARIO = ROOT / "scenarios" / "ru-ua-channel.yaml"


def sweeps_status() -> str:
    """Why item 1c is not measured."""
    if importlib.util.find_spec("sim.experiments") is None:
        return "SKIPPED: needs sim.experiments"
    return "SKIPPED: sim.experiments exists but the sweep case is not written yet (benchmarks/pending.py)"


def channel_status() -> str:
    """Why item 1d is not measured."""
    if not CHANNEL_SCENARIO.exists():
        return "SKIPPED: needs the exchange channel (scenarios/ru-ua-channel.yaml)"
    return "SKIPPED: the channel exists but the case is not written yet (benchmarks/pending.py)"
