"""The scenario loader reports every problem in a scenario file by file, field path and YAML line."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import sim
from sim.randomness import Streams
from sim.scenario import LIMITS, Problem, Scenario, ScenarioError, load_scenario, validate_document
from sim.valuation.captives import build_rosters

Document = dict[str, Any]

# a minimal valid scenario whose line numbers the inline cases below rely on
TINY = (Path(__file__).resolve().parent / "data" / "tiny.yaml").read_text(encoding="utf-8")


# --- helpers ----------------------------------------------------------------------------------


def _walk(document: Any, keys: list[str]) -> Any:
    for key in keys:
        document = document[int(key)] if isinstance(document, list) else document[key]
    return document


def setting(dotted: str, value: Any) -> Callable[[Document], None]:
    """A mutation that sets the field at `dotted` (list indices as numbers) to `value`."""
    *parents, last = dotted.split(".")

    def mutate(document: Document) -> None:
        _walk(document, parents)[last] = value

    return mutate


def deleting(dotted: str) -> Callable[[Document], None]:
    """A mutation that removes the field at `dotted`."""
    *parents, last = dotted.split(".")

    def mutate(document: Document) -> None:
        del _walk(document, parents)[last]

    return mutate


def both(*mutations: Callable[[Document], None]) -> Callable[[Document], None]:
    def mutate(document: Document) -> None:
        for mutation in mutations:
            mutation(document)

    return mutate


def line_of(path: Path, pattern: str) -> int:
    """The 1-based number of the first line of `path` matching the regex `pattern`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"no line of {path} matches {pattern!r}")


def problems_of(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value.problems


def the_problem(problems: tuple[Problem, ...], path: str) -> Problem:
    """The one problem reported for field `path`."""
    matching = [problem for problem in problems if problem.path == path]
    assert len(matching) == 1, f"expected one problem at {path!r}, got: {[str(p) for p in problems]}"
    return matching[0]


# --- the error types --------------------------------------------------------------------------


def test_scenario_error_is_a_value_error_exported_from_sim() -> None:
    """sim.ScenarioError is the loader's error type and a ValueError."""
    assert sim.ScenarioError is ScenarioError
    assert issubclass(ScenarioError, ValueError)


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("a.yaml", "parties.RU.trust", "too high", 12), "a.yaml:12: parties.RU.trust: too high"),
        (Problem("a.yaml", "name", "Field required"), "a.yaml: name: Field required"),
        (Problem("a.yaml", "", "YAML does not parse", 3), "a.yaml:3: YAML does not parse"),
        (Problem("a.yaml", "", "file not found"), "a.yaml: file not found"),
    ],
)
def test_problem_prints_as_file_line_path_message(problem: Problem, text: str) -> None:
    """str(Problem) is `file:line: path: message`, leaving out the line or path when unknown."""
    assert str(problem) == text


def test_scenario_error_message_has_one_line_per_problem() -> None:
    """str(ScenarioError) joins the problems, one per line, in order."""
    problems = [Problem("a.yaml", "x", "bad", 1), Problem("a.yaml", "y", "worse", 2)]
    error = ScenarioError(problems)
    assert error.problems == tuple(problems)
    assert str(error).splitlines() == ["a.yaml:1: x: bad", "a.yaml:2: y: worse"]


# --- the reference scenario -------------------------------------------------------------------


def test_the_reference_scenario_loads(istanbul_path: Path) -> None:
    """scenarios/istanbul-2025-05.yaml is valid and loads into a Scenario."""
    scenario = load_scenario(istanbul_path)
    assert isinstance(scenario, Scenario)
    assert scenario.party_ids == ("RU", "UA")


def test_a_dumped_unchanged_copy_loads(write_scenario: Callable[..., Path]) -> None:
    """The write_scenario fixture without a mutation writes a valid scenario (the cases below rely on it)."""
    assert load_scenario(write_scenario()).name == "Istanbul talks, May 2025"


# --- malformed scenarios built from the reference one -----------------------------------------


@dataclass(frozen=True)
class Case:
    """A broken copy of the reference scenario and the problem the loader must report."""

    mutate: Callable[[Document], None]
    path: str
    fragment: str
    line: int | str  # an exact line, or a regex for the line in the written file
    count: int = 1  # how many problems the file has in all


