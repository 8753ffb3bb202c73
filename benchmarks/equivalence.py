"""Check that an optimisation leaves every event log byte-identical, over many scenarios and seeds.

    python benchmarks/equivalence.py save before.json    # on the code before the change
    python benchmarks/equivalence.py check before.json   # on the code after it

The goldens pin one seed per shipped scenario; this runs each shipped scenario, the test data
scenarios, both bilateral benchmark cases and the Istanbul scenario scaled to 1,000 captives a
side over many seeds (1,210 runs, about half a minute) and compares one sha256 per scenario
of every event log (JSON Lines) and outcome. `check` exits 1 and names the scenarios whose
logs changed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sim  # noqa: E402
from benchmarks.istanbul_scaling import scaled_document  # noqa: E402
from benchmarks.problem import cases  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def scenarios() -> dict[str, tuple[sim.Scenario, int]]:
    """Name -> (scenario, number of seeds)."""
    chosen: dict[str, tuple[sim.Scenario, int]] = {}
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = sim.load_scenario(path)
        chosen[path.name] = (scenario, 40 if scenario.channel is not None else 300)
    for path in sorted((ROOT / "tests" / "data").glob("*.yaml")):
        chosen[f"tests/data/{path.name}"] = (sim.load_scenario(path), 100)
    for problem in cases():
        chosen[f"bilateral {problem.name}"] = (sim.validate_document(problem.document, "bilateral-3x10.yaml"), 20)
    chosen["istanbul scaled to 1,000"] = (sim.validate_document(scaled_document(1000)), 30)
    return chosen


def digests() -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for name, (scenario, seeds) in scenarios().items():
        digest = hashlib.sha256()
        for seed in range(seeds):
            result = sim.run(scenario, seed=seed)
            digest.update(result.events_jsonl().encode("utf-8"))
            digest.update(json.dumps(result.outcome.to_dict(), sort_keys=True, default=str).encode("utf-8"))
        found[name] = [seeds, digest.hexdigest()]
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print(__doc__)
        return 2
    command, path = argv[0], Path(argv[1])
    found = digests()
    if command == "save":
        path.write_text(json.dumps(found, indent=1), encoding="utf-8")
        print(f"saved {len(found)} digests ({sum(int(str(v[0])) for v in found.values()):,} runs) to {path}")
        return 0
    before = json.loads(path.read_text(encoding="utf-8"))
    changed = [name for name in before if found.get(name) != before[name]]
    print("identical" if not changed else f"CHANGED: {', '.join(changed)}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
