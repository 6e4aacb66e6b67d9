"""The PBX's extensions, from CLI listings (for the transfer target list).

Layer 3 (``mypbxdesk.calls``, calls model): stdlib only; parses the lines of
``Action: Command`` output that the service fetched.

* 1.8 / MyPBX ``sip show peers``: ``503/503   192.168.5.20   D  N   5060  OK (12 ms)``
  (trunks are named ``trunk-…`` and have no ``name/user`` pair of digits);
* 12+ ``pjsip show endpoints``: `` Endpoint:  474/474   Not in use   0 of inf``
  (the CLI's own legend line ``<Endpoint/CID....>`` is skipped);
* ``iax2 show peers``: ``306   192.168.5.30 (D)  255.255.255.255  4569  OK``.

Only names made of 1–6 digits count as extensions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SIP_PEER = re.compile(r"^(\d{1,6})/\S*\s")
_PJSIP_ENDPOINT = re.compile(r"^\s*Endpoint:\s+(\d{1,6})(?:/\S*)?\s")

DIRECTORY_COMMANDS = ("sip show peers", "pjsip show endpoints", "iax2 show peers")
# ``306   192.168.5.30 (D)  255.255.255.255  4569  OK (3 ms)`` — the host column is
# required, so summary lines like "7 sip peers [...]" never count.
_IAX_PEER = re.compile(r"^(\d{1,6})\s+(?:\d{1,3}(?:\.\d{1,3}){3}|\(Unspecified\))\s")


def parse_extensions(lines: Iterable[str]) -> list[str]:
    """Extension numbers found in a peer/endpoint listing, sorted, without duplicates."""
    found: set[str] = set()
    for line in lines:
        m = _SIP_PEER.match(line) or _PJSIP_ENDPOINT.match(line) or _IAX_PEER.match(line)
        if m:
            found.add(m.group(1))
    return sorted(found, key=lambda n: (len(n), n))
