"""What a channel run records: one `ExchangeRecord` per round that released anyone.

These are plain frozen data, kept by the `Result` of a channel run; `sim.talks.exchanges`
turns them into a table in the history format (`sim.history`), so a simulated channel and
the historical record can be compared column for column.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

EXCHANGE_COLUMNS = (
    "date", "end_date", "conflict", "side_a", "side_b", "released_by_a", "released_by_b", "mediator",
    "categories", "deal", "row_type", "source_url", "source_title", "notes",
)
"""The columns of an exchanges table: a history CSV (`sim.history`) and a channel run's exchanges alike."""


@dataclass(frozen=True, slots=True)
class ExchangeRecord:
    """One exchange: the round it came from, its first and last stage day, who released how many."""

    round: int
    day: float
    end_day: float
    released: dict[str, int]
    categories: dict[str, dict[str, int]]
    mediator: str
    status: str


@dataclass(frozen=True, slots=True)
class ChannelRecord:
    """The rounds and exchanges of one channel run."""

    rounds_opened: int
    rounds_agreed: int
    freezes: int
    exchanges: tuple[ExchangeRecord, ...]

    def totals(self, parties: tuple[str, str]) -> dict[str, int]:
        """Captives released by each of `parties`, over every exchange."""
        return {p: sum(e.released.get(p, 0) for e in self.exchanges) for p in parties}

    def to_dict(self, parties: tuple[str, str]) -> dict[str, Any]:
        """What `summary.json` holds under `channel`."""
        return {
            "rounds_opened": self.rounds_opened,
            "rounds_agreed": self.rounds_agreed,
            "freezes": self.freezes,
            "exchanges": len(self.exchanges),
            "released": self.totals(parties),
            "exchange_days": [e.day for e in self.exchanges],
            "exchange_list": [asdict(e) for e in self.exchanges],
        }
