"""A scenario's worst-case cost, estimated before any run: simulated events, messages, log entries and bytes.

The schema bounds each number on its own and `sim.scenario.growth` bounds how large the
rosters may grow; this module bounds what a run of the scenario may do in total. Each
term of the estimate is an upper bound of one source of work over the horizon, and names
the fields that drive it:

- a round of talks: at most `protocol.max_steps` offers, and never more than one offer per
  `protocol.step_hours` over the horizon (every reply waits one step); each step logs and
  sends at most a fixed number of entries and messages (`PER_STEP`), a round a fixed number
  more, and execution a few per stage (`execution.stages`);
- a channel: at most one round per `channel.rounds.check_every_days` (or per
  `min_days_between`, if larger in every period) over the horizon; captures every
  `channel.capture_every_days`; random freezes;
- shocks: each scheduled event once, each random event `rate_per_day` x horizon times on
  average, counted at a high quantile of its Poisson count (`poisson_ceiling`) so that a run
  reaching the estimate is rarer than one in a billion;
- bytes: every entry at most `entry_bytes` (from the longest names, issues and categories
  the scenario has), plus each captive's id once, when it is released.

`find_cost_problems` compares the totals with `Limits.simulated_events`, `Limits.messages`,
`Limits.log_entries` and `Limits.log_bytes` and says, in one line, which fields make a
scenario too big. The run-time bounds (`sim.runtime.guard`, `sim.runtime.events`) stop a
run that passes them anyway (a plug-in with a bug, or an unlucky draw beyond the quantile).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sim.scenario.limits import LIMITS
from sim.scenario.schema import Scenario

MEASURES = ("events", "messages", "entries", "bytes")
"""What the estimate counts: simulated (SimPy) events, messages between agents, log entries, log bytes."""

LIMIT_OF = {"events": "simulated_events", "messages": "messages", "entries": "log_entries", "bytes": "log_bytes"}
"""The `Limits` attribute that bounds each measure."""

NAME_OF = {"events": "simulated events", "messages": "messages", "entries": "log entries", "bytes": "bytes of log"}


@dataclass(frozen=True, slots=True)
class Work:
    """The cost of one unit of some activity (a step of talks, a shock, a capture), per measure."""

    events: float = 0.0
    messages: float = 0.0
    entries: float = 0.0


PER_STEP = Work(events=24.0, messages=6.0, entries=6.0)
"""At most, per offer of talks: an offer, a relayed copy per carrier, a referral and its ruling, a
dispute and the trust changes it causes, per mediator a share of a drafted package."""
PER_MEDIATOR_STEP = Work(events=12.0, messages=4.0, entries=3.0)
"""At most, per offer and per mediator active in the round (carrying or drafting)."""
PER_ROUND = Work(events=80.0, messages=20.0, entries=24.0)
"""At most, per round, besides its steps and stages: opening, closing, ratification, exchange."""
PER_STAGE = Work(events=24.0, messages=6.0, entries=10.0)
"""At most, per stage of execution: confirmations, a slip, releases and trust changes."""
PER_SHOCK_EFFECT = Work(events=0.0, entries=2.0)
"""Per effect of a shock: its log entry and a trust change."""
PER_ARRIVAL = Work(events=4.0)
"""Per arrival of a periodic or random process (its timeout and the process's wake-up)."""


def poisson_ceiling(mean: float) -> float:
    """A count a Poisson variable of `mean` exceeds with probability far below one in a billion."""
    return mean + 7.0 * math.sqrt(mean) + 30.0


@dataclass(slots=True)
class Cost:
    """A scenario's estimated worst case: each measure's total and the fields that contribute to it."""

    parts: dict[str, dict[str, float]] = field(default_factory=lambda: {m: defaultdict(float) for m in MEASURES})

    def add(self, fields: str, work: Work, times: float) -> None:
        """Count `times` units of `work` toward the fields named in `fields` (comma-separated paths)."""
        for measure in ("events", "messages", "entries"):
            amount = getattr(work, measure) * times
            if amount:
                self.parts[measure][fields] += amount

    def total(self, measure: str) -> float:
        """The estimate of one measure (`events`, `messages`, `entries` or `bytes`)."""
        return float(sum(self.parts[measure].values()))

    def totals(self) -> dict[str, float]:
        """Every measure's estimate."""
        return {measure: self.total(measure) for measure in MEASURES}


def estimate_cost(scenario: Scenario, sizes: Mapping[str, int]) -> Cost:
    """The worst-case cost of one run of `scenario` whose rosters start at `sizes` captives."""
    cost = Cost()
    _talks(scenario, cost)
    _shocks(scenario, cost)
    _channel_flows(scenario, cost)
    per_entry = entry_bytes(scenario)
    for fields, entries in cost.parts["entries"].items():
        cost.parts["bytes"][fields] += entries * per_entry
    for fields, captives in _captives(scenario, sizes):
        cost.parts["bytes"][fields] += captives * ID_BYTES
    return cost


ID_BYTES = 21
"""An id in a released list: up to 19 digits, a comma and a space at most."""


def _round_plans(scenario: Scenario) -> list[tuple[float, float]]:
    """Candidate (rounds, steps over all rounds) at which the talks' cost is largest.

    A round of `s` offers lasts at least `(s - 1)` steps of `step_hours` (each reply waits a
    step); in a channel a round starts on a check day at least `min_days_between` after the
    last one ended and at least `check_every_days` after the last one started. Within these
    constraints, a cost linear in rounds and steps is largest at one of the candidates: as
    many rounds as the checks allow, as few as one, or where rounds full of steps fill the
    horizon.
    """
    horizon = scenario.horizon_days
    step_days = scenario.protocol.step_hours / 24.0
    max_steps = scenario.protocol.max_steps
    channel = scenario.channel
    if channel is None:
        return [(1.0, float(min(max_steps, math.floor(horizon / step_days) + 1)))]
    gaps = [channel.rounds.min_days_between]
    gaps += [period.min_days_between for period in channel.periods if period.min_days_between is not None]
    between = min(gaps)
    most = float(math.floor(horizon / channel.rounds.check_every_days) + 1)

    def steps(rounds: float) -> float:
        by_time = (horizon + rounds * step_days - (rounds - 1.0) * between) / step_days
        return max(0.0, min(rounds * max_steps, math.floor(by_time)))

    crossing = (horizon + between) / (max_steps * step_days - step_days + between) if max_steps > 1 or between else most
    candidates = {1.0, most, min(most, max(1.0, math.floor(crossing))), min(most, max(1.0, math.ceil(crossing)))}
    return [(rounds, steps(rounds)) for rounds in sorted(candidates)]


def _talks(scenario: Scenario, cost: Cost) -> None:
    if scenario.channel is None:
        round_fields, steps_fields, stage_fields = "horizon_days", "protocol.max_steps", "execution.stages"
    else:
        round_fields = "channel.rounds.check_every_days"
        steps_fields = f"protocol.max_steps, {round_fields}"
        stage_fields = f"execution.stages, {round_fields}"
    mediated = 1.0 if scenario.protocol.mediator is not None else 0.0
    side_meetings = len(scenario.mediators)
    stages = scenario.execution.stages * len(scenario.parties)
    plans = _round_plans(scenario)
    for measure in ("events", "messages", "entries"):
        per_step = getattr(PER_STEP, measure) + mediated * getattr(PER_MEDIATOR_STEP, measure)
        per_round = getattr(PER_ROUND, measure) * (1 + side_meetings) + getattr(PER_STAGE, measure) * stages

        def total(plan: tuple[float, float], per_step: float = per_step, per_round: float = per_round) -> float:
            return plan[1] * per_step + plan[0] * per_round

        rounds, steps = max(plans, key=total)
        cost.parts[measure][steps_fields] += steps * per_step
        cost.parts[measure][round_fields] += rounds * getattr(PER_ROUND, measure) * (1 + side_meetings)
        cost.parts[measure][stage_fields] += rounds * getattr(PER_STAGE, measure) * stages


def _shocks(scenario: Scenario, cost: Cost) -> None:
    horizon = scenario.horizon_days
    for index, event in enumerate(scenario.events.scheduled):
        cost.add(f"events.scheduled.{index}", PER_SHOCK_EFFECT, len(event.effects))
        cost.add(f"events.scheduled.{index}", PER_ARRIVAL, 1)
    for index, shock in enumerate(scenario.events.random):
        arrivals = poisson_ceiling(shock.rate_per_day * horizon)
        fields = f"events.random.{index}.rate_per_day"
        cost.add(fields, PER_SHOCK_EFFECT, arrivals * len(shock.effects))
        cost.add(fields, PER_ARRIVAL, arrivals)


def _channel_flows(scenario: Scenario, cost: Cost) -> None:
    channel = scenario.channel
    if channel is None:
        return
    horizon = scenario.horizon_days
    checks = horizon / channel.rounds.check_every_days + 1.0
    cost.add("channel.rounds.check_every_days", PER_ARRIVAL, checks)
    captures = horizon / channel.capture_every_days + 1.0
    cost.add("channel.capture_every_days", Work(events=PER_ARRIVAL.events, entries=1.0),
             captures * len(channel.capture))
    for index, spec in enumerate(channel.random_freezes):
        cost.add(f"channel.random_freezes.{index}.rate_per_day", Work(events=PER_ARRIVAL.events, entries=1.0),
                 poisson_ceiling(spec.rate_per_day * horizon))
    cost.add("channel.freezes", Work(events=PER_ARRIVAL.events, entries=1.0), len(channel.freezes))


def _captives(scenario: Scenario, sizes: Mapping[str, int]) -> Iterable[tuple[str, float]]:
    """(fields, captives) for every captive a run may hold, each of whose ids may be logged once."""
    horizon = scenario.horizon_days
    for party, size in sizes.items():
        if size:
            yield f"parties.{party}.roster", float(size)
    for index, event in enumerate(scenario.events.scheduled):
        added = sum(sum(effect.add_captives.values()) for effect in event.effects)
        if added:
            yield f"events.scheduled.{index}", float(added)
    for index, shock in enumerate(scenario.events.random):
        added = sum(sum(effect.add_captives.values()) for effect in shock.effects)
        if added:
            yield f"events.random.{index}.rate_per_day", poisson_ceiling(shock.rate_per_day * horizon) * added
    if scenario.channel is not None:
        for party, capture in scenario.channel.capture.items():
            yield f"channel.capture.{party}.rate_per_day", poisson_ceiling(capture.rate_per_day * horizon)


def _json_length(text: str) -> int:
    return len(json.dumps(text))


AMOUNT_CHARACTERS = 24
"""The longest a numeric issue's amount prints in JSON (a float's repr, sign and exponent included)."""


def entry_bytes(scenario: Scenario) -> float:
    """An upper bound of one log line's length (ids of released captives aside) for `scenario`.

    A line holds the run id, numbers (at most 24 characters each), an actor and a target
    (addresses, party and mediator ids, or a shock's name), and a payload whose largest
    dicts are keyed by party, issue or category.
    """
    names = [scenario.name, "captures", "low-authority delegation", "deal scrapped"]
    names += [event.name for event in scenario.events.scheduled] + [event.name for event in scenario.events.random]
    names += [mediator.name for mediator in scenario.mediators.values()] + list(scenario.mediators)
    names += [f"delegation/{party}" for party in scenario.parties]
    longest = max(_json_length(name) for name in names)
    parties = sum(_json_length(party) + 26 for party in scenario.parties)
    issues = sum(_json_length(issue) + (AMOUNT_CHARACTERS if spec.numeric else
                                        max(_json_length(option) for option in spec.options or [""])) + 2
                 for issue, spec in scenario.issues.items())
    categories = sum(_json_length(category) + 22 for category in scenario.categories)
    fixed = 600.0  # keys, the kind, seq, time and a dozen numbers of at most 24 characters
    return fixed + 4 * longest + 4 * parties + issues + len(scenario.parties) * categories + categories


def find_cost_problems(scenario: Scenario, sizes: Mapping[str, int]) -> list[tuple[str, str]]:
    """One `(field path, message)` if the scenario's worst case passes a limit, naming the fields that make it."""
    cost = estimate_cost(scenario, sizes)
    over = [(measure, cost.total(measure), getattr(LIMITS, LIMIT_OF[measure])) for measure in MEASURES
            if cost.total(measure) > getattr(LIMITS, LIMIT_OF[measure])]
    if not over:
        return []
    measure = max(over, key=lambda item: item[1] / item[2])[0]
    culprits = _culprits(cost.parts[measure], getattr(LIMITS, LIMIT_OF[measure]))
    amounts = "; ".join(f"about {total:,.0f} {NAME_OF[name]} (limit {limit:,})" for name, total, limit in over)
    named = list(dict.fromkeys(path for fields in culprits for path in fields.split(", ")))
    shown = ", ".join(named[:NAMED_FIELDS]) + (f" and {len(named) - NAMED_FIELDS} more" if len(named) > NAMED_FIELDS
                                                else "")
    return [(named[0], f"too big for one run: {amounts}; most of it comes from {shown} "
                       f"(change them, or raise Limits.{LIMIT_OF[measure]} in sim.scenario.limits)")]


NAMED_FIELDS = 5
"""Fields a refusal names before it says how many more there are."""


def _culprits(parts: Mapping[str, float], limit: float) -> list[str]:
    """The largest contributions, in order, until what is left fits under `limit`."""
    ordered = sorted(parts.items(), key=lambda item: -item[1])
    left = sum(parts.values())
    chosen = []
    for fields, amount in ordered:
        chosen.append(fields)
        left -= amount
        if left <= limit:
            break
    return chosen
