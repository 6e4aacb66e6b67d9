"""Numbers for reading: grouped the way the user's country writes them.

Pure logic (stdlib and libphonenumber), used wherever a number is shown: the
resolved call view, the history, the dialer's status, the console. The raw
number stays what is copied and dialled; this only decides how it reads.

The region is the one in Settings ("country for numbers", ``CN`` when the
locale says nothing; :attr:`ContactBook.region` holds it resolved). It decides
two things:

- which prefix dials abroad: ``00`` in most of the world and China, ``011`` in
  the NANP, ``010`` in Japan, ``0011`` in Australia (libphonenumber's metadata).
  A number dialled with it reads as an international one:
  ``00336 1234 5678`` → ``+33 6 12 34 56 78``.
- how a national number is grouped: ``4008001234`` in China →
  ``400 800 1234``, ``02079460018`` in the UK → ``020 7946 0018``.

Formatting never loses or adds a digit: the dialled prefix (``00``, ``011``…)
becomes the ``+`` it stands for, and any other result whose digits differ from
the input's (libphonenumber adding a trunk ``0``) is not used. What it cannot
place is grouped from the right in blocks of four.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from phonenumbers.phonenumber import CountryCodeSource

__all__ = ["format_number", "is_withheld"]

_DIALABLE = re.compile(r"\+?[0-9*#]+")
_NOT_DIGITS = re.compile(r"\D")


def is_withheld(number: str) -> bool:
    """True when ``number`` is no number at all: empty, or a word the PBX puts
    in its place (``anonymous``, ``Restricted``, ``unknown``, ``<unknown>``…).
    Only a number with a digit in it can be copied, called back or looked up."""
    return not any(c.isdigit() for c in number)


def _digits(text: str) -> str:
    return _NOT_DIGITS.sub("", text)


def _grouped(number: str) -> str:
    """From the right in blocks of four after a leading group, no lonely leading
    digit: ``13806012345`` → ``138 0601 2345``."""
    plus = number.startswith("+")
    digits = number[1:] if plus else number
    groups: list[str] = []
    while len(digits) > 4:
        groups.insert(0, digits[-4:])
        digits = digits[:-4]
    groups.insert(0, digits)
    if len(groups[0]) == 1 and len(groups) > 1:
        groups[0:2] = [groups[0] + groups[1]]
    text = " ".join(groups)
    return f"+{text}" if plus else text


def _spaced(text: str) -> str:
    """Groups apart with spaces, as E.123 writes them and the app shows every
    number (libphonenumber uses dashes for some countries: ``555-1234``)."""
    return text.replace("-", " ")


def _is_idd(prefix: str, region: str) -> bool:
    """Whether ``prefix`` is how ``region`` dials abroad (``00``, ``011``, ``0011``…)."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
    pattern = meta.international_prefix if meta is not None else None
    return pattern is not None and re.fullmatch(pattern, prefix) is not None


def _placed(number: str, region: str) -> str | None:
    """libphonenumber's reading of ``number`` in ``region``, or None when it
    cannot place it or its reading would change the digits."""
    try:
        parsed = phonenumbers.parse(number, region or None, keep_raw_input=True)
    except NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    source = parsed.country_code_source
    if source in (
        CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
        CountryCodeSource.FROM_NUMBER_WITH_IDD,
    ):
        text = _spaced(phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL))
        digits = _digits(text)
        if number.startswith("+"):
            return text if digits == number[1:] else None
        # The dialled prefix must be all that goes, and be the region's international
        # prefix: 0033 6… → +33 6…, but never 0011 0000000001 → +1 0000000001 (a
        # country code 1 and NANP's trunk 1 both taken from the same digit).
        idd = number[: len(number) - len(digits)]
        if not number.endswith(digits) or not idd or not _is_idd(idd, region):
            return None
        return text
    text = _spaced(phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL))
    if _digits(text) != number or text == number:  # a trunk 0 added, or not grouped
        return None
    return text


def format_number(number: str, region: str) -> str:
    """A readable form of ``number`` in ``region`` (an ISO country code such as
    ``CN``; ``""`` when unknown: then only ``+`` numbers are placed).

    Extensions (up to 6 keys) and anything with ``*`` or ``#`` stay as they
    are; so does anything that is not a dialable number (``anonymous``).
    ``+15550109999`` → ``+1 555 010 9999``; in ``DE``, ``0033612345678`` →
    ``+33 6 12 34 56 78``; in ``CN``, ``4008001234`` → ``400 800 1234``.
    """
    if len(number) <= 6 or not _DIALABLE.fullmatch(number):
        return number
    if "*" in number or "#" in number:
        return number
    placed = _placed(number, region.upper())
    return placed if placed is not None else _grouped(number)
