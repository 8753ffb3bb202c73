"""The messages agents send each other, and the mailboxes they arrive in.

Agents never call each other: a delegation puts a `Message` in the table's mailbox, a leader
answers a referral by putting its ruling in the delegation's mailbox, a mediator carries a
message by receiving it with `forward_to` set and passing it on. Replies go to the
message's `reply_to`. Mailboxes (`sim.runtime.mailbox`, scheduled as `simpy.FilterStore`s) are
keyed by the agent's address.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

import simpy

from sim.runtime.mailbox import Mailbox

TABLE = "table"
"""The address of the negotiating table: the process offers pass through."""


class Say(StrEnum):
    """What a message says: the kinds of message agents exchange."""
    OPEN = "open"
    OFFER = "offer"
    ACCEPT = "accept"
    DRAFT = "draft"
    RESPONSE = "response"
    REFER = "refer"
    RATIFY = "ratify"
    RULING = "ruling"
    CONFIRM = "confirm"
    CONSULT = "consult"
    REPORT = "report"


class Message(NamedTuple):
    """One message: who says what about which outcome (an outcome number, -1 for none).

    A named tuple rather than a frozen dataclass: as immutable, and several times cheaper
    to make, which counts at three messages per offer.
    """

    say: Say
    sender: str
    recipient: str
    outcome: int = -1
    approved: bool = False
    aspiration: float = 0.0
    reply_to: str = TABLE
    forward_to: str = ""

    def readdressed(self, recipient: str, forward_to: str = "") -> Message:
        """The same message sent on to `recipient` (cheaper than `dataclasses.replace`)."""
        return Message(self.say, self.sender, recipient, self.outcome, self.approved, self.aspiration,
                       self.reply_to, forward_to)


_new = tuple.__new__
_OFFER = Say.OFFER  # an enum member costs a lookup each time it is named


def offer(sender: str, recipient: str, outcome: int, aspiration: float = 0.0) -> Message:
    """`Message(Say.OFFER, sender, recipient, outcome, aspiration=aspiration)`, made without the named
    tuple's argument handling: a negotiation makes two for every offer."""
    return _new(Message, (_OFFER, sender, recipient, outcome, False, aspiration, TABLE, ""))


def party_of(address: str) -> str:
    """The party an agent's address belongs to (`RU/leader` → `RU`)."""
    return address.split("/")[0]


def leader_address(party: str) -> str:
    """The address of `party`'s leader."""
    return f"{party}/leader"


def delegation_address(party: str) -> str:
    """The address of `party`'s delegation."""
    return f"{party}/delegation"




class PostOffice:
    """One mailbox per address; `send` drops a message in the recipient's box.

    An agent may also listen at its address: its listener hears each message as it is sent
    and handles at once what needs no waiting (returning True); the rest goes to the box.
    """

    def __init__(self, env: simpy.Environment, addresses: list[str]) -> None:
        self.boxes = {address: Mailbox(env) for address in sorted(addresses)}
        self.listeners: dict[str, Callable[[Message], bool]] = {}

    def listen(self, address: str, listener: Callable[[Message], bool] | None) -> None:
        """Hear messages to `address` as they are sent (None: stop listening)."""
        if listener is None:
            self.listeners.pop(address, None)
        else:
            self.listeners[address] = listener

    def send(self, message: Message) -> None:
        """Deliver `message`: to its recipient's listener if that handles it, else to its mailbox."""
        listener = self.listeners.get(message.recipient)
        if listener is not None and listener(message):
            return
        self.boxes[message.recipient].put(message)

    def box(self, address: str) -> Mailbox:
        """The mailbox of `address`."""
        return self.boxes[address]
