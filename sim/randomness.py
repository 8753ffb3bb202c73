"""Random streams for one run: one seed, named child generators, no global state.

Each consumer (a roster, a leader, an exogenous event) asks for a stream by a stable name.
The stream's seed is the run seed plus the crc32 of the name, so adding an agent or a rule
never changes the draws anyone else sees, and the same seed always gives the same run.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np

Stream = Callable[[], np.random.Generator]
"""An agent's random stream, made at the first call (agents pass it uncalled to what may draw)."""


class Streams:
    """Hands out one independent `numpy.random.Generator` per name, derived from the run seed."""

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError(f"seed must be >= 0, got {seed}")
        self.seed = seed
        self._streams: dict[str, np.random.Generator] = {}

    def __call__(self, name: str) -> np.random.Generator:
        stream = self._streams.get(name)
        if stream is None:
            key = zlib.crc32(name.encode("utf-8"))
            sequence = np.random.SeedSequence(self.seed, spawn_key=(key,))
            stream = np.random.Generator(np.random.PCG64(sequence))
            self._streams[name] = stream
        return stream
