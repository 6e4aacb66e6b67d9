"""Which encoding a contacts file is in, and never a wrong guess stored silently.

Pure (no Qt, no asyncio). A file with a BOM (UTF-8, UTF-16, UTF-32) is read as
the BOM says, and one that is valid UTF-8 as UTF-8. Anything else is a legacy
Windows code page, and there guessing goes wrong: the same bytes are valid in
many of them (``Müller`` in Latin-1 is ``M黮ler`` in GBK, ``Lefèvre`` in cp1252
is ``Lefčvre`` in cp1250). So:

- the code pages expected for this user are tried: the region's Windows code
  page (cp1250 for PL, cp1251 for RU, GB18030 for CN …), cp1252 (Western
  Outlook and Excel exports) and GB18030 (Excel on Chinese Windows);
- each reading is judged with charset-normalizer's mess measure (on the lines
  that are not ASCII, where readings differ) and a check that no word mixes
  scripts (``J黵gen``: Latin and Han in one word is nobody's name);
- exactly one clean reading is used; two clean readings that differ, or none,
  raise :class:`EncodingUncertain` with what each candidate makes of the first
  lines that differ (the CLI prints them and asks for ``--encoding``; the
  settings dialog lets the user pick one), and charset-normalizer's own guess is
  offered when no expected code page reads the file cleanly.

charset-normalizer's ranking alone is not trusted on a contacts file: on a
two-line GBK file it ranks cp949 first, on a short French cp1252 file cp1250
(the readings differ only in ``è``/``č``). A file of a few names is too short to
be sure, so the user is asked rather than given garbage.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from ..base.text import Msg
from .errors import ContactImportError, at

#: The Windows ("ANSI") code page legacy programs use in a region (the OS locale's).
_REGION_CODE_PAGES: dict[str, str] = {
    "cp1250": "PL CZ SK HU SI HR RO AL BA RS ME",
    "cp1251": "RU UA BY BG MK KZ KG MN TJ",
    "cp1253": "GR",
    "cp1254": "TR AZ",
    "cp1255": "IL",
    "cp1256": "SA AE EG IQ JO KW LB LY OM QA SY YE BH DZ IR PK",
    "cp1257": "EE LV LT",
    "cp1258": "VN",
    "cp874": "TH",
    "cp932": "JP",
    "cp949": "KR",
    "cp950": "TW HK MO",
    "gb18030": "CN SG",
}
_BY_REGION = {
    region: cp for cp, regions in _REGION_CODE_PAGES.items() for region in regions.split()
}
#: Above this mess ratio (charset-normalizer's own cut-off is 0.2) a reading is not clean;
#: right readings of real name lists measure 0.00-0.05, wrong ones 0.14 and more.
MAX_MESS = 0.1
_SAMPLE_BYTES = 256 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Scripts that share words: Japanese mixes kanji and kana, Korean hangul and hanja.
_SCRIPT_GROUP = {"CJK": "EA", "HIRAGANA": "EA", "KATAKANA": "EA", "HANGUL": "EA"}


def code_pages(region: str) -> tuple[str, ...]:
    """The legacy code pages tried for a user in ``region``, the region's first."""
    return tuple(dict.fromkeys((_BY_REGION.get(region.upper(), "cp1252"), "cp1252", "gb18030")))


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a file: the ``--encoding`` name and the first lines that differ."""

    encoding: str
    samples: tuple[str, ...]


class EncodingUncertain(ContactImportError):  # noqa: N818 - reads better at call sites
    """The file is not UTF-8 and its code page cannot be told for sure.

    :attr:`readings` are the candidates to show the user (possibly none), each
    with the lines where they differ; importing again with ``encoding=`` one
    of them settles it.
    """

    def __init__(self, message: Msg, path: Path, readings: tuple[Reading, ...]) -> None:
        super().__init__(message)
        self.path = path
        self.readings = readings


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text; ``code_page`` is the legacy code page it was read in (None for
    UTF-8/16/32), which vCard 2.1 quoted-printable values without CHARSET also use."""

    text: str
    code_page: str | None


