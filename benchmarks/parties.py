"""Issue 13, item 9: what more parties cost, and the 16-party benchmark file.

    python benchmarks/parties.py [--write]   # print the scaling table; --write regenerates the file

`document(parties)` builds a negotiation of `parties` parties in two blocs of equal size (two
parties: no blocs), 10,000 captives in all split evenly among the parties, each party's
captives the people of its counterpart in the other bloc, and two issues besides the prisoners
(a ceasefire and aid, three options each) on which the blocs want opposite things; Turkey-like
mediator `M` runs a single negotiating text. `benchmarks/scenarios/parties-16.yaml` is
`document(16)` written out (`--write`). `measure` runs each size over a few seeds in this
process and reports the median wall time of a run and how many runs reached a deal.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

import sim  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PARTIES_16 = ROOT / "benchmarks" / "scenarios" / "parties-16.yaml"
COUNTS = (2, 4, 8, 16)
CAPTIVES = 10_000
HEADER = """\
# Benchmark workload (issue 13, item 9): 16 parties in two blocs of 8, 10,000 captives in all,
# two issues besides the prisoners, a mediator's single text. Written by
# `python benchmarks/parties.py --write` (document(16)); edit that script, not this file.
"""


def _party(name: str, bloc: int, home: str, captives: int) -> dict[str, Any]:
    favour = (0.0, 0.5, 1.0) if bloc == 0 else (1.0, 0.5, 0.0)
    return {
        "name": name,
        "leader": {"name": f"{name} leader", "veto": {"kind": "threshold", "threshold": 0.3}},
        "delegation": {"name": f"{name} delegation", "strategy": {"kind": "aspiration", "exponent": 1.5}},
        "roster": {"home": home, "generate": {"soldier": captives}, "value_noise": 0.2},
        "interests": {
            "value_home": {"soldier": 1.0}, "value_holder": {"soldier": 1.0}, "urgency": 0.2,
            "weights": {"prisoners": 0.6, "ceasefire": 0.2, "aid": 0.2},
            "issue_values": {"ceasefire": dict(zip(("none", "days_30", "days_90"), favour, strict=True)),
                             "aid": dict(zip(("none", "some", "full"), favour[::-1], strict=True))},
        },
        "trust": {"kind": "fixed", "initial": 0.6},
    }


def document(parties: int, captives: int = CAPTIVES) -> dict[str, Any]:
    """A scenario of `parties` parties (even, 2..16) in two blocs, `captives` captives in all."""
    half = parties // 2
    first = [f"A{n:02d}" for n in range(1, half + 1)]
    second = [f"B{n:02d}" for n in range(1, half + 1)]
    each = captives // parties
    members = {**{a: _party(f"Party {a}", 0, b, each) for a, b in zip(first, second, strict=True)},
               **{b: _party(f"Party {b}", 1, a, each) for a, b in zip(first, second, strict=True)}}
    found: dict[str, Any] = {
        "name": f"{parties} parties in two blocs",
        "horizon_days": 60,
        "categories": ["soldier"],
        "parties": members,
        "issues": {"ceasefire": {"options": ["none", "days_30", "days_90"]},
                   "aid": {"options": ["none", "some", "full"]}},
        "mediators": {"M": {"name": "Mediator", "style": "host", "drafts_packages": True}},
        "protocol": {"kind": "single_text", "mediator": "M", "max_steps": 30, "step_hours": 6,
                     "package_step": 100},
    }
    if parties > 2:
        found["blocs"] = {"north": {"members": first}, "south": {"members": second}}
    return found


@dataclass(frozen=True, slots=True)
class PartiesResult:
    """One size of the scaling case: parties, seeds run, median seconds a run, runs agreed and executed."""

    parties: int
    seeds: int
    median_seconds: float
    agreed: int
    executed: int


def measure(counts: tuple[int, ...] = COUNTS, seeds: int = 5) -> list[PartiesResult]:
    """Run each size over `seeds` seeds (after one warm-up run) and time each run."""
    results = []
    for parties in counts:
        scenario = sim.validate_document(document(parties), f"parties-{parties}.yaml")
        sim.run(scenario, seed=seeds)  # warm-up: imports and memo caches
        seconds, agreed, executed = [], 0, 0
        for seed in range(seeds):
            start = time.perf_counter()
            result = sim.run(scenario, seed=seed)
            seconds.append(time.perf_counter() - start)
            agreed += result.outcome.agreement
            executed += result.outcome.status == "executed"
        results.append(PartiesResult(parties, seeds, statistics.median(seconds), agreed, executed))
    return results


def table(results: list[PartiesResult]) -> list[str]:
    """The scaling case as lines of a table."""
    lines = ["Parties (issue 13): 10,000 captives in two blocs, single text, median over seeds",
             "  parties   ms per run   agreed   executed"]
    lines += [f"  {r.parties:7d}   {1000 * r.median_seconds:10.1f}   {r.agreed:3d}/{r.seeds:<3d}  "
              f"{r.executed:3d}/{r.seeds}" for r in results]
    return lines


def write() -> Path:
    """Write `benchmarks/scenarios/parties-16.yaml` from `document(16)`."""
    PARTIES_16.write_text(HEADER + yaml.safe_dump(document(16), sort_keys=False, width=120), encoding="utf-8")
    return PARTIES_16


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        print(f"wrote {write()}")
    print("\n".join(table(measure())))
