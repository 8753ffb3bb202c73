"""Turn benchmark measurements into the printed table, the target verdicts and the JSON record.

Targets are issue 5's item 2; each prints PASS, FAIL, or SKIPPED when what it measures
was not run (NegMAS missing, a quick run, a case left out). The issue sets no target for the
long channel (1d): its table reports and judges nothing. Nothing here measures.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import simpy

from benchmarks import channel, sweeps
from benchmarks.bilateral import BARE, NEGMAS, PARLEY, Measured, ratio, same_agreement
from benchmarks.istanbul_scaling import SizeResult
from benchmarks.problem import BilateralProblem

NEGMAS_FACTOR = 15.0
BARE_FACTOR = 1.0
ISTANBUL_MS = 5.0
MILLION_SECONDS = 3.0
MILLION_MB = 1024.0
LINEAR = 1.0
SPEEDUP = 1.8


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    goal: str
    figure: str
    status: str  # PASS, FAIL or SKIPPED


def verdict(ok: bool | None) -> str:
    return "SKIPPED" if ok is None else ("PASS" if ok else "FAIL")


def bilateral_targets(problem: BilateralProblem, results: list[Measured]) -> list[Target]:
    versus_negmas = ratio(results, PARLEY, NEGMAS)
    versus_bare = ratio(results, PARLEY, BARE)
    return [
        Target(f"2a {problem.name}: Parley / NegMAS", f">= {NEGMAS_FACTOR:g}x",
               _times(versus_negmas), verdict(None if versus_negmas is None else versus_negmas >= NEGMAS_FACTOR)),
        Target(f"2a {problem.name}: Parley / bare SimPy", f">= {BARE_FACTOR:g}x",
               _times(versus_bare), verdict(None if versus_bare is None else versus_bare >= BARE_FACTOR)),
    ]


def istanbul_targets(median_seconds: float, sizes: list[SizeResult], exponent: float | None) -> list[Target]:
    million = next((s for s in sizes if s.captives == 1_000_000), None)
    return [
        Target("2b Istanbul, shipped size", f"<= {ISTANBUL_MS:g} ms per run", f"{1000 * median_seconds:.2f} ms",
               verdict(1000 * median_seconds <= ISTANBUL_MS)),
        Target("2b growth in roster size", f"exponent <= {LINEAR:g}",
               "-" if exponent is None else f"{exponent:.2f}",
               verdict(None if exponent is None else exponent <= LINEAR)),
        Target("2b 10^6 captives per side, time", f"<= {MILLION_SECONDS:g} s",
               "-" if million is None else f"{million.median_seconds:.2f} s",
               verdict(None if million is None else million.median_seconds <= MILLION_SECONDS)),
        Target("2b 10^6 captives per side, memory", f"<= {MILLION_MB:g} MB peak RSS",
               "-" if million is None else f"{million.peak_rss_mb:.0f} MB",
               verdict(None if million is None else million.peak_rss_mb <= MILLION_MB)),
    ]


def sweep_targets(results: list[sweeps.SweepResult]) -> list[Target]:
    largest = max((r.runs for r in results), default=None)
    gain = None if largest is None else sweeps.speedup(results, largest)
    flat = sweeps.memory_flat(results)
    growth = ", ".join(f"{r.runs:,} runs x{r.workers}: +{r.growth_mb:.0f} MB" for r in sweeps.fastest(results))
    return [
        Target(f"2c sweeps, 2 workers against 1 ({largest or 0:,} runs)", f"speedup >= {SPEEDUP:g}",
               "-" if gain is None else f"{gain:.2f}x", verdict(None if gain is None else gain >= SPEEDUP)),
        Target("2c sweeps, parent's peak memory flat in runs", "growth at the most runs <= 1.5x that at the "
               "fewest + 8 MB", growth or "-", verdict(flat)),
    ]


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def bilateral_table(problem: BilateralProblem, results: list[Measured]) -> list[str]:
    lines = [f"Bilateral 3x10, {problem.name} ({problem.rounds} rounds, {problem.size} outcomes)",
             f"  {'implementation':<12} {'negotiations/s':>15} {'Parley is':>10}  agreement"]
    rates = {r.name: r.per_second for r in results}
    for result in results:
        if result.per_second is None:
            lines.append(f"  {result.name:<12} {result.skipped}")
            continue
        parley = rates.get(PARLEY)
        relative = parley / result.per_second if parley else None
        deal = result.deal.describe() if result.deal else "-"
        lines.append(f"  {result.name:<12} {result.per_second:>15.0f} {_times(relative):>10}  {deal}")
    for other in (BARE, NEGMAS):
        same = same_agreement(results, PARLEY, other)
        if same is not None:
            lines.append(f"  Parley and {other}: {'same agreement, same round' if same else 'DIFFERENT agreement'}")
    return lines


def istanbul_table(median_seconds: float, runs: int, sizes: list[SizeResult], exponent: float | None,
                   top_decade: float | None) -> list[str]:
    lines = [f"Istanbul, shipped size: median {1000 * median_seconds:.2f} ms per run over {runs} seeds"]
    if sizes:
        lines.append("  captives/side  package_step  outcomes  runs  median time  peak RSS (baseline)  status")
        for s in sizes:
            lines.append(f"  {s.captives:>13,}  {s.package_step:>12,}  {s.outcomes:>8,}  {s.runs:>4}  "
                         f"{s.median_seconds * 1000:>8.1f} ms  {s.peak_rss_mb:>6.0f} MB ({s.baseline_rss_mb:.0f} MB)"
                         f"     {s.status}")
        if exponent is not None:
            lines.append(f"  fitted growth exponent (log time on log captives): {exponent:.2f}"
                         + (f"; between the two largest sizes: {top_decade:.2f}" if top_decade is not None else ""))
    return lines


def sweep_table(results: list[sweeps.SweepResult]) -> list[str]:
    if not results:
        return ["Sweeps (1c): SKIPPED: left out"]
    lines = ["Sweeps (1c): replicate(istanbul-2025-05.yaml, runs) with the process executor, each in a fresh parent;",
             "  the fastest of the repeats (slowest in brackets)",
             "    runs  workers  seconds (slowest)  runs/s  speedup  parent peak RSS (before)  growth  traced peak"]
    slowest = {(r.runs, r.workers): max(x.seconds for x in results if (x.runs, x.workers) == (r.runs, r.workers))
               for r in results}
    for r in sweeps.fastest(results):
        gain = sweeps.speedup(results, r.runs, r.workers)
        failed = f"  {r.failed} failed" if r.failed else ""
        lines.append(f"  {r.runs:>6,}  {r.workers:>7}  {r.seconds:>7.1f} ({slowest[(r.runs, r.workers)]:>6.1f})  "
                     f"{r.runs_per_second:>6.0f}  "
                     f"{_times(gain):>7}  {r.peak_rss_mb:>10.0f} MB ({r.baseline_rss_mb:.0f} MB)  "
                     f"{r.growth_mb:>+4.0f} MB  {r.traced_peak_mb:>8.1f} MB{failed}")
    return lines


def channel_table(results: list[channel.HorizonResult]) -> list[str]:
    if not results:
        return ["Long channel (1d): SKIPPED: left out"]
    lines = ["Long channel (1d): ru-ua-channel.yaml from its start date, median over seeds (no target set)",
             "  years     days  seeds  median time  per simulated year  events/year  held at the end"]
    for r in results:
        lines.append(f"  {r.years:>5}  {r.days:>7,.0f}  {r.seeds:>5}  {r.median_seconds:>9.2f} s  "
                     f"{1000 * r.seconds_per_year:>15.1f} ms  {r.events_per_year:>11,.0f}  {r.held_at_end:>14,.0f}")
    return lines


def targets_table(targets: list[Target]) -> list[str]:
    lines = ["Targets (issue 5, item 2)"]
    for target in targets:
        lines.append(f"  {target.status:<8} {target.name}: {target.figure} (goal {target.goal})".rstrip())
    return lines


def machine() -> dict[str, Any]:
    from benchmarks.negmas_case import available

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "simpy": simpy.__version__,
        "negmas": available(),
    }


def record(settings: dict[str, Any], bilateral: list[tuple[BilateralProblem, list[Measured]]],
           istanbul: dict[str, Any], swept: list[sweeps.SweepResult], horizons: list[channel.HorizonResult],
           targets: list[Target]) -> dict[str, Any]:
    return {
        "machine": machine(),
        "settings": settings,
        "bilateral": [
            {
                "case": problem.name,
                "contenders": [
                    {"name": r.name, "per_second": r.per_second, "rates": r.rates, "skipped": r.skipped,
                     "agreement": asdict(r.deal) if r.deal else None}
                    for r in results
                ],
                "parley_over_negmas": ratio(results, PARLEY, NEGMAS),
                "parley_over_bare": ratio(results, PARLEY, BARE),
                "same_as_bare": same_agreement(results, PARLEY, BARE),
                "same_as_negmas": same_agreement(results, PARLEY, NEGMAS),
            }
            for problem, results in bilateral
        ],
        "istanbul": istanbul,
        "sweeps": [{**asdict(r), "runs_per_second": r.runs_per_second, "growth_mb": r.growth_mb,
                    "speedup": sweeps.speedup(swept, r.runs, r.workers)} for r in swept],
        "channel": [{**asdict(r), "seconds_per_year": r.seconds_per_year} for r in horizons],
        "targets": [asdict(t) for t in targets],
    }
