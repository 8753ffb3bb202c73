"""Shared fixtures: the reference scenario as a dict, and writers of scenario files in tmp_path."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ISTANBUL = ROOT / "scenarios" / "istanbul-2025-05.yaml"

Document = dict[str, Any]


@cache
def _istanbul_document() -> Document:
    return yaml.safe_load(ISTANBUL.read_text(encoding="utf-8"))


@pytest.fixture
def istanbul_path() -> Path:
    """The valid reference scenario shipped with the project."""
    return ISTANBUL


@pytest.fixture
def data_dir() -> Path:
    """The folder of small fixture files (roster CSVs, a CSV-roster scenario)."""
    return DATA


@pytest.fixture
def istanbul_document() -> Document:
    """A fresh, mutable copy of the reference scenario as parsed YAML."""
    return copy.deepcopy(_istanbul_document())


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[..., Path]:
    """write_scenario(mutate, name=...) dumps the reference scenario, changed by `mutate`, to tmp_path."""

    def write(mutate: Callable[[Document], Any] | None = None, name: str = "scenario.yaml") -> Path:
        document = copy.deepcopy(_istanbul_document())
        if mutate is not None:
            mutate(document)
        path = tmp_path / name
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """write_file(content, name=...) writes text or bytes verbatim to tmp_path."""

    def write(content: str | bytes, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def csv_scenario(tmp_path: Path) -> Callable[[str | None], Path]:
    """csv_scenario(roster) copies the CSV-roster scenario into its own folder with `roster` as roster.csv.

    `roster` is the name of a file in tests/data; None leaves roster.csv out.
    """

    def build(roster: str | None = "roster.csv") -> Path:
        folder = tmp_path / "scenario"
        folder.mkdir(exist_ok=True)
        if roster is not None:
            shutil.copyfile(DATA / roster, folder / "roster.csv")
        return Path(shutil.copyfile(DATA / "csv_scenario.yaml", folder / "csv_scenario.yaml"))

    return build


@pytest.fixture
def tiny_text() -> str:
    """tests/data/tiny.yaml: a minimal valid scenario (two parties, one issue) whose lines are known."""
    return (DATA / "tiny.yaml").read_text(encoding="utf-8")
