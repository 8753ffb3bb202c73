"""The documentation site builds with no warning, its notebooks executed, and its generated pages cover the code.

The tests that need the site are slow (the build takes half a minute or more). The build
(`sphinx-build -W`, MyST-NB executing every notebook and executable page) is the one place
the suite runs the notebooks: `PARLEY_NOTEBOOK_*` make their designs small.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parent.parent
SMALL_SETTINGS = {"PARLEY_NOTEBOOK_SAMPLES": "4", "PARLEY_NOTEBOOK_RUNS": "2", "PARLEY_NOTEBOOK_WORKERS": "1"}
"""Environment the notebooks read their design sizes from, so the build runs them in seconds."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built into a temporary folder, warnings as errors; the build's log is in the failure."""
    base = tmp_path_factory.mktemp("docs")
    html = base / "html"
    done = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-d",
                           str(base / "doctrees"), str(ROOT / "docs"), str(html)],
                          capture_output=True, text=True, env={**os.environ, **SMALL_SETTINGS, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    return html


def text_of(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_key_pages_are_built(site: Path) -> None:
    for page in ("index.html", "tutorials/model-your-own.html", "tutorials/sweep-in-a-notebook.html",
                 "tutorials/compare-with-history.html", "howto/dask.html", "reference/scenario.html",
                 "reference/cli.html", "reference/api.html", "reference/events.html", "reference/outputs.html",
                 "explanation/model.html", "development/performance.html"):
        assert (site / page).is_file(), page


@pytest.mark.slow
def test_every_notebook_runs_and_shows_its_plots(site: Path) -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        page = text_of(site, f"notebooks/{notebook.stem}.html")
        assert "Traceback" not in page, notebook.name
        assert len(re.findall(r"<img [^>]*src=\"[^\"]*\.png\"", page)) >= 3, f"{notebook.name}: the three plots"


@pytest.mark.slow
def test_the_field_reference_lists_every_field_of_the_schema(site: Path) -> None:
    page = text_of(site, "reference/scenario.html")
    schema = sim.Scenario.model_json_schema()
    for model in [schema, *schema["$defs"].values()]:
        for name in model.get("properties", {}):
            assert f'<span class="pre">{name}</span></code>' in page, name


@pytest.mark.slow
def test_the_command_line_reference_has_every_command(site: Path) -> None:
    page = text_of(site, "reference/cli.html")
    headings = re.findall(r"<h4>([a-z]+)<", page)
    assert headings == ["run", "report", "validate", "schema", "analyze", "sweep", "sensitivity", "history",
                        "compare", "calibrate", "backtest"]
    assert "--scheduler" in page


@pytest.mark.slow
def test_the_api_reference_has_every_public_name(site: Path) -> None:
    page = text_of(site, "reference/api.html")
    for name in sim.__all__:
        assert f'id="sim.{name}"' in page, name
    for protocol in ("trust.TrustModel", "veto.VetoRule", "strategy.ConcessionStrategy"):
        assert f'id="sim.rules.{protocol}"' in page, protocol


def test_the_event_reference_names_every_event_kind() -> None:
    page = (ROOT / "docs" / "reference" / "events.md").read_text(encoding="utf-8")
    for kind in sim.EventKind:
        assert f"`{kind.value}`" in page, kind


def test_the_output_reference_names_every_key_of_a_run_summary() -> None:
    page = (ROOT / "docs" / "reference" / "outputs.md").read_text(encoding="utf-8")
    summary = sim.run(sim.load_scenario(ROOT / "scenarios" / "istanbul-2025-05.yaml"), seed=0).summary(flat=False)
    for key in summary:
        if key not in ("run", "seed", "scenario"):
            assert f"`{key}`" in page, key


@pytest.mark.slow
def test_the_performance_page_shows_the_committed_benchmark_figures(site: Path) -> None:
    latest = json.loads((ROOT / "benchmarks" / "results" / "latest.json").read_text(encoding="utf-8"))
    page = text_of(site, "development/performance.html")
    assert f"{latest['istanbul']['shipped_median_ms']:.2f} ms" in page
    for target in latest["targets"]:
        assert target["figure"] in page
