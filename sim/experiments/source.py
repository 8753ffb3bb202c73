"""Where a sweep's scenario comes from: a YAML file or a document built in code.

A sweep edits the raw scenario document (the YAML mapping, before validation) once per
parameter point, so it keeps the document, the file name and line map for error messages,
the folder roster CSVs are relative to, and a fingerprint that tells a resumed sweep
whether the scenario changed under it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.scenario import Problem, ScenarioError, read_document
from sim.scenario.source import LineMap

DOCUMENT_NAME = "<document>"


@dataclass(frozen=True)
class ScenarioSource:
    """A scenario document before validation, with what error messages and a resumed sweep need."""

    document: dict[str, Any]
    file: str
    lines: LineMap
    base: Path
    sha256: str

    @property
    def path(self) -> Path | None:
        """The scenario file, or None for a document built in code."""
        return None if self.file == DOCUMENT_NAME else Path(self.file)


def open_source(source: str | Path | dict[str, Any] | ScenarioSource) -> ScenarioSource:
    """A file path (YAML) or a scenario document as a dict (e.g. built in a notebook)."""
    if isinstance(source, ScenarioSource):
        return source
    if isinstance(source, dict):
        canonical = json.dumps(source, sort_keys=True, default=str, separators=(",", ":"))
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return ScenarioSource(copy.deepcopy(source), DOCUMENT_NAME, {}, Path.cwd(), digest)
    path = Path(source)
    document, lines = read_document(path)
    if not isinstance(document, dict):
        found = "an empty file" if document is None else f"a {type(document).__name__}"
        raise ScenarioError([Problem(str(path), "", f"expected a mapping of scenario sections, found {found}", 1)])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return ScenarioSource(document, str(path), lines, path.parent, digest)