def _script(c: str) -> str:
    word = unicodedata.name(c, "").split(" ", 1)[0]
    return _SCRIPT_GROUP.get(word, word)


def _mixes_scripts(text: str) -> bool:
    """A word of letters from two scripts (``J黵gen``, ``Mьller``): a wrong reading."""
    for word in re.findall(r"[^\W\d_]{2,}", text):
        if not word.isascii() and len({_script(c) for c in word if c.isalpha()}) > 1:
            return True
    return False


def _non_ascii_lines(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.isascii()]
    return "\n".join(lines)[:_SAMPLE_BYTES]


#: The common Han characters of GBK (GB2312 level 1, both bytes >= 0xA1): names use them;
#: Latin-1 letters read as GBK pairs mostly land outside (``Àaßa`` → ``繿遖``).
_COMMON_HAN = {"gb18030": (0xB0A1, 0xD7F9)}


def _mostly_rare_han(text: str, encoding: str) -> bool:
    low, high = _COMMON_HAN[encoding]
    han = [c for c in text if _script(c) == "EA" and unicodedata.name(c, "").startswith("CJK")]
    rare = 0
    for c in han:
        data = c.encode(encoding)
        rare += not (len(data) == 2 and low <= int.from_bytes(data) <= high and data[1] >= 0xA1)
    return bool(han) and rare * 2 > len(han)


def _plausible(text: str) -> bool:
    """Could be names even if it scores as messy: no word mixes two scripts and no
    symbol or punctuation outside ASCII stands among letters (GBK read as cp1252
    gives ``ÍõÐ¡Ã÷``; Latin-1 read as cp1252 gives letters only)."""
    if _mixes_scripts(text):
        return False
    return not any(
        not c.isascii() and unicodedata.category(c)[0] in "SPC" for c in _non_ascii_lines(text)
    )


def is_clean(text: str, encoding: str = "") -> bool:
    """True if ``text`` (read as ``encoding``) reads like names and numbers, not mojibake."""
    sample = _non_ascii_lines(text)
    if not sample:
        return True
    if encoding in _COMMON_HAN and _mostly_rare_han(sample, encoding):
        return False
    return not _mixes_scripts(sample) and mess_ratio(sample, MAX_MESS) <= MAX_MESS


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _samples(text: str, others: list[str], limit: int = 3) -> tuple[str, ...]:
    """The first lines of ``text`` that differ from ``others`` (or are not ASCII)."""
    rows = [line.splitlines() for line in others]
    out: list[str] = []
    for i, line in enumerate(text.splitlines()):
        differs = any(i >= len(r) or r[i] != line for r in rows) if rows else not line.isascii()
        if differs and line.strip():
            out.append(line.strip()[:80])
            if len(out) == limit:
                break
    return tuple(out)


def _readings(found: dict[str, str]) -> tuple[Reading, ...]:
    texts = list(found.values())
    return tuple(
        Reading(enc, _samples(text, [t for t in texts if t is not text]))
        for enc, text in found.items()
    )


def _choices(readings: tuple[Reading, ...]) -> str:
    """``--encoding cp1250 → 'Lefčvre' / --encoding cp1252 → 'Lefèvre'``."""
    return " / ".join(
        f"--encoding {r.encoding} → {r.samples[0]!r}" if r.samples else f"--encoding {r.encoding}"
        for r in readings
    )


def _detected(raw: bytes) -> list[str]:
    """charset-normalizer's guesses for ``raw``, best first (Python codec names)."""
    return [match.encoding for match in from_bytes(raw[:_SAMPLE_BYTES])]


