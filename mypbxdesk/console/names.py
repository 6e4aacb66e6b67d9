"""Colleagues' names: the PBX's caller-ID names of its extensions.

Layer 3 (``mypbxdesk.console``, operator-console models): stdlib +
mypbxdesk.ami.message only; no asyncio, sockets or Qt.

Where a name can come from, by what the captures actually contain:

* **not** from the peer lists. 1.8 ``SIPpeers`` ``PeerEntry`` items have
  ``ObjectName`` (``474``) but no caller-ID name (c1-extensionstate-blf:
  ``Channeltype ObjectName ChanObjectType IPaddress IPport Dynamic Forcerport
  VideoSupport TextSupport ACL Status RealtimeDevice``); 22's
  ``PJSIPShowEndpoints`` ``EndpointList`` has ``ObjectName``, ``Aor``,
  ``DeviceState`` … and no caller ID either (Asterisk's AMI event
  documentation). Nor from ``Command`` output: ``sip show peers`` prints
  ``Name/username`` only (7-command-core-show-channels), ``pjsip show
  endpoints`` prints ``<Endpoint/CID>`` with the caller-ID *number*.
* 1.8 ``SIPshowpeer <peer>`` (one action per peer): a Response with
  ``ObjectName: 474`` and ``Callerid: "Ext 474" <474>`` (c1). 22's
  ``PJSIPShowEndpoint`` answers with an ``EndpointDetail`` event that has
  ``ObjectName`` and the same ``Callerid`` field (Asterisk's documentation; not
  in the captures).
* ``VoicemailUsersList``: one ``VoicemailUserEntry`` per mailbox with
  ``VoiceMailbox: 474`` and ``Fullname: Ext 474`` (c6-mailbox), for every
  extension at once. On MyPBX the mailbox is the extension number.

:func:`names_from` reads all three; the peer lists give :func:`extensions_from`
(which extensions exist). Feed the result to ``PresenceBook.set_names``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..ami.message import Kind, Message
from . import fields

#: At most this many names are read from one list.
MAX_NAMES = 10_000


def names_from(items: Iterable[Message]) -> dict[str, str]:
    """``{extension: name}`` from ``SIPshowpeer`` responses, ``EndpointDetail``
    events and ``VoicemailUserEntry`` events; other messages and empty names
    are skipped. A later item wins over an earlier one."""
    out: dict[str, str] = {}
    for msg in items:
        if len(out) >= MAX_NAMES:
            break
        name = ""
        ext = ""
        if msg.kind is Kind.EVENT and msg.name.lower() == "voicemailuserentry":
            ext = fields.text(msg.get("VoiceMailbox"))
            name = fields.number(msg.get("Fullname"))
        elif msg.get("Callerid") is not None and (
            msg.is_success or (msg.kind is Kind.EVENT and msg.name.lower() == "endpointdetail")
        ):
            ext = fields.text(msg.get("ObjectName"))
            name = fields.split_callerid(msg.get("Callerid"))[0]
        if ext and name:
            out[ext] = name
    return out


def extensions_from(items: Iterable[Message]) -> list[str]:
    """The names of the peers in a ``SIPpeers`` (``PeerEntry``) or
    ``PJSIPShowEndpoints`` (``EndpointList``) answer that are extensions
    (all digits: trunks like ``trunk-test1`` are left out), in list order."""
    out: dict[str, None] = {}
    for msg in items:
        if msg.kind is not Kind.EVENT or msg.name.lower() not in ("peerentry", "endpointlist"):
            continue
        name = fields.text(msg.get("ObjectName"))
        if name.isascii() and name.isdigit() and len(out) < MAX_NAMES:
            out[name] = None
    return list(out)
