"""Outcomes a sensitivity analysis can study, and their mean at each point of the design.

An outcome is a numeric or boolean column of the sweep table (see `sim.experiments.rows`:
`agreement`, `released.RU`, `ratio`, `day_of_agreement`, `final_trust.RU->UA`, ...) or
`executed` (the run's status is `executed`: agreed, ratified and carried out). Each point is
run `runs` times and the outcome is averaged over the runs that did not fail, so for a
boolean outcome the per-point value is a probability. Missing values (the day of agreement
of a run without agreement) are left out of the mean. Sobol's estimators need a value at
every point of the design, so a point with no successful run, or with no value for an
outcome, stops the analysis with a message saying which.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from sim.experiments.errors import SweepError
from sim.experiments.rows import outcome_columns
from sim.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

NUMERIC_KINDS = ("int", "float", "bool")
DERIVED = ("executed",)
SHOWN_ERRORS = 1


def valid_outcomes(scenario: Scenario) -> list[str]:
    """Every outcome name `check_outcomes` accepts for this scenario, in table order."""
    names = [name for name, kind in outcome_columns(scenario) if kind in NUMERIC_KINDS]
    return names + [name for name in DERIVED if name not in names]


def check_outcomes(scenario: Scenario, outcomes: Sequence[str]) -> list[str]:
    """The outcomes, checked; `SweepError` naming the first unknown one and listing the valid names."""
    valid = valid_outcomes(scenario)
    if not outcomes:
        raise SweepError(f"sensitivity needs at least one outcome (--outcome NAME); valid: {', '.join(valid)}")
    for name in outcomes:
        if name not in valid:
            raise SweepError(f"outcome '{name}' is not a numeric outcome of the sweep table; "
                             f"valid: {', '.join(valid)}")
    if len(set(outcomes)) != len(outcomes):
        raise SweepError(f"outcome: each name once, found {', '.join(outcomes)}")
    return list(outcomes)


def point_means(table: pd.DataFrame, outcomes: Sequence[str], points: int) -> pd.DataFrame:
    """One row per point (index 0..points-1): `runs_ok`, then the mean of each outcome over the
    point's successful runs."""
    import pandas as pd

    ok = table[table["error"] == ""]
    runs_ok = ok.groupby("point").size().reindex(range(points), fill_value=0)
    empty = runs_ok[runs_ok == 0]
    if len(empty):
        first = int(empty.index[0])
        errors = table.loc[(table["point"] == first) & (table["error"] != ""), "error"].head(SHOWN_ERRORS)
        raise SweepError(f"{len(empty)} of {points} points have no successful run (point {first}: "
                         f"{'; '.join(errors) or 'no runs'}); every point needs an output")
    frame = pd.DataFrame({"runs_ok": runs_ok.to_numpy()}, index=pd.RangeIndex(points, name="point"))
    for name in outcomes:
        values = _values(ok, name)
        means = values.groupby(ok["point"]).mean().reindex(range(points))
        missing = int(means.isna().sum())
        if missing:
            first = int(means[means.isna()].index[0])
            raise SweepError(f"outcome {name}: no value at {missing} of {points} points (first: point {first}), "
                             "e.g. no run there reached an agreement; choose another outcome or more --runs")
        frame[name] = means.to_numpy()
    return frame


def _values(ok: pd.DataFrame, name: str) -> pd.Series:
    column = ok[name] if name in ok.columns else ok["status"] == "executed"
    return column.astype("Float64").astype(float).replace([np.inf, -np.inf], np.nan)
