"""The plug-in registry: the names scenario files use (`kind: beta`), each with its parameter model and its builder.

A plug-in is one registration: `TRUST_MODELS.register(BetaTrust)(build_beta)` where
`BetaTrust` is a frozen pydantic model whose `kind` field is a one-value `Literal` (the only
place the name is written) and `build_beta` turns a validated `BetaTrust` into the object
that behaves (a `TrustModel`). The scenario schema builds its plug-in fields from these
registries when it is first used (`sim.scenario.plugins`), so a new plug-in needs no edit of
the schema.

The four sorts live here, at the bottom of the package, so the schema can read them; the
behaviour registers from above: Parley's own rules (`sim.rules`, `sim.protocols`) and any
installed package that names a module in the `parley.plugins` entry-point group.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")
Builder = Callable[[Any], Any]


class Registry(Generic[T]):
    """Plug-ins of one sort (trust models, veto rules, ...): kind -> (parameter model, builder)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._models: dict[str, type[BaseModel]] = {}
        self._builders: dict[str, Callable[[Any], T]] = {}
        self._listeners: list[Callable[[], None]] = []

    def register(self, parameters: type[BaseModel],
                 kind: str | None = None) -> Callable[[Callable[[Any], T]], Callable[[Any], T]]:
        """Register the builder decorated with this, for specs whose `kind` is `parameters`' kind.

        `kind` is given only where several kinds share one parameter model (the protocols);
        otherwise it is read from the model's `kind: Literal[...]` field.
        """
        kind = kind_of(parameters) if kind is None else kind

        def add(builder: Callable[[Any], T]) -> Callable[[Any], T]:
            if kind in self._builders:
                raise ValueError(f"{self.what} '{kind}' is registered twice")
            self._models[kind] = parameters
            self._builders[kind] = builder
            for listener in self._listeners:
                listener()
            return builder

        return add

    def unregister(self, kind: str) -> None:
        """Forget `kind` (for tests that register a plug-in of their own)."""
        self._models.pop(kind)
        self._builders.pop(kind)
        for listener in self._listeners:
            listener()

    def build(self, spec: Any) -> T:
        """Build the plug-in named by `spec.kind`, passing it the whole validated spec."""
        try:
            builder = self._builders[spec.kind]
        except KeyError:
            known = ", ".join(sorted(self._builders))
            raise ValueError(f"unknown {self.what} '{spec.kind}' (known: {known})") from None
        return builder(spec)

    def kinds(self) -> frozenset[str]:
        """Every kind registered so far."""
        return frozenset(self._builders)

    def entries(self) -> tuple[tuple[str, type[BaseModel]], ...]:
        """(kind, parameter model) pairs, in the order they were registered."""
        return tuple(self._models.items())

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every registration (the schema rebuilds its plug-in fields)."""
        self._listeners.append(listener)


def kind_of(parameters: type[BaseModel]) -> str:
    """The one name in the `kind: Literal[...]` field of a plug-in's parameter model."""
    field = parameters.model_fields.get("kind")
    values = typing.get_args(field.annotation) if field is not None else ()
    if field is None or typing.get_origin(field.annotation) is not typing.Literal or len(values) != 1:
        raise TypeError(f"{parameters.__name__} needs a field `kind: Literal['name']` naming its plug-in")
    return str(values[0])


TRUST_MODELS: Registry[Any] = Registry("trust model")
"""Trust models (`parties.X.trust`); the behaviour follows `sim.rules.trust.TrustModel`."""
VETO_RULES: Registry[Any] = Registry("veto rule")
"""Veto rules (`parties.X.leader.veto`); the behaviour follows `sim.rules.veto.VetoRule`."""
STRATEGIES: Registry[Any] = Registry("concession strategy")
"""Concession strategies (`parties.X.delegation.strategy`); see `sim.rules.strategy.ConcessionStrategy`."""
PROTOCOLS: Registry[Any] = Registry("protocol")
"""Protocols (`protocol.kind`): each builds the table that runs the talks (`sim.protocols.table.Table`)."""
