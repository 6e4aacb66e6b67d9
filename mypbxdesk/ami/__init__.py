"""The Asterisk Manager Interface: a sans-IO protocol core and an asyncio client.

The protocol modules (``message``, ``framing``, ``writer``, ``correlation``,
``actions``, ``errors``) contain no networking code at all: bytes in, messages
out; messages in, bytes out. They import nothing but the standard library, so
they are tested without sockets and serve the client and the simulated PBX
(server role) alike. ``client`` is the asyncio layer on top of them.
"""

from .actions import Action
from .correlation import ActionResult, Expect
from .errors import (
    ActionFailed,
    ActionTimeout,
    AmiError,
    AuthenticationFailed,
    ConnectionLost,
    InvalidAction,
    NotConnected,
    ProtocolError,
)
from .framing import CLOSED, NEED_DATA, Banner, Parser
from .message import Kind, Message
from .writer import encode_banner, encode_follows, encode_message

__all__ = [
    "CLOSED",
    "NEED_DATA",
    "Action",
    "ActionFailed",
    "ActionResult",
    "ActionTimeout",
    "AmiError",
    "AuthenticationFailed",
    "Banner",
    "ConnectionLost",
    "Expect",
    "InvalidAction",
    "Kind",
    "Message",
    "NotConnected",
    "Parser",
    "ProtocolError",
    "encode_banner",
    "encode_follows",
    "encode_message",
]
