"""Load a scenario file: YAML (safe loader only) → validated, frozen `Scenario`.

Every problem is collected and raised together as one `ScenarioError`; each names the file,
the dotted field path and, where the YAML parser knows it, the line. Roster CSVs are
resolved relative to the scenario file and checked here too, so `parley validate` catches a
broken roster before a run starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import prod
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sim.roster import RosterCsvError, read_roster_csv
from sim.space import count_levels
from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.references import find_reference_problems
from sim.scenario.schema import LIMITS, PLUGIN_KINDS, Scenario

MAX_FILE_BYTES = 10_000_000
LineMap = dict[tuple[str, ...], int]


def load_scenario(path: str | Path) -> Scenario:
    """Read, parse and validate a scenario file; raises `ScenarioError` listing every problem."""
    path = Path(path)
    text = _read_text(path)
    document, lines = _parse_yaml(path, text)
    scenario = validate_document(document, str(path), lines)
    scenario, sizes = _resolve_rosters(scenario, path)
    _check_size(scenario, sizes, str(path), lines)
    return scenario


def validate_document(document: Any, file: str = "<scenario>", lines: LineMap | None = None) -> Scenario:
    """Validate an already-parsed document (a dict, e.g. from a notebook) into a `Scenario`."""
    lines = lines or {}
    if not isinstance(document, dict):
        found = "an empty file" if document is None else f"a {type(document).__name__}"
        raise ScenarioError([Problem(file, "", f"expected a mapping of scenario sections, found {found}", 1)])
    try:
        scenario = Scenario.model_validate(document)
    except ValidationError as error:
        raise ScenarioError(list(_pydantic_problems(error, file, lines))) from None
    problems = [
        Problem(file, path, message, _line_of(lines, tuple(path.split("."))))
        for path, message in find_reference_problems(scenario)
    ]
    if problems:
        raise ScenarioError(problems)
    return scenario


def _read_text(path: Path) -> str:
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem(file, "", "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(file, "", "is a folder, not a scenario file")]) from None
    except OSError as error:
        raise ScenarioError([Problem(file, "", f"cannot read: {error.strerror}")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError([Problem(file, "", f"file is larger than {MAX_FILE_BYTES} bytes")])
    if b"\x00" in data:
        raise ScenarioError([Problem(file, "", "not a text file (it contains NUL bytes); expected YAML")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError([Problem(file, "", f"not UTF-8 text (byte {error.start}); expected YAML")]) from None


def _parse_yaml(path: Path, text: str) -> tuple[Any, LineMap]:
    file = str(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        document = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        reason = error.problem or "invalid YAML"
        raise ScenarioError([Problem(file, "", f"YAML does not parse: {reason}", line)]) from None
    except yaml.YAMLError as error:
        raise ScenarioError([Problem(file, "", f"YAML does not parse: {error}")]) from None
    lines: LineMap = {}
    duplicates = list(_walk_nodes(node, (), lines)) if node is not None else []
    if duplicates:
        raise ScenarioError(
            [Problem(file, ".".join(key), "key appears twice", line) for key, line in duplicates]
        )
    return document, lines


def _walk_nodes(node: yaml.Node, prefix: tuple[str, ...], lines: LineMap) -> Iterator[tuple[tuple[str, ...], int]]:
    """Record the line of every key path; yield the paths of keys given twice."""
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = (*prefix, key)
            if key in seen:
                yield path, key_node.start_mark.line + 1
            seen.add(key)
            lines.setdefault(path, key_node.start_mark.line + 1)
            yield from _walk_nodes(value_node, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk_nodes(item, (*prefix, str(index)), lines)


def _line_of(lines: LineMap, path: tuple[str, ...]) -> int | None:
    """The line of the deepest part of `path` that the YAML file actually contains."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _pydantic_problems(error: ValidationError, file: str, lines: LineMap) -> Iterator[Problem]:
    for detail in error.errors(include_url=False):
        path = _yaml_path(detail["loc"], lines)
        message = detail["msg"]
        if detail["type"] not in ("missing", "extra_forbidden") and "input" in detail:
            message = f"{message} (found {_short(detail['input'])})"
        if detail["type"] == "extra_forbidden":
            message = "unknown field"
        if isinstance(detail.get("input"), bool) or "found False" in message or "found True" in message:
            message += "; YAML reads yes/no/on/off as true/false, so quote such words"
        yield Problem(file, ".".join(path), message, _line_of(lines, path))


def _yaml_path(loc: tuple[int | str, ...], lines: LineMap) -> tuple[str, ...]:
    """Drop the parts of a pydantic location that are not in the file (union tags)."""
    path: tuple[str, ...] = ()
    for part in loc:
        candidate = (*path, str(part))
        if candidate in lines or not isinstance(part, str) or not _is_tag(part):
            path = candidate
    return path


def _is_tag(part: str) -> bool:
    return part in PLUGIN_KINDS


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _resolve_rosters(scenario: Scenario, path: Path) -> tuple[Scenario, dict[str, int]]:
    """Check each roster CSV and pin its path relative to the scenario file's folder.

    Returns the scenario and the number of captives each party holds at the start.
    """
    problems: list[Problem] = []
    parties = dict(scenario.parties)
    sizes: dict[str, int] = {}
    for party_id, party in scenario.parties.items():
        if party.roster is None:
            sizes[party_id] = 0
            continue
        if party.roster.csv is None:
            sizes[party_id] = sum((party.roster.generate or {}).values())
            continue
        csv_path = (path.parent / party.roster.csv).resolve()
        try:
            table = read_roster_csv(csv_path, scenario.categories, LIMITS.captives_per_party)
        except RosterCsvError as error:
            where = f"{csv_path}" + (f":{error.line}" if error.line else "")
            column = f" column '{error.column}':" if error.column else ""
            problems.append(Problem(str(path), f"parties.{party_id}.roster.csv",
                                    f"{where}:{column} {error.message}"))
            continue
        sizes[party_id] = int(table.ids.size)
        roster = party.roster.model_copy(update={"csv": str(csv_path)})
        parties[party_id] = party.model_copy(update={"roster": roster})
    if problems:
        raise ScenarioError(problems)
    return scenario.model_copy(update={"parties": parties}), sizes


def _check_size(scenario: Scenario, sizes: dict[str, int], file: str, lines: LineMap) -> None:
    """Refuse rosters or outcome spaces too large for one run (see `schema.Limits`)."""
    problems = [
        Problem(file, f"parties.{party}.roster", f"{size} captives is more than the limit of "
                f"{LIMITS.captives_per_party}", _line_of(lines, ("parties", party, "roster")))
        for party, size in sizes.items() if size > LIMITS.captives_per_party
    ]
    step = scenario.protocol.package_step
    outcomes = prod(count_levels(size, step) for size in sizes.values())
    outcomes *= prod(len(issue.options) for issue in scenario.issues.values())
    if outcomes > LIMITS.outcomes:
        problems.append(Problem(file, "protocol.package_step", f"{outcomes} possible packages is more than "
                                f"the limit of {LIMITS.outcomes}; raise package_step (now {step}) or "
                                f"trim issue options", _line_of(lines, ("protocol", "package_step"))))
    if problems:
        raise ScenarioError(problems)
