"""Global sensitivity analysis (Sobol, Morris) of run outcomes to ranges of scenario parameters.

    >>> from sim.experiments.sensitivity import sensitivity
    >>> result = sensitivity("scenarios/istanbul-2025-05.yaml",
    ...                      {"parties.RU.trust.initial": (0.1, 0.6)}, ["executed"])  # doctest: +SKIP

`methods` is the engine-free SALib glue (sample a design, analyse a matrix and its outputs);
`analysis.sensitivity` runs the design's points through `run_points`. SALib and pandas load
only when an analysis runs.
"""

from sim.experiments.sensitivity.analysis import planned_points, sensitivity
from sim.experiments.sensitivity.methods import METHODS, analyse, point_count, sample
from sim.experiments.sensitivity.outcomes import valid_outcomes
from sim.experiments.sensitivity.result import SensitivityResult

__all__ = ["METHODS", "SensitivityResult", "analyse", "planned_points", "point_count", "sample", "sensitivity",
           "valid_outcomes"]
