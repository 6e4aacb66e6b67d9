"""Header values → clean Python values, for the console models.

Layer 3 (``mypbxdesk.console``, operator-console models): stdlib only; no
asyncio, sockets or Qt.

The console models read text a PBX controls (caller names, channel names,
numbers) and must never raise on it. These helpers turn one header value into
a bounded, printable value or a neutral default. They mirror the few helpers of
``mypbxdesk.calls.channels`` the console needs: the layers contract keeps the
two sibling packages independent, so the console has its own copy.

Wire facts (../shared/captures-asterisk18/README.md, ../shared/asterisk/README.md):

* unknown caller IDs are ``<unknown>`` in events, ``unknown`` (no brackets) in
  1.8 ``Join``/``AgentCalled``/``QueueEntry``, and empty in the 1.8
  ``ParkedCalls`` list;
* channel names: ``SIP/474-00000001`` (1.8), ``PJSIP/474-00000003`` (22),
  ``Local/306@DLPN_DialPlan474-00000000;1``; a 1.8 masquerade shows
  ``…<MASQ>``/``…<ZOMBIE>`` names and wrappers like ``Parked/SIP/470-…`` for a
  moment (c2a, c3a);
* a device (what a hint names, what ``DeviceStateChange`` reports) is the
  channel name without its ``-<sequence>`` suffix: ``SIP/474``, ``PJSIP/474``.
"""

from __future__ import annotations

import re

from ..base.text import display_text

#: Longest text kept from one header value.
MAX_TEXT = 200

_UNKNOWN = frozenset({"", "<unknown>", "unknown", "<null>", "(null)", "<none>"})
_MASQ_SUFFIXES = ("<MASQ>", "<ZOMBIE>")
_WRAPPERS = ("asyncgoto/", "transfered/", "transferred/", "parked/")
_SEQ_RE = re.compile(r"-[0-9a-fA-F]+(;[12])?$")
_CALLERID_RE = re.compile(r'^\s*"?(?P<name>[^"<]*?)"?\s*(?:<(?P<number>[^>]*)>)?\s*$')


def text(value: str | None) -> str:
    """Printable text from a header value: :func:`~mypbxdesk.base.text.display_text`
    (control characters and line separators become spaces, bidi controls are
    dropped, undecodable bytes become U+FFFD), stripped, at most
    :data:`MAX_TEXT` characters. Never raises."""
    if not value:
        return ""
    return display_text(value).strip()[:MAX_TEXT]


def number(value: str | None) -> str:
    """A number or name that may say "unknown" in one of the PBX's ways → ``""``."""
    out = text(value)
    return "" if out.lower() in _UNKNOWN else out


def integer(value: str | None, default: int | None = None) -> int | None:
    """``int`` of a header value (``"45"``, ``" -1 "``), else ``default``."""
    if value is None:
        return default
    raw = value.strip()
    if not raw or len(raw) > 18:
        return default
    try:
        return int(raw)
    except ValueError:
        return default


def flag(value: str | None) -> bool:
    """AMI booleans: ``1``, ``true``, ``yes``, ``on`` (any case) are true."""
    return (value or "").strip().lower() in ("1", "true", "yes", "on", "y")


def is_transient(channel: str) -> bool:
    """A name a 1.8 masquerade gives for a moment (``…<MASQ>``, ``…<ZOMBIE>``,
    ``Parked/…``, ``AsyncGoto/…``): it belongs to nobody's live call."""
    return channel.endswith(_MASQ_SUFFIXES) or channel.lower().startswith(_WRAPPERS)


def device_of(channel: str) -> str:
    """The device a channel belongs to: ``SIP/474-00000001`` → ``SIP/474``,
    ``Local/306@ctx-00000000;1`` → ``Local/306@ctx``; ``""`` for a transient
    name (:func:`is_transient`) or one without a technology."""
    name = text(channel)
    if not name or is_transient(name) or "/" not in name:
        return ""
    return _SEQ_RE.sub("", name)


def device_key(device: str) -> str:
    """The form devices are compared in (hints and channels may differ in case)."""
    return text(device).lower()


def extension_of(device: str) -> str:
    """The extension of a phone device (``PJSIP/474`` → ``474``); ``""`` for
    trunks, Local channels and anything not made of digits."""
    tech, _, resource = device.partition("/")
    if not tech or tech.lower() == "local" or not (resource.isascii() and resource.isdigit()):
        return ""
    return resource


def party(channel_or_dialstring: str | None) -> str:
    """Who a channel or dial string stands for: the extension when it is a phone
    (``SIP/474-00000005`` and ``PJSIP/474`` → ``474``), else the cleaned name."""
    name = text(channel_or_dialstring)
    if not name:
        return ""
    return extension_of(device_of(name)) or name


def local_exten(channel: str | None) -> str:
    """The extension a Local channel dials: ``Local/306@DLPN_DialPlan474-00000000;1`` → ``306``."""
    name = text(channel)
    if not name.lower().startswith("local/"):
        return ""
    exten = name[6:].split("@", 1)[0]
    digits = exten.replace("*", "").replace("#", "")
    return exten if digits.isascii() and digits.isdigit() else ""


def split_callerid(value: str | None) -> tuple[str, str]:
    """``(name, number)`` of ``"Ext 474" <474>`` (1.8 ``SIPshowpeer`` ``Callerid``)."""
    raw = text(value)
    match = _CALLERID_RE.match(raw)
    if match is None:
        return raw, ""
    return number(match.group("name")), number(match.group("number"))
