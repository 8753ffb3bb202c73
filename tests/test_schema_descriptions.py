"""Every field of the scenario schema has a description, so `parley schema` gives editors hover help."""

from __future__ import annotations

from typing import Any

from sim.scenario import Scenario


def properties(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every (path, property) of a JSON Schema, definitions included."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            found.append((f"{path}.{name}", prop))
        for key, value in node.items():
            found += properties(value, f"{path}.{key}" if key != "properties" else path)
    elif isinstance(node, list):
        for item in node:
            found += properties(item, path)
    return found


def test_every_property_of_the_json_schema_has_a_description() -> None:
    found = properties(Scenario.model_json_schema())
    assert len(found) > 100
    missing = sorted({path for path, prop in found if not prop.get("description", "").strip()})
    assert missing == []


def test_a_time_field_names_its_unit() -> None:
    schema = Scenario.model_json_schema()
    assert "hours" in schema["$defs"]["Protocol"]["properties"]["step_hours"]["description"]
    assert "days" in schema["properties"]["horizon_days"]["description"]
