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

from sim.scenario import Problem, Scenario, ScenarioError, read_document, validate_document
from sim.scenario.files import outside_allowed
from sim.scenario.source import LineMap

DOCUMENT_NAME = "<document>"


@dataclass(frozen=True)
class ScenarioSource:
    """A scenario document with what validating it needs: file name, line map, roster folder, permission."""

    document: dict[str, Any]
    file: str
    lines: LineMap
    base: Path
    sha256: str
    allow_outside_files: bool = False
    """Whether roster files may lie outside `base` (decided once, when the source was opened)."""

    def validate(self, document: dict[str, Any] | None = None) -> Scenario:
        """This source's document (or an edited copy of it, `document`) as a checked `Scenario`."""
        return validate_document(self.document if document is None else document, self.file, self.lines,
                                 base=self.base, allow_outside_files=self.allow_outside_files)

    @property
    def path(self) -> Path | None:
        """The scenario file, or None for a document built in code."""
        return None if self.file == DOCUMENT_NAME else Path(self.file)


def open_source(source: str | Path | dict[str, Any] | Scenario | ScenarioSource, *,
                allow_outside_files: bool | None = None) -> ScenarioSource:
    """A file path (YAML), a scenario document as a dict (e.g. built in a notebook), or a loaded
    `Scenario` (its document is the fields it was given; roster files are read from the current folder).

    `allow_outside_files` lets roster files lie outside the scenario's folder; None reads the
    user's switch `PARLEY_ALLOW_OUTSIDE_FILES=1` (`sim.scenario.files`), here and only here.
    """
    if isinstance(source, ScenarioSource):
        return source
    allow = outside_allowed(allow_outside_files)
    if isinstance(source, Scenario):
        source = source.model_dump(mode="python", exclude_unset=True)
    if isinstance(source, dict):
        canonical = json.dumps(source, sort_keys=True, default=str, separators=(",", ":"))
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return ScenarioSource(copy.deepcopy(source), DOCUMENT_NAME, {}, Path.cwd(), digest, allow)
    path = Path(source)
    document, lines = read_document(path)
    if not isinstance(document, dict):
        found = "an empty file" if document is None else f"a {type(document).__name__}"
        raise ScenarioError([Problem(str(path), "", f"expected a mapping of scenario sections, found {found}", 1)])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return ScenarioSource(document, str(path), lines, path.parent, digest, allow)
