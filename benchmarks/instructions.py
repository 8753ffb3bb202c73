"""Instructions per run, counted by valgrind: a cost figure that other jobs on the machine cannot move.

    python benchmarks/instructions.py [--runs N] [--root DIR] [--only NAME ...] [--anticipation]

Wall time on a shared virtual machine moves by a fifth between two runs of the same code,
which hides the few per cent an optimisation saves. Valgrind's callgrind counts the machine
instructions a process executes, the same on every repeat: this script runs each workload
under it once with one run and once with `1 + N` runs, in fresh processes, and reports the
difference divided by N (the interpreter's start-up and the imports cancel out), with
`PYTHONHASHSEED=0` (string hashes change how dictionaries probe, about 1% between processes). Instructions
are not time (caches, allocation and branch prediction differ), but a change that removes
instructions from the same workload makes it faster, and the counts of two versions of the
code can be compared exactly. `--root` measures another checkout of the repository (for
before and after figures: `git worktree add /tmp/before <commit>`).

Workloads: the bilateral 3x10 cases (aspiration 4 vs 4, Boulware 4 vs conceder 0.25) in
Parley, the bare SimPy loop and NegMAS (if installed), and the Istanbul scenario over seeds
0 to N-1. Needs `valgrind` on the PATH; takes a minute or two (two workloads at a time).
`--anticipation` turns on two-level negotiation (`delegation.anticipation.enabled`) for every
delegation of the Parley workloads, to measure its cost (only on trees that have the field).
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ("parley/aspiration", "bare/aspiration", "negmas/aspiration",
             "parley/boulware", "bare/boulware", "negmas/boulware", "istanbul")
DEFAULT_RUNS = {"negmas": 4, "istanbul": 20}
"""Runs counted per workload (NegMAS takes ten times longer a run; 40 for the others)."""
COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
ANTICIPATION = "PARLEY_BENCH_ANTICIPATION"
"""Set to 1 in a child's environment: its Parley workload runs with every delegation anticipating its ratifiers."""


def anticipating(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a scenario document whose delegations all anticipate their ratifiers, when the
    environment asks for it (`ANTICIPATION`); the document itself otherwise."""
    if os.environ.get(ANTICIPATION) != "1":
        return document
    document = copy.deepcopy(document)
    for spec in document["parties"].values():
        spec.setdefault("delegation", {})["anticipation"] = {"enabled": True}
    return document


def workload(name: str) -> Callable[[int], None]:
    """A function running `name` the given number of times (imports done before it is called)."""
    if name == "istanbul":
        import yaml

        import sim

        path = Path("scenarios") / "istanbul-2025-05.yaml"
        scenario = sim.validate_document(anticipating(yaml.safe_load(path.read_text(encoding="utf-8"))), str(path))

        def istanbul(times: int) -> None:
            for seed in range(times):
                sim.run(scenario, seed=seed)

        return istanbul
    from benchmarks.bilateral import bare_negotiation, parley_negotiation
    from benchmarks.problem import cases

    kind, case = name.split("/")
    problem = next(p for p in cases() if p.name.split()[0] == case)
    if kind == "parley":
        problem = replace(problem, document=anticipating(problem.document))
    if kind == "negmas":
        from benchmarks import negmas_case

        negotiate = lambda: negmas_case.negotiate(problem)  # noqa: E731
    else:
        negotiate = (parley_negotiation if kind == "parley" else bare_negotiation)(problem)

    def bilateral(times: int) -> None:
        for _ in range(times):
            negotiate()

    return bilateral


def count(root: Path, name: str, times: int) -> int:
    """Instructions callgrind counts for a fresh process running `name` `times` times."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, str(Path(__file__).resolve()), "--child", name, str(times), "--root", str(root)]
    environment = {**os.environ, "PYTHONHASHSEED": "0"}  # string hashes move dict probing: fix them
    completed = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, check=False)
    found = COLLECTED.search(completed.stderr)
    if completed.returncode != 0 or found is None:
        raise RuntimeError(f"{name} under valgrind failed:\n{completed.stderr[-2000:]}")
    return int(found.group(1))


def per_run(root: Path, name: str, runs: int) -> float:
    with ThreadPoolExecutor(2) as pool:
        one, many = pool.map(lambda times: count(root, name, times), (1, 1 + runs))
    return (many - one) / runs


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None,
                        help="runs counted per workload (default: 40; NegMAS 4, Istanbul 20)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--only", nargs="+", choices=WORKLOADS, default=None, help="measure only these workloads")
    parser.add_argument("--anticipation", action="store_true",
                        help="every Parley delegation anticipates its ratifiers (delegation.anticipation.enabled)")
    parser.add_argument("--child", nargs=2, metavar=("WORKLOAD", "TIMES"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.child:
        sys.path.insert(0, str(args.root.resolve()))
        workload(args.child[0])(int(args.child[1]))
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing measured", file=sys.stderr)
        return 2
    if args.anticipation:
        os.environ[ANTICIPATION] = "1"  # the children inherit it
    names = [n for n in (args.only or WORKLOADS) if not (n.startswith("negmas") and not _has_negmas())]
    figures: dict[str, float] = {}
    print(f"instructions per run, {args.root}" + (", anticipation on" if args.anticipation else ""))
    for name in names:
        runs = args.runs or DEFAULT_RUNS.get(name.split("/")[0], 40)
        figures[name] = per_run(args.root.resolve(), name, runs)
        print(f"  {name:20s} {figures[name] / 1e6:8.2f} M  ({runs} runs)", flush=True)
    for case in ("aspiration", "boulware"):
        parley = figures.get(f"parley/{case}")
        for other in ("bare", "negmas"):
            theirs = figures.get(f"{other}/{case}")
            if parley and theirs:
                print(f"  {case}: {other} / Parley = {theirs / parley:.2f}x")
    return 0


def _has_negmas() -> bool:
    try:
        import negmas  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
