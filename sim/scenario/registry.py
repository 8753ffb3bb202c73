"""A registry maps the names scenario files use (`kind: beta`) to the classes behind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Plug-ins of one sort (trust models, veto rules, ...), each built from its scenario spec."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._builders: dict[str, Callable[[Any], T]] = {}

    def register(self, kind: str) -> Callable[[Callable[[Any], T]], Callable[[Any], T]]:
        def add(builder: Callable[[Any], T]) -> Callable[[Any], T]:
            if kind in self._builders:
                raise ValueError(f"{self.what} '{kind}' is registered twice")
            self._builders[kind] = builder
            return builder

        return add

    def build(self, spec: Any) -> T:
        """Build the plug-in named by `spec.kind`, passing it the whole spec."""
        try:
            builder = self._builders[spec.kind]
        except KeyError:
            known = ", ".join(sorted(self._builders))
            raise ValueError(f"unknown {self.what} '{spec.kind}' (known: {known})") from None
        return builder(spec)

    def kinds(self) -> frozenset[str]:
        return frozenset(self._builders)
