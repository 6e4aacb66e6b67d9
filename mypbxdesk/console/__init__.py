"""The operator console's state: colleagues' lines, parked calls, queues, voicemail.

Layer 3 (``mypbxdesk.console``, operator-console models, a sibling of
``mypbxdesk.calls``): stdlib + mypbxdesk.ami.message only; no asyncio, sockets
or Qt, and no import of ``mypbxdesk.calls`` (import-linter). The models speak
no sentences to a person, so they need no ``mypbxdesk.base.text`` either.

Each model is fed like the call tracker: every event named in its
``wanted_events`` (or simply every event) to ``apply``, which returns what
changed; after each (re)login the matching list to ``resync``, so that no stale
state survives a reconnect. Events carrying an ActionID are list items and go
to ``resync`` only::

    presence = PresenceBook(clock=time.time)   # ExtensionStatus, channel events
    parking = ParkingLot(clock=time.time)      # ParkedCall, UnParkedCall, …
    queues = QueueBoard(clock=time.time)       # Join/Leave, QueueMember*, Agent*
    mail = MailboxWatch()                      # MessageWaiting, MailboxCount answers

Modules, one idea each: ``states`` (the PBX's state codes → :class:`LineState`),
``presence`` (+ ``channels``: who talks to whom; ``names``: colleagues' names),
``parking``, ``queues``, ``mailbox``; ``fields`` cleans header values.
"""

from __future__ import annotations

from .mailbox import MailboxCount, MailboxWatch, mailbox_key, parse_mailbox_count
from .names import extensions_from, names_from
from .parking import ParkChange, ParkedCall, ParkingLot, ParkKind
from .presence import Colleague, PresenceBook, PresenceChange
from .queues import QueueBoard, QueueCaller, QueueMember, QueueState
from .states import LineState, device_state, extension_state, extension_state_text

__all__ = [
    "Colleague",
    "LineState",
    "MailboxCount",
    "MailboxWatch",
    "ParkChange",
    "ParkKind",
    "ParkedCall",
    "ParkingLot",
    "PresenceBook",
    "PresenceChange",
    "QueueBoard",
    "QueueCaller",
    "QueueMember",
    "QueueState",
    "device_state",
    "extension_state",
    "extension_state_text",
    "extensions_from",
    "mailbox_key",
    "names_from",
    "parse_mailbox_count",
]
