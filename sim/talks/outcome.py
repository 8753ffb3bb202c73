"""The outcome of one run, summarised: what was agreed, what was carried out, at what cost.

`Outcome` is what `summary.json` holds and what sweeps tabulate. Its `ratio` is the number
released by the first side (party, or bloc, in sorted id order) per captive released by the
second; with more than two sides there is none. `agreed_released` is per side, `released`
per party. A deal goes through three gates, each a flag: `agreed_at_table` (the delegations
agreed), `ratified` (every ratifier approved) and `executed` (carried out in full). `agreement` is the old name of
`agreed_at_table`, kept as an alias until the next minor version.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sim.runtime.context import RunContext
from sim.talks.agreement import Agreement


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one run came to: what was agreed and carried out, what is still held, the counts, trust and values."""

    status: str
    agreed_at_table: bool
    """The delegations reached a deal at the table (it may still be vetoed, scrapped or fail)."""
    ratified: bool
    """Both leaders approved the deal, so its execution began."""
    executed: bool
    """The deal was carried out in full (status `executed`; a channel: at least one exchange took place)."""
    agreement: bool
    """Deprecated alias of `agreed_at_table`, kept until the next minor version: it never meant a deal carried out."""
    day_of_agreement: float | None
    agreed_released: dict[str, int]
    released: dict[str, int]
    released_by_category: dict[str, dict[str, int]]
    held: dict[str, int]
    ratio: float | None
    ratio_of: str
    issues_agreed: dict[str, Any]
    """The option agreed on each issue (a label), or for a numeric issue its amount (a number, in its unit)."""
    stage_days: list[float]
    rounds: int
    referrals: int
    vetoes: int
    disputes: int
    drafts: int
    final_trust: dict[str, float]
    values: dict[str, float]
    end_day: float

    def to_dict(self) -> dict[str, Any]:
        """The outcome as plain data, one key per field."""
        return asdict(self)


def summarise(ctx: RunContext, status: str, agreement: Agreement | None, ratified: bool = False) -> Outcome:
    """The outcome of a round of talks that ended with `status` and `agreement` (None if none was reached),
    `ratified` when both leaders approved it."""
    parties = ctx.scenario.party_ids
    categories = ctx.scenario.categories
    space = ctx.valuation.space
    released_by_category: dict[str, dict[str, int]] = {}
    for party in parties:
        counts: dict[str, int] = {}
        roster = ctx.rosters[party]
        if roster is not None and agreement is not None:
            package = agreement.packages[party]
            done = package[roster.status[package] == 1]
            counts = {c: int(n) for c, n in zip(categories, roster.count_by_category(done, len(categories)),
                                                strict=True) if n}
        released_by_category[party] = counts
    sides = space.parties
    agreed = space.released(agreement.outcome) if agreement else dict.fromkeys(sides, 0)
    two = len(sides) == 2
    return Outcome(
        status=status,
        agreed_at_table=agreement is not None,
        ratified=agreement is not None and ratified,
        executed=status == "executed",
        agreement=agreement is not None,
        day_of_agreement=agreement.day if agreement else None,
        agreed_released=agreed,
        released={p: sum(released_by_category[p].values()) for p in parties},
        released_by_category=released_by_category,
        held={p: (roster.held_count() if (roster := ctx.rosters[p]) is not None else 0) for p in parties},
        ratio=agreed[sides[0]] / agreed[sides[1]] if two and agreement and agreed[sides[1]] else None,
        ratio_of=f"{sides[0]}:{sides[1]}" if two else "",
        issues_agreed=space.issue_options(agreement.outcome) if agreement else {},
        stage_days=list(ctx.tally.stage_days),
        rounds=ctx.tally.steps,
        referrals=ctx.tally.referrals,
        vetoes=ctx.tally.vetoes,
        disputes=ctx.tally.disputes,
        drafts=ctx.tally.drafts,
        final_trust={f"{p}->{ctx.other(p)}": ctx.trust[p].value for p in parties},
        values={p: float(ctx.valuation.utility[p][agreement.outcome]) for p in parties} if agreement else {},
        end_day=float(ctx.env.now),
    )
