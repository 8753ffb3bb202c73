"""Plug-ins are declared once (a parameter model with its `kind`, and a builder) and the schema follows.

A plug-in registered in a session is accepted by the next scenario checked; one installed by a
package through the `parley.plugins` entry-point group works in a sweep's worker processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Literal

import pandas as pd
import pytest
import yaml
from support import bargaining_document

import sim
from sim.randomness import Stream
from sim.rules import STRATEGIES, TRUST_MODELS, VETO_RULES
from sim.scenario.fields import Frozen, Probability
from sim.scenario.registry import PROTOCOLS, Registry, kind_of


class RefusingVeto(Frozen):
    """A leader who refuses every deal unless `mood` is above 0.5."""

    kind: Literal["refusing"]
    mood: Probability = 0.0


class Refuses:
    """The behaviour behind `RefusingVeto`."""

    def __init__(self, mood: float) -> None:
        self.mood = mood

    def approves(self, value: float, trust: float, rng: Stream) -> bool:
        """Approve only in a good mood."""
        return self.mood > 0.5


def refusing_document() -> dict[str, object]:
    document = bargaining_document()
    document["parties"]["A"]["leader"]["veto"] = {"kind": "refusing"}
    return document


def test_a_plugin_registered_in_a_session_is_accepted_and_runs() -> None:
    sim.validate_document(bargaining_document())  # the schema is built before the plug-in exists
    with pytest.raises(sim.ScenarioError, match="unknown kind 'refusing'"):
        sim.validate_document(refusing_document())
    VETO_RULES.register(RefusingVeto)(lambda spec: Refuses(spec.mood))
    try:
        scenario = sim.validate_document(refusing_document())
        assert isinstance(scenario.parties["A"].leader.veto, RefusingVeto)
        assert sim.run(scenario, seed=0).outcome.status == "vetoed"
        happy = refusing_document()
        happy["parties"]["A"]["leader"]["veto"]["mood"] = 0.9
        assert sim.run(sim.validate_document(happy), seed=0).outcome.status == "executed"
    finally:
        VETO_RULES.unregister("refusing")
    with pytest.raises(sim.ScenarioError, match="unknown kind 'refusing'"):
        sim.validate_document(refusing_document())


def test_the_schema_offers_exactly_the_registered_kinds() -> None:
    schema = json.dumps(sim.Scenario.model_json_schema())
    for registry in (STRATEGIES, TRUST_MODELS, VETO_RULES, PROTOCOLS):
        for kind in registry.kinds():
            assert f'"{kind}"' in schema
    assert [kind for kind, _ in VETO_RULES.entries()] == ["never", "threshold", "probabilistic"]


def test_a_kind_is_read_from_the_parameter_model_and_written_nowhere_else() -> None:
    assert kind_of(RefusingVeto) == "refusing"

    class Nameless(Frozen):
        mood: Probability = 0.0

    with pytest.raises(TypeError, match="kind: Literal"):
        kind_of(Nameless)
    registry: Registry[object] = Registry("test rule")
    registry.register(RefusingVeto)(lambda spec: Refuses(spec.mood))
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(RefusingVeto)(lambda spec: Refuses(spec.mood))


PLUGIN_PACKAGE = '''
"""A veto rule installed by a package: a leader who never approves."""
from typing import Literal

from sim.scenario.fields import Frozen
from sim.scenario.registry import VETO_RULES


class NeverApproves(Frozen):
    kind: Literal["never_approves"]


class Refuse:
    def approves(self, value, trust, rng):
        return False


VETO_RULES.register(NeverApproves)(lambda spec: Refuse())
'''


def installed_plugin(folder: Path) -> Path:
    """A package `parley_test_plugin` with its distribution metadata, as pip would leave it in site-packages."""
    site = folder / "site"
    (site / "parley_test_plugin").mkdir(parents=True)
    (site / "parley_test_plugin" / "__init__.py").write_text(textwrap.dedent(PLUGIN_PACKAGE))
    info = site / "parley_test_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: parley-test-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[parley.plugins]\nnever_approves = parley_test_plugin\n")
    return site


def test_a_plugin_installed_as_an_entry_point_runs_in_a_sweep_with_two_workers(tmp_path: Path) -> None:
    site = installed_plugin(tmp_path)
    document = bargaining_document()
    document["parties"]["A"]["leader"]["veto"] = {"kind": "never_approves"}
    scenario = tmp_path / "plugin.yaml"
    scenario.write_text(yaml.safe_dump(document))
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    out = tmp_path / "sweep"
    done = subprocess.run([sys.executable, "-m", "sim.cli", "sweep", str(scenario), "--runs", "4", "--workers", "2",
                           "--executor", "process", "--no-plots", "--no-report", "--out", str(out)],
                          capture_output=True, text=True, env=environment, timeout=300)
    assert done.returncode == 0, done.stderr
    table = pd.read_parquet(out / "results.parquet")
    assert sorted(set(table["status"])) == ["vetoed"] and len(table) == 4
