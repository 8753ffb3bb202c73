"""A short human summary of one run, as `parley run` prints it."""

from __future__ import annotations

import datetime as dt

from sim.result import Result


def describe_outcome(result: Result) -> str:
    if result.channel is not None:
        from sim.channel.report import describe_channel

        return describe_channel(result)
    outcome = result.outcome
    scenario = result.scenario
    lines = [f"{scenario.name} (seed {result.seed}): {outcome.status}"]
    decisions = ", ".join(_count(n, word) for n, word in (
        (outcome.rounds, "step"), (outcome.referrals, "referral"), (outcome.vetoes, "veto"),
        (outcome.disputes, "dispute")))
    if not outcome.agreement:
        lines.append(f"  no deal after {decisions}; run ended on {_day(result, outcome.end_day)}")
    else:
        assert outcome.day_of_agreement is not None
        lines.append(f"  agreed on {_day(result, outcome.day_of_agreement)} after {decisions}")
        for party, count in outcome.agreed_released.items():
            done = outcome.released_by_category[party]
            detail = ", ".join(f"{category} {n}" for category, n in done.items()) or "none yet"
            lines.append(f"  {party} releases {count} agreed, {outcome.released[party]} done ({detail})")
        if outcome.ratio is not None:
            lines.append(f"  ratio {outcome.ratio_of} = {outcome.ratio:.2f}")
        if outcome.issues_agreed:
            lines.append("  issues: " + ", ".join(f"{k} = {v}" for k, v in outcome.issues_agreed.items()))
        if outcome.stage_days:
            lines.append("  stages executed on " + ", ".join(_day(result, d) for d in outcome.stage_days))
    lines.append("  final trust: " + ", ".join(f"{k} {v:.2f}" for k, v in outcome.final_trust.items()))
    return "\n".join(lines)


def _count(number: int, word: str) -> str:
    plural = "es" if word.endswith("o") else "s"
    return f"{number} {word}" if number == 1 else f"{number} {word}{plural}"


def _day(result: Result, day: float) -> str:
    start = result.scenario.start_date
    if start is None:
        return f"day {day:.2f}"
    date = start + dt.timedelta(days=day)
    return f"day {day:.2f} ({date.isoformat()})"
