"""Sphinx configuration of Parley's documentation (`sphinx-build -W -b html docs docs/_build/html`).

Reference pages are generated from the code when the site is built: scenario fields from the
pydantic schema, the command line from argparse, the API from docstrings, the performance
tables from benchmarks/results/latest.json. Notebooks and pages written as MyST notebooks
are executed by MyST-NB.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))

project = "Parley"
author = "the Parley developers"
copyright = "2026, the Parley developers"  # noqa: A001 - Sphinx's name

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinxarg.ext",
    "parley_docs",
]

exclude_patterns = ["_build", "_generated", "jupyter_execute", "**.ipynb_checkpoints"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}

myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3

# Notebooks run at their own default sizes unless PARLEY_NOTEBOOK_* say otherwise (the test
# suite makes them small). "cache" re-executes a notebook only when its code changed.
nb_execution_mode = "cache"
nb_execution_timeout = 1200
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"show-inheritance": False}

html_theme = "pydata_sphinx_theme"
html_title = "Parley"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
html_static_path: list[str] = []
