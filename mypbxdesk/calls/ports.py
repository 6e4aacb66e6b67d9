"""DAHDI ports: what the look-ups told, which look-ups are due, which dials wait for them.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

A ``DAHDI/<port>-…`` channel may be an analog phone (an extension) or an
analog line (a trunk); only a CLI look-up tells (``dahdi.py``, seed §1.4 case
3). Until it has, a dial to an unknown port is *held* (:class:`~.records.HeldDial`)
and its Newstate/DialEnd/Hangup are noted on it; ``lookups.py`` releases it.
"""

from __future__ import annotations

from .channels import dahdi_port_of, trunk_of
from .dahdi import DahdiLookup, PortInfo, PortKind
from .phone import PhoneChannels
from .records import HeldDial


class PortBook:
    """Known DAHDI ports, the look-ups to ask for, and the dials held until they answer.

    Attributes:
        known: port → what its look-up said (extension or trunk).
        held: Uniqueid of the dialled channel → the dial waiting for its port.
    """

    __slots__ = ("_asked", "_new", "_phone", "held", "known")

    def __init__(self, phone: PhoneChannels) -> None:
        self._phone = phone
        self.known: dict[str, PortInfo] = {}
        self.held: dict[str, HeldDial] = {}
        self._asked: set[str] = set()
        self._new: list[DahdiLookup] = []

    def trunk(self, channel: str) -> str | None:
        """The trunk of a channel: a SIP/IAX2/PJSIP trunk name or a DAHDI trunk port."""
        port = dahdi_port_of(channel)
        if port is None:
            return trunk_of(channel)
        info = self.known.get(port)
        if info is not None and info.kind is PortKind.TRUNK:
            return f"DAHDI/{port}"
        return None

    def remember(self, port: str, info: PortInfo) -> None:
        """A look-up classified ``port``; the user's own analog port joins the phone."""
        self.known[port] = info
        if info.kind is PortKind.EXTENSION and info.extension == self._phone.extension:
            self._phone.add_dahdi_port(port)

    def ask(self, port: str, channel: str) -> None:
        """Ask for a look-up of ``port`` (once while it is unanswered)."""
        if port not in self._asked and port not in self.known:
            self._asked.add(port)
            self._new.append(DahdiLookup(port, channel))

    def answered(self, port: str) -> None:
        """The look-up of ``port`` came back (readable or not): it may be asked again."""
        self._asked.discard(port)

    def take_lookups(self) -> list[DahdiLookup]:
        """The look-ups asked since the last call (handed over, each once)."""
        out, self._new = self._new, []
        return out
