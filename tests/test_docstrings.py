"""Docstrings: every module of `sim/` has one, 90% or more of the public names have one, and so
does every plug-in protocol with each of its methods.

Read from the source (AST), so nothing is imported. A public name is a module, class,
function or method whose own name and every enclosing name (package, module, class) does
not start with `_`; a package counts by its `__init__`. Not counted: dunder methods,
anything defined inside a function, `@overload` stubs, and property setters and deleters
(the getter carries the docstring).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent.parent / "sim"

REQUIRED_COVERAGE = 0.90

PROTOCOLS: tuple[tuple[str, str], ...] = (
    ("rules/trust.py", "TrustModel"),
    ("rules/veto.py", "VetoRule"),
    ("rules/strategy.py", "ConcessionStrategy"),
    ("runtime/events.py", "Sink"),
)
"""Plug-in protocols (file under `sim/`, class name): each needs a class docstring and a
docstring on every method and property, for they say what a plug-in must do."""


def module_name(path: Path, root: Path) -> str:
    """Dotted name of the module at `path` in the package at `root` (a package by its own name)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_private(name: str) -> bool:
    """True for a name that starts with `_` (dunders included)."""
    return name.startswith("_")


def is_counted_function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """False for an `@overload` stub or a property's setter or deleter."""
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name) and decorator.id == "overload":
            return False
        if isinstance(decorator, ast.Attribute) and decorator.attr in ("overload", "setter", "deleter"):
            return False
    return True


def public_definitions(body: list[ast.stmt], prefix: str) -> Iterator[tuple[str, bool]]:
    """(qualified name, has a docstring) for each public class, function and method in `body`,
    descending into public classes but never into functions."""
    for node in body:
        if isinstance(node, ast.ClassDef):
            if is_private(node.name):
                continue
            name = f"{prefix}.{node.name}"
            yield name, ast.get_docstring(node) is not None
            yield from public_definitions(node.body, name)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if is_private(node.name) or not is_counted_function(node):
                continue
            yield f"{prefix}.{node.name}", ast.get_docstring(node) is not None


def public_names(root: Path) -> dict[str, list[tuple[str, bool]]]:
    """Per module of the package at `root`: its public names with whether each is documented
    (empty for a private module, whose names are not public)."""
    found: dict[str, list[tuple[str, bool]]] = {}
    for path in sorted(root.rglob("*.py")):
        name = module_name(path, root)
        if any(is_private(part) for part in name.split(".")):
            found[name] = []
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found[name] = [(name, ast.get_docstring(tree) is not None), *public_definitions(tree.body, name)]
    return found


def modules_without_docstring(root: Path) -> list[str]:
    """Every module of the package at `root`, private ones included, that does not open with a docstring."""
    return [
        str(path.relative_to(root.parent))
        for path in sorted(root.rglob("*.py"))
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]


def room_of(module: str) -> str:
    """The room a module lives in: `sim.talks.round` -> `talks`, `sim.engine` -> `engine`, `sim` -> `sim`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def coverage_by_room(names: dict[str, list[tuple[str, bool]]]) -> dict[str, tuple[int, int]]:
    """(documented, counted) public names per room."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for module, entries in names.items():
        tally = counts[room_of(module)]
        tally[0] += sum(documented for _, documented in entries)
        tally[1] += len(entries)
    return {room: (documented, total) for room, (documented, total) in sorted(counts.items())}


def coverage_table(by_room: dict[str, tuple[int, int]]) -> str:
    """A plain-text table of docstring coverage per room and overall."""
    documented = sum(done for done, _ in by_room.values())
    total = sum(count for _, count in by_room.values())
    lines = [f"{room:<12}{done:>5} / {count:<5}{done / count:>7.1%}"
             for room, (done, count) in by_room.items() if count]
    lines.append(f"{'overall':<12}{documented:>5} / {total:<5}{documented / total:>7.1%}")
    return "\n".join(lines)


def coverage_failure(root: Path, required: float) -> str | None:
    """None when at least `required` of the public names under `root` are documented; otherwise
    a message giving the figure and every undocumented name."""
    names = public_names(root)
    entries = [entry for module_entries in names.values() for entry in module_entries]
    documented = sum(done for _, done in entries)
    if documented >= required * len(entries):
        return None
    missing = sorted(name for name, done in entries if not done)
    return (
        f"docstring coverage {documented}/{len(entries)} = {documented / len(entries):.1%}, "
        f"below {required:.0%}; undocumented ({len(missing)}):\n  " + "\n  ".join(missing)
    )


