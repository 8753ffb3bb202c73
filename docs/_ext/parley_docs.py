"""Pages generated from the code when the site is built, so the reference cannot drift.

On `builder-inited` this writes Markdown into `docs/_generated/` (not committed), which the
hand-written pages pull in with `{include}`:

- `scenario-fields.md`: every section and field of the scenario schema, walked from
  `Scenario.model_json_schema()`: meaning (the field's description), type, default, bounds
  and an example taken from a shipped scenario;
- `benchmarks.md`: the tables of `benchmarks/results/latest.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]
GENERATED = Path(__file__).resolve().parents[1] / "_generated"
EXAMPLE_SCENARIOS = ("istanbul-2025-05.yaml", "ru-ua-channel.yaml", "azovstal-2022-09.yaml",
                     "gaza-truce-2023-11.yaml", "shalit-2011.yaml", "first-swap-2019-09.yaml")
BOUNDS = (("minimum", ">= {}"), ("exclusiveMinimum", "> {}"), ("maximum", "<= {}"), ("exclusiveMaximum", "< {}"),
          ("minLength", "length >= {}"), ("maxLength", "length <= {}"),
          ("minItems", "items >= {}"), ("maxItems", "items <= {}"),
          ("minProperties", "entries >= {}"), ("maxProperties", "entries <= {}"),
          ("pattern", "matches `{}`"))


def cell(text: str) -> str:
    """One line of text that is safe inside a Markdown table cell."""
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


def number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    whole = isinstance(value, int) and not isinstance(value, bool)
    return f"{value:,}" if whole and abs(value) >= 10_000 else str(value)


def values_of(node: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of a mapping's values (pydantic writes identifier-keyed mappings as patternProperties)."""
    if isinstance(node.get("additionalProperties"), dict):
        return node["additionalProperties"]
    patterns = node.get("patternProperties")
    return next(iter(patterns.values())) if patterns else None


def ref_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def type_of(node: dict[str, Any]) -> str:
    """A short description of a JSON Schema type, naming referenced models by their section."""
    if name := ref_name(node):
        return f"[{name}](#{anchor(name)})"
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return " or ".join(f"`{v}`" for v in node["enum"])
    for key in ("anyOf", "oneOf"):
        if key in node:
            kinds = [type_of(option) for option in node[key]]
            return " or ".join(dict.fromkeys(kinds))
    kind = node.get("type")
    if kind == "array":
        return f"list of {type_of(node.get('items', {}))}"
    if kind == "object":
        return f"mapping: id to {type_of(values_of(node) or {})}"
    if node.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return {"number": "number", "integer": "integer", "string": "text", "boolean": "true/false", "null": "null"}.get(
        str(kind), str(kind))


def bounds_of(node: dict[str, Any]) -> str:
    found = []
    options = [node, *node.get("anyOf", [])]
    options += [part for option in list(options) for part in (option.get("items"), values_of(option)) if part]
    for option in options:
        if not isinstance(option, dict):
            continue
        found += [template.format(number(option[key])) for key, template in BOUNDS if key in option]
    return ", ".join(dict.fromkeys(found))


def anchor(model: str) -> str:
    return f"model-{model.lower()}"


def children(node: dict[str, Any], path: str) -> Iterator[tuple[str, str]]:
    """(model name, path) of every model a property refers to, with ID and N for keys and items."""
    if name := ref_name(node):
        yield name, path
    for key in ("anyOf", "oneOf"):
        for option in node.get(key, []):
            yield from children(option, path)
    if isinstance(node.get("items"), dict):
        yield from children(node["items"], f"{path}.N")
    if (values := values_of(node)) is not None:
        yield from children(values, f"{path}.ID")


def models_in_order(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any], list[str]]]:
    """Scenario first, then every model depth-first in field order, with the paths it appears at."""
    defs = schema.get("$defs", {})
    paths: dict[str, list[str]] = {"Scenario": [""]}
    order = ["Scenario"]
    stack = [("Scenario", "")]
    while stack:
        name, path = stack.pop(0)
        node = schema if name == "Scenario" else defs[name]
        for field, prop in node.get("properties", {}).items():
            for child, child_path in children(prop, f"{path}.{field}".lstrip(".")):
                if child not in paths:
                    paths[child] = []
                    order.append(child)
                    stack.append((child, child_path))
                if child_path not in paths[child]:
                    paths[child].append(child_path)
    return [(name, schema if name == "Scenario" else defs[name], paths[name]) for name in order]


