"""Security: YAML is loaded safely, nothing a user supplies is evaluated or unpickled, workers get
only validated data, and nothing listens on or reaches the network without a scheduler address."""

from __future__ import annotations

import ast
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml

import sim
from sim.experiments import executors
from sim.experiments.executors import SerialExecutor
from sim.experiments.plan import make_plan
from sim.experiments.sweep import execute
from sim.experiments.worker import run_chunk
from sim.scenario.source import SAFE_LOADER

PACKAGE = Path(sim.__file__).resolve().parent
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "socket", "urllib", "http", "requests",
                     "subprocess"}
YAML_READERS = {"load", "load_all", "compose", "compose_all", "unsafe_load", "full_load", "parse", "scan"}


def sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


def test_the_package_never_evaluates_unpickles_or_opens_sockets_itself() -> None:
    """No eval/exec/compile, no pickle-like or network modules imported anywhere in sim/."""
    found = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                found.append(f"{path.name}:{node.lineno} {node.func.id}()")
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}:{node.lineno} import {name}" for name in names
                      if name.split(".")[0] in FORBIDDEN_MODULES]
    assert found == []


def test_yaml_is_only_read_with_a_safe_loader() -> None:
    """Every yaml.load/compose call in sim/ passes Loader=SAFE_LOADER; everything else is yaml.safe_load."""
    calls = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "yaml"
                    and node.func.attr in YAML_READERS):
                loader = {keyword.arg: ast.unparse(keyword.value) for keyword in node.keywords}.get("Loader")
                calls.append((path.name, node.func.attr, loader))
    assert calls == [("source.py", "compose", "SAFE_LOADER"), ("source.py", "load", "SAFE_LOADER")]
    assert issubclass(SAFE_LOADER, yaml.SafeLoader) or SAFE_LOADER.__name__ == "CSafeLoader"
    assert not issubclass(SAFE_LOADER, yaml.FullLoader | yaml.UnsafeLoader)


def test_a_python_object_tag_is_refused_not_built(tmp_path: Path) -> None:
    """A YAML tag that would run code under an unsafe loader is a one-line ScenarioError."""
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(f'name: !!python/object/apply:os.system ["touch {marker}"]\nhorizon_days: 1\n', encoding="utf-8")
    with pytest.raises(sim.ScenarioError) as caught:
        sim.load_scenario(path)
    (problem,) = caught.value.problems
    assert "could not determine a constructor for the tag" in problem.message
    assert not marker.exists()


def plain(value: Any) -> bool:
    """Only validated scenarios and plain data: what a worker may be sent."""
    if isinstance(value, sim.Scenario | str | int | float | bool) or value is None:
        return True
    if isinstance(value, list | tuple):
        return all(plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str | int) and plain(item) for key, item in value.items())
    return False


class RecordingExecutor(SerialExecutor):
    def __init__(self) -> None:
        self.sent: list[tuple[Any, tuple[Any, ...]]] = []

    def submit(self, fn: Any, /, *args: Any) -> Any:
        self.sent.append((fn, args))
        return super().submit(fn, *args)


def test_workers_receive_only_validated_scenarios_and_plain_values(istanbul_path: Path, tmp_path: Path) -> None:
    """Each task sent out is run_chunk with a slug, validated Scenario objects and tuples of numbers."""
    plan = make_plan(istanbul_path, [{"parties.RU.leader.veto": {"kind": "never"}}, {"protocol.max_steps": 10}],
                     runs=3, chunk_size=2)
    recorder = RecordingExecutor()
    execute(plan, tmp_path / "s", recorder, run_timeout=30)
    assert len(recorder.sent) == 3
    for fn, args in recorder.sent:
        assert fn is run_chunk
        assert plain(args), args
        assert all(isinstance(scenario, sim.Scenario) for scenario in args[1].values())


def test_a_local_dask_cluster_listens_on_loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --scheduler the cluster Parley starts binds 127.0.0.1 and has no dashboard."""
    import distributed

    made: dict[str, Any] = {}

    class FakeCluster:
        def __init__(self, **options: Any) -> None:
            made.update(options)

    class FakeClient:
        def __init__(self, cluster: Any, **options: Any) -> None:
            self.cluster = cluster

        def nthreads(self) -> dict[str, int]:
            return {"w": 1}

    monkeypatch.setattr(distributed, "LocalCluster", FakeCluster)
    monkeypatch.setattr(distributed, "Client", FakeClient)
    executors.DaskExecutor(workers=1)
    assert made["host"] == "127.0.0.1"
    assert made["dashboard_address"] is None


def test_runs_validation_and_serial_sweeps_open_no_socket(istanbul_path: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """With sockets made unusable, parley validate, run and a one-worker sweep all still work."""
    from sim.cli import main

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert main(["validate", str(istanbul_path)]) == 0
    assert main(["run", str(istanbul_path), "--no-plots", "--no-report", "--out", str(tmp_path / "r")]) == 0
    assert main(["sweep", str(istanbul_path), "--runs", "3", "--workers", "1", "--no-plots", "--no-report",
                 "--out", str(tmp_path / "s")]) == 0
    assert "3 runs" in capsys.readouterr().out
