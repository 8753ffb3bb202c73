"""Plug-in fields of the scenario schema, built from the registries when the schema is first used.

`PluginField(TRUST_MODELS)` stands in the schema where a scenario names a plug-in by its
`kind` (`trust: {kind: beta, initial: 0.4}`): when pydantic builds the schema, it becomes
a union tagged by `kind` over every parameter model registered so far, exactly what a
hand-written `Annotated[A | B | C, Field(discriminator="kind")]` would give (the same error
messages and locations, the same JSON Schema). `PluginName(PROTOCOLS)` is a plain string
field that accepts any registered kind.

Before the first build, `load_plugins` imports Parley's own plug-ins and every module that
an installed package names in the `parley.plugins` entry-point group, so a plug-in from a
package works in a notebook, a process pool and a Dask worker alike. Both are imported by
name, not by an import statement: the rules sit above the schema, and register into it.
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from sim.scenario.registry import Registry

ENTRY_POINT_GROUP = "parley.plugins"
"""Installed packages name modules here (`[project.entry-points."parley.plugins"]`); importing one registers it."""
BUILTIN_MODULES = ("sim.rules", "sim.protocols")
"""Parley's own plug-ins: the trust models, veto rules and strategies of `sim.rules`, and the protocols."""

_state = {"loaded": False, "loading": False}


def load_plugins() -> None:
    """Import Parley's own plug-ins, then each module of the `parley.plugins` entry-point group (once)."""
    if _state["loaded"] or _state["loading"]:
        return
    _state["loading"] = True
    try:
        for name in BUILTIN_MODULES:
            importlib.import_module(name)
        for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            entry.load()
        _state["loaded"] = True
    finally:
        _state["loading"] = False


def loading() -> bool:
    """True while `load_plugins` imports plug-ins (their registrations need no schema rebuild)."""
    return _state["loading"]


class PluginField:
    """A schema field naming a plug-in by `kind`: a union of the registry's parameter models, tagged by `kind`."""

    def __init__(self, registry: Registry[Any]) -> None:
        self.registry = registry

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        load_plugins()
        choices: dict[Any, core_schema.CoreSchema] = {
            kind: handler.generate_schema(model) for kind, model in self.registry.entries()
        }
        return core_schema.tagged_union_schema(choices, discriminator="kind", from_attributes=True)


class PluginName:
    """A schema field holding one of a registry's kinds, as a `Literal` of them would."""

    def __init__(self, registry: Registry[Any]) -> None:
        self.registry = registry

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        load_plugins()
        return core_schema.literal_schema([kind for kind, _ in self.registry.entries()])