def documents() -> list[dict[str, Any]]:
    return [yaml.safe_load((ROOT / "scenarios" / name).read_text(encoding="utf-8")) for name in EXAMPLE_SCENARIOS]


def at_path(document: Any, parts: list[str]) -> Iterator[Any]:
    if not parts:
        yield document
        return
    head, rest = parts[0], parts[1:]
    if head == "ID" and isinstance(document, dict):
        for value in document.values():
            yield from at_path(value, rest)
    elif head == "N" and isinstance(document, list):
        for value in document:
            yield from at_path(value, rest)
    elif isinstance(document, dict) and head in document:
        yield from at_path(document[head], rest)


def example(model: dict[str, Any], paths: list[str], field: str, docs: list[dict[str, Any]]) -> str:
    kind = model.get("properties", {}).get("kind", {}).get("const")
    for path in paths:
        for document in docs:
            for found in at_path(document, path.split(".") if path else []):
                if isinstance(found, dict) and field in found and (kind is None or found.get("kind") == kind):
                    text = yaml.safe_dump({field: found[field]}, default_flow_style=True, width=10_000).strip()
                    text = text.removeprefix("{").removesuffix("}")
                    return f"`{text}`" if len(text) <= 70 else f"`{text[:66]} ...`"
    return ""


def scenario_fields() -> str:
    from sim.scenario import Scenario

    schema = Scenario.model_json_schema()
    docs = documents()
    lines = ["<!-- generated by docs/_ext/parley_docs.py from Scenario.model_json_schema(); do not edit -->", ""]
    for name, model, paths in models_in_order(schema):
        where = ", ".join(f"`{p}`" for p in paths) if paths != [""] else "the top level of the file"
        lines += [f"({anchor(name)})=", f"### {name}", "", cell(model.get("description", "")), "",
                  f"Where: {where}.", ""]
        required = set(model.get("required", []))
        lines += ["| field | meaning | type | default | bounds | example |", "|---|---|---|---|---|---|"]
        for field, prop in model.get("properties", {}).items():
            nested = any(True for _ in children(prop, ""))
            default = "required" if field in required else f"`{json.dumps(prop.get('default'))}`"
            if nested and field not in required:
                default = "`null`" if prop.get("default", 0) is None else "see its section"
            shown = "" if nested else example(model, paths, field, docs)
            lines.append(f"| `{field}` | {cell(prop.get('description', ''))} | {cell(type_of(prop))} | {default} "
                         f"| {cell(bounds_of(prop))} | {cell(shown)} |")
        lines.append("")
    return "\n".join(lines)


