"""Limits: upper bounds that keep one run small enough to finish, read whenever a scenario is checked.

Validation estimates a scenario's worst case (`sim.scenario.cost`) against the run-wide
bounds (`simulated_events`, `messages`, `log_entries`, `log_bytes`); a run stops at them too.
Raise one in a session (`sim.scenario.limits.LIMITS.captives_per_party = 5_000_000`) and the
next scenario loaded is checked against the new bound; `parley schema` shows the bounds in
force (`AtMost` and `AtMostItems` are the schema's bounds that read them). `count_levels`
sizes an outcome space, which `Limits.outcomes` bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticKnownError, core_schema


class Limits:
    """Upper bounds that keep one run small enough to finish; raise one on `LIMITS` if you must."""

    captives_per_party = 2_000_000
    parties = 16
    """Parties one scenario may name (two at least)."""
    horizon_days = 36_500.0
    max_steps = 100_000
    stages = 1_000
    outcomes = 2_000_000
    events = 1_000
    delay_days = 3_650.0
    value = 1e6
    periodic_checks = 1_000_000
    """Times a channel's periodic check (round openings, captures) may come round over the horizon."""
    simulated_events = 10_000_000
    """SimPy events one run may process (`sim.runtime.guard`); the largest shipped scenario needs a few thousand."""
    messages = 5_000_000
    """Messages between agents one run may send, as estimated at validation (`sim.scenario.cost`)."""
    log_entries = 1_000_000
    """Entries one run's event log may hold (`sim.runtime.events.Recorder`): about 1.5 GB of memory at most."""
    log_bytes = 2**30
    """Bytes one run's event log may take as JSON Lines (`events.jsonl`): 1 GiB."""
    csv_bytes = 256 * 2**20
    """Bytes a roster CSV or a history table may have (`sim.scenario.reading`): 256 MiB."""
    history_rows = 1_000_000
    """Rows a history table may have."""
    history_count = 10**9
    """The largest count a history table may give (sums of a table's counts stay exact, far below 2**63)."""
    run_seconds = 600.0
    """Wall-clock seconds `parley run` gives one run unless `--time-limit` says otherwise."""
    sweep_runs = 10_000_000
    """Runs one sweep may hold (points x runs per point): its table and the parent's bookkeeping stay in memory."""
    workers_per_core = 4
    """`--workers` may ask for at most this many processes per core (more only with `--force-workers`)."""


LIMITS = Limits()


def count_levels(tradable: int, step: int) -> int:
    """How many list sizes a roster of `tradable` captives offers in steps of `step` (0 and all included)."""
    return tradable // step + 1 + (1 if tradable % step else 0)


@dataclass(frozen=True, slots=True)
class AtMost:
    """A schema bound read from `LIMITS` when a value is checked: `Annotated[int, AtMost("max_steps")]`.

    Validation fails as pydantic's own `le` bound would (same error type and message), and
    the JSON Schema shows the bound in force when it is generated.
    """

    limit: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def check(value: Any) -> Any:
            bound = getattr(LIMITS, self.limit)
            if value > bound:
                raise PydanticKnownError("less_than_equal", {"le": bound})
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        found = handler(schema)
        found["maximum"] = getattr(LIMITS, self.limit)
        return found


@dataclass(frozen=True, slots=True)
class AtMostItems:
    """A bound on a list's length read from `LIMITS` when a value is checked: `AtMostItems("events")`."""

    limit: str
    field_type: str = "List"
    """How pydantic's message names the container: `List`, or `Dictionary` for a mapping."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def check(value: Any) -> Any:
            bound = getattr(LIMITS, self.limit)
            if len(value) > bound:
                raise PydanticKnownError("too_long", {"field_type": self.field_type, "max_length": bound,
                                                      "actual_length": len(value)})
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        found = handler(schema)
        found["maxProperties" if self.field_type == "Dictionary" else "maxItems"] = getattr(LIMITS, self.limit)
        return found
