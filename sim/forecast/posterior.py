"""The posterior file, and one parameter set drawn from it per replication.

`parley calibrate` and `parley backtest` write `posterior.json`:

- `format`: `parley-posterior/1`;
- `scenario`, `scenario_content_sha256`: the scenario's name and the SHA-256 of its parsed
  content: the YAML document as canonical JSON with the fitted paths blanked, so comments,
  layout and the values the fit replaces do not matter, while any other change does;
- `train_from`, `data_until`: the record's rows used, dated from `train_from` to
  `data_until`, both included; `history_file`: the record;
- `paths`: the fitted dotted paths; `particles`, `weights`: the accepted parameter sets (one
  list per set, in `paths` order, as the scenario takes them) and their normalised weights.

A forecast from an origin refuses a posterior whose `data_until` is after the origin (it has
seen the future) or whose scenario hash differs (it was fitted for another model).
Replication `i` with seed `s = run_seed(seed, i)` draws one particle by weight from the named
stream `Streams(s)("posterior")`, so the same seed gives the same parameter sets, whatever the
worker count.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.forecast.errors import ForecastError
from sim.randomness import Streams

FORMAT = "parley-posterior/1"
STREAM = "posterior"


class PosteriorError(ForecastError):
    """A posterior file cannot be used as asked; the message is one line naming the file."""


def content_hash(document: Mapping[str, Any], paths: Sequence[str] = ()) -> str:
    """SHA-256 of a scenario document as canonical JSON, with the values at `paths` set to null."""
    blanked: Any = copy.deepcopy(dict(document))
    for path in paths:
        node = blanked
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, list) and parts[-1].isdigit() and int(parts[-1]) < len(node):
            node[int(parts[-1])] = None
        elif isinstance(node, dict) and parts[-1] in node:
            node[parts[-1]] = None
    canonical = json.dumps(blanked, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Posterior:
    """Weighted parameter sets fitted on the record from `train_from` to `data_until`."""

    scenario: str
    scenario_hash: str
    train_from: dt.date
    data_until: dt.date
    history_file: str
    paths: tuple[str, ...]
    particles: tuple[tuple[float | int, ...], ...]
    weights: tuple[float, ...]
    file: str = "<posterior>"

    def to_json(self) -> dict[str, Any]:
        """The content of posterior.json."""
        return {"format": FORMAT, "scenario": self.scenario, "scenario_content_sha256": self.scenario_hash,
                "train_from": self.train_from.isoformat(), "data_until": self.data_until.isoformat(),
                "history_file": self.history_file, "paths": list(self.paths),
                "particles": [list(values) for values in self.particles], "weights": list(self.weights)}

    def check(self, document: Mapping[str, Any], origin: dt.date | None, scenario_file: str) -> None:
        """Refuse a posterior for another scenario, or fitted on rows dated after `origin`."""
        if content_hash(document, self.paths) != self.scenario_hash:
            raise PosteriorError(f"{self.file}: scenario_content_sha256: fitted for another scenario than "
                                 f"{scenario_file} ('{self.scenario}')")
        if origin is not None and self.data_until > origin:
            raise PosteriorError(f"{self.file}: data_until: {self.data_until} is after the forecast origin {origin} "
                                 "(the posterior has seen the window it would forecast; compare takes --in-sample "
                                 "for a fit check)")

    def draw(self, run_seed: int) -> dict[str, float | int]:
        """The parameter set of the replication with seed `run_seed`: one particle drawn by weight."""
        rng = Streams(run_seed)(STREAM)
        index = int(rng.choice(len(self.particles), p=np.asarray(self.weights, float)))
        return dict(zip(self.paths, self.particles[index], strict=True))


def make_posterior(document: Mapping[str, Any], scenario: str, paths: Sequence[str], particles: np.ndarray,
                   weights: np.ndarray, train_from: dt.date, data_until: dt.date, history_file: str,
                   values: Any = None) -> Posterior:
    """A posterior from a fit; `values(path, value)` turns a raw particle value into what the path takes."""
    def shaped(path: str, value: float) -> float | int:
        return float(value) if values is None else values(path, float(value))

    rows = tuple(tuple(shaped(path, value) for path, value in zip(paths, row, strict=True)) for row in particles)
    total = float(np.sum(weights))
    return Posterior(scenario, content_hash(document, paths), train_from, data_until, history_file, tuple(paths),
                     rows, tuple(float(weight) / total for weight in weights))


def read_posterior(path: str | Path) -> Posterior:
    """A posterior.json file; `PosteriorError` naming the file and the field when it is not one."""
    file = str(path)
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PosteriorError(f"{file}: cannot read a posterior file ({error.__class__.__name__})") from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise PosteriorError(f"{file}: format: expected '{FORMAT}'")
    try:
        paths = tuple(str(item) for item in content["paths"])
        particles = tuple(tuple(_number(value) for value in row) for row in content["particles"])
        weights = tuple(float(value) for value in content["weights"])
        posterior = Posterior(str(content["scenario"]), str(content["scenario_content_sha256"]),
                              dt.date.fromisoformat(content["train_from"]),
                              dt.date.fromisoformat(content["data_until"]),
                              str(content.get("history_file", "")), paths, particles, weights, file)
    except KeyError as error:
        raise PosteriorError(f"{file}: {error.args[0]}: missing") from None
    except (TypeError, ValueError):
        raise PosteriorError(f"{file}: expected paths, particles, weights as lists and ISO dates") from None
    if not particles or len(weights) != len(particles) or any(len(row) != len(paths) for row in particles):
        raise PosteriorError(f"{file}: particles: expected one row of {len(paths)} values per weight")
    if min(weights) < 0 or not np.isclose(sum(weights), 1.0):
        raise PosteriorError(f"{file}: weights: expected weights >= 0 summing to 1")
    return posterior


def _number(value: object) -> float | int:
    """A particle's value as the file gives it: a whole number stays an int (a path such as a list size takes one)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    return value
