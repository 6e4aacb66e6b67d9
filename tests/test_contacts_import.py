"""Contacts files as people have them: legacy encodings, real exports, extensions.

The fixtures in tests/data/contacts/ imitate what Outlook (vCard 2.1, UTF-8 with a
BOM, and an older one in the Windows ANSI code page), Google Contacts and Apple
Contacts (vCard 3.0) export, plus RFC 6350's own vCard 4.0 examples: folded lines,
TYPE parameters, quoted-printable soft line breaks, PHOTO base64 blocks, CRLF,
Apple's item1.TEL groups, several cards per file.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mypbxdesk.contacts.book import (
    ContactBook,
    ContactImportError,
    read_file,
    read_vcard,
)
from mypbxdesk.contacts.encoding import EncodingUncertain

from .conftest import DATA

CONTACTS = DATA / "contacts"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def cards(path: Path, **kw: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.name, c.numbers) for c in read_file(path, **kw)]


# -- encodings ---------------------------------------------------------------------------
LATIN = "Name,Phone\nJürgen Müller,+49 30 123456\nRenée Lefèvre,+33 1 23 45 67 89\n"


@pytest.mark.parametrize("region", ["DE", "CN", "US"])
def test_a_latin1_csv_is_read_as_latin1_not_as_gbk(tmp_path: Path, region: str) -> None:
    """It was stored as 'J黵gen M黮ler' (the bytes decoded as GBK)."""
    path = write(tmp_path, "de.csv", LATIN.encode("latin-1"))
    assert cards(path, region=region) == [
        ("Jürgen Müller", ("+4930123456",)),
        ("Renée Lefèvre", ("+33123456789",)),
    ]


def test_a_cp1252_csv_that_is_not_gbk_either_is_read(tmp_path: Path) -> None:
    """'é,' is no GBK pair: such files were refused as 'neither UTF-8 nor GB18030'."""
    path = write(tmp_path, "fr.csv", "Nom,Téléphone\nCafé,0123\nAndré,0456\n".encode("cp1252"))
    assert cards(path, region="FR") == [("Café", ("0123",)), ("André", ("0456",))]


@pytest.mark.parametrize("region", ["CN", "DE", "SG"])
def test_a_gb18030_csv_from_chinese_excel_is_still_read(tmp_path: Path, region: str) -> None:
    path = write(
        tmp_path, "cn.csv", "姓名,电话\n王小明,13806012345\n李华,010-12345678\n".encode("gbk")
    )
    assert cards(path, region=region) == [
        ("王小明", ("13806012345",)),
        ("李华", ("01012345678",)),
    ]


def test_two_readings_that_differ_are_refused_with_both_shown(tmp_path: Path) -> None:
    """A Polish Windows reads legacy files as cp1250, where 'è' is 'č': both readings
    look like names, so nothing is guessed."""
    path = write(tmp_path, "fr.csv", "Nom,Tel\nFrançois Lefèvre,0123\n".encode("cp1252"))
    with pytest.raises(ContactImportError) as err:
        read_file(path, region="PL")
    text = str(err.value)
    assert text.startswith(f"{path}: ")
    assert "Lefčvre" in text and "Lefèvre" in text
    assert "UTF-8" in text and "--encoding cp1252" in text
    assert cards(path, region="PL", encoding="cp1252") == [("François Lefèvre", ("0123",))]


def test_no_clean_reading_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "ru.csv", "Имя,Телефон\nИван Петров,+7 495 123 45 67\n".encode("cp1251"))
    with pytest.raises(ContactImportError, match=r"--encoding cp1251") as err:
        read_file(path, region="CN")
    assert str(path) in str(err.value) and "UTF-8" in str(err.value)
    assert cards(path, region="RU") == [("Иван Петров", ("+74951234567",))]  # Russian Windows
    assert cards(path, region="CN", encoding="cp1251") == [("Иван Петров", ("+74951234567",))]


def test_utf16_with_a_bom_as_outlook_and_excel_save_unicode(tmp_path: Path) -> None:
    path = write(tmp_path, "u.csv", "Name\tPhone\nJörg\t0301234\n".encode("utf-16"))
    assert cards(path) == [("Jörg", ("0301234",))]


def test_a_chosen_encoding_that_does_not_fit_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", b"Name,Phone\nA,1\nB\x81,2\n")
    with pytest.raises(ContactImportError, match=r"x.csv, line 3: .*not valid cp1252"):
        read_file(path, encoding="cp1252")
    with pytest.raises(ContactImportError, match="unknown encoding 'klingon'"):
        read_file(path, encoding="klingon")


_NAME = st.text(alphabet="abcdefghijklmnoprstuvwzäöüßéèêàâçñíóú", min_size=2, max_size=12).map(
    str.capitalize
)
_HANZI = st.text(
    alphabet="王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐伟芳娜敏静丽强磊军洋勇艳杰涛明超秀华",
    min_size=2,
    max_size=3,
)


@given(st.lists(st.tuples(_NAME, _NAME), min_size=1, max_size=8), st.sampled_from(["DE", "CN"]))
@example([("Àßßa", "Àßàa")], "DE")  # read as GB18030 '肋遖 肋郺' once (explore run)
def test_latin_names_are_read_right_or_refused_never_garbled(
    names: list[tuple[str, str]], region: str
) -> None:
    text = "Name,Phone\n" + "".join(f"{a} {b},{i + 100}\n" for i, (a, b) in enumerate(names))
    _right_or_refused(text, "cp1252", region)


@given(st.lists(_HANZI, min_size=1, max_size=8), st.sampled_from(["CN", "DE", "TW"]))
def test_chinese_names_are_read_right_or_refused_never_garbled(
    names: list[str], region: str
) -> None:
    text = "姓名,电话\n" + "".join(f"{n},{i + 100}\n" for i, n in enumerate(names))
    _right_or_refused(text, "gb18030", region)


def _right_or_refused(text: str, encoding: str, region: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.csv"
        path.write_bytes(text.encode(encoding))
        try:
            got = read_file(path, region=region)
        except ContactImportError as exc:
            refused = str(exc)
        else:
            refused = ""
        if refused:
            assert "UTF-8" in refused
            return
        expected = [line.split(",")[0] for line in text.splitlines()[1:]]
        assert [c.name for c in got] == expected


@given(
    st.lists(
        st.tuples(
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(
                lambda s: s.strip() == s and s != ""
            ),
            st.from_regex(r"\+?[1-9][0-9]{2,12}", fullmatch=True),
        ),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
@example([(',0"', "100")], False)  # the sniffer's doublequote=False read ',0""'
def test_any_utf8_csv_round_trips(rows: list[tuple[str, str]], bom: bool) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Name", "Phone"])
    writer.writerows(rows)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.csv"
        path.write_bytes(buf.getvalue().encode("utf-8-sig" if bom else "utf-8"))
        try:
            got = read_file(path)
        except ContactImportError as exc:  # a name that looks like a number, etc.
            refused = str(exc)
        else:
            refused = ""
    if refused:
        assert "line" in refused or "columns" in refused
        return
    assert [(c.name, c.numbers) for c in got] == [(n.strip(), (p,)) for n, p in rows]


# -- vCard exports -----------------------------------------------------------------------
def test_outlook_vcard_2_1_utf8_with_bom() -> None:
    assert cards(CONTACTS / "outlook-2.1.vcf") == [
        ("Jürgen Müller", ("+49301234567", "+49307654321", "+491712345678", "+49301234568")),
        ("John Doe", ("+14255550100 x123", "+14255550199")),
        ("李伟", ("13912345678",)),
    ]


def test_older_outlook_vcard_in_the_windows_code_page() -> None:
    assert cards(CONTACTS / "outlook-2.1-cp1252.vcf", region="DE") == [
        ("Jürgen Müller", ("0301234567", "01712345678")),
        ("François Lefèvre", ("+33612345678",)),
        ("Günther Schäfer", ("+49891234567 x22",)),
    ]


def test_google_contacts_vcard_3_0() -> None:
    assert cards(CONTACTS / "google-3.0.vcf") == [
        ("Alice Wong", ("+8613806012345", "+15555555555 x5555", "01012345678")),
        (
            "Maximilian Alexander Friedrich von Hohenzollern-Sigmaringen-Württemberg",
            ("+4915123456789",),
        ),
        ("张伟", ("13900001111", "+861088889999")),
    ]


def test_apple_contacts_vcard_3_0() -> None:
    assert cards(CONTACTS / "apple-3.0.vcf") == [
        ("Dr. Jörg Müller", ("+49301234567", "+491712345678", "+49307654321 x45")),
        ("ACME Corp.", ("5550109999 x7",)),
        ("王小明", ("13806012345", "01012345678 x8001")),
    ]


def test_rfc_6350_vcard_4_0_with_tel_uris_and_extensions() -> None:
    assert cards(CONTACTS / "rfc6350-4.0.vcf") == [
        ("Simon Perreault", ("+14186569254 x102", "+14182626501")),
        ("J. Doe", ("+15555555555 x5555", "+3301234567")),
    ]


def test_the_caller_id_match_uses_the_main_number(tmp_path: Path) -> None:
    book = ContactBook(tmp_path / "c.json", "US")
    assert book.import_file(CONTACTS / "rfc6350-4.0.vcf") == 2
    assert book.lookup("+1 418 656 9254") == "Simon Perreault"
    assert book.lookup("4186569254") == "Simon Perreault"
    assert ("+14186569254 x102", "Simon Perreault") in book.entries()  # the dialer's list


def _qp_card(fn: bytes) -> bytes:
    """A vCard 2.1 whose FN is quoted-printable without CHARSET, as older Outlook writes."""
    head = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:"
    return head + fn + b"\r\nTEL:1\r\nEND:VCARD\r\n"


def test_quoted_printable_without_charset_utf8_then_the_files_code_page(tmp_path: Path) -> None:
    utf8 = _qp_card(b"J=C3=B6rg")
    assert cards(write(tmp_path, "a.vcf", utf8)) == [("Jörg", ("1",))]
    ansi = _qp_card(b"G=FCnther M=FCller")
    assert cards(write(tmp_path, "b.vcf", ansi), region="DE") == [("Günther Müller", ("1",))]
    assert cards(write(tmp_path, "c.vcf", ansi), region="CN") == [("Günther Müller", ("1",))]


def test_quoted_printable_that_two_code_pages_read_is_asked_not_guessed(tmp_path: Path) -> None:
    qp = _qp_card(b"Fran=E7ois Lef=E8vre")
    path = write(tmp_path, "qp.vcf", qp)
    with pytest.raises(EncodingUncertain) as err:
        read_file(path, region="PL")
    assert [r.encoding for r in err.value.readings] == ["cp1250", "cp1252"]
    assert "Lefčvre" in str(err.value) and "Lefèvre" in str(err.value)
    assert cards(path, region="PL", encoding="cp1252") == [("François Lefèvre", ("1",))]


def test_a_utf16_vcard_as_outlook_saves_unicode(tmp_path: Path) -> None:
    text = (CONTACTS / "apple-3.0.vcf").read_text("utf-8")
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        data = text.encode(codec) if codec != "utf-16-be" else b"\xfe\xff" + text.encode(codec)
        assert cards(write(tmp_path, "u.vcf", data)) == cards(CONTACTS / "apple-3.0.vcf")


def test_a_bad_tel_still_stops_the_import_with_file_and_line(tmp_path: Path) -> None:
    text = (CONTACTS / "apple-3.0.vcf").read_bytes().replace(b"+49 171 2345678", b"call me")
    path = write(tmp_path, "bad.vcf", text)
    book = ContactBook(tmp_path / "c.json", "DE")
    with pytest.raises(ContactImportError, match=r"bad.vcf, line 10: 'call me' is not a phone"):
        book.import_file(path)
    assert len(book) == 0 and not (tmp_path / "c.json").exists()


@given(
    st.lists(
        st.tuples(
            st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1)
            .map(str.strip)
            .filter(bool),
            st.lists(st.from_regex(r"\+?[1-9][0-9]{2,12}", fullmatch=True), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=4,
    ),
    st.integers(min_value=2, max_value=75),
    st.sampled_from(["\r\n", "\n"]),
)
def test_folded_vcards_read_back(
    people: list[tuple[str, list[str]]], width: int, newline: str
) -> None:
    """Any name, folded anywhere (RFC 6350 §3.2), with either line ending."""
    lines: list[str] = []
    for name, numbers in people:
        escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        lines += ["BEGIN:VCARD", "VERSION:3.0", f"FN:{escaped}"]
        lines += [f"item{i}.TEL;TYPE=CELL:{n}" for i, n in enumerate(numbers)]
        lines.append("END:VCARD")
    folded = []
    for line in lines:
        chunks = [line[i : i + width] for i in range(0, len(line), width)]
        folded.append(f"{newline} ".join(chunks))
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.vcf"
        path.write_bytes(newline.join(folded).encode() + newline.encode())
        got = read_vcard(path)
    assert [(c.name, list(c.numbers)) for c in got] == [
        (n, list(dict.fromkeys(nums))) for n, nums in people
    ]


# -- the command line --------------------------------------------------------------------
def test_cli_import_with_a_chosen_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "fr.csv", "Nom,Tel\nFrançois Lefèvre,0123\n".encode("cp1252"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text('[phone]\ndefault_region = "PL"\n')

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mypbxdesk", "contacts", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    refused = cli("import", str(path))
    assert refused.returncode == 2
    assert "--encoding cp1252" in refused.stderr and "Lefèvre" in refused.stderr
    done = cli("import", "--encoding", "cp1252", str(path))
    assert done.returncode == 0, done.stderr
    assert "Imported 1 contacts" in done.stdout
    assert "François Lefèvre\t0123" in cli("list").stdout
    bad = cli("import", "--encoding", "klingon", str(path))
    assert bad.returncode == 2 and "unknown encoding" in bad.stderr
