"""AMI users, their read/write classes and event-mask parsing, as manager.conf does it.

Layer: simulator (``mypbxdesk.sim``): stdlib only; no sockets here, no Qt.

The class bits, ``Privilege`` strings and the ``EventMask`` parser copy Asterisk's
``main/manager.c`` (``perms[]``, ``authority_to_str``, ``get_perm``/``ast_instring``,
``strings_to_mask``), quirks included: in a comma list every token but the last
matches a class by *prefix* (``c,system`` selects ``call``, ``cdr``, ``cc`` …), and
no whitespace is stripped (ami-protocol.md §2.5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntFlag
from types import MappingProxyType


class Perm(IntFlag):
    """Event/action classes (``EVENT_FLAG_*`` in ``include/asterisk/manager.h``)."""

    NONE = 0
    SYSTEM = 1 << 0
    CALL = 1 << 1
    LOG = 1 << 2
    VERBOSE = 1 << 3
    COMMAND = 1 << 4
    AGENT = 1 << 5
    USER = 1 << 6
    CONFIG = 1 << 7
    DTMF = 1 << 8
    REPORTING = 1 << 9
    CDR = 1 << 10
    DIALPLAN = 1 << 11
    ORIGINATE = 1 << 12
    AGI = 1 << 13
    CC = 1 << 14
    AOC = 1 << 15
    TEST = 1 << 16
    SECURITY = 1 << 17
    MESSAGE = 1 << 18


#: ``{ INT_MAX, "all" }``: every class, present and future.
ALL = 0x7FFFFFFF

#: ``perms[]`` in the order Asterisk prints them.
PERM_NAMES: tuple[tuple[str, int], ...] = (
    ("system", Perm.SYSTEM),
    ("call", Perm.CALL),
    ("log", Perm.LOG),
    ("verbose", Perm.VERBOSE),
    ("command", Perm.COMMAND),
    ("agent", Perm.AGENT),
    ("user", Perm.USER),
    ("config", Perm.CONFIG),
    ("dtmf", Perm.DTMF),
    ("reporting", Perm.REPORTING),
    ("cdr", Perm.CDR),
    ("dialplan", Perm.DIALPLAN),
    ("originate", Perm.ORIGINATE),
    ("agi", Perm.AGI),
    ("cc", Perm.CC),
    ("aoc", Perm.AOC),
    ("test", Perm.TEST),
    ("security", Perm.SECURITY),
    ("message", Perm.MESSAGE),
    ("all", ALL),
    ("none", 0),
)

_TRUE = frozenset({"yes", "true", "y", "t", "1", "on"})
_FALSE = frozenset({"no", "false", "n", "f", "0", "off"})


def authority_to_str(perm: int) -> str:
    """``call,all``: every class bit that is set, then ``all`` (``authority_to_str``)."""
    names = [name for name, bit in PERM_NAMES[:-2] if perm & bit]
    return ",".join([*names, "all"]) if names else "<none>"


def _instring(big: str, small: str) -> bool:
    """``ast_instring(big, small, ',')``: prefix match for all tokens but the last."""
    tokens = big.split(",")
    for token in tokens[:-1]:
        if small.startswith(token):
            return True
    return tokens[-1] == small


def parse_classes(text: str) -> int:
    """``get_perm``: a comma list of class names to a bit mask (unknown names are ignored)."""
    mask = 0
    for name, bit in PERM_NAMES:
        if _instring(text, name):
            mask |= bit
    return mask


def parse_event_mask(text: str) -> int:
    """``strings_to_mask``: digits, a boolean or a class list; ``-1`` when empty.

    ``on``/``yes``/``true`` select every class, ``off``/``no``/``false`` none.
    """
    if not text:
        return -1
    if text.isdigit() and text.isascii():
        return int(text)
    lowered = text.lower()
    if lowered in _FALSE:
        return 0
    if lowered in _TRUE:
        return ALL
    return parse_classes(text)


@dataclass(frozen=True, slots=True)
class Rights:
    """What one manager.conf user may read (events) and write (actions)."""

    read: int = ALL
    write: int = ALL
    note: str = "all rights"


FULL_RIGHTS = Rights()

#: The users every simulator accepts unless told otherwise (same as ../shared/asterisk).
DEFAULT_USERS: Mapping[str, str] = MappingProxyType(
    {"admin": "password", "limited": "limited", "readonly": "readonly"}
)

#: Rights of the default users that are not ``all``; any other user gets full rights.
DEFAULT_RIGHTS: Mapping[str, Rights] = MappingProxyType(
    {
        "limited": Rights(
            read=Perm.CALL | Perm.DIALPLAN | Perm.REPORTING,
            write=Perm.CALL,
            note="may Redirect and Hangup; Originate and Command are denied",
        ),
        "readonly": Rights(
            read=Perm.SYSTEM | Perm.CALL | Perm.AGENT | Perm.USER | Perm.DIALPLAN | Perm.REPORTING,
            write=0,
            note="receives events; every action needing a write class is denied",
        ),
    }
)
