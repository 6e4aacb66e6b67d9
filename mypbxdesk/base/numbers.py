"""Dialable numbers: clean what a person typed or pasted, refuse the rest.

Pure logic (stdlib only), shared by ``mypbxdesk dial``, the dialer window and
URI hand-over. A number that reaches AMI has already passed here: only
``+``, digits, ``*`` and ``#`` survive (ami-protocol.md pitfall 17 asks for a
whitelist on top of the writer's CR/LF/NUL refusal).

Cleaning happens once, at the edge (the dialer, the command line, a hand-over):
:func:`clean_number` returns a :class:`DialNumber`, and everything below the
edge (``PbxBridge.dial``, ``PhoneService.dial``, ``clicktodial.dial``,
``build_originate``) takes that type and never cleans again.

Accepted input: ``+1 (555) 010-9999``, ``0049.30.123456``, ``*72#``,
``tel:+1-555-010-9999``, ``tel:+15550109999;phone-context=example.com``,
``callto:123``, ``callto://123``, ``sip:123@pbx.example.com``.

As people type them:

- every Unicode decimal digit is its digit (a Chinese input method's full-width
  ``１３８ ０６０１ ２３４５``, Arabic-Indic ``٣٤٥``), and the full-width forms of
  ``+ * # - ( ) . /`` and the ideographic space are their ASCII selves;
  invisible format marks a chat or a web page pastes along (bidi embeddings,
  zero-width spaces, a BOM) are dropped. Letters, control characters (C0 and
  C1, CR/LF above all: AMI header injection) stay refused, with the same words.
- at most 32 keys (digits, ``*`` and ``#``; a leading ``+`` is free), checked
  here, before anything connects.
- an extension or keys to press after the answer are kept, never dropped:
  ``tel:…;ext=12`` and ``;postd=pp22`` (RFC 3966 / 2806), ``x123``,
  ``ext. 123``, ``转123`` (how extensions are written in China), and a phone's
  pause marks ``,``, ``w``, ``p`` (``555 0100,123``). The number before them is
  what is dialled; the rest is :attr:`DialNumber.postdial`, which the command
  line and the dialer show (:meth:`DialNumber.postdial_note`) for the user to
  key once the other side has answered. mypbxdesk does not send those keys
  itself: an Originate has no post-dial step on a MyPBX, and keys sent before
  a person or an auto-attendant listens are lost.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Self
from urllib.parse import unquote

from .text import Msg

#: Separators people type or paste: spaces (incl. no-break and thin spaces),
#: dashes of every kind, dots, slashes and parentheses (RFC 3966 visual separators).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.()/\[\]\u00a0\u2009\u202f]+")
#: Invisible format characters pasted along with a number (bidi marks, zero-width
#: spaces and joiners, word joiner, BOM): nothing a person typed.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_DIALABLE = re.compile(r"\+?[0-9*#]+")
_KEYS = r"[0-9*#]+"
#: A number followed by an extension marker or a pause, then the keys for after the answer.
_WITH_POSTDIAL = re.compile(
    rf"(\+?[0-9*#]+)(?:extension|extn|ext|x|转|轉|[,wp])([,wp]*{_KEYS}(?:[,wp]+{_KEYS})*)",
    re.IGNORECASE,
)
_PAUSES = re.compile(r"[,wp]+", re.IGNORECASE)
_POSTDIAL = re.compile(rf"{_KEYS}(?: {_KEYS})*")
_SCHEMES = ("tel:", "callto:", "sip:", "sips:")
MAX_DIGITS = 32


class InvalidNumber(ValueError):  # noqa: N818 - reads better at call sites
    """The input is not a phone number we can dial; the text (a :class:`Msg`) says why."""


def _split_uri(text: str) -> tuple[str, dict[str, str]] | None:
    """A ``tel:``/``callto:``/``sip:`` URI's number part and its parameters
    (lower-case names), or None for anything that is not such a URI."""
    s = text.strip()
    lower = s.lower()
    for scheme in _SCHEMES:
        if lower.startswith(scheme):
            s = s[len(scheme) :]
            if s.startswith("//"):
                s = s[2:]
            s = unquote(s)
            if scheme.startswith("sip"):
                s = s.split("@", 1)[0]
            # RFC 3966 parameters (;phone-context=…, ;ext=…) and a query part.
            # Not '#': it is a dialable key (*72#), so no fragment stripping.
            s = s.split("?", 1)[0]
            number, *params = s.split(";")
            named: dict[str, str] = {}
            for param in params:
                name, _, value = param.partition("=")
                named.setdefault(name.strip().lower(), value.strip())
            return number.rstrip("/"), named
    return None


def strip_uri(text: str) -> str:
    """The number part of a ``tel:``/``callto:``/``sip:`` URI (else ``text`` unchanged)."""
    split = _split_uri(text)
    return text.strip() if split is None else split[0]


def is_uri(text: str) -> bool:
    """True for a ``tel:``/``callto:``/``sip:``/``sips:`` link (any case)."""
    lower = text.strip().lower()
    return any(lower.startswith(scheme) for scheme in _SCHEMES)


def _keys(number: str) -> int:
    """How many keys a number takes: digits, ``*`` and ``#`` (a leading ``+`` is free)."""
    return len(number) - number.startswith("+") - number.count(" ")


