"""Which channels belong to the user's phone.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

A channel is the user's when its name starts with one of the phone's prefixes
(``SIP/474-``, ``IAX2/474-``, ``PJSIP/474-``, ``DAHDI/<port>-``) and is not a
name a masquerade gives for a moment (``…<MASQ>``, ``…<ZOMBIE>``). An analog
port learnt from a look-up (``ports.py``) adds its prefix.
"""

from __future__ import annotations

from .model import MyPhone


class PhoneChannels:
    """The user's phone as channel-name prefixes: ``owns`` is one ``startswith``."""

    __slots__ = ("extension", "prefixes")

    def __init__(self, phone: MyPhone) -> None:
        self.extension = phone.extension
        self.prefixes = phone.channel_prefixes()

    def owns(self, channel: str) -> bool:
        """True for a channel of the user's phone (``SIP/474-…``, ``DAHDI/<port>-…``)."""
        return channel.startswith(self.prefixes) and not channel.endswith(">")

    def add_dahdi_port(self, port: str) -> None:
        """A look-up said that analog port ``port`` is the user's phone."""
        prefix = f"DAHDI/{port}-"
        if prefix not in self.prefixes:
            self.prefixes = (*self.prefixes, prefix)
