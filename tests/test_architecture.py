"""Architecture rules: rooms with one-way doors, and an engine free of plotting and data-frame libraries.

The import graph of `sim/` is read from the source (every import statement wherever it
stands: inside functions and under `TYPE_CHECKING` too; importing a package counts as
importing its `__init__`). It must have no cycle, and every import must stay inside its
room or go down the layer table below; an import between two rooms of the same layer is
allowed only where `SIDEWAYS` lists it. The table is the one in the docs' Architecture page.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent.parent / "sim"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("scenario", "randomness", "files"),
    ("valuation",),
    ("rules",),
    ("runtime",),
    ("agents",),
    ("protocols",),
    ("talks",),
    ("channel",),
    ("engine",),
    ("analysis", "experiments", "history", "forecast", "compare", "calibrate", "backtest"),
    ("plots",),
    ("cli",),
)
"""Rooms from the bottom up: a room imports only from its own room and rooms of lower layers."""

SIDEWAYS: frozenset[tuple[str, str]] = frozenset({
    ("scenario", "randomness"),
    ("scenario", "files"),
    ("experiments", "analysis"),
    ("compare", "history"),
    ("compare", "experiments"),
    ("calibrate", "compare"),
    ("calibrate", "experiments"),
    ("calibrate", "history"),
    ("compare", "forecast"),
    ("calibrate", "forecast"),
    ("backtest", "forecast"),
    ("backtest", "compare"),
    ("backtest", "calibrate"),
    ("backtest", "experiments"),
    ("backtest", "history"),
})
"""Imports allowed between two rooms of the same layer (importer, imported)."""

LAYER_OF = {room: index for index, rooms in enumerate(LAYERS) for room in rooms}


def module_names() -> dict[str, Path]:
    """Every module of `sim/` by dotted name (a package by the name of its `__init__`)."""
    found = {}
    for path in SIM.rglob("*.py"):
        parts = list(path.relative_to(SIM.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The modules of `sim` that `name` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def known(target: str) -> str:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sim":
                    yield known(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "sim":
                continue
            for alias in node.names:
                yield known(f"{base}.{alias.name}") if f"{base}.{alias.name}" in modules else known(base)


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    return {name: set(imports_of(name, path, modules)) - {name} for name, path in modules.items()}


def room(module: str) -> str:
    """`sim.talks.round` -> `talks`; `sim.engine` -> `engine`; the front door `sim` -> ``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_room_is_in_the_layer_table() -> None:
    rooms = {room(name) for name in module_names()} - {""}
    assert rooms <= set(LAYER_OF), f"rooms missing from LAYERS: {sorted(rooms - set(LAYER_OF))}"


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(import_graph()) == []


def test_imports_go_down_the_layers_or_stay_in_their_room() -> None:
    wrong = []
    for importer, targets in import_graph().items():
        for target in targets:
            source, destination = room(importer), room(target)
            if source == "" or source == destination:
                continue  # the front door may open any room; a room may use itself
            if destination == "":
                wrong.append(f"{importer} -> sim (only the front door may be `sim` itself)")
            elif LAYER_OF[destination] > LAYER_OF[source]:
                wrong.append(f"{importer} -> {target} (up)")
            elif LAYER_OF[destination] == LAYER_OF[source] and (source, destination) not in SIDEWAYS:
                wrong.append(f"{importer} -> {target} (sideways, not in SIDEWAYS)")
    assert sorted(wrong) == []


def test_the_graph_reader_sees_imports_inside_functions_and_type_checking(tmp_path: Path) -> None:
    """The rules would be hollow if lazy imports escaped them."""
    source = tmp_path / "sim" / "talks" / "x.py"
    source.parent.mkdir(parents=True)
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sim.plots import y\n"
        "def f():\n    import sim.cli.main\n    from ..channel import engine\n"
    )
    modules = {"sim.talks.x": source, "sim.plots": source, "sim.plots.y": source, "sim.cli.main": source,
               "sim.channel": source, "sim.channel.engine": source}
    assert set(imports_of("sim.talks.x", source, modules)) == {"sim.plots.y", "sim.cli.main", "sim.channel.engine"}


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
])
def test_cycles_finds_a_cycle(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(graph) == expected


def test_only_plots_and_the_command_line_import_matplotlib() -> None:
    drawing = []
    for name, path in module_names().items():
        if room(name) in ("plots", "cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "matplotlib" for n in names):
                drawing.append(name)
    assert drawing == []


def test_running_a_scenario_imports_neither_matplotlib_nor_pandas() -> None:
    code = (
        "import sys, sim, sim.engine\n"
        "from support import bargaining_document, load\n"
        "sim.run(load(bargaining_document()), seed=0)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'pandas')))\n"
    )
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


def test_importing_sim_and_the_command_line_loads_no_heavy_library() -> None:
    """Notebooks, `parley run` and `parley validate` start quickly: pandas, pyarrow, dask, scipy, SALib and
    matplotlib load when a command needs them."""
    code = (
        "import sys, sim, sim.experiments, sim.cli\n"
        "from sim.cli import main\n"
        "heavy = ('pandas', 'pyarrow', 'dask', 'distributed', 'scipy', 'tqdm', 'matplotlib', 'SALib', 'scoringrules')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parley_validate_loads_no_heavy_library() -> None:
    """`parley validate` of the reference scenario, run in-process, loads none of the heavy libraries."""
    code = (
        "import sys\n"
        "from sim.cli import main\n"
        "code = main(['validate', 'scenarios/istanbul-2025-05.yaml'])\n"
        "heavy = ('pandas', 'pyarrow', 'dask', 'distributed', 'scipy', 'tqdm', 'matplotlib', 'SALib', 'scoringrules')\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=SIM.parent)
    assert out.stdout.splitlines() == ["scenarios/istanbul-2025-05.yaml: ok (Istanbul talks, May 2025)", "0 []"]


def test_import_sim_loads_names_on_first_use_only() -> None:
    """`import sim` is nearly free; each public name still resolves, to the object its home module defines."""
    code = (
        "import sys, sim\n"
        "print(sorted(m for m in sys.modules if m.startswith('sim') or m in ('numpy', 'pydantic', 'simpy')))\n"
        "import sim.engine, sim.scenario\n"
        "print(sim.run is sim.engine.run, sim.Scenario is sim.scenario.Scenario)\n"
        "print(sorted(set(sim.__all__) - set(dir(sim))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["['sim']", "True True", "[]"]
