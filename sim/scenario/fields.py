"""The building blocks of the scenario schema: identifiers, labels, probabilities, values, days, the frozen base.

Bounds that a user may raise (`sim.scenario.limits`) are read when a value is checked. Each
field is documented by a docstring under it; `describe_fields` copies those into the JSON
Schema (`parley schema`, the docs' field reference) when one is generated, which costs
nothing at import (pydantic's `use_attribute_docstrings` would parse every class's source
when the class is made).
"""

from __future__ import annotations

import ast
import inspect
from functools import cache
from typing import Annotated, Any, Literal

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
                              json_schema_extra=lambda schema, model: describe_fields(schema, model))


def describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Give each property of `model`'s JSON Schema the docstring written under its field, if it has none."""
    documented = field_docstrings(model)
    for name, found in schema.get("properties", {}).items():
        if name in documented and "description" not in found:
            found["description"] = documented[name]


@cache
def field_docstrings(model: type) -> dict[str, str]:
    """Field name -> the docstring under it, for `model` and the classes it inherits fields from."""
    documented: dict[str, str] = {}
    for klass in reversed([k for k in model.__mro__ if issubclass(k, BaseModel) and k is not BaseModel]):
        try:
            tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue  # no source to read (a class made at run time): no descriptions
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for field, after in zip(body, body[1:], strict=False):
            if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                documented[field.target.id] = inspect.cleandoc(after.value.value)
    return documented


class Delay(Frozen):
    """A waiting time in days: fixed, or exponentially distributed around `mean`."""

    mean: Days = 0.0
    """Waiting time in days: the fixed delay, or the mean of the exponential draw."""
    distribution: Literal["fixed", "exponential"] = "fixed"
    """`fixed`: always `mean` days; `exponential`: drawn from an exponential distribution with that mean."""
