"""Issue 5, item 1d: what a simulated year of the exchange channel costs.

`scenarios/ru-ua-channel.yaml` runs from its start date for 1, 10 and 30 years (1 and 3 in
`--quick`; its shipped horizon is about 2.9), its horizon set with `sim.scenario.horizon.until`
as `parley run --until` does, over a few seeds, in this process. Each horizon reports the
median wall time of a run, that divided by the years simulated, and the events logged per
year. Captures accumulate and swaps recur over the years, so a cost per year that rose with
the horizon would mean some step grows with the channel's history; the check is that the
longest horizon's cost per year stays within 1.5x of the shortest's.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import sim
from sim.scenario.horizon import until

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = ROOT / "scenarios" / "ru-ua-channel.yaml"
YEARS = (1, 10, 30)
QUICK_YEARS = (1, 3)
FLAT_FACTOR = 1.5


@dataclass(frozen=True, slots=True)
class HorizonResult:
    years: int
    days: float
    seeds: int
    median_seconds: float
    events_per_year: float

    @property
    def seconds_per_year(self) -> float:
        return self.median_seconds * 365.25 / self.days


def measure(years: tuple[int, ...] = YEARS, seeds: int = 3) -> list[HorizonResult]:
    scenario = sim.load_scenario(CHANNEL)
    return [_measure_horizon(scenario, count, seeds) for count in years]


def _measure_horizon(scenario: sim.Scenario, years: int, seeds: int) -> HorizonResult:
    start = scenario.start_date
    assert start is not None, "the channel scenario has a start date"
    last_day = start.replace(year=start.year + years) - dt.timedelta(days=1)
    longer = until(scenario, last_day, str(CHANNEL))
    seconds, events = [], []
    for seed in range(seeds):
        began = time.perf_counter()
        result = sim.run(longer, seed=seed)
        seconds.append(time.perf_counter() - began)
        events.append(len(result.events))
    return HorizonResult(years, longer.horizon_days, seeds, statistics.median(seconds),
                         statistics.median(events) * 365.25 / longer.horizon_days)


def flat(results: list[HorizonResult]) -> bool | None:
    """Whether the longest horizon's cost per year is within `FLAT_FACTOR` of the shortest's."""
    if len(results) < 2:
        return None
    return results[-1].seconds_per_year <= FLAT_FACTOR * results[0].seconds_per_year