MUTATION_CASES = [
    # wrong types
    pytest.param(Case(setting("parties.RU.delegation.authority", "high"), "parties.RU.delegation.authority",
                      "found 'high'", r"^\s+authority: high$"), id="wrong-type-authority"),
    pytest.param(Case(setting("name", 5), "name", "valid string", r"^name: 5$"), id="wrong-type-name"),
    pytest.param(Case(setting("parties.UA.roster.generate", "many"), "parties.UA.roster.generate",
                      "valid dictionary", r"^\s+generate: many$"), id="wrong-type-generate"),
    # unknown keys
    pytest.param(Case(setting("colour", "red"), "colour", "unknown field", r"^colour: red$"),
                 id="unknown-key-top-level"),
    pytest.param(Case(setting("parties.RU.leader.mood", "calm"), "parties.RU.leader.mood", "unknown field",
                      r"^\s+mood: calm$"), id="unknown-key-nested"),
    pytest.param(Case(setting("parties.RU.leader.veto.foo", 1), "parties.RU.leader.veto.foo", "unknown field",
                      r"^\s+foo: 1$"), id="unknown-key-in-plugin"),
    pytest.param(Case(setting("protocol.speed", 3), "protocol.speed", "unknown field", r"^\s+speed: 3$"),
                 id="unknown-key-in-protocol"),
    # missing sections
    pytest.param(Case(deleting("parties"), "parties", "Field required", 1), id="missing-parties"),
    pytest.param(Case(deleting("name"), "name", "Field required", 1), id="missing-name"),
    pytest.param(Case(deleting("horizon_days"), "horizon_days", "Field required", 1), id="missing-horizon"),
    pytest.param(Case(deleting("parties.UA.leader"), "parties.UA.leader", "Field required", r"^  UA:$"),
                 id="missing-leader"),
    # negative and absurd counts
    pytest.param(Case(setting("parties.RU.roster.generate.soldier", -5), "parties.RU.roster.generate.soldier",
                      "greater than or equal to 0", r"^\s+soldier: -5$"), id="negative-count"),
    pytest.param(Case(setting("execution.stages", -1), "execution.stages", "greater than or equal to 1",
                      r"^\s+stages: -1$"), id="negative-stages"),
    pytest.param(Case(setting("parties.RU.roster.generate.soldier", LIMITS.captives_per_party + 1),
                      "parties.RU.roster.generate.soldier", f"less than or equal to {LIMITS.captives_per_party}",
                      rf"^\s+soldier: {LIMITS.captives_per_party + 1}$"), id="count-above-limit"),
    pytest.param(Case(setting("parties.RU.roster.generate.soldier", 10**40), "parties.RU.roster.generate.soldier",
                      "less than or equal to", rf"^\s+soldier: {10**40}$"),
                 id="count-absurd"),
    pytest.param(Case(setting("parties.RU.roster.generate",
                              {"soldier": LIMITS.captives_per_party, "officer": LIMITS.captives_per_party}),
                      "parties.RU.roster", f"more than the limit of {LIMITS.captives_per_party}",
                      r"^    roster:$", count=2), id="roster-total-above-limit"),
    # trust outside [0, 1], NaN and infinities
    pytest.param(Case(setting("parties.RU.trust.initial", 1.5), "parties.RU.trust.initial",
                      "less than or equal to 1", r"^\s+initial: 1\.5$"), id="trust-above-one"),
    pytest.param(Case(setting("parties.UA.trust.initial", -0.1), "parties.UA.trust.initial",
                      "greater than or equal to 0", r"^\s+initial: -0\.1$"), id="trust-below-zero"),
    pytest.param(Case(setting("parties.RU.interests.urgency", math.nan), "parties.RU.interests.urgency",
                      "finite number", r"^\s+urgency: \.nan$"), id="nan"),
    pytest.param(Case(setting("horizon_days", math.inf), "horizon_days", "finite number",
                      r"^horizon_days: \.inf$"), id="inf"),
    pytest.param(Case(setting("parties.UA.leader.scrap_probability", -math.inf),
                      "parties.UA.leader.scrap_probability", "finite number", r"^\s+scrap_probability: -\.inf$"),
                 id="minus-inf"),
    # unknown rule names
    pytest.param(Case(setting("parties.RU.leader.veto", {"kind": "sometimes"}), "parties.RU.leader.veto.kind",
                      "unknown kind 'sometimes'", r"^\s+kind: sometimes$"), id="unknown-veto-kind"),
    pytest.param(Case(setting("parties.RU.delegation.strategy", {"kind": "boulware"}),
                      "parties.RU.delegation.strategy.kind", "unknown kind 'boulware'", r"^\s+kind: boulware$"),
                 id="unknown-strategy-kind"),
    pytest.param(Case(setting("parties.RU.trust", {"kind": "blind"}), "parties.RU.trust.kind", "unknown kind 'blind'",
                      r"^\s+kind: blind$"), id="unknown-trust-kind"),
    pytest.param(Case(setting("protocol.kind", "auction"), "protocol.kind", "'auction'", r"^\s+kind: auction$"),
                 id="unknown-protocol-kind"),
    # cross-references
    pytest.param(Case(setting("parties.RU.roster.generate.general", 3), "parties.RU.roster.generate.general",
                      "unknown category 'general'", r"^\s+general: 3$"), id="undeclared-category-in-roster"),
    pytest.param(Case(setting("parties.UA.interests.value_home.general", 2.0),
                      "parties.UA.interests.value_home.general", "unknown category 'general'",
                      r"^\s+general: 2\.0$"), id="undeclared-category-in-values"),
    pytest.param(Case(setting("events.random.0.effects.0.party", "XX"), "events.random.0.effects.0.party",
                      "unknown party 'XX'", r"^\s+- party: XX$"), id="unknown-party-in-random-event"),
    pytest.param(Case(setting("events.scheduled", [{"name": "truce", "day": 2, "effects": [{"party": "ZZ"}]}]),
                      "events.scheduled.0.effects.0.party", "unknown party 'ZZ'", r"^\s+- party: ZZ$"),
                 id="unknown-party-in-scheduled-event"),
    pytest.param(Case(setting("parties.RU.interests.issue_values.ceasefire.forever", 0.5),
                      "parties.RU.interests.issue_values.ceasefire.forever", "unknown option 'forever'",
                      r"^\s+forever: 0\.5$"), id="unknown-issue-option-in-values"),
    pytest.param(Case(setting("issues.ceasefire.status_quo", "forever"), "issues.ceasefire.status_quo",
                      "unknown option 'forever'", r"^\s+status_quo: forever$"), id="unknown-status-quo"),
    pytest.param(Case(both(setting("protocol.kind", "single_text"), deleting("protocol.mediator")),
                      "protocol.mediator", "needs a mediator", r"^protocol:$"), id="single-text-without-mediator"),
    pytest.param(Case(setting("protocol.kind", "single_text"), "protocol.mediator", "drafts_packages",
                      r"^\s+mediator: TR$"), id="single-text-with-non-drafting-mediator"),
    pytest.param(Case(setting("protocol.mediator", "FR"), "protocol.mediator", "unknown mediator 'FR'",
                      r"^\s+mediator: FR$"), id="unknown-mediator"),
    # YAML booleans as option names
    pytest.param(Case(setting("issues.ceasefire.options", [True, False]), "issues.ceasefire.options.0",
                      "quote", r"^\s+- true$", count=2), id="boolean-option-names"),
    # an outcome space too large
    pytest.param(Case(both(setting("protocol.package_step", 1),
                           setting("parties.RU.roster.generate.soldier", 200_000),
                           setting("parties.UA.roster.generate.soldier", 200_000)),
                      "protocol.package_step", f"more than the limit of {LIMITS.outcomes}",
                      r"^\s+package_step: 1$"), id="outcome-space-too-large"),
]


