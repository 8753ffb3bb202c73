"""The `Outcome` of a channel run: the sums over its rounds, in the fields of a single round's outcome.

`status` is `channel`; `agreed_at_table` says some round agreed, `ratified` and `executed` that
at least one exchange took place; `agreed_released` (what the rounds agreed) and `released` (what was
carried out) add up every round; `ratio` is the
first party's total releases per release of the second; `rounds`, `referrals`, `vetoes`,
`disputes` and `drafts` add up every round's counts; `values` and `issues_agreed` stay
empty (they belong to one deal).
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.runtime.context import RunContext, Tally
from sim.talks.outcome import Outcome
from sim.talks.record import ExchangeRecord

CHANNEL_STATUS = "channel"


def channel_outcome(ctx: RunContext, tally: Tally, exchanges: Sequence[ExchangeRecord],
                    agreed: dict[str, int]) -> Outcome:
    """The channel run's `Outcome`: its rounds' counts and exchanges added up (see the module text)."""
    parties = ctx.scenario.party_ids
    released = {p: sum(e.released[p] for e in exchanges) for p in parties}
    by_category: dict[str, dict[str, int]] = {}
    for party in parties:
        counts: dict[str, int] = {}
        for exchange in exchanges:
            for category, count in exchange.categories[party].items():
                counts[category] = counts.get(category, 0) + count
        by_category[party] = {c: counts[c] for c in ctx.scenario.categories if c in counts}
    return Outcome(
        status=CHANNEL_STATUS,
        agreed_at_table=bool(agreed),
        ratified=bool(exchanges),
        executed=bool(exchanges),
        agreement=bool(agreed),
        day_of_agreement=exchanges[0].day if exchanges else None,
        agreed_released={p: agreed.get(p, 0) for p in parties},
        released=released,
        released_by_category=by_category,
        held={p: (roster.held_count() if (roster := ctx.rosters[p]) is not None else 0) for p in parties},
        ratio=released[parties[0]] / released[parties[1]] if released[parties[1]] else None,
        ratio_of=f"{parties[0]}:{parties[1]}",
        issues_agreed={},
        stage_days=list(tally.stage_days),
        rounds=tally.steps,
        referrals=tally.referrals,
        vetoes=tally.vetoes,
        disputes=tally.disputes,
        drafts=tally.drafts,
        final_trust={f"{p}->{ctx.other(p)}": ctx.trust[p].value for p in parties},
        values={},
        end_day=float(ctx.env.now),
    )
