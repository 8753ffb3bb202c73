"""The messages agents send each other, and the mailboxes they arrive in.

Agents never call each other: a delegation puts a `Message` in the table's mailbox, a leader
answers a referral by putting its ruling in the delegation's mailbox. Mailboxes are
`simpy.Store`s keyed by the agent's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import simpy


class Say(StrEnum):
    OPEN = "open"
    OFFER = "offer"
    ACCEPT = "accept"
    DRAFT = "draft"
    RESPONSE = "response"
    REFER = "refer"
    RATIFY = "ratify"
    RULING = "ruling"
    CONFIRM = "confirm"


@dataclass(frozen=True, slots=True)
class Message:
    """One message: who says what about which outcome (an outcome number, -1 for none)."""

    say: Say
    sender: str
    recipient: str
    outcome: int = -1
    time: float = 0.0
    approved: bool = False
    aspiration: float = 0.0


def party_of(address: str) -> str:
    """The party an agent's address belongs to (`RU/leader` → `RU`)."""
    return address.split("/")[0]


def leader_address(party: str) -> str:
    return f"{party}/leader"


def delegation_address(party: str) -> str:
    return f"{party}/delegation"


TABLE = "table"


class PostOffice:
    """One mailbox per address; `send` drops a message in the recipient's box."""

    def __init__(self, env: simpy.Environment, addresses: list[str]) -> None:
        self.boxes = {address: simpy.FilterStore(env) for address in sorted(addresses)}

    def send(self, message: Message) -> None:
        self.boxes[message.recipient].put(message)

    def box(self, address: str) -> simpy.FilterStore:
        return self.boxes[address]
