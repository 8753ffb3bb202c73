"""A short human summary of one run, a round of talks or a channel, as `parley run` prints it."""

from __future__ import annotations

import datetime as dt

from sim.talks.result import Result


def describe_outcome(result: Result) -> str:
    """The lines `parley run` prints about `result`: status, steps, who released whom, final trust."""
    if result.channel is not None:
        return describe_channel(result)
    outcome = result.outcome
    scenario = result.scenario
    lines = [f"{scenario.name} (seed {result.seed}): {outcome.status}"]
    decisions = ", ".join(_count(n, word) for n, word in (
        (outcome.rounds, "step"), (outcome.referrals, "referral"), (outcome.vetoes, "veto"),
        (outcome.disputes, "dispute")))
    if not outcome.agreed_at_table:
        lines.append(f"  no deal after {decisions}; run ended on {_day(result, outcome.end_day)}")
    else:
        assert outcome.day_of_agreement is not None
        gates = f"ratified {'yes' if outcome.ratified else 'no'}, executed {'yes' if outcome.executed else 'no'}"
        lines.append(f"  agreed at the table on {_day(result, outcome.day_of_agreement)} after {decisions}; {gates}")
        for side, count in outcome.agreed_released.items():
            members = scenario.sides[side]
            if members == (side,):
                done = outcome.released_by_category[side]
                detail = ", ".join(f"{category} {n}" for category, n in done.items()) or "none yet"
                lines.append(f"  {side} releases {count} agreed, {outcome.released[side]} done ({detail})")
                continue
            done_by = ", ".join(f"{member} {outcome.released[member]}" for member in members)
            lines.append(f"  {side} releases {count} agreed, {sum(outcome.released[m] for m in members)} done "
                         f"({done_by})")
        named = result.released_named()
        if any(named.values()):
            lines.append("  named: " + "; ".join(f"{party} {', '.join(names)}" for party, names in named.items()
                                                if names))
        if outcome.ratio is not None:
            lines.append(f"  ratio {outcome.ratio_of} = {outcome.ratio:.2f}")
        if outcome.issues_agreed:
            lines.append("  issues: " + ", ".join(f"{k} = {scenario.issues[k].show(v)}"
                                                  for k, v in outcome.issues_agreed.items()))
        if result.stages and scenario.execution.plan:
            lines.append("  stages: " + ", ".join(_stage(result, stage) for stage in result.stages))
        elif outcome.stage_days:
            lines.append("  stages executed on " + ", ".join(_day(result, d) for d in outcome.stage_days))
    lines.append("  final trust: " + ", ".join(f"{k} {v:.2f}" for k, v in outcome.final_trust.items()))
    return "\n".join(lines)


def _count(number: int, word: str) -> str:
    plural = "es" if word.endswith("o") else "s"
    return f"{number} {word}" if number == 1 else f"{number} {word}{plural}"


def _stage(result: Result, stage: dict[str, object]) -> str:
    """One stage of an execution plan and its fate: `funds executed on day 2.35`, `people not reached`."""
    day = stage["day"]
    when = f" on {_day(result, day)}" if isinstance(day, float) else ""
    return f"{stage['id']} {stage['fate']}{when}"


def _day(result: Result, day: float) -> str:
    start = result.scenario.start_date
    if start is None:
        return f"day {day:.2f}"
    date = start + dt.timedelta(days=day)
    return f"day {day:.2f} ({date.isoformat()})"


def describe_channel(result: Result) -> str:
    """The lines `parley run` prints about a channel run: exchanges, rounds, releases per side, trust."""
    scenario = result.scenario
    record = result.channel
    assert record is not None, "a channel run"
    first, second = scenario.party_ids
    outcome = result.outcome
    years = scenario.horizon_days / 365.25
    span = f"{scenario.horizon_days:g} days" + (f" ({years:.1f} years)" if years >= 1 else "")
    # Count what the exchanges table holds: one row per exchange, or per stage with `record_stages`.
    rows = len(result.exchanges())
    staged = scenario.channel is not None and scenario.channel.record_stages
    what = _count(rows, "exchange stage" if staged else "exchange")
    lines = [f"{scenario.name} (seed {result.seed}): {what} in {span}"]
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
