"""Parley's benchmark suite (issue 5): prints a table and the targets, writes the figures as JSON.

    python benchmarks/run.py [--quick] [--json PATH] [--repeats N] [--no-scaling] [--no-sweeps]

Measures the bilateral 3x10 negotiation in Parley, NegMAS (if installed: `pip install -e
".[bench]"`) and a bare SimPy loop, interleaved in one process; the Istanbul scenario at
its shipped size and with rosters scaled to 10^3..10^6 captives per side (10^5 in
`--quick`), each size in a fresh subprocess; sweeps of 1,000 and 10,000 Istanbul runs with
1 and 2 workers (100 and 400 in `--quick`), each in a fresh parent process; the exchange
channel over 1 to 30 simulated years; and how a negotiation's cost grows with the number of
parties (2, 4, 8, 16 in two blocs, 10,000 captives in all; 2 and 16 in `--quick`).
It makes no timed assertion: it reports. The JSON goes
to benchmarks/results/latest.json unless `--json` says otherwise.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bilateral, channel, istanbul_scaling, parties, report, sweeps  # noqa: E402
from benchmarks.problem import cases  # noqa: E402
from sim.files import to_json, write_atomically  # noqa: E402

DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "latest.json"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Parley's benchmark suite (issue 5)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sizes up to 10^5 (a minute or less)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the figures ({DEFAULT_JSON})")
    parser.add_argument("--repeats", type=int, default=None, help="interleaved repeats of the bilateral case")
    parser.add_argument("--no-scaling", action="store_true", help="leave out the scaled Istanbul rosters")
    parser.add_argument("--no-sweeps", action="store_true", help="leave out the sweeps (they start process pools)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    repeats = args.repeats or (3 if args.quick else 9)
    block = 0.05 if args.quick else 0.3
    targets: list[report.Target] = []
    measured = _bilateral(repeats, block, targets)
    istanbul = _istanbul(args, targets)
    horizons = channel.measure(channel.QUICK_YEARS if args.quick else channel.YEARS, 1 if args.quick else 3)
    _emit([*report.channel_table(horizons), ""])
    counted = parties.measure((2, 16) if args.quick else parties.COUNTS, 2 if args.quick else 5)
    _emit([*parties.table(counted), ""])
    swept = [] if args.no_sweeps else sweeps.measure(*((sweeps.QUICK_SIZES, sweeps.WORKERS, 1) if args.quick
                                                       else (sweeps.SIZES, sweeps.WORKERS, 2)))
    targets += report.sweep_targets(swept)
    _emit([*report.sweep_table(swept), "", *report.targets_table(targets)])

    settings = {"quick": args.quick, "repeats": repeats, "block_seconds": block, "sweeps": not args.no_sweeps}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    record = report.record(settings, measured, istanbul, swept, horizons, targets)
    record["parties"] = [asdict(result) for result in counted]
    write_atomically(args.json, to_json(record))
    print(f"wrote {args.json}")
    return 0


def _bilateral(repeats: int, block: float, targets: list[report.Target]) -> list[Any]:
    lines: list[str] = []
    measured = []
    for problem in cases():
        results = bilateral.measure(problem, repeats, block)
        measured.append((problem, results))
        lines += [*report.bilateral_table(problem, results), ""]
        targets += report.bilateral_targets(problem, results)
    _emit(lines)
    return measured


def _istanbul(args: argparse.Namespace, targets: list[report.Target]) -> dict[str, Any]:
    runs = 30 if args.quick else 200
    sizes = () if args.no_scaling else (istanbul_scaling.SIZES[:3] if args.quick else istanbul_scaling.SIZES)
    scaled_runs = 1 if args.quick else 3
    median, _ = istanbul_scaling.shipped_median(runs)
    scaled = [istanbul_scaling.measure_size(n, scaled_runs) for n in sizes]
    exponent = istanbul_scaling.growth_exponent(scaled) if len(scaled) >= 2 else None
    top_decade = istanbul_scaling.top_decade_exponent(scaled)
    _emit([*report.istanbul_table(median, runs, scaled, exponent, top_decade), ""])
    targets += report.istanbul_targets(median, scaled, exponent)
    return {"shipped_median_ms": 1000 * median, "shipped_runs": runs, "scaled_runs": scaled_runs,
            "sizes": list(sizes), "scaled": [asdict(s) for s in scaled],
            "growth_exponent": exponent, "top_decade_exponent": top_decade}


def _emit(lines: list[str]) -> None:
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
