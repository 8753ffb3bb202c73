"""Dotted paths into a scenario document, and points that set them.

A path such as `parties.RU.leader.veto.threshold` names a place in the raw scenario
document (the YAML mapping); a point is a mapping of paths to values. `apply_point` writes a
point into a deep copy of the document. A path is checked against the validated base
scenario as it goes, so a typo fails with the keys that were possible at that level; a key
the schema knows but the file leaves out (a default) can be set, and whatever the value
means is then judged by the schema itself when the edited document is validated.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from sim.experiments.source import ScenarioSource
from sim.scenario import Problem, Scenario, ScenarioError
from sim.scenario.source import line_of
from sim.scenario.suggest import did_you_mean

SHORT_LIST = 12


def validate_point(source: ScenarioSource, base: Scenario, point: Mapping[str, Any]) -> Scenario:
    """The scenario with `point` applied; `ScenarioError` naming the path if it is bad."""
    document = apply_point(source, base, point)
    try:
        return source.validate(document)
    except ScenarioError as error:
        raise ScenarioError([_blame(problem, point) for problem in error.problems]) from None


def apply_point(source: ScenarioSource, base: Scenario, point: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the source's document with each dotted path in `point` set to its value."""
    document = copy.deepcopy(source.document)
    for path, value in point.items():
        _set(document, base, path, copy.deepcopy(value), source)
    return document


def check_path(source: ScenarioSource, base: Scenario, path: str) -> None:
    """Raise `ScenarioError` if `path` does not lead anywhere in the scenario."""
    _set(copy.deepcopy(source.document), base, path, None, source)


def _set(document: dict[str, Any], base: Scenario, path: str, value: Any, source: ScenarioSource) -> None:
    parts = path.split(".")
    if not path or any(not part for part in parts):
        raise _path_error(source, path, (), "expected a dotted path such as parties.A.trust.initial")
    node: Any = document
    model: Any = base
    for depth, part in enumerate(parts):
        here = tuple(parts[:depth])
        last = depth == len(parts) - 1
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise _path_error(source, path, here, f"'{part}' is not an index of this list (0 to {len(node) - 1})")
            key: int | str = int(part)
        elif isinstance(node, dict):
            key = part
            if part not in node and not _may_add(model, part):
                raise _path_error(source, path, here, _unknown_key(part, _choices(node, model)))
        else:
            where = ".".join(here)
            raise _path_error(source, path, here, f"'{where}' holds a single value, not a section")
        if last:
            node[key] = value  # type: ignore[index]
            return
        if isinstance(node, dict) and node.get(part) is None:
            node[part] = {}
        node = node[key]  # type: ignore[index]
        model = _child(model, key)


def _choices(node: dict[str, Any], model: Any) -> list[str]:
    keys = [str(key) for key in node]
    if isinstance(model, BaseModel):
        keys += [name for name in type(model).model_fields if name not in node]
    elif isinstance(model, dict):
        keys += [str(name) for name in model if name not in node]
    return keys


def _may_add(model: Any, part: str) -> bool:
    """A key missing from the document may still be set: a schema field, a plug-in's field
    (the schema judges it against the kind), or a new key of a mapping of plain values."""
    if model is None:
        return True
    if isinstance(model, BaseModel):
        fields = type(model).model_fields
        return part in fields or "kind" in fields
    if isinstance(model, dict):
        return part in model or not any(isinstance(value, BaseModel) for value in model.values())
    return False


def _child(model: Any, key: int | str) -> Any:
    if isinstance(model, BaseModel):
        return getattr(model, str(key), None)
    if isinstance(model, dict):
        return model.get(key)
    if isinstance(model, list | tuple) and isinstance(key, int) and key < len(model):
        return model[key]
    return None


def _unknown_key(part: str, choices: list[str]) -> str:
    message = f"no key '{part}' here" + did_you_mean(part, choices)
    if choices and len(choices) <= SHORT_LIST:
        message += f" (keys here: {', '.join(choices)})"
    return message


def _path_error(source: ScenarioSource, path: str, here: tuple[str, ...], message: str) -> ScenarioError:
    return ScenarioError([Problem(source.file, path, message, line_of(source.lines, here) if here else None)])


def _blame(problem: Problem, point: Mapping[str, Any]) -> Problem:
    """Say which swept value a schema problem comes from, when one does."""
    for path, value in point.items():
        if problem.path == path or problem.path.startswith(path + ".") or path.startswith(problem.path + "."):
            return Problem(problem.file, problem.path, f"{problem.message} (swept value {path}={value!r})",
                           problem.line)
    return problem