@pytest.mark.parametrize("case", MUTATION_CASES)
def test_a_malformed_scenario_names_file_field_and_line(case: Case, write_scenario: Callable[..., Path]) -> None:
    """Each kind of mistake is reported as one problem with the file, exact field path, line and reason."""
    path = write_scenario(case.mutate)
    problems = problems_of(path)
    assert len(problems) == case.count, [str(p) for p in problems]
    problem = the_problem(problems, case.path)
    expected_line = case.line if isinstance(case.line, int) else line_of(path, case.line)
    assert problem.file == str(path)
    assert problem.line == expected_line
    assert case.fragment in problem.message
    assert str(problem).startswith(f"{path}:{expected_line}: {case.path}: ")


def test_unquoted_yes_no_options_get_a_hint_about_quoting(write_file: Callable[..., Path]) -> None:
    """Options written as bare yes/no become YAML booleans; the problem says to quote them."""
    path = write_file(TINY.replace("options: [declined, agreed]", "options: [yes, no]"))
    problems = problems_of(path)
    assert [p.path for p in problems] == ["issues.meet.options.0", "issues.meet.options.1"]
    for problem in problems:
        assert problem.line == 16
        assert "yes/no" in problem.message
        assert "quote" in problem.message


def test_several_schema_problems_in_one_file_are_all_reported(write_scenario: Callable[..., Path]) -> None:
    """Three independent field mistakes give exactly three problems, each with its own path."""
    path = write_scenario(both(
        setting("parties.RU.delegation.authority", "high"),
        setting("colour", "red"),
        setting("parties.UA.trust.initial", 2),
    ))
    problems = problems_of(path)
    assert len(problems) == 3
    assert {p.path for p in problems} == {"parties.RU.delegation.authority", "colour", "parties.UA.trust.initial"}
    assert all(p.line is not None for p in problems)


