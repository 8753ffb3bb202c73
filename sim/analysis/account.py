"""A short plain-language account of one run, told from its events.

`account(result)` returns a few sentences a reader can follow without the event log:
who opened the talks and when, what was disputed, how many offers and drafts went back and
forth (and, with mediators drafting, who drafted how often, in their style's way: a host at
its table, a shuttle carried to each side, a broker out of sight), what the leaders ruled,
what was agreed at the table, what happened outside the talks, which stages were carried
out, slipped or failed, and how the run ended. A channel run (many rounds over months) is
told round by round, its exchanges listed. The sentences come from the events alone (and
the scenario's names and start date), so the same run always gives the same words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from sim.runtime.events import Event, EventKind
from sim.runtime.messages import party_of
from sim.talks.result import Result

MAX_EXCHANGES_LISTED = 12
"""A channel run lists at most this many exchanges one by one, then says how many more there were."""
DRAFT_WAYS = {
    "host": "tabled {count} draft{s} at its table",
    "shuttle": "carried {count} draft{s} to each side in turn",
    "broker": "passed {count} draft{s} to the sides out of sight (not made public at the time)",
}
"""How the account tells a mediator's drafts, by its style: a host's are tabled, a shuttle's carried, a broker's
kept out of sight."""


def account(result: Result) -> list[str]:
    """Sentences telling what happened in `result`, in the order it happened."""
    teller = _Teller(result)
    return teller.channel() if result.channel is not None else teller.round()


class _Teller:
    """Names and dates of one run, and the sentences built from its events."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.scenario = result.scenario

    def name(self, actor: str) -> str:
        """A party's or mediator's name for an address (`RU/leader` -> `Russia's leader`)."""
        scenario = self.scenario
        if actor in scenario.mediators:
            return scenario.mediators[actor].name
        party, _, role = actor.partition("/")
        if party in scenario.parties:
            name = scenario.parties[party].name
            return f"{name}'s leader" if role == "leader" else name
        return actor

    def party(self, actor: str) -> str:
        """The name of the party an address belongs to."""
        party = party_of(actor)
        return self.scenario.parties[party].name if party in self.scenario.parties else actor

    def when(self, day: float) -> str:
        """A date (`16 May 2025`) when the scenario has a start date, else `day 2.5`."""
        start = self.scenario.start_date
        if start is None:
            return f"day {day:.1f}"
        date = start + dt.timedelta(days=int(day))
        return f"{date.day} {date:%B %Y}"

    def released(self, counts: Mapping[str, int]) -> str:
        """`Russia releases 1,000 and Ukraine 1,000`."""
        parts = [f"{self.scenario.parties[p].name} {int(n):,}" for p, n in counts.items() if p in self.scenario.parties]
        return " and ".join(parts) if parts else "nobody"

    def round(self) -> list[str]:
        """The account of a run of one round of talks."""
        events = self.result.events
        lines = self._talks(events)
        lines += self._execution(events)
        lines.append(self._ending())
        return lines

    def _talks(self, events: Iterable[Event]) -> list[str]:
        lines: list[str] = []
        kinds = Counter(event.kind for event in events)
        for event in events:
            payload = event.payload
            if event.kind is EventKind.TALKS_OPENED:
                venue = payload.get("venue")
                where = f" in {venue}" if venue and venue != self.name(event.actor) else ""
                lines.append(f"{self.name(event.actor)} opened the talks{where} on {self.when(event.time)} "
                             f"({payload.get('protocol', 'direct')} talks, {int(payload.get('outcomes', 0)):,} "
                             f"possible deals).")
            elif event.kind is EventKind.DISPUTE:
                lines.append(f"{self.party(event.actor)} disputed {int(payload.get('denied', 0)):,} names on the "
                             f"other side's list.")
            elif event.kind is EventKind.VETO:
                lines.append(f"{self.name(event.actor)} vetoed the package on {self.when(event.time)}.")
            elif event.kind is EventKind.EXOGENOUS:
                lines.append(f"On {self.when(event.time)}: {event.actor} ({self.name(event.target)} "
                             f"affected).")
            elif event.kind is EventKind.AGREEMENT:
                lines.append(self._offers_line(kinds, event.time))
                issues = "; ".join(f"{k.replace('_', ' ')}: {v.replace('_', ' ')}"
                                   for k, v in dict(payload.get("issues", {})).items())
                lines.append(f"They agreed at the table on {self.when(event.time)}, after "
                             f"{int(payload.get('steps', 0))} offer steps: "
                             f"{self.released(payload.get('released', {}))} to be released"
                             + (f"; {issues}." if issues else "."))
        if not kinds[EventKind.AGREEMENT]:
            lines.append(self._offers_line(kinds, None))
        lines += self._mediators(events)
        approvals = sum(1 for e in events if e.kind is EventKind.APPROVAL)
        referrals = kinds[EventKind.REFERRAL]
        if referrals or approvals:
            lines.append(f"Delegations referred {referrals} package{_s(referrals)} to their leaders; leaders gave "
                         f"{approvals} approval{_s(approvals)} and {kinds[EventKind.VETO]} veto"
                         f"{'es' if kinds[EventKind.VETO] != 1 else ''}.")
        return lines

    def _offers_line(self, kinds: Counter[EventKind], until: float | None) -> str:
        offers, drafts = kinds[EventKind.OFFER], kinds[EventKind.DRAFT]
        text = f"The sides made {offers} offer{_s(offers)}"
        if drafts:
            text += f" and the mediators tabled {drafts} draft{_s(drafts)}"
        return text + ("." if until is None else " before a deal was reached.")

    def _mediators(self, events: Iterable[Event]) -> list[str]:
        """A sentence naming each mediator that drafted and how often, in the way its style puts drafts to the
        sides (a broker's drafts said to stay out of the public record), and one when a mediator pressed toward
        its deadline."""
        drafts: Counter[str] = Counter()
        lines: list[str] = []
        for event in events:
            if event.kind is EventKind.DRAFT:
                drafts[event.actor] += 1
            elif event.kind is EventKind.MEDIATOR_PRESSED:
                lines.append(f"{self.name(event.actor)} pressed for a deal as its deadline "
                             f"({self.when(float(event.payload['deadline_day']))}) neared, from "
                             f"{self.when(event.time)}: it drafted at every step from then on.")
        mediators = list(self.scenario.mediators)
        told = []
        for actor in sorted(drafts, key=lambda a: mediators.index(a) if a in mediators else len(mediators)):
            count = drafts[actor]
            style = self.scenario.mediators[actor].style if actor in mediators else "host"
            told.append(f"{self.name(actor)} " + DRAFT_WAYS[style].format(count=count, s=_s(count)))
        if told:
            lines.insert(0, "Mediators' drafts: " + "; ".join(told) + ".")
        return lines

    def _execution(self, events: Iterable[Event]) -> list[str]:
        lines: list[str] = []
        stages: dict[int, list[Event]] = {}
        for event in events:
            if event.kind is EventKind.STAGE_EXECUTED:
                stages.setdefault(int(event.payload.get("stage", 0)), []).append(event)
            elif event.kind is EventKind.STAGE_SLIPPED:
                lines.append(f"Stage {event.payload.get('stage')} slipped by {float(event.payload.get('days', 0)):g} "
                             f"days on {self.when(event.time)}.")
            elif event.kind is EventKind.STAGE_FAILED:
                lines.append(f"{self.party(event.actor)} failed to carry out stage {event.payload.get('stage')} on "
                             f"{self.when(event.time)}.")
            elif event.kind is EventKind.DEAL_SCRAPPED:
                lines.append(f"{self.name(event.actor)} scrapped the deal at stage {event.payload.get('stage')} on "
                             f"{self.when(event.time)}.")
            elif event.kind is EventKind.ISSUE_DELIVERED:
                lines.append(f"Stage {event.payload.get('id')} delivered {event.payload.get('issue')} = "
                             f"{event.payload.get('value')} on {self.when(event.time)}.")
            elif event.kind is EventKind.STAGE_CANCELLED:
                lines.append(f"Stage {event.payload.get('id')} was cancelled on {self.when(event.time)}: stage "
                             f"{event.payload.get('because')} it waits for did not go through.")
        for number, done in sorted(stages.items()):
            total = done[0].payload.get("stages", len(stages))
            counts = {party_of(e.actor): int(e.payload.get("released", 0)) for e in done}
            lines.append(f"Stage {number} of {total} was carried out on {self.when(done[0].time)}: "
                         f"{self.released(counts)} released.")
        return lines

    def _ending(self) -> str:
        outcome = self.result.outcome
        trust = ", ".join(f"{self.party(pair.split('->')[0])} {value:.2f}"
                          for pair, value in outcome.final_trust.items())
        return (f"The run ended on {self.when(outcome.end_day)} with status '{outcome.status}'; "
                f"final trust in the other side: {trust}.")

    def channel(self) -> list[str]:
        """The account of a channel run: rounds, exchanges, freezes, and the totals."""
        record = self.result.channel
        assert record is not None, "a channel run"
        lines = [f"Over {self.scenario.horizon_days:g} days from {self.when(0.0)}, {record.rounds_opened} "
                 f"round{_s(record.rounds_opened)} of talks opened and {record.rounds_agreed} reached a deal at the "
                 f"table; {len(record.exchanges)} exchange{_s(len(record.exchanges))} took place."]
        for exchange in record.exchanges[:MAX_EXCHANGES_LISTED]:
            lines.append(f"Round {exchange.round}: exchange on {self.when(exchange.day)}"
                         + (f" (mediated by {exchange.mediator})" if exchange.mediator else "")
                         + f": {self.released(exchange.released)} released.")
        if len(record.exchanges) > MAX_EXCHANGES_LISTED:
            rest = len(record.exchanges) - MAX_EXCHANGES_LISTED
            lines.append(f"... and {rest} more exchange{_s(rest)}.")
        for event in self.result.events:
            if event.kind is EventKind.CHANNEL_FROZEN:
                lines.append(f"{self.name(event.actor)} froze the channel on {self.when(event.time)} "
                             f"({event.payload.get('reason', 'no reason given')}).")
        totals = record.totals(self.scenario.party_ids)
        lines.append(f"In all, {self.released(totals)} released.")
        lines.append(self._ending())
        return lines


def _s(count: int) -> str:
    return "" if count == 1 else "s"
