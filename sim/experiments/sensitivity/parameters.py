"""Which ranged parameters take whole numbers, and the points a sample matrix stands for.

Sensitivity methods draw real numbers, but some scenario fields only accept integers
(`protocol.max_steps`, `execution.stages`, roster counts). A path is integer-valued when the
schema field it ends at is annotated `int` (or `int | None`); when the path ends inside a
mapping the schema types as a whole (e.g. `parties.A.roster.generate.soldier`), the type of
the value the scenario holds now decides. Such values are rounded to the nearest integer
before the run; the sample matrix keeps the drawn values, because the methods' estimators
are defined on the design as drawn. To give each integer of LOW..HIGH the same weight, use
the range LOW-0.5:HIGH+0.5.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

import numpy as np
from pydantic import BaseModel

from sim.experiments.paths import check_path, validate_point
from sim.experiments.source import ScenarioSource
from sim.scenario import Scenario


def integer_paths(source: ScenarioSource, base: Scenario, paths: list[str]) -> list[str]:
    """The paths among `paths` whose values must be whole numbers (each path is checked first)."""
    found = []
    for path in paths:
        check_path(source, base, path)
        if _is_integer(base, source.document, path.split(".")):
            found.append(path)
    return found


def check_corners(source: ScenarioSource, base: Scenario, ranges: Mapping[str, tuple[float, float]],
                  integers: list[str]) -> None:
    """Validate the scenario at every range's low end and at every high end, so a bad path or a
    range the schema does not allow fails at once (`ScenarioError`) instead of in mid-design."""
    names = list(ranges)
    for end in (0, 1):
        corner = np.array([[bounds[end] for bounds in ranges.values()]])
        validate_point(source, base, matrix_points(corner, names, integers)[0])


def matrix_points(matrix: np.ndarray, names: list[str], integers: list[str]) -> list[dict[str, Any]]:
    """One point (path -> value) per row of `matrix`; integer paths rounded to Python ints."""
    points = []
    for row in matrix:
        point: dict[str, Any] = {}
        for name, value in zip(names, row, strict=True):
            point[name] = int(round(float(value))) if name in integers else float(value)
        points.append(point)
    return points


def _is_integer(base: Scenario, document: Mapping[str, Any], parts: list[str]) -> bool:
    model: Any = base
    for part in parts[:-1]:
        model = _child(model, part)
    name = parts[-1]
    if isinstance(model, BaseModel) and name in type(model).model_fields:
        return _annotated_int(type(model).model_fields[name].annotation)
    return _holds_int(document, parts)


def _child(model: Any, key: str) -> Any:
    if isinstance(model, BaseModel):
        return getattr(model, key, None)
    if isinstance(model, Mapping):
        return model.get(key)
    if isinstance(model, list | tuple) and key.isdigit() and int(key) < len(model):
        return model[int(key)]
    return None


def _annotated_int(annotation: Any) -> bool:
    """`int`, or a union of `int` with `None` only."""
    if annotation is int:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [member for member in typing.get_args(annotation) if member is not type(None)]
        return members == [int]
    return False


def _holds_int(document: Mapping[str, Any], parts: list[str]) -> bool:
    node: Any = document
    for part in parts:
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return isinstance(node, int) and not isinstance(node, bool)