def test_several_reference_problems_in_one_file_are_all_reported(write_scenario: Callable[..., Path]) -> None:
    """Three broken cross-references give exactly three problems, each with its own path."""
    path = write_scenario(both(
        setting("parties.RU.roster.generate.general", 3),
        setting("events.random.0.effects.0.party", "XX"),
        setting("protocol.mediator", "FR"),
    ))
    problems = problems_of(path)
    assert len(problems) == 3
    assert {p.path for p in problems} == {
        "parties.RU.roster.generate.general", "events.random.0.effects.0.party", "protocol.mediator",
    }


def test_a_boolean_where_a_number_belongs_is_a_wrong_type(write_scenario: Callable[..., Path]) -> None:
    """`authority: yes` (a YAML boolean) is reported at the authority field, not read as 1.0."""
    path = write_scenario(setting("parties.RU.delegation.authority", True))
    problem = the_problem(problems_of(path), "parties.RU.delegation.authority")
    assert problem.line == line_of(path, r"^\s+authority: true$")


# --- malformed files written inline, where line numbers matter --------------------------------

def test_the_tiny_inline_scenario_is_valid(write_file: Callable[..., Path]) -> None:
    """TINY (tests/data/tiny.yaml), the base of the inline cases, loads without problems."""
    assert load_scenario(write_file(TINY)).name == "Tiny"


RANDOM_NON_UTF8 = bytes([0xFF, 0xFE, 0xC3, 0x28]) + bytes(np.random.default_rng(7).integers(1, 256, 60, dtype=np.uint8))

TEXT_CASES = [
    pytest.param("name: x\nhorizon_days: [1, 2\nfoo: 3\n", "", 3, "YAML does not parse", id="yaml-unclosed-list"),
    pytest.param("name: x\n\thorizon_days: 3\n", "", 2, "YAML does not parse", id="yaml-tab"),
    pytest.param(TINY + "---\nname: y\n", "", 17, "YAML does not parse", id="yaml-two-documents"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "", None, "NUL", id="binary-with-nul"),
    pytest.param(RANDOM_NON_UTF8, "", None, "not UTF-8", id="random-non-utf8"),
    pytest.param("", "", 1, "empty file", id="empty-file"),
    pytest.param("# only a comment\n", "", 1, "empty file", id="comment-only-file"),
    pytest.param("- name: x\n- horizon_days: 3\n", "", 1, "found a list", id="yaml-list"),
    pytest.param("just some words\n", "", 1, "found a str", id="yaml-scalar"),
    pytest.param(TINY + "name: Tiny again\n", "name", 17, "key appears twice", id="duplicate-top-level-key"),
    pytest.param(TINY.replace("    name: Beta\n", "    name: Beta\n    name: Gamma\n"), "parties.B.name", 12,
                 "key appears twice", id="duplicate-nested-key"),
    pytest.param(TINY.replace("veto: {kind: threshold, threshold: 0.2}", "veto: {kind: threshold}"),
                 "parties.A.leader.veto.threshold", 8, "Field required",
                 id="threshold-missing-in-threshold-veto"),
    pytest.param(TINY.replace("veto: {kind: threshold, threshold: 0.2}",
                              "veto:\n        kind: threshold\n        threshold: 0.2\n        midpoint: 0.4"),
                 "parties.A.leader.veto.midpoint", 11, "unknown field",
                 id="unknown-key-in-threshold-veto"),
]


