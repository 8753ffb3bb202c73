"""Seeds of a sweep: every run's seed comes from the base seed and the run's index alone.

Run `i` (= point index * runs per point + replication) gets
`SeedSequence(base_seed, spawn_key=(i,)).generate_state(1, uint64)[0] >> 1`, a number below
2**63 that `parley run --seed` accepts, so one row of a sweep can be re-run on its own with
the scenario edited to that row's parameters. The Latin hypercube draws from a key no run
index reaches.
"""

from __future__ import annotations

import numpy as np

DESIGN_KEY = 2**63
"""Spawn key of the design's own stream; run indices stay below it."""


def run_seed(base_seed: int, run_index: int) -> int:
    """The seed of run `run_index` of a sweep seeded with `base_seed`."""
    sequence = np.random.SeedSequence(base_seed, spawn_key=(run_index,))
    return int(sequence.generate_state(1, np.uint64)[0] >> np.uint64(1))


def design_seed(base_seed: int) -> np.random.SeedSequence:
    """The seed sequence of the design's own draws, apart from every run's."""
    return np.random.SeedSequence(base_seed, spawn_key=(DESIGN_KEY,))
