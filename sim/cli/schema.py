"""`parley schema`: print the scenario JSON Schema, for editor completion and checking."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sim.scenario import Scenario


def add_parser(commands: Any) -> None:
    """Register `parley schema`."""
    parser = commands.add_parser("schema", help="print the scenario JSON Schema (for editor completion)")
    parser.set_defaults(handler=command_schema)


def command_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a scenario file."""
    print(json.dumps(Scenario.model_json_schema(), indent=2))
    return 0
