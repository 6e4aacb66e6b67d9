"""Telling an analog extension port from an analog trunk port (seed §1.4, case 3).

Layer 3 (``mypbxdesk.calls``, calls model): stdlib only; no asyncio, sockets or Qt.

A ``Dial`` to ``DAHDI/65-…`` may ring an analog phone (an extension) or seize
an analog line (a trunk): the channel name does not say which. The seed asks
for a CLI look-up. The model cannot do I/O, so the tracker lists the look-ups
it needs (:class:`DahdiLookup`) and the client runs them as ``Action: Command``
and hands the output lines (``Message.output``: the 1.8 raw body or the 14+
``Output:`` headers) to ``CallTracker.resolve_dahdi``.

Both commands are understood; the parser is tolerant (any spacing, any case,
``Signalling`` or ``Signaling``, extra lines, ``Output:`` prefixes left in):

* ``dahdi show channel 5`` → ``Signalling: FXO Kewlstart`` and
  ``Context: DLPN_DialPlan601`` for an analog extension (FXO *signalling*
  drives a phone), ``Signalling: FXS Kewlstart`` and ``Context: from-trunk``
  for an analog trunk;
* ``core show channel DAHDI/5-1`` (1.8 block) → its ``Context:`` line.

Decision: a ``DLPN_DialPlan<digits>`` context (MyPBX's per-extension dial plan,
seed §1.2) or FXO signalling means an extension; FXS signalling or a context
naming a trunk means a trunk; anything else is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

_LINE_RE = re.compile(r"^\s*(?:output:\s*)?([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_DLPN_RE = re.compile(r"^DLPN_DialPlan(\d+)$", re.IGNORECASE)
_TRUNK_CONTEXT_RE = re.compile(r"trunk|from-pstn|from-zaptel|from-dahdi|incoming", re.IGNORECASE)


class PortKind(Enum):
    EXTENSION = "extension"
    TRUNK = "trunk"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PortInfo:
    """What a look-up said about one DAHDI port.

    Attributes:
        kind: extension, trunk or unknown.
        extension: the extension number when the context told it (``"601"``).
    """

    kind: PortKind
    extension: str | None = None


@dataclass(frozen=True, slots=True)
class DahdiLookup:
    """A look-up the tracker needs before it can decide a call.

    Attributes:
        port: the DAHDI port (``"65"``); pass it back to ``resolve_dahdi``.
        channel: the channel that raised the question (``"DAHDI/65-1"``).
    """

    port: str
    channel: str

    @property
    def command(self) -> str:
        """The CLI command to run (``Action: Command``): works while no call is up."""
        return f"dahdi show channel {self.port}"

    @property
    def channel_command(self) -> str:
        """The seed's alternative, valid while the channel exists."""
        return f"core show channel {self.channel}"


def parse_port_info(lines: Iterable[object]) -> PortInfo:
    """Classify a port from ``dahdi show channel`` or ``core show channel`` output.

    Never raises: unreadable output gives ``PortKind.UNKNOWN``.
    """
    context = ""
    signalling = ""
    for raw in lines:
        if not isinstance(raw, str):
            continue
        match = _LINE_RE.match(raw)
        if match is None:
            continue
        key = match.group(1).strip().lower()
        value = match.group(2)
        if key == "context" and not context:
            context = value
        elif key.startswith("signal") and not signalling:
            signalling = value
    dlpn = _DLPN_RE.match(context)
    if dlpn is not None:
        return PortInfo(PortKind.EXTENSION, dlpn.group(1))
    sig = signalling.upper()
    if sig.startswith("FXO"):
        return PortInfo(PortKind.EXTENSION)
    if sig.startswith("FXS") or (context and _TRUNK_CONTEXT_RE.search(context)):
        return PortInfo(PortKind.TRUNK)
    return PortInfo(PortKind.UNKNOWN)
