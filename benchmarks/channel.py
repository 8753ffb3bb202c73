"""Issue 5, item 1d: what a simulated year of the exchange channel costs.

`scenarios/ru-ua-channel.yaml` runs from its start date for 1, 10 and 30 years (1 and 3 in
`--quick`; its shipped horizon is about 2.9), its horizon set with `sim.scenario.horizon.until`
as `parley run --until` does, over a few seeds, in this process. Each horizon reports the
median wall time of a run, that divided by the years simulated, the events logged per year
and the captives held at the end (median over seeds). The issue sets no target here, so
nothing is judged: in this scenario captures outrun the swaps and the held population grows
year after year, and every round sorts it into release order, so the cost of a year rises
with the horizon for a reason of the model's own (see the README, "Performance").
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


@dataclass(frozen=True, slots=True)
class HorizonResult:
    years: int
    days: float
    seeds: int
    median_seconds: float
    events_per_year: float
    held_at_end: float

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
    seconds, events, held = [], [], []
    for seed in range(seeds):
        began = time.perf_counter()
        result = sim.run(longer, seed=seed)
        seconds.append(time.perf_counter() - began)
        events.append(len(result.events))
        held.append(sum(result.outcome.held.values()))
    return HorizonResult(years, longer.horizon_days, seeds, statistics.median(seconds),
                         statistics.median(events) * 365.25 / longer.horizon_days, statistics.median(held))
