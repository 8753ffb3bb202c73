"""Experiments: replications, parameter sweeps and explicit points, run on any executor.

    >>> from sim.experiments import sweep
    >>> table = sweep("scenarios/istanbul-2025-05.yaml",
    ...               values={"parties.RU.trust.initial": [0.1, 0.5]}, runs=20)  # doctest: +SKIP

`sensitivity` gives Sobol or Morris indices of chosen outcomes over ranges of parameters.
Results are tidy: one row per run. Importing this package imports neither pandas, pyarrow
nor dask; they load when a sweep runs.
"""

from sim.experiments.api import read_results, replicate, run_points, sweep
from sim.experiments.design import Design, design_points, make_design
from sim.experiments.errors import SweepError
from sim.experiments.executors import DaskExecutor, Executor, ProcessExecutor, SerialExecutor, make_executor
from sim.experiments.seeds import run_seed
from sim.experiments.sensitivity import SensitivityResult, sensitivity

__all__ = [
    "DaskExecutor",
    "Design",
    "Executor",
    "ProcessExecutor",
    "SensitivityResult",
    "SerialExecutor",
    "SweepError",
    "design_points",
    "make_design",
    "make_executor",
    "read_results",
    "replicate",
    "run_points",
    "run_seed",
    "sensitivity",
    "sweep",
]
