"""The building blocks of the scenario schema: identifiers, labels, probabilities, values, days, the frozen base.

Bounds that a user may raise (`sim.scenario.limits`) are read when a value is checked.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sim.scenario.limits import AtMost

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$", strict=True)
]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200, strict=True)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Value = Annotated[float, Field(ge=0.0), AtMost("value")]
Days = Annotated[float, Field(ge=0.0), AtMost("delay_days")]


class Frozen(BaseModel):
    """Base for every scenario object: immutable, no unknown keys, no NaN or infinity.

    Schemas are built on first use (`defer_build`), not at import: `import sim` stays quick, and
    the plug-in fields see every plug-in registered by then (`sim.scenario.plugins`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, strict=True, defer_build=True,
                              use_attribute_docstrings=True)  # field docstrings: `parley schema` descriptions


class Delay(Frozen):
    """A waiting time in days: fixed, or exponentially distributed around `mean`."""

    mean: Days = 0.0
    """Waiting time in days: the fixed delay, or the mean of the exponential draw."""
    distribution: Literal["fixed", "exponential"] = "fixed"
    """`fixed`: always `mean` days; `exponential`: drawn from an exponential distribution with that mean."""
