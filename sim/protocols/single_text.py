"""Single negotiating text: the mediator drafts one package and revises it until both accept.

Each step the mediator drafts the package that comes closest to what both sides said they
need (the largest smallest margin over their stated aspirations), puts it to both
delegations, and hears back accept or reject with what each now insists on.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from sim.protocols.table import Table


class SingleText(Table):
    """Single negotiating text: the mediator revises one draft until both sides accept it."""
    def talk(self) -> Generator[Any, Any, int | None]:
        """Put a draft to both sides each step until both accept (the outcome number) or the step limit (None)."""
        ctx = self.ctx
        assert self.mediator is not None, "validated: single_text has a mediator"
        while ctx.tally.steps < self.protocol.max_steps:
            ctx.tally.steps += 1
            agreed = yield from self._draft_round(self.mediator)
            if agreed is not None:
                return agreed
        return None