@pytest.mark.parametrize(("content", "path", "line", "fragment"), TEXT_CASES)
def test_a_malformed_file_names_file_field_and_line(
    content: str | bytes, path: str, line: int | None, fragment: str, write_file: Callable[..., Path]
) -> None:
    """Files that do not parse, are not text, are not a mapping or repeat a key give one located problem."""
    file = write_file(content)
    problems = problems_of(file)
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert (problem.file, problem.path, problem.line) == (str(file), path, line)
    assert fragment in problem.message
    assert "Traceback" not in str(problem)



@pytest.mark.parametrize(
    "content",
    [
        pytest.param("name: &loop [*loop]\nhorizon_days: 3\n", id="recursive-alias"),
        pytest.param("name: " + "[" * 3000 + "]" * 3000 + "\n", id="deeply-nested-yaml"),
    ],
)
def test_pathological_yaml_is_a_scenario_error_not_a_crash(content: str, write_file: Callable[..., Path]) -> None:
    """A self-referencing alias or absurdly deep nesting is reported as a problem naming the file."""
    file = write_file(content)
    problems = problems_of(file)
    assert problems
    assert all(problem.file == str(file) for problem in problems)

def test_a_missing_file_is_reported_by_name(tmp_path: Path) -> None:
    """A path that does not exist gives one problem 'file not found' naming the path."""
    missing = tmp_path / "nowhere.yaml"
    (problem,) = problems_of(missing)
    assert (problem.file, problem.path, problem.line) == (str(missing), "", None)
    assert "not found" in problem.message


def test_a_folder_is_not_a_scenario_file(tmp_path: Path) -> None:
    """Loading a folder gives one problem saying it is a folder."""
    (problem,) = problems_of(tmp_path)
    assert problem.file == str(tmp_path)
    assert "folder" in problem.message


# --- validate_document ------------------------------------------------------------------------


def test_validate_document_accepts_an_in_memory_dict(istanbul_document: Document) -> None:
    """validate_document turns a parsed dict into the same Scenario as loading the file would."""
    scenario = validate_document(istanbul_document)
    assert isinstance(scenario, Scenario)
    assert scenario.protocol.package_step == 100
    assert sim.validate_document is validate_document


def test_validate_document_reports_problems_without_lines(istanbul_document: Document) -> None:
    """A bad dict is reported under the given file name, with field paths and no line numbers."""
    istanbul_document["parties"]["RU"]["delegation"]["authority"] = "high"
    istanbul_document["parties"]["UA"]["roster"]["generate"]["general"] = 1
    with pytest.raises(ScenarioError) as caught:
        validate_document(istanbul_document, "notebook")
    (problem,) = caught.value.problems
    assert (problem.file, problem.path, problem.line) == ("notebook", "parties.RU.delegation.authority", None)
    assert str(problem).startswith("notebook: parties.RU.delegation.authority: ")


def test_validate_document_rejects_a_list() -> None:
    """A document that is not a mapping is one problem, not a crash."""
    with pytest.raises(ScenarioError, match="expected a mapping"):
        validate_document([1, 2])


def test_validate_document_refuses_an_outcome_space_too_large(istanbul_document: Document) -> None:
    """The outcome-space limit (path protocol.package_step) also holds for an in-memory dict."""
    istanbul_document["protocol"]["package_step"] = 1
    istanbul_document["parties"]["RU"]["roster"]["generate"]["soldier"] = 200_000
    istanbul_document["parties"]["UA"]["roster"]["generate"]["soldier"] = 200_000
    with pytest.raises(ScenarioError) as caught:
        validate_document(istanbul_document)
    assert [p.path for p in caught.value.problems] == ["protocol.package_step"]


