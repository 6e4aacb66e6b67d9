"""Contacts: import CSV and vCard files, match caller numbers to names.

Pure logic and file I/O (no asyncio, no Qt); layer 1 next to ``config`` and
``numbers``. Numbers are normalised with phonenumberslite (Google's
libphonenumber) in the configured default region, so ``+86 138 0601 2345``,
``008613806012345``, ``013806012345`` and ``138-0601-2345`` are one number.
Short internal numbers (up to 6 digits: PBX extensions) and numbers
libphonenumber cannot place are matched on their digits.

Imports are all-or-nothing: a file is parsed completely first; any bad line
raises :class:`ContactImportError` naming the file and line, and nothing is
stored. The book is a JSON file in the data directory, replaced atomically.

Files come as people have them: UTF-8 or UTF-16 with or without a BOM, or a
legacy Windows code page (:mod:`.encoding` reads it, or asks when it cannot be
sure: :class:`~.encoding.EncodingUncertain`, then ``encoding=``). A number with
an extension or a pause (``tel:+1-555-555-5555;ext=5555``, ``x123``,
``ext. 7``, ``转8001``, Apple's ``,45``) is kept whole and stored as
``+15555555555 x5555``: the caller-ID match uses the number, the dialer dials
it and tells the user to key the extension after the answer.

Why not vobject (the maintained vCard library): tried on the exports in
``tests/data/contacts/``, vobject 0.9.9 fails on Outlook's vCard 2.1
quoted-printable soft line breaks (ParseError) and on quoted-printable without
CHARSET (UnicodeDecodeError), and returns Apple's ``+49 30 7654321,45`` as
``+49 30 7654321``, dropping the extension silently. It also leaves the code
page to the caller. This reader needs only FN/N/ORG and TEL.
"""

from __future__ import annotations

import csv
import io
import json
import locale
import os
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from ..base.numbers import DialNumber, InvalidNumber, clean_number, is_uri
from ..base.private import make_private_dir
from ..base.text import Msg, display_text
from .encoding import Decoded, choose, decode, known_encoding
from .errors import ContactImportError as ContactImportError  # re-exported
from .errors import at as _at

FALLBACK_REGION = "CN"  # Yeastar's home market, when neither settings nor locale say
MAX_FILE_BYTES = 20 * 1024 * 1024
_CELL_SPLIT = re.compile(r"\s*[;,|\n]\s*")
_NAME_HEADERS = (
    *("display name", "full name", "name", "contact", "姓名", "名字", "名称", "联系人"),
    *("nom", "nombre", "nome", "naam", "imię i nazwisko", "имя", "фио", "контакт"),
)
_FIRST_HEADERS = ("first name", "given name", "名")
_LAST_HEADERS = ("last name", "family name", "surname", "姓")
_ORG_HEADERS = ("company", "organization", "organisation", "公司", "单位")
_NUMBER_WORDS = (
    *("phone", "tel", "mobile", "cell", "number", "fax", "电话", "手机", "号码"),
    *("handy", "mobil", "portable", "телефон", "мобильный"),
)


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    numbers: tuple[str, ...]


def system_region() -> str:
    """The territory of the user's locale (``zh_CN.UTF-8`` → ``CN``), else CN."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if m := re.match(r"[a-z]{2,3}_([A-Z]{2})", value):
            return m.group(1)
    with_locale = locale.getlocale()[0] or ""
    if m := re.match(r"[a-z]{2,3}_([A-Z]{2})", with_locale):
        return m.group(1)
    return FALLBACK_REGION


def is_region(code: str) -> bool:
    return code.upper() in phonenumbers.SUPPORTED_REGIONS


def match_key(number: str, region: str) -> str:
    """The form two numbers share when they are the same line.

    E.164 (``+8613806012345``) when libphonenumber can place the number in
    ``region``; the bare digits for extensions and anything it cannot place.
    Empty for something that is not a phone number at all.
    """
    try:
        clean = clean_number(number)
    except InvalidNumber:
        return ""
    digits = clean.lstrip("+")
    if (not clean.startswith("+") and len(digits) <= 6) or not digits.isdigit():
        return clean
    try:
        parsed = phonenumbers.parse(clean, region.upper() or None)
    except phonenumbers.NumberParseException:
        return clean
    if not phonenumbers.is_possible_number(parsed):
        return clean
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def number_in_text(text: str, region: str) -> DialNumber | None:
    """The first phone number in free text (a selection, the clipboard), dialable
    as written (``020 7946 0018`` → ``02079460018``: the PBX's outbound routes
    expect what people dial, not E.164); a bare extension or ``*72#`` too."""
    text = text.strip()[:2000]
    try:
        return clean_number(text)
    except InvalidNumber:
        pass
    for match in phonenumbers.PhoneNumberMatcher(text, (region or system_region()).upper()):
        try:
            return clean_number(match.raw_string)
        except InvalidNumber:
            continue
    return None


