"""Outcome distributions before and after the drafting-cadence default flips (issue 14, item 4).

    python benchmarks/mediator_cadence.py [SEEDS]

For each shipped scenario with a drafting mediator that does not run the talks (only those
change when `mediators.<id>.drafting` defaults to `cadence` instead of `opening`), the
distribution of statuses and releases over seeds 0..SEEDS-1 (default 1,000), first as shipped
(`opening`: one draft as the talks open), then with every such mediator set to `cadence`
(a draft as the talks open and then every `draft_every_steps` steps). Scenarios without such a
mediator are listed as unchanged: the field is not read for them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sim  # noqa: E402
from benchmarks.distributions import distribution  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def side_drafters(scenario: sim.Scenario) -> list[str]:
    """The drafting mediators that do not run the talks: those `drafting` applies to."""
    return [key for key, mediator in scenario.mediators.items()
            if mediator.drafts_packages and key != scenario.protocol.mediator]


def main(argv: list[str]) -> int:
    """Print the before/after distributions of every shipped scenario the flip changes."""
    seeds = int(argv[0]) if argv else 1000
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        drafters = side_drafters(sim.load_scenario(path))
        if not drafters:
            print(f"{path.name}: unchanged (no drafting mediator beside the one running the talks)")
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        explicit = {key: document["mediators"][key].get("drafting") for key in drafters}
        for drafting in ("opening", "cadence"):
            for key in drafters:
                document["mediators"][key]["drafting"] = drafting
            with tempfile.TemporaryDirectory() as folder:
                copy = Path(folder) / path.name
                copy.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
                lines = distribution(copy, seeds)
            shipped = " (as shipped)" if all((explicit[k] or "opening") == drafting for k in drafters) else ""
            print(f"drafting: {drafting} for {', '.join(drafters)}{shipped}")
            print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
