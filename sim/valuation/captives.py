"""Build a run's rosters from a scenario: generated from counts with the run's streams, or read from CSV,
plus any named captives; and resolve who is demanded and refused to roster indices."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.randomness import Streams
from sim.scenario.limits import LIMITS
from sim.scenario.roster_csv import read_roster_csv
from sim.scenario.schema import Roster as RosterSpec
from sim.scenario.schema import Scenario
from sim.valuation.roster import Roster, generate_roster, roster_from_table
from sim.valuation.sides import Demand, People

DEFAULT_VALUE = 1.0


def home_of(scenario: Scenario, holder: str) -> str:
    """Whose people `holder`'s generated or CSV captives are: the roster's `home`, else the other party
    ("" when there are more than two parties and the roster names none: it holds named captives only)."""
    spec = scenario.parties[holder].roster
    if spec is not None and spec.home is not None:
        return spec.home
    others = [p for p in scenario.party_ids if p != holder]
    return others[0] if len(others) == 1 else ""


def category_values(scenario: Scenario, holder: str) -> tuple[list[float], list[float]]:
    """Per category: value to the captives' home side, and value as a chip to `holder`."""
    home = home_of(scenario, holder)
    home_values = scenario.parties[home].interests.value_home if home else {}
    holder_values = scenario.parties[holder].interests.value_holder
    return (
        [home_values.get(c, DEFAULT_VALUE) for c in scenario.categories],
        [holder_values.get(c, DEFAULT_VALUE) for c in scenario.categories],
    )


def build_rosters(scenario: Scenario, streams: Streams) -> dict[str, Roster | None]:
    """Each party's roster for one run: generated with the run's streams, or from the CSV rows read at load."""
    rosters: dict[str, Roster | None] = {}
    for holder in scenario.party_ids:
        spec = scenario.parties[holder].roster
        if spec is None:
            rosters[holder] = None
            continue
        home = home_of(scenario, holder)
        to_home, to_holder = category_values(scenario, holder)
        if spec.csv is not None:
            # The rows the loader read (they travel with the scenario); a spec built in code reads its file.
            loaded = spec.loaded
            table = loaded.table if loaded is not None else read_roster_csv(
                Path(spec.csv), scenario.categories, LIMITS.captives_per_party)
            roster = roster_from_table(holder, home, table, to_home, to_holder)
        else:
            counts = [(spec.generate or {}).get(c, 0) for c in scenario.categories]
            roster = generate_roster(holder, home, counts, to_home, to_holder, spec.value_noise,
                                     spec.unacknowledged_share, streams(f"roster/{holder}"))
        if spec.named:
            _add_named(roster, spec, scenario.categories, to_home, to_holder)
        rosters[holder] = roster
    return rosters


def _add_named(roster: Roster, spec: RosterSpec, categories: list[str], to_home: list[float],
               to_holder: list[float]) -> None:
    """Append the roster's named captives after the generated or CSV ones, with their values per party."""
    start = len(roster)
    category = np.array([categories.index(c.category) for c in spec.named], dtype=np.int16)
    home_values = [c.values.get(roster.home, c.value_home if c.value_home is not None else to_home[k])
                   if roster.home else 0.0 for c, k in zip(spec.named, category.tolist(), strict=True)]
    holder_values = [c.value_holder if c.value_holder is not None else to_holder[k]
                     for c, k in zip(spec.named, category.tolist(), strict=True)]
    size = len(spec.named)
    named = Roster(holder=roster.holder, home=roster.home, ids=np.arange(size, dtype=np.int64), category=category,
                   value_home=np.asarray(home_values, dtype=np.float64),
                   value_holder=np.asarray(holder_values, dtype=np.float64),
                   acknowledged=np.ones(size, dtype=bool), status=np.zeros(size, dtype=np.int8))
    roster.append(named)
    for offset, captive in enumerate(spec.named):
        roster.names[start + offset] = captive.name
        for party, value in captive.values.items():
            if party == roster.home:
                continue
            column = roster.extra.get(party)
            if column is None:
                column = roster.extra[party] = np.zeros(len(roster))
            column[start + offset] = value


def resolve_people(scenario: Scenario, rosters: dict[str, Roster | None]) -> People:
    """Each party's demands and refusals as roster indices (the loader has checked every name exists)."""
    where: dict[str, tuple[str, int]] = {}
    for holder, roster in rosters.items():
        for index, name in (roster.names.items() if roster is not None else ()):
            where[name] = (holder, index)
    demands = tuple(
        Demand(party_id, demand.name, *where[demand.name], hard=demand.kind == "hard", penalty=demand.penalty)
        for party_id in scenario.party_ids for demand in scenario.parties[party_id].demands
    )
    refused = {party_id: np.array([where[name][1] for name in party.refuses], dtype=np.int64)
               for party_id, party in sorted(scenario.parties.items()) if party.refuses}
    return People(demands, refused)
