"""Load a scenario: YAML text → validated, frozen `Scenario`, with every problem reported.

Problems are collected and raised together as one `ScenarioError`; each names the file, the
dotted field path and, where the YAML parser knows it, the line. Validation runs in stages
(field types, then cross-references, then roster files and sizes), and a stage with
problems stops the later ones. Roster CSVs are resolved relative to the scenario file and
checked here, so `parley validate` catches a broken roster before a run starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import prod
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.files import file_sha256
from sim.scenario.cost import find_cost_problems
from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.files import outside_allowed, resolve_inside
from sim.scenario.growth import find_growth_problems
from sim.scenario.limits import LIMITS, count_levels
from sim.scenario.numeric import UNION_TAGS
from sim.scenario.party_references import find_named_problems
from sim.scenario.references import find_reference_problems
from sim.scenario.roster_csv import LoadedRoster, RosterCsvError, read_roster_csv
from sim.scenario.schema import Scenario
from sim.scenario.source import LineMap, line_of, parse_yaml, read_text
from sim.scenario.suggest import model_at, unknown_field

YAML_BOOLEAN_HINT = "; YAML reads yes/no/on/off as true/false, so quote such words"


def load_scenario(path: str | Path, *, allow_outside_files: bool | None = None) -> Scenario:
    """Read, parse and validate a scenario file; raises `ScenarioError` listing every problem.

    Roster CSVs must lie in the scenario's folder unless `allow_outside_files` (default: the
    environment variable `PARLEY_ALLOW_OUTSIDE_FILES=1`; see `sim.scenario.files`).
    """
    path = Path(path)
    document, lines = read_document(path)
    return validate_document(document, str(path), lines, base=path.parent, allow_outside_files=allow_outside_files)


def read_document(path: str | Path) -> tuple[Any, LineMap]:
    """The parsed YAML of a scenario file, not yet validated, and the line of each key path.

    Sweeps edit this raw document (one copy per parameter point) and then validate it with
    `validate_document(document, str(path), lines, base=path.parent)`.
    """
    path = Path(path)
    return parse_yaml(str(path), read_text(path))


def validate_document(document: Any, file: str = "<scenario>", lines: LineMap | None = None,
                      base: Path | None = None, *, allow_outside_files: bool | None = None) -> Scenario:
    """Validate a parsed document (e.g. a dict built in a notebook) into a `Scenario`.

    Roster CSV paths are resolved relative to `base` (default: the working folder); with a
    `base`, a path that leads outside it is refused unless `allow_outside_files`.
    """
    lines = lines or {}
    if not isinstance(document, dict):
        found = "an empty file" if document is None else f"a {type(document).__name__}"
        raise ScenarioError([Problem(file, "", f"expected a mapping of scenario sections, found {found}", 1)])
    try:
        scenario = Scenario.model_validate(document)
    except ValidationError as error:
        raise ScenarioError(list(_pydantic_problems(error, document, file, lines))) from None
    problems = [
        Problem(file, path, message, line_of(lines, tuple(path.split("."))))
        for path, message in find_reference_problems(scenario)
    ]
    if problems:
        raise ScenarioError(problems)
    allow = base is None or outside_allowed(allow_outside_files)
    scenario, sizes, listed = _resolve_rosters(scenario, base or Path.cwd(), allow, file, lines)
    problems = [Problem(file, path, message, line_of(lines, tuple(path.split("."))))
                for path, message in find_named_problems(scenario, listed)]
    if problems:
        raise ScenarioError(problems)
    _check_size(scenario, sizes, file, lines)
    return scenario


def _pydantic_problems(error: ValidationError, document: dict[str, Any], file: str,
                       lines: LineMap) -> Iterator[Problem]:
    for detail in error.errors(include_url=False):
        path = _document_path(detail["loc"], document)
        message = detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = unknown_field(path[-1], model_at(Scenario, detail["loc"]), _section(document, path[:-1]))
        elif detail["type"] == "union_tag_invalid":
            context = detail.get("ctx", {})
            path = (*path, "kind")
            message = f"unknown kind '{context.get('tag')}' (expected one of: {context.get('expected_tags')})"
        elif detail["type"] != "missing" and "input" in detail:
            message = f"{message} (found {_short(detail['input'])})"
        if isinstance(detail.get("input"), bool) or "found False" in message or "found True" in message:
            message += YAML_BOOLEAN_HINT
        yield Problem(file, ".".join(path), message, line_of(lines, path))


def _document_path(loc: tuple[int | str, ...], document: Any) -> tuple[str, ...]:
    """A pydantic error location as a path in the file: drop the union tags pydantic adds.

    A plug-in field (`veto: {kind: threshold, ...}`) puts its kind into the location right
    after the field, so the first part equal to the `kind` of the mapping reached so far is
    that tag (even when a field has the same name, as `threshold` does).
    """
    path: list[str] = []
    node = document
    tagged: int | None = None
    for part in loc:
        if part in UNION_TAGS:  # a tag of a union that is no key of the file (`sim.scenario.numeric`)
            continue
        if isinstance(node, dict) and node.get("kind") == part and tagged != id(node):
            tagged = id(node)
            continue
        path.append(str(part))
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path)


def _section(document: Any, path: tuple[str, ...]) -> Any:
    """The part of the document at `path` (a path from `_document_path`), or None."""
    node = document
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


CsvPeople = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
"""Per party with a roster CSV: the names in it, and the parties its `value_for_P` columns name."""


def _resolve_rosters(scenario: Scenario, base: Path, allow_outside: bool, file: str,
                     lines: LineMap) -> tuple[Scenario, dict[str, int], CsvPeople]:
    """Check each roster CSV and pin its path; returns the scenario, each party's captive count, and for each
    roster CSV the names in it and the parties its `value_for_P` columns name."""
    problems: list[Problem] = []
    parties = dict(scenario.parties)
    sizes: dict[str, int] = {}
    listed: CsvPeople = {}
    for party_id, party in scenario.parties.items():
        if party.roster is None:
            sizes[party_id] = 0
            continue
        if party.roster.csv is None:
            sizes[party_id] = sum((party.roster.generate or {}).values()) + len(party.roster.named)
            continue
        field = ("parties", party_id, "roster", "csv")
        try:
            csv_path = resolve_inside(party.roster.csv, base, allow_outside)
        except ValueError as error:
            problems.append(Problem(file, ".".join(field), str(error), line_of(lines, field)))
            continue
        try:
            table = read_roster_csv(csv_path, scenario.categories, LIMITS.captives_per_party)
            digest = _fingerprint(csv_path)
        except RosterCsvError as error:
            where = f"{csv_path}" + (f":{error.line}" if error.line else "")
            column = f" column '{error.column}':" if error.column else ""
            problems.append(Problem(file, ".".join(field), f"{where}:{column} {error.message}",
                                    line_of(lines, field)))
            continue
        sizes[party_id] = int(table.ids.size) + len(party.roster.named)
        listed[party_id] = (tuple(name for name in table.names if name), tuple(sorted(table.values_for)))
        # Fingerprinted right after reading; runs use these rows, never the file again.
        roster = party.roster.with_loaded(LoadedRoster(str(csv_path), digest, table))
        parties[party_id] = party.model_copy(update={"roster": roster})
    if problems:
        raise ScenarioError(problems)
    return scenario.model_copy(update={"parties": parties}), sizes, listed


def _fingerprint(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError as error:
        raise RosterCsvError(f"cannot read: {error.strerror or error}") from None


def _check_size(scenario: Scenario, sizes: dict[str, int], file: str, lines: LineMap) -> None:
    """Refuse rosters or outcome spaces too large for one run (see `schema.Limits`)."""
    problems = [
        Problem(file, f"parties.{party}.roster", f"{size} captives is more than the limit of "
                f"{LIMITS.captives_per_party}", line_of(lines, ("parties", party, "roster")))
        for party, size in sizes.items() if size > LIMITS.captives_per_party
    ]
    step = scenario.protocol.package_step
    # one axis per side: a bloc draws its lists from its members' rosters together
    outcomes = prod(count_levels(sum(sizes.get(member, 0) for member in members), step)
                    for members in scenario.sides.values())
    outcomes *= prod(issue.size for issue in scenario.issues.values())  # a numeric issue: its grid of amounts
    problems += [Problem(file, path, message, line_of(lines, tuple(path.split("."))))
                 for path, message in find_growth_problems(scenario, sizes)]
    if not problems:
        problems += [Problem(file, path, message, line_of(lines, tuple(path.split("."))))
                     for path, message in find_cost_problems(scenario, sizes)]
    if outcomes > LIMITS.outcomes:
        problems.append(Problem(file, "protocol.package_step", f"{outcomes} possible packages is more than "
                                f"the limit of {LIMITS.outcomes}; raise package_step (now {step}) or "
                                f"trim issue options (or coarsen a numeric issue's step)",
                                line_of(lines, ("protocol", "package_step"))))
    if problems:
        raise ScenarioError(problems)
