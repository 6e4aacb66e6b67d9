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
"""

from __future__ import annotations

import re
from typing import Self
from urllib.parse import unquote

from .text import Msg

#: Separators people type or paste: spaces (incl. no-break and thin spaces),
#: dashes of every kind, dots, slashes and parentheses (RFC 3966 visual separators).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.()/\[\]\u00a0\u2009\u202f]+")
_DIALABLE = re.compile(r"\+?[0-9*#]+")
_SCHEMES = ("tel:", "callto:", "sip:", "sips:")
MAX_DIGITS = 32


class InvalidNumber(ValueError):  # noqa: N818 - reads better at call sites
    """The input is not a phone number we can dial; the text (a :class:`Msg`) says why."""


def strip_uri(text: str) -> str:
    """The number part of a ``tel:``/``callto:``/``sip:`` URI (else ``text`` unchanged)."""
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
            s = re.split(r"[;?]", s, maxsplit=1)[0]
            return s.rstrip("/")
    return s


def is_uri(text: str) -> bool:
    """True for a ``tel:``/``callto:``/``sip:``/``sips:`` link (any case)."""
    lower = text.strip().lower()
    return any(lower.startswith(scheme) for scheme in _SCHEMES)


def _dialable(number: str) -> bool:
    return (
        _DIALABLE.fullmatch(number) is not None and sum(c.isdigit() for c in number) <= MAX_DIGITS
    )


class DialNumber(str):
    """A number :func:`clean_number` accepted: ``+`` (first only), digits, ``*``, ``#``,
    at most 32 digits. It is the only kind of number the layers below the edge
    take (``PhoneService.dial``, ``clicktodial.dial``, ``build_originate``), so
    they need not clean again and nothing unvalidated can reach an Originate.

    Get one from :func:`clean_number` (or :meth:`parse`, the same). Constructing
    one directly does not clean anything: it only accepts what is already in
    the clean form (``DialNumber("+15550109999")``) and raises ``ValueError``
    for anything else, so a ``DialNumber`` is always dialable.
    """

    __slots__ = ()

    def __new__(cls, number: str) -> Self:
        if not _dialable(number):
            raise ValueError(f"not a cleaned number (use clean_number): {number[:40]!r}")
        return super().__new__(cls, number)

    @classmethod
    def parse(cls, text: str) -> DialNumber:
        """``clean_number(text)``: what a person typed or pasted, cleaned and checked."""
        return clean_number(text)

    def __repr__(self) -> str:
        return f"DialNumber({str(self)!r})"


def clean_number(text: str) -> DialNumber:
    """Normalise ``text`` to what AMI may dial: ``+``, digits, ``*``, ``#``.

    Raises:
        InvalidNumber: empty, letters, control characters (CR/LF: AMI header
            injection), a ``+`` not at the start, or more than 32 digits.
    """
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InvalidNumber(Msg.of("the number contains a control character (e.g. a line break)"))
    number = _SEPARATORS.sub("", strip_uri(text))
    if not number:
        raise InvalidNumber(Msg.of("the number is empty"))
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
    if sum(c.isdigit() for c in number) > MAX_DIGITS:
        raise InvalidNumber(Msg.of("the number is longer than {count} digits", count=MAX_DIGITS))
    return DialNumber(number)


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


def format_number(number: str) -> str:
    """A readable form for display (the dialable form stays what is copied).

    Extensions stay as they are; longer numbers are grouped from the right in
    blocks of four after a leading group: ``13806012345`` → ``138 0601 2345``,
    ``+15550109999`` → ``+1 555 010 9999``. Anything not purely dialable is
    returned unchanged.
    """
    if not number or len(number) <= 6 or not _DIALABLE.fullmatch(number):
        return number
    plus = number.startswith("+")
    digits = number[1:] if plus else number
    if plus and len(digits) == 11 and digits.startswith("1"):  # NANP: +1 555 010 9999
        return f"+1 {digits[1:4]} {digits[4:7]} {digits[7:]}"
    groups: list[str] = []
    while len(digits) > 4:
        groups.insert(0, digits[-4:])
        digits = digits[:-4]
    groups.insert(0, digits)
    if len(groups[0]) == 1 and len(groups) > 1:  # no lonely leading digit
        groups[0:2] = [groups[0] + groups[1]]
    text = " ".join(groups)
    return f"+{text}" if plus else text