# --- roster CSVs ------------------------------------------------------------------------------


def test_a_csv_roster_is_found_next_to_the_scenario_from_another_cwd(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative roster path is resolved against the scenario's folder, not the working directory."""
    monkeypatch.chdir(tmp_path)
    scenario = load_scenario(data_dir / "csv_scenario.yaml")
    assert scenario.parties["A"].roster is not None
    assert Path(scenario.parties["A"].roster.csv or "") == (data_dir / "roster.csv").resolve()


def test_a_csv_roster_runs_and_blank_values_fall_back_to_category_values(
    csv_scenario: Callable[[str | None], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid CSV roster loads and runs; blank value cells take the category's value from the interests."""
    path = csv_scenario("roster.csv")
    monkeypatch.chdir(tmp_path)
    scenario = load_scenario(Path("scenario") / path.name)
    roster = build_rosters(scenario, Streams(0))["A"]
    assert roster is not None
    assert roster.ids.tolist() == [10, 11, 12, 13]
    # value to the home side B (B's value_home: soldier 1.5, officer 4.0) unless the CSV gives one
    assert roster.value_home.tolist() == [1.5, 4.0, 3.0, 1.5]
    # value as a chip to the holder A (A's value_holder: soldier 0.5, officer 6.0) unless the CSV gives one
    assert roster.value_holder.tolist() == [0.5, 2.5, 0.5, 0.5]
    assert roster.acknowledged.tolist() == [True, True, False, True]
    result = sim.run(scenario, seed=0)
    assert result.outcome.status == "executed"
    assert result.outcome.agreed_released["A"] > 0


@pytest.mark.parametrize(
    ("roster", "line", "column", "fragment"),
    [
        ("roster_missing_column.csv", 1, "category", "missing column"),
        ("roster_unknown_category.csv", 3, "category", "unknown category 'general'"),
        ("roster_non_numeric_id.csv", 3, "id", "expected a whole number, found 'x7'"),
        ("roster_duplicate_ids.csv", 4, "id", "id 1 appears twice"),
        ("roster_wrong_field_count.csv", 3, None, "expected 2 fields, found 3"),
    ],
)
def test_a_broken_roster_csv_is_reported_with_its_line_and_column(
    roster: str, line: int | None, column: str | None, fragment: str, csv_scenario: Callable[[str | None], Path]
) -> None:
    """A malformed roster CSV is one problem at parties.<id>.roster.csv naming the CSV, its line and column."""
    path = csv_scenario(roster)
    (problem,) = problems_of(path)
    csv_path = (path.parent / "roster.csv").resolve()
    assert (problem.file, problem.path) == (str(path), "parties.A.roster.csv")
    where = f"{csv_path}:{line}:" if line is not None else f"{csv_path}:"
    assert where in problem.message
    if column:
        assert f"column '{column}'" in problem.message
    assert fragment in problem.message


def test_a_missing_roster_csv_is_reported_with_its_resolved_path(
    csv_scenario: Callable[[str | None], Path],
) -> None:
    """A roster CSV that does not exist is one problem naming the path it was looked for at."""
    path = csv_scenario(None)
    (problem,) = problems_of(path)
    assert problem.path == "parties.A.roster.csv"
    assert str((path.parent / "roster.csv").resolve()) in problem.message
    assert "not found" in problem.message


def test_a_duplicate_roster_id_is_reported_at_the_line_that_repeats_it(
    csv_scenario: Callable[[str | None], Path],
) -> None:
    """Duplicate ids name the CSV line of the second occurrence (line 4 of roster_duplicate_ids.csv)."""
    path = csv_scenario("roster_duplicate_ids.csv")
    (problem,) = problems_of(path)
    assert f"{(path.parent / 'roster.csv').resolve()}:4:" in problem.message


def test_a_roster_csv_problem_carries_the_yaml_line_of_the_csv_field(
    csv_scenario: Callable[[str | None], Path],
) -> None:
    """A CSV problem's Problem.line is the scenario line of `csv: roster.csv`."""
    path = csv_scenario("roster_unknown_category.csv")
    (problem,) = problems_of(path)
    assert problem.line == line_of(path, r"^\s+csv: roster\.csv$")

