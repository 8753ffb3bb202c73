"""Scenario files: the schema, the loader and the errors it raises."""

from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.limits import LIMITS
from sim.scenario.loader import load_scenario, read_document, validate_document
from sim.scenario.schema import SCHEMA_VERSION, Scenario

__all__ = ["LIMITS", "SCHEMA_VERSION", "Problem", "Scenario", "ScenarioError", "load_scenario", "read_document",
           "validate_document"]
