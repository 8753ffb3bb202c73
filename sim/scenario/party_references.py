"""Cross-reference checks for many parties: blocs, veto players, ratification orders, named captives, demands.

Each check yields `(path, message)` pairs, so the loader can name the field and its line:
a bloc member that is not a party, a party in two blocs, a veto player of an unknown party,
a ratification order naming an unknown player, a demand for a captive no one holds, a
refusal of someone the party does not hold, a roster with no `home` among more than two
parties. Protocols and channels that only run between two sides say so here too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sim.scenario.multilateral import LEADER
from sim.scenario.schema import Scenario
from sim.scenario.suggest import unknown_name

TWO_SIDED = ("direct", "shuttle")
"""Protocols that move offers between exactly two sides."""


def find_party_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """Every broken reference among the fields for many parties, as (dotted path, message)."""
    return [
        *_check_blocs(scenario),
        *_check_veto_players(scenario),
        *_check_rosters(scenario),
        *_check_sides(scenario),
    ]


def find_named_problems(scenario: Scenario, listed: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None,
                        ) -> list[tuple[str, str]]:
    """Demands and refusals against every named captive, once roster CSVs are read: `listed` gives, per party
    with a roster CSV, the names in it and the parties its `value_for_P` columns name."""
    listed = listed or {}
    problems = []
    names = {c.name for p in scenario.parties.values() if p.roster is not None for c in p.roster.named}
    parties = set(scenario.parties)
    for party_id, (csv_names, valued) in sorted(listed.items()):
        path = f"parties.{party_id}.roster.csv"
        for name in csv_names:
            if name in names:
                problems.append((path, f"'{name}' is named twice; a name identifies one person"))
            names.add(name)
        roster = scenario.parties[party_id].roster
        home = roster.home if roster is not None else None
        for other in valued:
            if other not in parties - {party_id} or other == home:
                expected = parties - {party_id} - ({home} if home else set())
                problems.append((path, f"column value_for_{other}: " + unknown_name("party", other, expected)))
    return problems + list(_check_demands(scenario, listed))


def _check_blocs(scenario: Scenario) -> Iterator[tuple[str, str]]:
    parties = set(scenario.parties)
    seen: dict[str, str] = {}
    for bloc_id, bloc in scenario.blocs.items():
        if bloc_id in parties:
            yield f"blocs.{bloc_id}", f"bloc id '{bloc_id}' is also a party id; give the bloc another id"
        if bloc.lead is not None and bloc.lead not in bloc.members:
            yield f"blocs.{bloc_id}.lead", unknown_name(f"member of '{bloc_id}'", bloc.lead, bloc.members)
        for index, member in enumerate(bloc.members):
            path = f"blocs.{bloc_id}.members.{index}"
            if member not in parties:
                yield path, unknown_name("party", member, parties)
            elif member in seen:
                where = "this bloc" if seen[member] == bloc_id else f"bloc '{seen[member]}'"
                yield path, f"party '{member}' is already in {where}; a party belongs to one bloc at most"
            else:
                seen[member] = bloc_id


def _check_veto_players(scenario: Scenario) -> Iterator[tuple[str, str]]:
    parties = set(scenario.parties)
    for player_id, player in scenario.veto_players.items():
        if player_id == LEADER:
            yield f"veto_players.{player_id}", f"'{LEADER}' names the leader in ratification orders; choose another id"
        if player.party not in parties:
            yield f"veto_players.{player_id}.party", unknown_name("party", player.party, parties)
    for party_id, party in scenario.parties.items():
        own = {LEADER, *scenario.veto_players_of(party_id)}
        order = party.ratification.order
        base = f"parties.{party_id}.ratification"
        if order and party.ratification.mode != "in_sequence":
            yield f"{base}.order", "an order is only used with mode: in_sequence"
        unknown = [(index, name) for index, name in enumerate(order) if name not in own]
        for index, name in unknown:
            yield f"{base}.order.{index}", unknown_name(f"ratifier of '{party_id}'", name, own)
        if unknown:
            continue
        if len(set(order)) != len(order):
            yield f"{base}.order", "each ratifier may appear once"
        elif order and set(order) != own:
            missing = ", ".join(sorted(own - set(order)))
            yield f"{base}.order", f"the order leaves out {missing}: name the leader and every veto player of the party"


def _holders(scenario: Scenario, listed: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> dict[str, str]:
    """Each named captive's holder, by name (the first holder when a name is given twice)."""
    found: dict[str, str] = {}
    for party_id in scenario.party_ids:
        roster = scenario.parties[party_id].roster
        for captive in roster.named if roster is not None else ():
            found.setdefault(captive.name, party_id)
        for name in listed.get(party_id, ((), ()))[0]:
            found.setdefault(name, party_id)
    return found


def _check_rosters(scenario: Scenario) -> Iterator[tuple[str, str]]:
    parties = set(scenario.parties)
    categories = set(scenario.categories)
    names: set[str] = set()
    for party_id in scenario.party_ids:
        roster = scenario.parties[party_id].roster
        if roster is None:
            continue
        base = f"parties.{party_id}.roster"
        if roster.home is not None and roster.home not in parties - {party_id}:
            yield f"{base}.home", unknown_name("party", roster.home, parties - {party_id})
        elif roster.home is None and len(parties) > 2 and (roster.generate is not None or roster.csv is not None):
            yield f"{base}.home", "with more than two parties, say whose people the generated or CSV captives are"
        for index, captive in enumerate(roster.named):
            path = f"{base}.named.{index}"
            if captive.name in names:
                yield f"{path}.name", f"'{captive.name}' is named twice; a name identifies one person"
            names.add(captive.name)
            if captive.category not in categories:
                yield f"{path}.category", unknown_name("category", captive.category, categories)
            for other in captive.values:
                if other not in parties - {party_id}:
                    yield f"{path}.values.{other}", unknown_name("party", other, parties - {party_id})


def _check_demands(scenario: Scenario,
                   listed: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> Iterator[tuple[str, str]]:
    holders = _holders(scenario, listed)
    refused = {name for party in scenario.parties.values() for name in party.refuses}
    for party_id, party in scenario.parties.items():
        base = f"parties.{party_id}"
        for index, demand in enumerate(party.demands):
            path = f"{base}.demands.{index}.name"
            holder = holders.get(demand.name)
            if holder is None:
                yield path, (f"no party holds a captive named '{demand.name}' (name it under a roster's 'named' or in "
                             f"a roster CSV's 'name' column)")
            elif holder == party_id:
                yield path, f"'{party_id}' holds '{demand.name}' itself; a party demands captives others hold"
            elif demand.kind == "hard" and demand.name in refused:
                yield path, f"'{holder}' refuses to release '{demand.name}', so a hard demand can never be met"
        for index, name in enumerate(party.refuses):
            if holders.get(name) != party_id:
                yield f"{base}.refuses.{index}", f"'{party_id}' holds no captive named '{name}'"


def _check_sides(scenario: Scenario) -> Iterator[tuple[str, str]]:
    sides = scenario.sides
    kind = scenario.protocol.kind
    if kind in TWO_SIDED and len(sides) != 2:
        yield "protocol.kind", (f"'{kind}' moves offers between two sides, and there are {len(sides)}: put the "
                                f"parties in two blocs, or use single_text")
    if scenario.channel is not None and (len(scenario.parties) > 2 or scenario.blocs):
        yield "channel", "a channel runs between two parties; more parties or blocs need one round of talks"
