"""Build a run's rosters from a scenario: generated from counts with the run's streams, or read from CSV."""

from __future__ import annotations

from pathlib import Path

from sim.randomness import Streams
from sim.scenario.limits import LIMITS
from sim.scenario.roster_csv import read_roster_csv
from sim.scenario.schema import Scenario
from sim.valuation.roster import Roster, generate_roster, roster_from_table

DEFAULT_VALUE = 1.0


def category_values(scenario: Scenario, holder: str) -> tuple[list[float], list[float]]:
    """Per category: value to the captives' home side, and value as a chip to `holder`."""
    home = next(p for p in scenario.party_ids if p != holder)
    home_values = scenario.parties[home].interests.value_home
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
        home = next(p for p in scenario.party_ids if p != holder)
        to_home, to_holder = category_values(scenario, holder)
        if spec.csv is not None:
            # The rows the loader read (they travel with the scenario); a spec built in code reads its file.
            loaded = spec.loaded
            table = loaded.table if loaded is not None else read_roster_csv(
                Path(spec.csv), scenario.categories, LIMITS.captives_per_party)
            rosters[holder] = roster_from_table(holder, home, table, to_home, to_holder)
        else:
            counts = [(spec.generate or {}).get(c, 0) for c in scenario.categories]
            rosters[holder] = generate_roster(holder, home, counts, to_home, to_holder, spec.value_noise,
                                              spec.unacknowledged_share, streams(f"roster/{holder}"))
    return rosters
