"""One run's outcome as one flat row of the sweep table, and the table's column layout.

The columns are fixed by the plan before any run starts (run identity, one column per swept
path, then the outcome, then the deal metrics, then `error`), so a table holding only failed runs has the same
columns and types as any other. Each column has a kind (`int`, `float`, `bool`, `string`)
that the store maps to a Parquet type.

The deal metrics (`sim.analysis.deal_metrics`, all floats) are columns when the sweep's base
scenario is single-round. A channel scenario (a `channel:` section) has many rounds and no
single deal to place in a bargaining set, so its table has no `deal_*` columns; a run whose
point has a channel while the base has none gets NaN in them. This module imports neither pandas nor pyarrow: it is
what a worker process needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sim.analysis.deal import deal_metric_names
from sim.analysis.deal_many import multilateral_metric_names
from sim.scenario import Scenario
from sim.talks.outcome import Outcome

IDENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("run_index", "int"), ("run_id", "string"), ("point", "int"), ("replication", "int"), ("seed", "int"),
)
COUNTS = ("rounds", "referrals", "vetoes", "disputes", "drafts")


def outcome_columns(scenario: Scenario) -> list[tuple[str, str]]:
    """Outcome columns, named after `Outcome` fields; per-party ones end in `.PARTY`, per-side ones (agreed
    releases) in `.SIDE`, and with blocs the released and held totals of each bloc end in `.BLOC`. `agreement`
    is the deprecated alias of `agreed_at_table` (until the next minor version)."""
    parties = scenario.party_ids
    blocs = list(scenario.blocs)
    columns = [("status", "string"), ("agreed_at_table", "bool"), ("ratified", "bool"), ("executed", "bool"),
               ("agreement", "bool"), ("day_of_agreement", "float")]
    columns += [(f"agreed_released.{side}", "int") for side in scenario.sides]
    columns += [(f"released.{party}", "int") for party in [*parties, *blocs]]
    columns += [(f"held.{party}", "int") for party in [*parties, *blocs]]
    columns += [("ratio", "float")]
    columns += [(name, "int") for name in COUNTS]
    columns += [(f"final_trust.{party}->{counterpart(scenario, party)}", "float") for party in parties]
    columns += [("stages_executed", "int"), ("stages_failed", "int")]
    columns += [(f"issues_agreed.{issue}", "float" if scenario.issues[issue].numeric else "string")
                for issue in sorted(scenario.issues)]  # a numeric issue: its amount, in its unit
    columns += [(f"values.{party}", "float") for party in parties]
    columns += [("end_day", "float")]
    return columns


def counterpart(scenario: Scenario, party: str) -> str:
    """Whom `party`'s trust is in, as `final_trust` names it: the other party, the other side, or "" (more sides)."""
    sides = scenario.sides
    others = [side for side, members in sides.items() if party not in members]
    if len(others) != 1:
        return ""
    members = sides[others[0]]
    return members[0] if len(members) == 1 else others[0]


def deal_columns(scenario: Scenario) -> list[tuple[str, str]]:
    """The `deal_*` columns (floats, NaN when there is no agreement or the run failed); none for a channel. More
    than two parties have the N-party metrics (`sim.analysis.deal_many`)."""
    if scenario.channel is not None:
        return []
    if len(scenario.parties) > 2:
        return [(name, "float") for name in multilateral_metric_names(scenario)]
    return [(name, "float") for name in deal_metric_names(list(scenario.party_ids))]


def sweep_columns(scenario: Scenario, parameters: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every column of the sweep table in order: identity, parameters, outcome, deal metrics, `error`."""
    return [*IDENTITY_COLUMNS, *parameters, *outcome_columns(scenario), *deal_columns(scenario), ("error", "string")]


def parameter_kinds(points: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """One column per path in the order first met, typed by the values the points give it."""
    paths: dict[str, list[Any]] = {}
    for point in points:
        for path, value in point.items():
            paths.setdefault(path, []).append(value)
    return [(path, _kind(values)) for path, values in paths.items()]


def parameter_cell(value: Any, kind: str) -> Any:
    """A point's value as stored in its column (mappings and lists as JSON text)."""
    if value is None:
        return None
    if kind == "float":
        return float(value)
    if kind == "string" and not isinstance(value, str):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def outcome_row(outcome: Outcome, scenario: Scenario) -> dict[str, Any]:
    """An `Outcome` as cells of the sweep table (the `outcome_columns`), with an empty `error`."""
    row: dict[str, Any] = {"status": outcome.status, "agreed_at_table": outcome.agreed_at_table,
                           "ratified": outcome.ratified, "executed": outcome.executed,
                           "agreement": outcome.agreement, "day_of_agreement": outcome.day_of_agreement}
    row |= {f"agreed_released.{side}": outcome.agreed_released.get(side) for side in scenario.sides}
    for field in ("released", "held"):
        counts = getattr(outcome, field)
        row |= {f"{field}.{party}": counts.get(party) for party in scenario.party_ids}
        row |= {f"{field}.{bloc}": sum(counts.get(member, 0) for member in spec.members)
                for bloc, spec in scenario.blocs.items()}
    row["ratio"] = outcome.ratio
    row |= {name: getattr(outcome, name) for name in COUNTS}
    row |= {f"final_trust.{name}": value for name, value in outcome.final_trust.items()}
    row["stages_executed"] = len(outcome.stage_days)
    row["stages_failed"] = int(outcome.status == "failed")
    row |= {f"issues_agreed.{issue}": outcome.issues_agreed.get(issue) for issue in sorted(scenario.issues)}
    row |= {f"values.{party}": outcome.values.get(party) for party in scenario.party_ids}
    row["end_day"] = outcome.end_day
    row["error"] = ""
    return row


def _kind(values: list[Any]) -> str:
    if all(isinstance(value, bool) for value in values):
        return "bool"
    if all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return "int"
    if all(isinstance(value, int | float) and not isinstance(value, bool) for value in values):
        return "float"
    return "string"
