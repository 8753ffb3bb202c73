"""Single negotiating text: the mediator drafts one package and revises it until both accept.

Each step the mediator drafts the package that comes closest to what both sides said they
need (the largest smallest margin over their stated aspirations), puts it to both
delegations, and hears back accept or reject with what each now insists on. Other drafting
mediators with `drafting: cadence` put their own drafts after the text on their cadence.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from sim.protocols.table import Table
from sim.rules.mediation import draft_schedule


class SingleText(Table):
    """Single negotiating text: the mediator revises one draft until both sides accept it."""
    def talk(self) -> Generator[Any, Any, int | None]:
        """Put a draft to both sides each step until both accept (the outcome number) or the step limit (None)."""
        ctx = self.ctx
        assert self.mediator is not None, "validated: single_text has a mediator"
        self._schedule = draft_schedule(ctx.scenario, self.mediator, running_on_cadence=False) or None
        while ctx.tally.steps < self.protocol.max_steps:
            ctx.tally.steps += 1
            agreed = yield from self._draft_round(self.mediator)
            if agreed is None and self._schedule is not None:
                agreed = yield from self._scheduled_drafts(self._schedule)
            if agreed is not None:
                return agreed
        return None