def _dialable(number: str) -> bool:
    return _DIALABLE.fullmatch(number) is not None and _keys(number) <= MAX_DIGITS


def _postdial_ok(keys: str) -> bool:
    return not keys or (_POSTDIAL.fullmatch(keys) is not None and _keys(keys) <= MAX_DIGITS)


class DialNumber(str):
    """A number :func:`clean_number` accepted: ``+`` (first only), digits, ``*``, ``#``,
    at most 32 keys. It is the only kind of number the layers below the edge
    take (``PhoneService.dial``, ``clicktodial.dial``, ``build_originate``), so
    they need not clean again and nothing unvalidated can reach an Originate.

    The string is what is dialled. :attr:`postdial` holds the keys to press
    after the answer (an extension, or what followed a pause), groups
    separated by a space; ``""`` when there are none. It is not part of the
    string (``Exten`` never sees it) and plays no part in comparisons.

    Get one from :func:`clean_number` (or :meth:`parse`, the same). Constructing
    one directly does not clean anything: it only accepts what is already in
    the clean form (``DialNumber("+15550109999")``, ``DialNumber("+15550100",
    postdial="12")``) and raises ``ValueError`` for anything else, so a
    ``DialNumber`` is always dialable.
    """

    postdial: str

    def __new__(cls, number: str, postdial: str = "") -> Self:
        if not _dialable(number):
            raise ValueError(f"not a cleaned number (use clean_number): {number[:40]!r}")
        if not _postdial_ok(postdial):
            raise ValueError(f"not cleaned post-dial keys (use clean_number): {postdial[:40]!r}")
        self = super().__new__(cls, number)
        self.postdial = postdial
        return self

    @classmethod
    def parse(cls, text: str) -> DialNumber:
        """``clean_number(text)``: what a person typed or pasted, cleaned and checked."""
        return clean_number(text)

    def postdial_note(self) -> Msg | None:
        """What to tell the user about :attr:`postdial` (None when there is nothing)."""
        if not self.postdial:
            return None
        return Msg.of(
            "after the answer, key {keys} on your phone (mypbxdesk does not dial it)",
            keys=self.postdial,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.postdial))

    def __repr__(self) -> str:
        extra = f", postdial={self.postdial!r}" if self.postdial else ""
        return f"DialNumber({str(self)!r}{extra})"


