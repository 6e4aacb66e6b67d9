"""The Asterisk Manager Interface as a sans-IO protocol: bytes in, messages out.

Layer 1. There is no networking code here at all (h11's rule): ``framing``
turns bytes into messages, ``message`` reads them (lazily), ``writer`` turns
actions into bytes that cannot smuggle a second action, ``correlation`` pairs
answers with actions, ``actions`` builds them, and ``protocol`` joins it all
into one object with the greeting/login table. Everything imports only the
standard library (and ``mypbxdesk.base.text``), so it is tested without sockets
and serves the client (``mypbxdesk.driver``) and the simulated PBX alike.
"""

from .actions import Action
from .correlation import Acknowledged, ActionResult, Completed, Expect, Unmatched
from .errors import (
    ActionFailed,
    ActionTimeout,
    AmiError,
    AuthenticationFailed,
    ConfigurationError,
    ConnectionLost,
    InvalidAction,
    NotConnected,
    ProtocolError,
)
from .framing import CLOSED, NEED_DATA, Banner, Parser
from .message import Kind, Message
from .protocol import AmiProtocol, Greeting, LoggedIn, LoginFailed, Outgoing
from .writer import encode_banner, encode_follows, encode_message

__all__ = [
    "CLOSED",
    "NEED_DATA",
    "Acknowledged",
    "Action",
    "ActionFailed",
    "ActionResult",
    "ActionTimeout",
    "AmiError",
    "AmiProtocol",
    "AuthenticationFailed",
    "Banner",
    "Completed",
    "ConfigurationError",
    "ConnectionLost",
    "Expect",
    "Greeting",
    "InvalidAction",
    "Kind",
    "LoggedIn",
    "LoginFailed",
    "Message",
    "NotConnected",
    "Outgoing",
    "Parser",
    "ProtocolError",
    "Unmatched",
    "encode_banner",
    "encode_follows",
    "encode_message",
]
