"""A short human summary of a channel run, as `parley run` prints it."""

from __future__ import annotations

import datetime as dt

from sim.result import Result


def describe_channel(result: Result) -> str:
    scenario = result.scenario
    record = result.channel
    assert record is not None, "a channel run"
    first, second = scenario.party_ids
    outcome = result.outcome
    years = scenario.horizon_days / 365.25
    lines = [f"{scenario.name} (seed {result.seed}): {len(record.exchanges)} exchanges in "
             f"{scenario.horizon_days:g} days ({years:.1f} years)"]
    lines.append(f"  rounds opened {record.rounds_opened}, agreed at the table {record.rounds_agreed}; "
                 f"{outcome.vetoes} vetoes, {record.freezes} freezes")
    for party in (first, second):
        detail = ", ".join(f"{c} {n}" for c, n in outcome.released_by_category[party].items()) or "none"
        lines.append(f"  {party} released {outcome.released[party]} ({detail}); holds {outcome.held[party]}")
    if record.exchanges:
        first_day, last_day = record.exchanges[0].day, record.exchanges[-1].day
        lines.append(f"  first exchange {_date(result, first_day)}, last {_date(result, last_day)}")
        by_year: dict[str, int] = {}
        for exchange in record.exchanges:
            year = _date(result, exchange.day)[:4]
            by_year[year] = by_year.get(year, 0) + 1
        lines.append("  exchanges per year: " + ", ".join(f"{y} {n}" for y, n in by_year.items()))
    lines.append("  final trust: " + ", ".join(f"{k} {v:.2f}" for k, v in outcome.final_trust.items()))
    return "\n".join(lines)


def _date(result: Result, day: float) -> str:
    start = result.scenario.start_date
    if start is None:
        return f"day {day:.0f}"
    return (start + dt.timedelta(days=int(day))).isoformat()
