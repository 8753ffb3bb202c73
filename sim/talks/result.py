"""The result of one run: its events, its outcome, and the manifest that identifies it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any

from sim.runtime.events import Event, EventKind
from sim.scenario.schema import SCHEMA_VERSION, Scenario
from sim.talks.outcome import Outcome
from sim.talks.record import ChannelRecord

if TYPE_CHECKING:
    import pandas as pd

DISTRIBUTION = "parley-sim"


@dataclass(frozen=True, slots=True)
class Result:
    """One run's data: its id, seed and scenario, every event, the outcome, and a channel's record."""

    run_id: str
    seed: int
    scenario: Scenario
    events: tuple[Event, ...]
    outcome: Outcome
    channel: ChannelRecord | None = None
    """The rounds and exchanges of a channel run (a scenario with a `channel:` section), else None."""
    held_at_start: Mapping[str, int] | None = None
    """Captives each party held when the run started (the invariant check balances releases against it)."""
    stages: tuple[dict[str, Any], ...] = ()
    """The stages of the swap, once its execution began: id, moves, after, fate, day and who each released
    (`sim.talks.stages.Progress.records`); empty for a channel run and for talks whose deal was never executed."""

    def summary(self, flat: bool = True) -> dict[str, Any]:
        """Run id, seed, scenario name, the outcome, the named captives each party released and a channel's
        counts, one key per value: a mapping becomes one key per entry (`released.RU`,
        `released_by_category.RU.soldier`, `channel.exchanges`), so a list of summaries is a table with no
        dict-valued column (a channel's per-exchange list is left out; it is `exchanges()`; the named
        captives are left out too, and so are the `stages` of the swap). `flat=False` gives the nested document
        `summary.json` holds."""
        summary = {"run": self.run_id, "seed": self.seed, "scenario": self.scenario.name, **self.outcome.to_dict(),
                   "released_named": self.released_named(), "stages": [dict(stage) for stage in self.stages]}
        if self.channel is not None:
            first, second = self.scenario.party_ids[:2]  # a channel runs between two parties
            summary["channel"] = self.channel.to_dict((first, second))
        if not flat:
            return summary
        if self.channel is not None:
            summary["channel"] = {k: v for k, v in summary["channel"].items() if k != "exchange_list"}
        del summary["released_named"], summary["stages"]
        return flatten(summary)

    def released_named(self) -> dict[str, list[str]]:
        """For each party, the named captives it released, in the order the events moved them."""
        named: dict[str, list[str]] = {party: [] for party in self.scenario.party_ids}
        for event in self.events:
            if event.kind is EventKind.STAGE_EXECUTED and "names" in event.payload:
                named[event.actor].extend(event.payload["names"])
        return named

    def exchanges(self) -> pd.DataFrame:
        """A channel run's exchanges in the history format (`sim.history`), plus a `round` column."""
        from sim.talks.exchanges import exchanges_frame  # needs pandas: loaded on first use

        return exchanges_frame(self.scenario, self.events, self.channel, self.stages)

    def manifest(self) -> dict[str, Any]:
        """What `manifest.json` holds: the run's identity, scenario hash, the roster files read (path and
        SHA-256), package and schema versions, event count."""
        return {
            "run": self.run_id,
            "seed": self.seed,
            "scenario": self.scenario.name,
            "scenario_sha256": scenario_hash(self.scenario),
            "inputs": self.scenario.input_files(),
            "package": DISTRIBUTION,
            "package_version": package_version(),
            "schema_version": SCHEMA_VERSION,
            "events": len(self.events),
        }

    def events_jsonl(self) -> str:
        """The events as JSON Lines, one event per line (`events.jsonl`)."""
        return "".join(event.to_json() + "\n" for event in self.events)

    def events_frame(self) -> pd.DataFrame:
        """The events as a pandas DataFrame, one row per event, one column per payload value: a mapping
        in a payload becomes one column per entry (`payload.released.RU`, `payload.categories.soldier`)."""
        import pandas as pd

        rows = [
            {"seq": e.seq, "time": e.time, "kind": e.kind.value, "actor": e.actor, "target": e.target,
             **flatten(dict(e.payload), "payload.")}
            for e in self.events
        ]
        return pd.DataFrame(rows)


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`data` with every nested mapping spread into dotted keys: `{"a": {"b": 1}}` -> `{"a.b": 1}`."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            flat |= flatten(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario as canonical JSON (sorted keys, compact): the manifest's `scenario_sha256`."""
    # A scenario without a channel hashes as it did before the `channel` section existed, and one
    # that uses none of the fields for many parties (or no execution plan) as it did before they existed.
    exclude = {"channel"} if scenario.channel is None else set()
    document = scenario.model_dump(mode="json", exclude=exclude)
    _drop_unused(document, ("blocs", "veto_players"))
    _drop_unused(document["execution"], ("plan",))
    for party in document["parties"].values():
        _drop_unused(party, ("demands", "refuses"))
        if party["ratification"] == {"mode": "together", "order": []}:
            del party["ratification"]
        if party["roster"] is not None:
            _drop_unused(party["roster"], ("home", "named"))
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _drop_unused(document: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Remove the keys whose value is empty (None, [] or {})."""
    for key in keys:
        if document.get(key) in (None, [], {}):
            document.pop(key, None)


def package_version() -> str:
    """The installed version of parley-sim, or `unknown` if it is not installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"