def benchmark_tables() -> str:
    data = json.loads((ROOT / "benchmarks" / "results" / "latest.json").read_text(encoding="utf-8"))
    m = data["machine"]
    lines = ["<!-- generated by docs/_ext/parley_docs.py from benchmarks/results/latest.json; do not edit -->", "",
             f"Measured on {m['cpus']} CPUs, Python {m['python']}, numpy {m['numpy']}, SimPy {m['simpy']}, "
             f"NegMAS {m.get('negmas') or 'not installed'} ({'quick' if data['settings']['quick'] else 'full'} run, "
             f"{data['settings']['repeats']} repeats).", ""]
    for case in data["bilateral"]:
        lines += [f"**Bilateral 3x10, {case['case']}**", "",
                  "| implementation | negotiations/s | agreement | round | offers |", "|---|---|---|---|---|"]
        for c in case["contenders"]:
            if c["skipped"]:
                lines.append(f"| {c['name']} | SKIPPED: {cell(c['skipped'])} | | | |")
                continue
            outcome = ",".join(c["agreement"]["outcome"].values()) if c["agreement"] else "none"
            rounds = c["agreement"]["round"] if c["agreement"] else ""
            offers = c["agreement"]["offers"] if c["agreement"] else ""
            lines.append(f"| {c['name']} | {c['per_second']:.0f} | ({outcome}) | {rounds} | {offers} |")
        lines += ["", f"Parley / NegMAS {case['parley_over_negmas']:.2f}x, Parley / bare SimPy "
                  f"{case['parley_over_bare']:.2f}x; same agreement as bare SimPy: {case['same_as_bare']}, "
                  f"as NegMAS: {case['same_as_negmas']}.", ""]
    ist = data["istanbul"]
    lines += [f"**Istanbul**: median {ist['shipped_median_ms']:.2f} ms per run over {ist['shipped_runs']} seeds at "
              "the shipped size; scaled:", "",
              "| captives/side | package_step | outcomes | runs | median time | peak RSS (baseline) | status |",
              "|---|---|---|---|---|---|---|"]
    for s in ist["scaled"]:
        lines.append(f"| {s['captives']:,} | {s['package_step']:,} | {s['outcomes']:,} | {s['runs']} | "
                     f"{s['median_seconds'] * 1000:.1f} ms | {s['peak_rss_mb']:.0f} MB ({s['baseline_rss_mb']:.0f} MB) "
                     f"| {s['status']} |")
    lines += ["", f"Fitted growth exponent (log time on log captives): {ist['growth_exponent']:.2f}; between the two "
              f"largest sizes: {ist['top_decade_exponent']:.2f}.", ""]
    if data.get("channel"):
        lines += ["**Long channel** (`ru-ua-channel.yaml` from its start date, median over seeds)", "",
                  "| years | days | seeds | median time | per simulated year | events/year | held at the end |",
                  "|---|---|---|---|---|---|---|"]
        for c in data["channel"]:
            lines.append(f"| {c['years']} | {c['days']:,.0f} | {c['seeds']} | {c['median_seconds']:.2f} s | "
                         f"{c['seconds_per_year'] * 1000:.1f} ms | {c['events_per_year']:.0f} | {c['held_at_end']:,} |")
        lines.append("")
    if data.get("sweeps"):
        lines += ["**Sweeps** (`replicate` of Istanbul with the process executor, fastest repeat)", "",
                  "| runs | workers | seconds | runs/s | speedup | parent peak RSS (before) | growth | traced peak |",
                  "|---|---|---|---|---|---|---|---|"]
        for s in data["sweeps"]:
            lines.append(f"| {s['runs']:,} | {s['workers']} | {s['seconds']:.1f} | {s['runs_per_second']:.0f} | "
                         f"{s['speedup']:.2f}x | {s['peak_rss_mb']:.0f} MB ({s['baseline_rss_mb']:.0f} MB) | "
                         f"+{s['growth_mb']:.0f} MB | {s['traced_peak_mb']:.1f} MB |")
        lines.append("")
    lines += ["**Targets** (issue 5)", "", "| target | goal | figure | status |", "|---|---|---|---|"]
    for t in data["targets"]:
        lines.append(f"| {cell(t['name'])} | {cell(t['goal'])} | {cell(t['figure'])} | {t['status']} |")
    lines.append("")
    return "\n".join(lines)


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def generate(app: Sphinx) -> None:
    GENERATED.mkdir(exist_ok=True)
    write_if_changed(GENERATED / "scenario-fields.md", scenario_fields())
    write_if_changed(GENERATED / "benchmarks.md", benchmark_tables())


class PublicApi(SphinxDirective):
    """Autodoc entries for every name in `sim.__all__`, so the API page follows the front door."""

    WITHOUT_MEMBERS = frozenset({"Scenario"})  # a pydantic model: its fields are on the scenario page
    WITH_UNDOCUMENTED = frozenset({"EventKind"})

    def run(self) -> list[Any]:
        import inspect

        import sim

        lines: list[str] = []
        for name in sim.__all__:
            target = getattr(sim, name)
            if inspect.isclass(target):
                lines.append(f".. autoclass:: sim.{name}")
                if name not in self.WITHOUT_MEMBERS:
                    lines.append("   :members:")
                if name in self.WITH_UNDOCUMENTED:
                    lines.append("   :undoc-members:")
            else:
                lines.append(f".. autofunction:: sim.{name}")
            lines.append("")
        return self.parse_text_to_nodes("\n".join(lines))


def code_spans(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """The package's docstrings mark code with single backticks, as Markdown does; make it rst literals."""
    for index, line in enumerate(lines):
        lines[index] = re.sub(r"(?<![`:\w])`([^`]+)`(?![`_\w])", r"``\1``", line)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    app.connect("autodoc-process-docstring", code_spans)
    app.add_directive("parley-public-api", PublicApi)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
