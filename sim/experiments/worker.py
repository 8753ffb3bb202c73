"""What a worker process runs: a chunk of runs, each turned into a row.

`run_chunk` is a plain top-level function of an importable module, so a process pool using
"spawn" (macOS, Jupyter) and a Dask worker can both find it by name. It gets validated
`Scenario` objects and `(run_index, point, replication, seed, parameters)` tuples, nothing
else; a run that raises becomes a row holding the exception's type and message.

A single-round run's row also gets its deal metrics, measured in the bargaining set of its
scenario point and seed. That set is computed once per point and chunk when it cannot depend
on the seed (`sim.analysis.depends_on_seed`), else once per run: with value noise on the
rosters each seed draws other captives' values, so reusing one seed's set would misplace deals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sim.analysis.bargaining import BargainingSet, bargaining_set, depends_on_seed
from sim.analysis.deal import deal_metrics
from sim.analysis.deal_many import multilateral_metrics
from sim.analysis.multilateral import MultilateralSet, multilateral_set
from sim.engine import run
from sim.experiments.rows import outcome_row
from sim.runtime.guard import time_limit
from sim.scenario import Scenario
from sim.talks.result import Result

RunTask = tuple[int, int, int, int, dict[str, Any]]
"""run index, point index, replication, seed, parameter cells."""


def run_id(slug: str, point: int, replication: int) -> str:
    """The id of one run of a sweep: slug, point and replication."""
    return f"{slug}-p{point:04d}-r{replication:04d}"


def run_chunk(slug: str, scenarios: Mapping[int, Scenario], tasks: Sequence[RunTask],
              run_timeout: float | None = None) -> list[dict[str, Any]]:
    """Rows for `tasks`, in the order given; `scenarios` maps each point index to its scenario.
    A run longer than `run_timeout` seconds stops and becomes a failed row (`sim.runtime.guard`)."""
    rows = []
    shared_sets: dict[int, BargainingSet | MultilateralSet] = {}
    for run_index, point, replication, seed, parameters in tasks:
        identity = {"run_index": run_index, "run_id": run_id(slug, point, replication), "point": point,
                    "replication": replication, "seed": seed, **parameters}
        scenario = scenarios[point]
        try:
            with time_limit(run_timeout):
                result = run(scenario, seed=seed, run_id=identity["run_id"])
            deal = _deal_cells(result, point, shared_sets)
        except Exception as error:  # noqa: BLE001 - a failed run is a row, never a lost sweep
            rows.append({**identity, "error": f"{type(error).__name__}: {error}"})
            continue
        rows.append({**identity, **outcome_row(result.outcome, scenario), **deal})
    return rows


def _deal_cells(result: Result, point: int, shared_sets: dict[int, BargainingSet | MultilateralSet],
                ) -> dict[str, float]:
    """The run's deal metrics (for more than two parties the N-party ones); none for a channel run (the table then
    holds NaN or has no such columns). A point whose bargaining set does not depend on the seed computes it once."""
    scenario = result.scenario
    if scenario.channel is not None:
        return {}
    many = len(scenario.parties) > 2
    if depends_on_seed(scenario):
        return multilateral_metrics(result) if many else deal_metrics(result)
    if point not in shared_sets:
        shared_sets[point] = multilateral_set(scenario, result.seed) if many else bargaining_set(scenario, result.seed)
    found = shared_sets[point]
    if isinstance(found, MultilateralSet):
        return multilateral_metrics(result, found)
    return deal_metrics(result, found)
