"""Read a scenario file's text and parse it as YAML, remembering the line of every key.

Only PyYAML's safe loader is used (libyaml's where PyYAML has it). The node tree is walked
once to map each key path to its line (for error messages), to catch keys given twice
(PyYAML would silently keep the last), and to refuse documents whose aliases expand into
more nodes than any scenario needs (the "billion laughs" trick) or that refer to themselves.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from sim.scenario.errors import Problem, ScenarioError

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (the same documents, ten times faster)."""
MAX_FILE_BYTES = 10_000_000
MAX_EXPANDED_NODES = 1_000_000
LineMap = dict[tuple[str, ...], int]


def read_text(path: Path) -> str:
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


def parse_yaml(file: str, text: str) -> tuple[Any, LineMap]:
    """The parsed document and the line of each key path; `ScenarioError` if it is not sound YAML."""
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        reason = error.problem or "invalid YAML"
        raise ScenarioError([Problem(file, "", f"YAML does not parse: {reason}", line)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise ScenarioError([Problem(file, "", f"YAML does not parse: {error.reason} "
                                     f"(character #x{error.character:04x})", line)]) from None
    except yaml.YAMLError as error:
        raise ScenarioError([Problem(file, "", f"YAML does not parse: {one_line(str(error))}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(file, "", "YAML is nested too deeply")]) from None
    if node is None:
        return None, {}
    _check_expansion(file, node)
    lines: LineMap = {}
    duplicates: list[tuple[tuple[str, ...], int]] = []
    _walk(node, (), lines, duplicates, set())
    if duplicates:
        raise ScenarioError([Problem(file, ".".join(key), "key appears twice", line) for key, line in duplicates])
    try:
        return yaml.load(text, Loader=SAFE_LOADER), lines  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError) as error:
        raise ScenarioError([Problem(file, "", f"YAML does not load: {one_line(str(error))}")]) from None
    except ValueError:
        # Python refuses to read an integer of more than `sys.get_int_max_str_digits()` digits.
        match = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        raise ScenarioError([Problem(file, "", f"a number of more than {_MAX_DIGITS:,} digits; no field "
                                     "takes one so large", line)]) from None


_MAX_DIGITS = sys.get_int_max_str_digits() or 4300
_LONG_NUMBER = re.compile(rf"\d{{{_MAX_DIGITS + 1},}}")


def one_line(text: str) -> str:
    """A parser's message on one line (PyYAML's span several, with the context indented)."""
    return " ".join(text.split())


def _check_expansion(file: str, root: yaml.Node) -> None:
    """Refuse self-referring aliases and documents that expand past `MAX_EXPANDED_NODES`."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            in_progress.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_EXPANDED_NODES:
                raise ScenarioError([Problem(file, "", f"YAML aliases expand to more than {MAX_EXPANDED_NODES} "
                                             "values; write the scenario out plainly", node.start_mark.line + 1)])
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise ScenarioError([Problem(file, "", "a YAML alias refers to itself", node.start_mark.line + 1)])
        in_progress.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _walk(node: yaml.Node, prefix: tuple[str, ...], lines: LineMap,
          duplicates: list[tuple[tuple[str, ...], int]], seen: set[int]) -> None:
    """Record the line of every key path once; note keys given twice. Aliased nodes are walked once."""
    lines.setdefault(prefix, node.start_mark.line + 1)
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = (*prefix, key)
            if key in keys:
                duplicates.append((path, key_node.start_mark.line + 1))
            keys.add(key)
            lines.setdefault(path, key_node.start_mark.line + 1)
            _walk(value_node, path, lines, duplicates, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*prefix, str(index)), lines, duplicates, seen)


def line_of(lines: LineMap, path: tuple[str, ...]) -> int | None:
    """The line of the deepest part of `path` that the YAML file actually contains."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
