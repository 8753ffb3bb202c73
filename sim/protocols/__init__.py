"""How offers move between the sides, registered by the names scenario files use."""

from sim.protocols.alternating import AlternatingOffers
from sim.protocols.single_text import SingleText
from sim.protocols.table import Table
from sim.runtime.context import RunContext
from sim.scenario.registry import Registry

PROTOCOLS: Registry[type[Table]] = Registry("protocol")
PROTOCOLS.register("direct")(lambda spec: AlternatingOffers)
PROTOCOLS.register("shuttle")(lambda spec: AlternatingOffers)
PROTOCOLS.register("single_text")(lambda spec: SingleText)


def build_table(ctx: RunContext) -> Table:
    """The table for the scenario's protocol."""
    return PROTOCOLS.build(ctx.scenario.protocol)(ctx)


__all__ = ["PROTOCOLS", "AlternatingOffers", "SingleText", "Table", "build_table"]
