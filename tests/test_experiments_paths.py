"""Dotted paths into a scenario document: what they may set and how a bad one is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import bargaining_document

import sim
from sim.experiments.paths import validate_point
from sim.experiments.source import open_source


def problems(source: object, point: dict[str, object]) -> list[str]:
    opened = open_source(source)  # type: ignore[arg-type]
    base = sim.validate_document(opened.document, opened.file, opened.lines, base=opened.base)
    with pytest.raises(sim.ScenarioError) as caught:
        validate_point(opened, base, point)
    return [str(problem) for problem in caught.value.problems]


def test_a_point_sets_values_in_a_copy_and_leaves_the_source_alone(istanbul_path: Path) -> None:
    opened = open_source(istanbul_path)
    base = sim.load_scenario(istanbul_path)
    scenario = validate_point(opened, base, {"parties.RU.leader.veto.midpoint": 0.6, "protocol.max_steps": 7})
    assert scenario.parties["RU"].leader.veto.midpoint == 0.6  # type: ignore[union-attr]
    assert scenario.protocol.max_steps == 7
    assert opened.document["parties"]["RU"]["leader"]["veto"]["midpoint"] == 0.45


def test_a_field_the_file_leaves_to_its_default_can_be_set(istanbul_path: Path) -> None:
    opened = open_source(istanbul_path)
    scenario = validate_point(opened, sim.load_scenario(istanbul_path), {"mediators.TR.draft_every_steps": 3})
    assert scenario.mediators["TR"].draft_every_steps == 3


def test_a_list_item_is_addressed_by_its_index(istanbul_path: Path) -> None:
    opened = open_source(istanbul_path)
    scenario = validate_point(opened, sim.load_scenario(istanbul_path), {"events.random.0.rate_per_day": 0.5})
    assert scenario.events.random[0].rate_per_day == 0.5


def test_a_misspelt_party_names_the_path_the_line_and_the_close_key(istanbul_path: Path) -> None:
    assert problems(istanbul_path, {"parties.RUS.trust.initial": 0.3}) == [
        f"{istanbul_path}:26: parties.RUS.trust.initial: no key 'RUS' here; did you mean RU? (keys here: RU, UA)"]


def test_a_misspelt_section_field_lists_the_fields_of_that_level(istanbul_path: Path) -> None:
    [line] = problems(istanbul_path, {"mediators.TR.guarantee_strenght": 0.3})
    assert line.startswith(f"{istanbul_path}:83: mediators.TR.guarantee_strenght: no key 'guarantee_strenght' here; "
                           "did you mean guarantee_strength")
    assert "(keys here: name, style, guarantees_execution, guarantee_strength, " in line


def test_a_misspelt_plug_in_field_is_the_schemas_unknown_field_with_a_suggestion(istanbul_path: Path) -> None:
    [line] = problems(istanbul_path, {"parties.RU.leader.veto.midpont": 0.3})
    assert "parties.RU.leader.veto.midpont: unknown field; did you mean midpoint?" in line
    assert "(fields of kind 'probabilistic': kind, midpoint, slope, trust_weight)" in line


def test_a_path_through_a_single_value_says_so(istanbul_path: Path) -> None:
    assert problems(istanbul_path, {"parties.RU.trust.initial.x": 1}) == [
        f"{istanbul_path}:52: parties.RU.trust.initial.x: 'parties.RU.trust.initial' holds a single value, "
        "not a section"]


def test_a_list_index_out_of_range_gives_the_valid_indices(istanbul_path: Path) -> None:
    [line] = problems(istanbul_path, {"events.random.3.rate_per_day": 1.0})
    assert line.endswith("events.random.3.rate_per_day: '3' is not an index of this list (0 to 0)")


def test_a_value_out_of_bounds_is_the_schemas_message_naming_the_swept_value(istanbul_path: Path) -> None:
    assert problems(istanbul_path, {"parties.RU.trust.initial": 1.5}) == [
        f"{istanbul_path}:52: parties.RU.trust.initial: Input should be less than or equal to 1 (found 1.5) "
        "(swept value parties.RU.trust.initial=1.5)"]


def test_a_threshold_for_a_leader_with_the_default_never_veto_gets_the_schemas_own_error() -> None:
    """The leader's veto is absent (so `never`); setting its threshold creates a veto with no kind."""
    [line] = problems(bargaining_document(), {"parties.A.leader.veto.threshold": 0.3})
    assert line.startswith("<document>: parties.A.leader.veto:")
    assert "'kind'" in line and "swept value parties.A.leader.veto.threshold=0.3" in line


def test_a_whole_plug_in_can_be_swapped_for_another_kind() -> None:
    opened = open_source(bargaining_document())
    base = sim.validate_document(opened.document)
    scenario = validate_point(opened, base, {"parties.A.leader.veto": {"kind": "threshold", "threshold": 0.3}})
    assert scenario.parties["A"].leader.veto.kind == "threshold"
    assert scenario.parties["A"].leader.veto.threshold == 0.3  # type: ignore[union-attr]