def protocol_gaps(path: Path, class_name: str) -> list[str]:
    """What the protocol `class_name` in `path` leaves undocumented: the class itself, or any of its methods
    and properties (dunders included, since a protocol's dunders are part of what a plug-in must do)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name]
    if not classes:
        return [f"{class_name} (not found in {path.name})"]
    protocol = classes[0]
    gaps = [] if ast.get_docstring(protocol) else [class_name]
    gaps += [
        f"{class_name}.{node.name}"
        for node in protocol.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and is_counted_function(node)
        and ast.get_docstring(node) is None
    ]
    return gaps


def test_every_module_has_a_docstring() -> None:
    """Every module of sim/, private ones too, opens with a docstring."""
    assert modules_without_docstring(SIM) == []


def test_public_names_are_documented() -> None:
    """At least 90% of sim/'s public modules, classes, functions and methods have a docstring."""
    print("\n" + coverage_table(coverage_by_room(public_names(SIM))))
    failure = coverage_failure(SIM, REQUIRED_COVERAGE)
    assert failure is None, failure


@pytest.mark.parametrize(("file", "class_name"), PROTOCOLS)
def test_plug_in_protocols_are_documented(file: str, class_name: str) -> None:
    """Each plug-in protocol has a class docstring and a docstring on every method and property."""
    assert protocol_gaps(SIM / file, class_name) == []


UNDOCUMENTED_PACKAGE = {
    "__init__.py": '"""A package."""\n',
    "plain.py": (
        "def public():\n    pass\n\n\n"
        "def documented():\n    '''Does a thing.'''\n\n\n"
        "def _private():\n    pass\n\n\n"
        "class Thing:\n"
        "    def __init__(self):\n        pass\n\n"
        "    @property\n    def size(self):\n        return 1\n\n"
        "    @size.setter\n    def size(self, value):\n        pass\n\n"
        "    def method(self):\n        '''Documented.'''\n        def nested():\n            pass\n\n"
        "    class Inner:\n        pass\n\n\n"
        "class _Hidden:\n    def shown(self):\n        pass\n\n\n"
        "class Protocolish:\n    '''What a plug-in must do.'''\n\n"
        "    def act(self): ...\n\n"
        "    def __call__(self):\n        pass\n\n"
        "    def told(self):\n        '''Told.'''\n"
    ),
    "_private_module.py": "def helper():\n    pass\n",
}


@pytest.fixture
def undocumented(tmp_path: Path) -> Path:
    """A small package with known gaps, to show the checks above can fail."""
    root = tmp_path / "pkg"
    root.mkdir()
    for name, text in UNDOCUMENTED_PACKAGE.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_counting_finds_the_undocumented_public_names(undocumented: Path) -> None:
    """Private, dunder, nested and setter definitions are not counted; the rest are, undocumented or not."""
    names = public_names(undocumented)
    assert names["pkg._private_module"] == []
    assert names["pkg"] == [("pkg", True)]
    assert names["pkg.plain"] == [
        ("pkg.plain", False),
        ("pkg.plain.public", False),
        ("pkg.plain.documented", True),
        ("pkg.plain.Thing", False),
        ("pkg.plain.Thing.size", False),
        ("pkg.plain.Thing.method", True),
        ("pkg.plain.Thing.Inner", False),
        ("pkg.plain.Protocolish", True),
        ("pkg.plain.Protocolish.act", False),
        ("pkg.plain.Protocolish.told", True),
    ]
    assert coverage_by_room(names) == {"_private_module": (0, 0), "pkg": (1, 1), "plain": (4, 10)}


def test_coverage_check_fails_below_the_bar_and_names_the_gaps(undocumented: Path) -> None:
    """5 of 11 documented fails at 90% with every gap named, and passes at 45%."""
    failure = coverage_failure(undocumented, REQUIRED_COVERAGE)
    assert failure is not None
    assert failure.startswith("docstring coverage 5/11 = 45.5%, below 90%; undocumented (6):")
    for name in ("pkg.plain", "pkg.plain.public", "pkg.plain.Thing", "pkg.plain.Thing.size",
                 "pkg.plain.Thing.Inner", "pkg.plain.Protocolish.act"):
        assert f"\n  {name}" in failure
    assert coverage_failure(undocumented, 0.45) is None


def test_module_check_names_modules_without_docstring(undocumented: Path) -> None:
    """Modules without a docstring are named, private ones included."""
    assert modules_without_docstring(undocumented) == ["pkg/_private_module.py", "pkg/plain.py"]


def test_protocol_check_names_the_undocumented_methods(undocumented: Path) -> None:
    """A protocol's undocumented methods, dunders included, are named; a missing class is reported."""
    path = undocumented / "plain.py"
    assert protocol_gaps(path, "Protocolish") == ["Protocolish.act", "Protocolish.__call__"]
    assert protocol_gaps(path, "Thing") == ["Thing", "Thing.__init__", "Thing.size"]
    assert protocol_gaps(path, "Absent") == ["Absent (not found in plain.py)"]