# -- reading files ---------------------------------------------------------------------
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16/32: NUL bytes are part of the text


def _decode(path: Path, region: str = "", encoding: str | None = None) -> Decoded:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContactImportError(
                Msg.of("{path}: the file is larger than 20 MB", path=str(path))
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ContactImportError(
            Msg.of(
                "{path}: cannot read it: {reason}", path=str(path), reason=str(exc.strerror or exc)
            )
        ) from None
    wide = raw.startswith(_WIDE_BOMS) or (
        encoding is not None and known_encoding(encoding, path).startswith(("utf-16", "utf-32"))
    )
    if b"\0" in raw and not wide:
        _refuse_nul(path, raw[: raw.index(b"\0")].count(b"\n") + 1)
    decoded = decode(raw, path, region or system_region(), encoding)
    if "\0" in decoded.text:
        _refuse_nul(path, decoded.text[: decoded.text.index("\0")].count("\n") + 1)
    return decoded


def _refuse_nul(path: Path, line: int) -> None:
    raise ContactImportError(
        Msg.of(
            "{where}: contains a NUL byte (is this a binary file, not CSV or vCard?)",
            where=_at(path, line),
        )
    )


def stored_number(number: DialNumber) -> str:
    """How a contact's number is kept: ``+15555555555`` or, with an extension or keys
    after a pause, ``+15555555555 x5555`` (``clean_number`` reads it back the same)."""
    if not number.postdial:
        return str(number)
    return f"{number} x{number.postdial.replace(' ', ',')}"


def _number(text: str, where: Msg) -> str:
    try:
        return stored_number(clean_number(text))
    except InvalidNumber as exc:
        raise ContactImportError(
            Msg.of(
                "{where}: {text} is not a phone number ({reason})",
                where=where,
                text=repr(text.strip()[:40]),
                reason=str(exc),
            )
        ) from None


def _numbers_in(cell: str, where: Msg) -> list[str]:
    """The numbers in a CSV cell: several, separated by ``;``, ``,``, ``|`` or a line
    break, or one ``tel:`` URI (its ``;ext=`` is part of it)."""
    cell = cell.strip()
    parts = [cell] if is_uri(cell) else _CELL_SPLIT.split(cell)
    return [_number(part, where) for part in parts if part.strip()]


def _header_index(header: list[str]) -> tuple[list[int], list[int], list[int]] | None:
    low = [h.strip().lower() for h in header]
    names = [i for i, h in enumerate(low) if h in _NAME_HEADERS]
    if not names:
        firsts = [i for i, h in enumerate(low) if h in _FIRST_HEADERS]
        lasts = [i for i, h in enumerate(low) if h in _LAST_HEADERS]
        names = firsts[:1] + lasts[:1] or [i for i, h in enumerate(low) if h in _ORG_HEADERS][:1]
    nums = [
        i
        for i, h in enumerate(low)
        if i not in names
        and any(w in h for w in _NUMBER_WORDS)
        and not any(w in h for w in ("type", "label", "类型"))
    ]
    if not names or not nums:
        return None
    return names, nums, [i for i, h in enumerate(low) if h in _ORG_HEADERS]


def _looks_like_number(cell: str) -> bool:
    try:
        return len(clean_number(cell).lstrip("+")) >= 3
    except InvalidNumber:
        return False


def read_csv(
    path: Path, text: str | None = None, *, region: str = "", encoding: str | None = None
) -> list[Contact]:
    """Contacts from a CSV file with a header (``Name,Phone,Mobile``…) or without one
    (a name column and number columns, recognised from the first row)."""
    text = _decode(path, region, encoding).text if text is None else text
    sample = text[:8192]
    # Only the delimiter is guessed (Excel writes ";" in much of Europe). Quoting is
    # RFC 4180's, as every exporter writes it: the sniffer's guess of
    # doublequote=False turned a name ',0"' written as '",0"""' into ',0""'.
    try:
        delimiter = csv.Sniffer().sniff(sample, ",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ContactImportError(
            Msg.of("{where}: {reason}", where=_at(path, reader.line_num), reason=str(exc))
        ) from None
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ContactImportError(Msg.of("{path}: the file has no contacts", path=str(path)))
    index = _header_index(rows[0][1])
    if index is not None:
        rows = rows[1:]
        names, nums, orgs = index
    else:  # no header: the first non-number column is the name, number columns are numbers
        first = rows[0][1]
        nums = [i for i, c in enumerate(first) if _looks_like_number(c)]
        names = [i for i, c in enumerate(first) if c.strip() and i not in nums][:1]
        orgs = []
        if not names or not nums:
            raise ContactImportError(
                Msg.of(
                    "{where}: no name and phone columns found; use a header such as {example}",
                    where=_at(path, rows[0][0]),
                    example="'Name,Phone,Mobile'",
                )
            )
    contacts: list[Contact] = []
    for line, row in rows:
        cells = row + [""] * (max(names + nums + orgs) + 1 - len(row))
        name = " ".join(cells[i].strip() for i in names if cells[i].strip())
        if not name:
            name = " ".join(cells[i].strip() for i in orgs if cells[i].strip())
        numbers = [n for i in nums for n in _numbers_in(cells[i], _at(path, line))]
        if not numbers:
            continue  # e.g. an e-mail-only contact in an address-book export
        if not name:
            raise ContactImportError(
                Msg.of("{where}: a number without a name", where=_at(path, line))
            )
        contacts.append(Contact(name, tuple(dict.fromkeys(numbers))))
    return contacts


def _unfold(text: str) -> Iterator[tuple[int, str]]:
    """Logical vCard lines with the physical line they start on (RFC 6350 §3.2)."""
    start, current = 0, None
    for n, line in enumerate(text.splitlines(), 1):
        if line[:1] in (" ", "\t") and current is not None:
            current += line[1:]
            continue
        if (
            current is not None
            and current.rstrip().endswith("=")
            and "QUOTED-PRINTABLE" in current.upper().split(":", 1)[0]
        ):
            current = current.rstrip()[:-1] + line  # vCard 2.1 soft line break
            continue
        if current is not None:
            yield start, current
        start, current = n, line
    if current is not None:
        yield start, current


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def read_vcard(
    path: Path, text: str | None = None, *, region: str = "", encoding: str | None = None
) -> list[Contact]:
    """Contacts from a vCard 2.1/3.0/4.0 file (FN or N, every TEL)."""
    if text is None:
        decoded = _decode(path, region, encoding)
        return _read_vcard(path, decoded.text, decoded.code_page, region, encoding)
    return _read_vcard(path, text, None, region, encoding)


def _qp_charset(params: list[str]) -> str | None:
    """A quoted-printable value's CHARSET, None without one; "" when it is not QP."""
    if not any("QUOTED-PRINTABLE" in p.upper() for p in params):
        return ""
    return next((p.split("=", 1)[1] for p in params if p.upper().startswith("CHARSET=")), None)


def _qp_bytes(value: str, where: Msg) -> bytes:
    try:
        return quopri.decodestring(value.encode("utf-8"))
    except ValueError:
        raise ContactImportError(
            Msg.of("{where}: bad quoted-printable text", where=where)
        ) from None


def _qp_code_page(
    lines: list[tuple[int, str]], path: Path, code_page: str | None, region: str
) -> str:
    """The encoding of quoted-printable values without CHARSET (vCard 2.1 from older
    Outlook): UTF-8 if they all are, else the file's own code page, else the one
    :func:`~.encoding.choose` finds for those values."""
    legacy: list[bytes] = []
    for line, raw in lines:
        head = raw.split(":", 1)[0]
        if ":" in raw and _qp_charset(head.split(";")[1:]) is None:
            data = _qp_bytes(raw.split(":", 1)[1], _at(path, line))
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                legacy.append(data)
    if not legacy:
        return "utf-8"
    if code_page is not None:
        return code_page
    return choose(b"\n".join(legacy), path, region or system_region())[0]


def _qp_text(data: bytes, charset: str | None, default: str, path: Path, line: int) -> str:
    """A quoted-printable value's text: in its CHARSET, or without one UTF-8 if it is
    valid UTF-8, else ``default``."""
    try:
        if charset is None:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                return data.decode(default)
        return data.decode(charset)
    except LookupError:
        raise ContactImportError(
            Msg.of(
                "{where}: unknown encoding {encoding}",
                where=_at(path, line),
                encoding=repr(charset),
            )
        ) from None
    except UnicodeDecodeError:
        raise ContactImportError(
            Msg.of("{where}: bad quoted-printable text", where=_at(path, line))
        ) from None


def _read_vcard(
    path: Path, text: str, code_page: str | None, region: str, encoding: str | None
) -> list[Contact]:
    lines = list(_unfold(text))
    qp_default = known_encoding(encoding, path) if encoding else None
    qp_default = qp_default or _qp_code_page(lines, path, code_page, region)
    contacts: list[Contact] = []
    card: dict[str, object] | None = None
    begin = 0
    for line, raw in lines:
        if not raw.strip():
            continue
        if ":" not in raw:
            raise ContactImportError(
                Msg.of(
                    "{where}: not a vCard line: {text}", where=_at(path, line), text=repr(raw[:40])
                )
            )
        head, value = raw.split(":", 1)
        prop, *params = head.split(";")
        prop = prop.split(".")[-1].upper()  # item1.TEL → TEL
        charset = _qp_charset(params)
        if charset != "":
            value = _qp_text(_qp_bytes(value, _at(path, line)), charset, qp_default, path, line)
        if prop == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                raise ContactImportError(
                    Msg.of(
                        "{where}: BEGIN:VCARD inside the card that starts on line {begin} "
                        "(missing END:VCARD)",
                        where=_at(path, line),
                        begin=begin,
                    )
                )
            card, begin = {"tel": []}, line
        elif prop == "END" and value.strip().upper() == "VCARD":
            if card is None:
                raise ContactImportError(
                    Msg.of("{where}: END:VCARD without BEGIN:VCARD", where=_at(path, line))
                )
            contacts.extend(_finish_card(card, path, begin))
            card = None
        elif card is None:
            raise ContactImportError(
                Msg.of(
                    "{where}: {property} outside BEGIN/END:VCARD",
                    where=_at(path, line),
                    property=prop,
                )
            )
        elif prop == "FN":
            card["fn"] = _unescape(value).strip()
        elif prop == "N":
            parts = [_unescape(p).strip() for p in re.split(r"(?<!\\);", value)]
            card["n"] = " ".join(p for p in (parts[1:2] + parts[:1]) if p)
        elif prop == "ORG":
            card["org"] = _unescape(value.split(";")[0]).strip()
        elif prop == "TEL":
            tel = card["tel"]
            assert isinstance(tel, list)
            if value.strip():  # one number per TEL, its extension or pause included
                tel.append(_number(_unescape(value), _at(path, line)))
    if card is not None:
        raise ContactImportError(
            Msg.of("{where}: the card has no END:VCARD", where=_at(path, begin))
        )
    if not contacts and "BEGIN:VCARD" not in text.upper():
        raise ContactImportError(
            Msg.of("{where}: not a vCard file (no BEGIN:VCARD)", where=_at(path, 1))
        )
    return contacts


def _finish_card(card: dict[str, object], path: Path, begin: int) -> list[Contact]:
    tel = card["tel"]
    assert isinstance(tel, list)
    if not tel:
        return []
    name = str(card.get("fn") or card.get("n") or card.get("org") or "")
    if not name:
        raise ContactImportError(
            Msg.of(
                "{where}: the card has numbers but no name (FN, N or ORG)", where=_at(path, begin)
            )
        )
    return [Contact(name, tuple(dict.fromkeys(str(t) for t in tel)))]


def read_file(path: Path, *, region: str = "", encoding: str | None = None) -> list[Contact]:
    """Contacts from ``path``: vCard for ``.vcf``/``.vcard`` or BEGIN:VCARD, else CSV.

    ``region`` (default: the locale's) picks the legacy code page a file that is
    not UTF-8 is most likely in; ``encoding`` says which one it is (after
    :class:`~.encoding.EncodingUncertain`, or ``--encoding``).
    """
    decoded = _decode(path, region, encoding)
    text = decoded.text
    if path.suffix.lower() in (".vcf", ".vcard") or text.lstrip()[:11].upper() == "BEGIN:VCARD":
        return _read_vcard(path, text, decoded.code_page, region, encoding)
    return read_csv(path, text)


# -- the book --------------------------------------------------------------------------
class ContactBook:
    """The imported contacts, indexed by :func:`match_key` for caller look-up."""

    def __init__(
        self, path: Path | None, region: str = "", contacts: Iterable[Contact] = ()
    ) -> None:
        self.path = path
        self.region = (region or system_region()).upper()
        self.contacts: list[Contact] = list(contacts)
        self._index: dict[str, str] = {}
        self._reindex()

    @classmethod
    def open(cls, path: Path, region: str = "") -> ContactBook:
        """Load the book (a missing file is an empty book)."""
        try:
            data = json.loads(path.read_text("utf-8"))
            items = [
                Contact(str(c["name"]), tuple(str(n) for n in c["numbers"]))
                for c in data["contacts"]
            ]
        except FileNotFoundError:
            items = []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ContactImportError(
                Msg.of(
                    "{path}: the contacts store is damaged: {reason}",
                    path=str(path),
                    reason=str(exc),
                )
            ) from None
        return cls(path, region, items)

    def _reindex(self) -> None:
        # A name is shown as the PBX's are: sanitised (display_text) where it is read
        # out of the book; the stored file keeps what was imported.
        index: dict[str, str] = {}
        for contact in self.contacts:
            name = display_text(contact.name)
            for number in contact.numbers:
                key = match_key(number, self.region)
                if key:
                    index.setdefault(key, name)
        self._index = index

    def set_region(self, region: str) -> None:
        region = (region or system_region()).upper()
        if region != self.region:
            self.region = region
            self._reindex()

    def __len__(self) -> int:
        return len(self.contacts)

    def lookup(self, number: str) -> str | None:
        """The contact name for a caller number in any common form, or None."""
        key = match_key(number, self.region)
        return self._index.get(key) if key else None

    def entries(self) -> list[tuple[str, str]]:
        """``(number, name)`` pairs, for dialer completion."""
        return [(n, display_text(c.name)) for c in self.contacts for n in c.numbers]

    def import_file(self, path: Path, *, replace: bool = False, encoding: str | None = None) -> int:
        """Add (or with ``replace`` substitute) the contacts in ``path``; saves.

        Returns how many contacts were read. Raises ContactImportError with
        nothing changed, in memory or on disk (:class:`EncodingUncertain` when
        the file's code page must be chosen: import again with ``encoding``).
        """
        new = read_file(path, region=self.region, encoding=encoding)
        if not new:
            raise ContactImportError(
                Msg.of("{path}: no contact with a phone number found", path=str(path))
            )
        merged = new if replace else self.contacts + [c for c in new if c not in self.contacts]
        self._save(merged)
        self.contacts = list(merged)
        self._reindex()
        return len(new)

    def _save(self, contacts: list[Contact]) -> None:
        if self.path is None:
            return
        make_private_dir(self.path.parent)  # her customers: 0700, and the file 0600
        data = {
            "version": 1,
            "contacts": [{"name": c.name, "numbers": list(c.numbers)} for c in contacts],
        }
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)
