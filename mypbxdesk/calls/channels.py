"""Channel names, dial strings and caller-ID text: small pure helpers.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib only; no asyncio, sockets or Qt.

Channel names seen on MyPBX / Asterisk 1.8 and 12+ (seed §1.4, ami-protocol.md §3.6):

* ``SIP/474-000079de``, ``IAX2/306-0000801a``, ``PJSIP/474-00000003``: extension 474 / 306;
* ``SIP/trunk-test1-00000001``, ``PJSIP/trunk-00000001``: a trunk (the peer name is not digits);
* ``SIP/trunk-test1/1112233-0000802c``: the seed's form of a call out through a trunk;
* ``DAHDI/65-1``: an analog port: extension or trunk, only a look-up tells (``dahdi.py``);
* ``Local/202@from-internal-00000001;1``: a Local channel (queues, ring groups);
* ``SIP/202-0000002d<MASQ>``, ``Local/…;1<ZOMBIE>``, ``AsyncGoto/SIP/305-0000000b``,
  ``Transfered/SIP/…``: names a masquerade gives for a moment (1.8).
"""

from __future__ import annotations

import re

from ..base.text import display_text

_MASQ_SUFFIXES = ("<MASQ>", "<ZOMBIE>")
_WRAPPERS = ("AsyncGoto/", "Transfered/", "Transferred/", "Parked/")
_UNKNOWN_VALUES = frozenset({"", "<unknown>", "<null>", "unknown", "(null)", "<none>"})
_MAX_TEXT = 200

# ast_escape_c (13.5+, ami-protocol.md §1.6): \a \b \f \n \r \t \v \\ \' \" \?
_C_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_C_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)


def strip_masquerade(name: str) -> str:
    """``SIP/202-0000002d<MASQ>`` → ``SIP/202-0000002d``."""
    for suffix in _MASQ_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def base_channel(name: str) -> str:
    """The channel name without masquerade suffixes and wrapper prefixes."""
    name = strip_masquerade(name)
    changed = True
    while changed:
        changed = False
        for wrapper in _WRAPPERS:
            if name.startswith(wrapper):
                name = name[len(wrapper) :]
                changed = True
    return name


def split_channel(name: str) -> tuple[str, str]:
    """``("SIP", "trunk-test1")`` for ``SIP/trunk-test1-00000001``: technology and peer.

    The peer is the device or trunk name: the resource without the
    ``-<sequence>`` suffix (and, for the seed's ``SIP/trunk/number-seq`` form,
    without the number). A name without ``/`` gives ``("", name)``.
    """
    name = base_channel(name)
    tech, slash, resource = name.partition("/")
    if not slash:
        return "", name
    if tech.upper() == "LOCAL":
        # Local/202@from-internal-00000001;1
        resource = resource.split(";", 1)[0]
        if "-" in resource:
            resource = resource.rsplit("-", 1)[0]
        return tech, resource.split("@", 1)[0]
    if "/" in resource:
        return tech, resource.split("/", 1)[0]
    if "-" in resource:
        resource = resource.rsplit("-", 1)[0]
    return tech, resource


def extension_of(name: str) -> str | None:
    """The extension a channel belongs to (``"306"`` for ``IAX2/306-0000801a``).

    None for trunks and for DAHDI ports (a port number is not an extension).
    """
    tech, peer = split_channel(name)
    if tech.upper() == "DAHDI" or not peer.isdigit():
        return None
    return peer


def phone_extension_of(name: str) -> str | None:
    """The extension of a phone's own channel: :func:`extension_of`, but None for
    ``Local/202@from-internal-…`` too (a dialplan helper, not somebody's phone)."""
    tech, peer = split_channel(name)
    if tech.upper() in ("DAHDI", "LOCAL") or not peer.isdigit():
        return None
    return peer


def dahdi_port_of(name: str) -> str | None:
    """``"65"`` for ``DAHDI/65-1``; None for other technologies."""
    tech, peer = split_channel(name)
    if tech.upper() != "DAHDI" or not peer:
        return None
    return peer


def trunk_of(name: str) -> str | None:
    """The trunk name of a SIP/IAX2/PJSIP trunk channel, e.g. ``"trunk-sps-test1"``.

    A peer whose name is all digits is an extension, not a trunk. DAHDI and
    Local channels give None (``dahdi.py`` decides DAHDI ports).
    """
    tech, peer = split_channel(name)
    if not peer or peer.isdigit() or tech.upper() in ("DAHDI", "LOCAL", ""):
        return None
    return peer


def number_from_dialstring(dialstring: str) -> str:
    """The dialled number in a dial string.

    ``474`` → 474; ``trunk-test1/13806012345`` (1.8) → 13806012345;
    ``13806012345@trunk`` (PJSIP) → 13806012345; ``SIP/474,30`` → 474.
    """
    text = dialstring.split(",", 1)[0].split("&", 1)[0].strip()
    text = text.rsplit("/", 1)[-1]
    return clean_number(text.split("@", 1)[0])


def c_unescape(text: str) -> str:
    """Undo ``ast_escape_c`` (13.5+): ``O\\'Brien`` → ``O'Brien``; unknown escapes stay."""
    if "\\" not in text:
        return text
    return _C_ESCAPE_RE.sub(lambda m: _C_ESCAPES.get(m.group(1), m.group(0)), text)


def clean_text(value: str | None) -> str:
    """Printable, valid text from a header value: never raises.

    :func:`~mypbxdesk.base.text.display_text` (control characters and line
    separators become spaces, bidi controls are dropped, lone surrogates become
    U+FFFD), stripped and at most 200 characters long.
    """
    if not value:
        return ""
    return display_text(value).strip()[:_MAX_TEXT]


def clean_number(value: str | None) -> str:
    """A caller or dialled number, ``""`` when unknown (``<unknown>``, ``<null>``, empty)."""
    text = clean_text(value)
    if text.lower() in _UNKNOWN_VALUES:
        return ""
    return text


def clean_name(value: str | None, *, escaped: bool = False) -> str:
    """A caller name, ``""`` when unknown; C escapes undone when ``escaped`` (13.5+)."""
    if not value:
        return ""
    if escaped:
        value = c_unescape(value)
    text = clean_text(value)
    if text.lower() in _UNKNOWN_VALUES:
        return ""
    return text
