"""Architecture rules: the engine stays free of plotting and data-frame libraries."""

from __future__ import annotations

import subprocess
import sys


def test_running_a_scenario_imports_neither_matplotlib_nor_pandas() -> None:
    code = (
        "import sys, sim, sim.engine\n"
        "from support import bargaining_document, load\n"
        "sim.run(load(bargaining_document()), seed=0)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'pandas')))\n"
    )
    from pathlib import Path

    tests = Path(__file__).parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tests, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_sim_has_no_side_effects_on_global_random_state() -> None:
    """Importing and running Parley leaves numpy's legacy global generator untouched."""
    import numpy as np
    from support import bargaining_document, load

    import sim

    state = np.random.get_state()[1].copy()  # noqa: NPY002 - checking that nobody uses it
    sim.run(load(bargaining_document()), seed=3)
    assert (np.random.get_state()[1] == state).all()  # noqa: NPY002


def test_importing_sim_and_sim_experiments_loads_no_table_or_cluster_library() -> None:
    """Notebooks and `parley run` stay quick: pandas, pyarrow and dask load when a sweep runs."""
    code = (
        "import sys, sim, sim.experiments, sim.cli\n"
        "heavy = ('pandas', 'pyarrow', 'dask', 'distributed', 'scipy', 'tqdm', 'matplotlib')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
