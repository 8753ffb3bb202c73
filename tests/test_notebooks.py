"""Every notebook runs top to bottom in a fresh kernel, so the examples cannot rot.

Notebooks that sweep read their run counts from the environment; the kernel inherits
`PARLEY_NOTEBOOK_RUNS` (runs per point) and `PARLEY_NOTEBOOK_WORKERS` set small here.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
SMALL_SETTINGS = {"PARLEY_NOTEBOOK_SAMPLES": "4", "PARLEY_NOTEBOOK_RUNS": "1", "PARLEY_NOTEBOOK_WORKERS": "1"}
"""Environment the notebooks read their design sizes from, so the suite runs them in seconds."""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SMALL_SETTINGS.items():
        monkeypatch.setenv(name, value)  # the kernel inherits the environment
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    warnings = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text]
    assert warnings == [], "no warnings (tqdm's IProgress needs ipywidgets, in the notebook extra)"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "the three plots are shown"


def test_notebooks_are_committed_without_outputs() -> None:
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path.name


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
