"""The notebooks are committed clean; they are executed by the documentation build (tests/test_docs.py).

Running them there, once per test run, replaces the separate execution this module used to do.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_notebooks_are_committed_without_outputs() -> None:
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path.name


def test_every_notebook_is_in_the_documentation() -> None:
    pages = Path(__file__).resolve().parent.parent / "docs" / "notebooks"
    for path in NOTEBOOKS:
        assert (pages / path.name).resolve() == path.resolve(), path.name


def test_notebooks_import_public_names_only() -> None:
    """No notebook imports a private module or name of `sim` (one starting with an underscore)."""
    import ast

    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        for cell in (cell for cell in notebook.cells if cell.cell_type == "code"):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sim"):
                    names = [*(node.module or "").split("."), *(alias.name for alias in node.names)]
                elif isinstance(node, ast.Import):
                    names = [part for alias in node.names if alias.name.startswith("sim")
                             for part in alias.name.split(".")]
                else:
                    continue
                assert not [name for name in names if name.startswith("_")], f"{path.name}: {ast.unparse(node)}"
