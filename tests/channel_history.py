"""Print the shipped channel against the historical record, year by year (table in docs/explanation/validity.md).

    python tests/channel_history.py [RUNS]

Runs `scenarios/ru-ua-channel.yaml` with seeds 0..RUNS-1 and prints, for 2022-2024, the
number of exchanges and the people released by each side in the record
(`seeds/history/ru_ua_exchanges.csv`, Russia-Ukraine rows; blank counts are not counted)
and the model's median with its 10%-90% range, then the wall time per simulated year.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import sim
from sim.history import exchanges, load_history

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "ru-ua-channel.yaml"
HISTORY = ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"
YEARS = (2022, 2023, 2024)


def per_year(rows: pd.DataFrame) -> dict[int, tuple[int, int, int]]:
    """(exchanges, released by side_a, released by side_b) per year; unknown counts skipped."""
    years = rows["date"].dt.year
    return {year: (int((years == year).sum()), int(rows.loc[years == year, "released_by_a"].sum()),
                   int(rows.loc[years == year, "released_by_b"].sum())) for year in YEARS}


def main(runs: int) -> None:
    history = per_year(exchanges(load_history(HISTORY), sides=("Russia", "Ukraine"), start="2022-02-24",
                                 end="2024-12-31"))
    scenario = sim.load_scenario(SCENARIO)
    simulated: list[dict[int, tuple[int, int, int]]] = []
    start = time.perf_counter()
    for seed in range(runs):
        simulated.append(per_year(sim.run(scenario, seed=seed).exchanges()))
    seconds = time.perf_counter() - start
    print("| year | exchanges: history | model median (10-90%) | released by Russia: history | model | "
          "released by Ukraine: history | model |")
    print("|---|---|---|---|---|---|---|")
    for year in YEARS:
        cells = [f"| {year} "]
        for column in range(3):
            values = np.array([run[year][column] for run in simulated])
            low, median, high = np.percentile(values, [10, 50, 90])
            cells.append(f"| {history[year][column]} | {median:.0f} ({low:.0f}-{high:.0f}) ")
        print("".join(cells) + "|")
    years_simulated = scenario.horizon_days / 365.25
    print(f"\n{runs} runs of {years_simulated:.2f} simulated years in {seconds:.1f} s: "
          f"{1000 * seconds / runs / years_simulated:.0f} ms per simulated year")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