def choose(raw: bytes, path: Path, region: str) -> tuple[str, str]:
    """``(encoding, text)`` for bytes that are not UTF-8, or :class:`EncodingUncertain`."""
    candidates = code_pages(region)
    clean: dict[str, str] = {}  # one encoding per distinct clean reading
    for enc in candidates:
        text = _try(raw, enc)
        if text is not None and is_clean(text, enc) and text not in clean.values():
            clean[enc] = text
    if len(clean) == 1:
        ((enc, text),) = clean.items()
        if enc == candidates[0]:
            return enc, text
        # Not the region's own code page: taken silently only if the region's pages
        # cannot read it at all. A short Latin-1 line can read as rare Han in GB18030
        # ("Àßßa Àßàa" → "肋遖 肋郺") while cp1252 scores as messy: then ask.
        for other in candidates:
            read = _try(raw, other)
            if other != enc and read is not None and read != text and _plausible(read):
                clean[other] = read
                break
        if len(clean) == 1:
            return enc, text
    if clean:
        readings = _readings(clean)
        choices = _choices(readings)
        raise EncodingUncertain(
            Msg.of(
                "{path}: the file is not UTF-8, and more than one code page reads it "
                "({choices}); import it again with the --encoding that shows the names right",
                path=str(path),
                choices=choices,
            ),
            path,
            readings,
        )
    # No expected code page reads it cleanly: offer charset-normalizer's guess first,
    # then the expected ones that at least decode without mixing scripts in a word.
    offered: dict[str, str] = {}
    for enc in [*_detected(raw)[:1], *candidates]:
        text = _try(raw, enc)
        if text is not None and not _mixes_scripts(text) and text not in offered.values():
            offered[enc] = text
    readings = _readings(offered)[:3]
    where = _first_non_utf8_line(raw, path)
    expected = ", ".join(candidates)
    if readings:
        message = Msg.of(
            "{where}: the text is neither UTF-8 nor cleanly {expected}; it may be "
            "{choices}: import it again with the --encoding that shows the names right",
            where=where,
            expected=expected,
            choices=_choices(readings),
        )
    else:
        message = Msg.of(
            "{where}: the text is neither UTF-8 nor cleanly {expected}; import it again "
            "with --encoding and the file's code page",
            where=where,
            expected=expected,
        )
    raise EncodingUncertain(message, path, readings)


def _first_non_utf8_line(raw: bytes, path: Path) -> Msg | str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return at(path, raw[: exc.start].count(b"\n") + 1)
    return str(path)  # quoted-printable values, not the file's text


def known_encoding(encoding: str, path: Path) -> str:
    """``encoding`` as Python's codec name; ContactImportError for an unknown one."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ContactImportError(
            Msg.of("{path}: unknown encoding {encoding}", path=str(path), encoding=repr(encoding))
        ) from None
    return "utf-8-sig" if name == "utf-8" else name


def decode(raw: bytes, path: Path, region: str, encoding: str | None = None) -> Decoded:
    """The text of a contacts file (see the module docstring).

    Raises:
        ContactImportError: ``encoding`` is unknown or does not fit the bytes (the
            line is named); :class:`EncodingUncertain` when no encoding was given and
            the code page is not certain.
    """
    if encoding is not None:
        codec = known_encoding(encoding, path)
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise ContactImportError(
                Msg.of(
                    "{where}: the text is not valid {encoding}",
                    where=at(path, raw[: exc.start].count(b"\n") + 1),
                    encoding=encoding,
                )
            ) from None
        legacy = not codec.startswith("utf")
        return Decoded(text, codec if legacy else None)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(codec), None)
            except UnicodeDecodeError as exc:
                raise ContactImportError(
                    Msg.of(
                        "{where}: the file starts with a {encoding} byte-order mark but is "
                        "not valid {encoding}",
                        where=at(path, raw[: exc.start].count(b"\n") + 1),
                        encoding=codec.removesuffix("-sig").upper(),
                    )
                ) from None
    try:
        return Decoded(raw.decode("utf-8"), None)
    except UnicodeDecodeError:
        pass
    enc, text = choose(raw, path, region)
    return Decoded(text, enc)
