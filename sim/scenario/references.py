"""Cross-reference checks that a field-by-field schema cannot make.

A category named in a roster must be declared under `categories`, a party named in an event
must exist, a protocol's mediator must be one of the scenario's mediators, and so on. Each
check yields `(path, message)` pairs so the loader can report the exact field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sim.scenario.channel_references import find_channel_problems
from sim.scenario.mediator_references import find_mediator_problems
from sim.scenario.numeric_references import find_numeric_problems
from sim.scenario.party_references import find_party_problems
from sim.scenario.schema import Scenario
from sim.scenario.stage_references import find_stage_problems
from sim.scenario.suggest import unknown_name

PRISONERS = "prisoners"


def find_reference_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """Every broken cross-reference in `scenario`, as (dotted path, message)."""
    return [
        *_check_categories(scenario),
        *_check_issues(scenario),
        *find_numeric_problems(scenario),
        *_check_interests(scenario),
        *_check_protocol(scenario),
        *_check_events(scenario),
        *find_channel_problems(scenario),
        *_check_calendar(scenario),
        *find_party_problems(scenario),
        *find_mediator_problems(scenario),
        *find_stage_problems(scenario),
    ]


def _check_calendar(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Every day of the run must have a calendar date (Python's dates end on 9999-12-31)."""
    if scenario.start_date is None:
        return
    last = (dt.date.max - scenario.start_date).days
    if scenario.horizon_days > last:
        yield "start_date", (f"{scenario.start_date} plus horizon_days {scenario.horizon_days:g} runs past "
                             f"{dt.date.max}, the last date there is (at most {last} days from this start)")


def _check_categories(scenario: Scenario) -> Iterator[tuple[str, str]]:
    categories = set(scenario.categories)
    if len(categories) != len(scenario.categories):
        yield "categories", "categories must be unique"
    for party_id, party in scenario.parties.items():
        if party.roster is not None and party.roster.generate is not None:
            for category in party.roster.generate:
                if category not in categories:
                    path = f"parties.{party_id}.roster.generate.{category}"
                    yield path, unknown_name("category", category, categories)
        for table in ("value_home", "value_holder"):
            for category in getattr(party.interests, table):
                if category not in categories:
                    path = f"parties.{party_id}.interests.{table}.{category}"
                    yield path, unknown_name("category", category, categories)


def _check_issues(scenario: Scenario) -> Iterator[tuple[str, str]]:
    if not scenario.has_prisoners and not scenario.issues:
        yield "parties", "nothing to negotiate: give a party a roster, or declare issues"
    for issue_id, issue in scenario.issues.items():
        if issue.options is None or issue.numeric:
            continue  # see `sim.scenario.numeric_references`
        if len(set(issue.options)) != len(issue.options):
            yield f"issues.{issue_id}.options", "options must be unique"
        if isinstance(issue.status_quo, str) and issue.status_quo not in issue.options:
            yield f"issues.{issue_id}.status_quo", unknown_name("option", issue.status_quo, issue.options)


def _check_interests(scenario: Scenario) -> Iterator[tuple[str, str]]:
    valid_weights = set(scenario.issues) | ({PRISONERS} if scenario.has_prisoners else set())
    for party_id, party in scenario.parties.items():
        base = f"parties.{party_id}.interests"
        weights = party.interests.weights
        for name in weights:
            if name not in valid_weights:
                yield f"{base}.weights.{name}", unknown_name("weight", name, valid_weights)
        if weights and sum(weights.values()) <= 0.0:
            yield f"{base}.weights", "weights must not all be zero"
        for issue_id, values in party.interests.issue_values.items():
            if issue_id not in scenario.issues:
                yield f"{base}.issue_values.{issue_id}", unknown_name("issue", issue_id, set(scenario.issues))
                continue
            options = scenario.issues[issue_id].options
            if options is None or not isinstance(values, dict):
                continue  # numeric issues and curves: see `sim.scenario.numeric_references`
            for option in values:
                if option not in options:
                    yield f"{base}.issue_values.{issue_id}.{option}", unknown_name("option", option, options)


def _check_protocol(scenario: Scenario) -> Iterator[tuple[str, str]]:
    protocol = scenario.protocol
    if protocol.opens is not None and protocol.opens not in scenario.parties and protocol.opens not in scenario.blocs:
        yield "protocol.opens", unknown_name("party", protocol.opens, set(scenario.parties) | set(scenario.blocs))
    if protocol.mediator is None:
        if protocol.kind != "direct":
            yield "protocol.mediator", f"protocol '{protocol.kind}' needs a mediator"
        return
    mediator = scenario.mediators.get(protocol.mediator)
    if mediator is None:
        yield "protocol.mediator", unknown_name("mediator", protocol.mediator, set(scenario.mediators))
    elif protocol.kind == "single_text" and not mediator.drafts_packages:
        yield "protocol.mediator", f"'{protocol.mediator}' must have drafts_packages: true to run a single text"
    elif protocol.kind == "shuttle" and mediator.style == "host":
        yield "protocol.mediator", f"'{protocol.mediator}' is a host; shuttle needs style shuttle or broker"
    elif protocol.kind == "direct" and mediator.style != "host":
        yield "protocol.mediator", f"'{protocol.mediator}' has style {mediator.style}; direct talks need a host"


def _check_events(scenario: Scenario) -> Iterator[tuple[str, str]]:
    categories = set(scenario.categories)
    for group in ("scheduled", "random"):
        for index, event in enumerate(getattr(scenario.events, group)):
            for effect_index, effect in enumerate(event.effects):
                path = f"events.{group}.{index}.effects.{effect_index}"
                if effect.party not in scenario.parties:
                    yield f"{path}.party", unknown_name("party", effect.party, set(scenario.parties))
                    continue
                if effect.add_captives and scenario.parties[effect.party].roster is None:
                    yield f"{path}.add_captives", f"party '{effect.party}' has no roster to add to"
                for category in effect.add_captives:
                    if category not in categories:
                        yield f"{path}.add_captives.{category}", unknown_name("category", category, categories)
