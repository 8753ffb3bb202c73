"""Hypothesis strategies that break valid scenario files, for tests/test_fuzz_scenarios.py.

`mutated_documents` takes one of the shipped (or test) scenarios as parsed YAML and applies
one to three mutations at random places: a value of the wrong type, a deleted or renamed key,
a duplicated list item, a huge or negative number, NaN or infinity, a very long string,
arbitrary unicode, deep nesting, an extra key. `broken_texts` makes files that are not even
sound YAML: alias bombs, unclosed brackets, tabs, truncated files, binary bytes, duplicate keys.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
BASES = ("istanbul-2025-05.yaml", "azovstal-2022-09.yaml", "first-swap-2019-09.yaml", "ru-ua-channel.yaml")

HUGE = [10**9, 2**63, -(2**63), 10**30, 1e308, -1e308, 1e-320]
SPECIAL = [float("nan"), float("inf"), float("-inf"), -1, -0.5, 0, 0.0, True, False, None, "", "0", "yes"]


@cache
def base_text(name: str) -> str:
    return (ROOT / "scenarios" / name).read_text(encoding="utf-8")


@cache
def base_document(name: str) -> dict[str, Any]:
    return yaml.safe_load(base_text(name))


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path into a parsed document (mapping keys and list indices)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def nested(depth: int) -> Any:
    value: Any = 1
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


def weird_values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(HUGE + SPECIAL),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=40),
        st.text(min_size=1, max_size=4, alphabet="ab\u00e9\u4e2d\U0001f600").map(lambda part: part * 50_000),
        st.lists(st.integers(-5, 5), max_size=4),
        st.dictionaries(st.text(max_size=5), st.integers(-5, 5), max_size=3),
        st.integers(20, 60).map(nested),
        st.dates().map(str),
    )


def nearby(value: float) -> st.SearchStrategy[Any]:
    """Plausible numbers of the same type: the edges of common ranges and values near the original."""
    if isinstance(value, int):
        return st.one_of(st.sampled_from([0, 1, 2, value + 1, max(0, value - 1), value * 10]), st.integers(0, 200))
    return st.one_of(st.sampled_from([0.0, 1.0, 0.5, value * 2, value / 2, 1e-9, 1 - 1e-9]),
                     st.floats(0.0, 1.0), st.floats(0.0, 100.0))


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@st.composite
def mutate_once(draw: st.DrawFn, document: dict[str, Any]) -> str:
    """Apply one mutation to `document` in place; returns what was done, for the failure report.
    Half the mutations nudge a number to a plausible value, so that many mutated files still load
    and the runs of odd but valid scenarios are exercised too."""
    every = paths(document)
    numbers = [path for path in every if is_number(_parent(document, path)[path[-1]])]
    if numbers and draw(st.booleans()):
        path = draw(st.sampled_from(numbers))
        parent = _parent(document, path)
        parent[path[-1]] = draw(nearby(parent[path[-1]]))
        return f"nudge {'.'.join(map(str, path))}"
    path = draw(st.sampled_from(every))
    parent, key = _parent(document, path), path[-1]
    action = draw(st.sampled_from(["replace", "replace", "delete", "rename", "duplicate", "extra"]))
    if action == "replace":
        parent[key] = draw(weird_values())
    elif action == "delete":
        del parent[key]
    elif action == "rename" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(key)
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    elif action == "extra" and isinstance(parent[key], dict):
        parent[key][draw(st.text(min_size=1, max_size=12))] = draw(weird_values())
    else:
        parent[key] = draw(weird_values())
        action = "replace"
    return f"{action} {'.'.join(map(str, path))}"


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[str]]:
    """(base name, mutated document, the mutations made)."""
    name = draw(st.sampled_from(BASES))
    document = copy.deepcopy(base_document(name))
    done = [draw(mutate_once(document)) for _ in range(draw(st.integers(1, 3)))]
    return name, document, done


def alias_bomb(levels: int, width: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        previous = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{previous}]")
    return "\n".join(lines) + "\nname: bomb\nhorizon_days: 1\n"


@st.composite
def broken_texts(draw: st.DrawFn) -> bytes:
    """Bytes of a file that should never load as a scenario."""
    text = base_text(draw(st.sampled_from(BASES)))
    kind = draw(st.sampled_from(["bomb", "deep", "binary", "truncated", "garbage", "tab", "duplicate", "unicode"]))
    if kind == "bomb":
        return alias_bomb(draw(st.integers(6, 12)), draw(st.integers(5, 10))).encode()
    if kind == "deep":
        depth = draw(st.integers(200, 20_000))
        return ("name: deep\nhorizon_days: 1\nparties: " + "[" * depth + "]" * depth).encode()
    if kind == "binary":
        return draw(st.binary(min_size=1, max_size=2000))
    if kind == "truncated":
        return text.encode()[: draw(st.integers(0, len(text.encode()) - 1))]
    if kind == "tab":
        return text.replace("  ", "\t", draw(st.integers(1, 5))).encode()
    if kind == "duplicate":
        lines = text.splitlines()
        at = draw(st.sampled_from([i for i, line in enumerate(lines) if ":" in line and not line.startswith("#")]))
        return "\n".join([*lines[: at + 1], lines[at], *lines[at + 1:]]).encode()
    if kind == "unicode":
        return draw(st.text(min_size=1, max_size=500)).encode("utf-8", "surrogatepass")
    return (text + "\n" + draw(st.text(alphabet="{}[]:&*!|>-?'\"%@`, \n", min_size=1, max_size=60))).encode()
