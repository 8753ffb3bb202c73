"""How offers move between the sides, registered by the names scenario files use (`protocol.kind`).

Every protocol shares one parameter model (`sim.scenario.schema.Protocol`); its registration
names the table class (`sim.protocols.table.Table`) that runs the talks.
"""

from sim.protocols.alternating import AlternatingOffers
from sim.protocols.single_text import SingleText
from sim.protocols.table import Table
from sim.runtime.context import RunContext
from sim.scenario.registry import PROTOCOLS
from sim.scenario.schema import Protocol

# Registration order is the order error messages list the kinds in.
PROTOCOLS.register(Protocol, kind="direct")(lambda spec: AlternatingOffers)
PROTOCOLS.register(Protocol, kind="single_text")(lambda spec: SingleText)
PROTOCOLS.register(Protocol, kind="shuttle")(lambda spec: AlternatingOffers)


def build_table(ctx: RunContext) -> Table:
    """The table for the scenario's protocol."""
    return PROTOCOLS.build(ctx.scenario.protocol)(ctx)


__all__ = ["PROTOCOLS", "AlternatingOffers", "SingleText", "Table", "build_table"]
