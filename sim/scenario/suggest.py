""""Did you mean ...": suggestions for a misspelt field or key in a scenario.

One rule for every place that names something unknown in a scenario: `parley validate` and
`load_scenario` (an unknown field in the file, through `unknown_field`) and the dotted paths
of `parley sweep`, `sensitivity` and `calibrate` (an unknown key, in
`sim.experiments.paths`), both through `did_you_mean`. `model_at` finds the schema model an
error location points into, following plug-in kinds, so a misspelt field of a veto rule is
matched against that rule's own fields.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from sim.scenario.plugins import PluginField, load_plugins

CLOSE_ENOUGH = 0.6
"""`difflib` similarity from which a known name is offered as the one meant."""
AT_MOST = 3
"""Suggestions offered at most."""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`"; did you mean a or b?"` with the names among `choices` closest to `name`, or `""` if none is close."""
    close = difflib.get_close_matches(name, list(choices), n=AT_MOST, cutoff=CLOSE_ENOUGH)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def unknown_name(what: str, name: str, known: Iterable[str]) -> str:
    """The message for a name that matches nothing declared: `unknown <what> '<name>' (expected one of: ...)`."""
    choices = ", ".join(sorted(known)) or "none declared"
    return f"unknown {what} '{name}' (expected one of: {choices})"


def unknown_field(name: str, model: type[BaseModel] | None, section: Any = None) -> str:
    """The message for an unknown field `name` in a section validated as `model` (None if unknown).

    Close field names are suggested; a plug-in section (one with a `kind` field) also lists
    the fields its kind has, its kind read from `section` (the mapping in the file) when it
    says one. A plain "unknown field" when nothing is known about the section.
    """
    if model is None:
        return "unknown field"
    fields = list(model.model_fields)
    message = "unknown field" + did_you_mean(name, fields)
    if "kind" in fields:
        kind = section.get("kind") if isinstance(section, Mapping) and "kind" in section else None
        kind = kind if kind is not None else model.model_fields["kind"].default
        message += f" (fields of kind '{kind}': {', '.join(fields)})"
    return message


def model_at(root: type[BaseModel], location: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model whose field `location[-1]` is, for a pydantic error `location` inside a `root` document.

    The location is pydantic's: dict keys and list indexes as they are, and the kind of a
    plug-in chosen by its `kind` tag right after the plug-in's field. None if the location
    does not lead to a model (a shape the schema does not describe).
    """
    annotation: Any = root
    for part in location[:-1]:
        annotation = _step(annotation, part)
        if annotation is None:
            return None
    models = [member for member in _members(annotation) if _is_model(member)]
    return models[0] if len(models) == 1 else None


def _step(annotation: Any, part: int | str) -> Any:
    """The annotation one step down from `annotation` along `part` (field, key, index or kind tag)."""
    members = _members(annotation)
    models = [member for member in members if _is_model(member)]
    if len(models) > 1:  # a union of plug-ins: the location names the chosen one by its tag
        return next((model for model in models if part in _kinds(model) or part == model.__name__), None)
    for member in members:
        if _is_model(member):
            field = member.model_fields.get(part) if isinstance(part, str) else None
            if field is not None:
                return _plugin_union(field.metadata) or field.annotation
        elif get_origin(member) is dict:
            return get_args(member)[1]
        elif get_origin(member) in (list, tuple) and get_args(member):
            return get_args(member)[0]
    return None


def _members(annotation: Any) -> list[Any]:
    """The types an annotation allows: `Annotated` unwrapped, unions spread, None left out."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [member for argument in get_args(annotation) for member in _members(argument)]
    return [] if annotation is type(None) else [annotation]


def _plugin_union(metadata: list[Any]) -> Any:
    """For a plug-in field (`PluginField` in its metadata), the union of the registered parameter models."""
    plugin = next((item for item in metadata if isinstance(item, PluginField)), None)
    if plugin is None:
        return None
    load_plugins()
    return Union[tuple(model for _, model in plugin.registry.entries())]  # noqa: UP007 - built at run time


def _kinds(model: type[BaseModel]) -> tuple[Any, ...]:
    """The `kind` values a plug-in model accepts (its `Literal`), or none."""
    field = model.model_fields.get("kind")
    if field is None or get_origin(field.annotation) is not Literal:
        return ()
    return get_args(field.annotation)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
