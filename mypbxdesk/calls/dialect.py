"""What the server speaks: old (1.8 / MyPBX) or modern (12+) events, escaped names or not.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

* ``modern``: None until an event tells: 1.8 ``Dial``/``Bridge`` → False;
  12+ ``DialBegin``/``DialEnd``/``BridgeEnter``/transfers, or any event
  carrying ``Linkedid`` (13.5+) → True.
* Caller names are C-escaped by 13.5+ (ami-protocol.md §1.6). Auto mode: yes
  from the first event carrying ``Linkedid`` (13.5 added both; 1.8/MyPBX and
  12.0–13.4 send neither). Only events whose names are read are looked at.
"""

from __future__ import annotations

from ..ami.message import Message
from .channels import clean_name


class Dialect:
    """The server's dialect as far as the events seen so far tell it."""

    __slots__ = ("_escape_mode", "_escaped_seen", "modern")

    def __init__(self, escaped_names: bool | None = None) -> None:
        self._escape_mode = escaped_names
        self._escaped_seen = False
        self.modern: bool | None = None

    def names_escaped(self, msg: Message) -> bool:
        """Whether CallerIDName/ConnectedLineName of ``msg`` are C-escaped."""
        if self._escape_mode is not None:
            return self._escape_mode
        if not self._escaped_seen and "Linkedid" in msg:
            self._escaped_seen = True
            self.modern = True
        return self._escaped_seen

    def name_of(self, msg: Message, header: str) -> str:
        """A caller name header of ``msg``, cleaned (and unescaped for 13.5+)."""
        return clean_name(msg.get(header), escaped=self.names_escaped(msg))