def _normalise(text: str) -> str:
    """Digits of every script as ASCII digits, full-width ASCII forms (U+FF01–FF5E)
    and the ideographic space as their ASCII selves, invisible marks dropped."""
    out = []
    for c in _INVISIBLE.sub("", text):
        if c.isdecimal():
            out.append(chr(0x30 + unicodedata.decimal(c)))
        elif "\uff01" <= c <= "\uff5e":
            out.append(chr(ord(c) - 0xFEE0))
        elif c == "\u3000":
            out.append(" ")
        else:
            out.append(c)
    return "".join(out)


def _refuse_controls(text: str) -> None:
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise InvalidNumber(Msg.of("the number contains a control character (e.g. a line break)"))


def _postdial_param(value: str) -> list[str]:
    """The key groups of a URI's ``ext=`` or ``postd=`` value."""
    keys = _SEPARATORS.sub("", value)
    if not re.fullmatch(rf"[,wp]*{_KEYS}(?:[,wp]+{_KEYS})*", keys, re.IGNORECASE):
        raise InvalidNumber(
            Msg.of(
                "the extension or the keys after the answer ({text}) may only be digits, * and #",
                text=repr(value[:20]),
            )
        )
    return [g for g in _PAUSES.split(keys) if g]


def clean_number(text: str) -> DialNumber:
    """Normalise ``text`` to what AMI may dial: ``+``, digits, ``*``, ``#``
    (and the keys for after the answer, kept in :attr:`DialNumber.postdial`).

    Raises:
        InvalidNumber: empty, letters, control characters (CR/LF: AMI header
            injection), a ``+`` not at the start, more than 32 keys, or an
            extension that is not digits, ``*`` and ``#``.
    """
    _refuse_controls(text)
    text = _normalise(text)
    groups: list[str] = []
    split = _split_uri(text)
    if split is not None:
        text, params = split
        _refuse_controls(text + "".join(params.values()))  # percent-encoded CR/LF
        text = _normalise(text)  # percent-encoded full-width digits
        params = {name: _normalise(value) for name, value in params.items()}
        for name in ("postd", "ext"):
            if name in params:
                groups += _postdial_param(params[name])
    number = _SEPARATORS.sub("", text)
    if not number:
        raise InvalidNumber(Msg.of("the number is empty"))
    if m := _WITH_POSTDIAL.fullmatch(number):
        number = m.group(1)
        groups = [g for g in _PAUSES.split(m.group(2)) if g] + groups
    if not _DIALABLE.fullmatch(number):
        bad = next(
            (c for c in number if not (c.isdigit() and c.isascii()) and c not in "+*#"), None
        )
        if bad is not None and bad.isalpha():
            raise InvalidNumber(
                Msg.of("a phone number cannot contain letters ({letter})", letter=repr(bad))
            )
        if bad is not None:
            raise InvalidNumber(
                Msg.of("a phone number cannot contain {character}", character=repr(bad))
            )
        raise InvalidNumber(Msg.of("'+' may only stand at the start of a number"))
    postdial = " ".join(groups)
    if _keys(number) > MAX_DIGITS:
        raise InvalidNumber(
            Msg.of("the number is longer than {count} keys (digits, * and #)", count=MAX_DIGITS)
        )
    if _keys(postdial) > MAX_DIGITS:
        raise InvalidNumber(
            Msg.of("the extension is longer than {count} keys (digits, * and #)", count=MAX_DIGITS)
        )
    return DialNumber(number, postdial)


def is_extension(text: str) -> bool:
    """A PBX extension: 1 to 10 ASCII digits (MyPBX uses 3 or 4)."""
    return 1 <= len(text) <= 10 and text.isascii() and text.isdigit()


def validate_extension(text: str) -> str:
    """``text`` stripped, if it is an extension.

    Raises:
        InvalidNumber: anything but 1–10 digits.
    """
    ext = text.strip()
    if not is_extension(ext):
        raise InvalidNumber(
            Msg.of("an extension is 1 to 10 digits, not {text}", text=repr(ext[:20]))
        )
    return ext
