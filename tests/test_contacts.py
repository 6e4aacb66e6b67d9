"""Contacts: CSV/vCard import (good and broken files) and number matching."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mypbxdesk.contacts.book import (
    Contact,
    ContactBook,
    ContactImportError,
    match_key,
    read_csv,
    read_file,
    read_vcard,
)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# -- matching ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "form",
    [
        "+86 138 0601 2345",
        "+8613806012345",
        "008613806012345",
        "13806012345",
        "013806012345",
        "138-0601-2345",
        "(138) 0601 2345",
        "tel:+86-138-0601-2345",
    ],
)
def test_mobile_number_forms_match_in_china(form: str) -> None:
    assert match_key(form, "CN") == "+8613806012345"


@pytest.mark.parametrize(
    ("stored", "incoming", "region"),
    [
        ("+44 20 7946 0018", "02079460018", "GB"),
        ("020 7946 0018", "0044 20 7946 0018", "GB"),
        ("+49 30 123456", "030123456", "DE"),
        ("010 1234 5678", "+861012345678", "CN"),
        ("+1 (555) 010-9999", "5550109999", "US"),
    ],
)
def test_national_and_international_forms_find_the_contact(
    stored: str, incoming: str, region: str
) -> None:
    book = ContactBook(None, region, [Contact("Alice", (stored,))])
    assert book.lookup(incoming) == "Alice"
    assert book.lookup("+1 202 555 0143" if region != "US" else "+44 20 7946 0099") is None


def test_extensions_match_on_digits_not_on_a_country() -> None:
    book = ContactBook(None, "CN", [Contact("Reception", ("306",))])
    assert book.lookup("306") == "Reception"
    assert book.lookup("+86306") is None
    assert book.lookup("3060") is None
    assert match_key("anonymous", "CN") == ""
    assert book.lookup("anonymous") is None


# -- CSV --------------------------------------------------------------------------------
def test_csv_with_header_several_numbers_per_contact(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.csv",
        "Name,Company,Phone,Mobile,Email\n"
        "Alice Wong,ACME,+86 10 1234 5678,138 0601 2345; 139 0000 1111,a@x\n"
        "Bob,,,,bob@x\n"  # no number: skipped, not an error
        "\n"
        '"Smith, Carol",Initech,"020 7946 0018, 020 7946 0019",,c@x\n',
    )
    contacts = read_csv(path)
    assert [(c.name, c.numbers) for c in contacts] == [
        ("Alice Wong", ("+861012345678", "13806012345", "13900001111")),
        ("Smith, Carol", ("02079460018", "02079460019")),
    ]


def test_outlook_style_first_last_and_semicolons(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "o.csv",
        "First Name;Last Name;Business Phone;Phone 1 - Type\nDana;Scully;+1 202 555 0143;Work\n",
    )
    (contact,) = read_csv(path)
    assert contact.name == "Dana Scully"
    assert contact.numbers == ("+12025550143",)


def test_headerless_csv_and_gb18030_from_chinese_excel(tmp_path: Path) -> None:
    path = write(tmp_path, "cn.csv", "王小明,13806012345\n李华,010-12345678\n".encode("gb18030"))
    contacts = read_file(path)
    assert [c.name for c in contacts] == ["王小明", "李华"]
    book = ContactBook(None, "CN", contacts)
    assert book.lookup("+8613806012345") == "王小明"
    assert book.lookup("01012345678") == "李华"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Name,Phone\nAlice,123\nBob,456\nMallory,12ab34\n", 4, "not a phone number"),
        ("Name,Phone\nAlice,123\n,+49 30 1234\n", 3, "without a name"),
        ("Notes,Email\nhello,a@b\n", 1, "no name and phone columns"),
    ],
)
def test_broken_csv_names_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(ContactImportError) as err:
        read_csv(path)
    assert str(err.value).startswith(f"{path}, line {line}: ")
    assert words in str(err.value)


def test_binary_and_undecodable_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ContactImportError, match=r"line 2: contains a NUL byte"):
        read_file(write(tmp_path, "b.csv", b"Name,Phone\nA\x00,1\n"))
    with pytest.raises(ContactImportError, match=r"line 3: the text is neither UTF-8"):
        read_file(write(tmp_path, "u.csv", b"Name,Phone\nA,1\nB\xff\xff,2\n"))
    with pytest.raises(ContactImportError, match="cannot read it"):
        read_file(tmp_path / "missing.csv")


# -- vCard ------------------------------------------------------------------------------
VCARDS = """BEGIN:VCARD
VERSION:3.0
FN:Alice
  Wong
N:Wong;Alice;;;
item1.TEL;TYPE=CELL:+86 138
 0601 2345
TEL;TYPE=WORK,VOICE:010-1234-5678
END:VCARD
BEGIN:VCARD
VERSION:4.0
N:Müller;Jörg;;;
TEL;VALUE=uri;TYPE="voice,work":tel:+49-30-123456
END:VCARD
BEGIN:VCARD
VERSION:2.1
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=E5=B0=8F=
=E6=98=8E
TEL;CELL:13900001111
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:No Number
EMAIL:x@y
END:VCARD
"""


def test_vcard_3_4_and_2_1_with_folded_lines(tmp_path: Path) -> None:
    contacts = read_vcard(write(tmp_path, "all.vcf", VCARDS))
    assert [(c.name, c.numbers) for c in contacts] == [
        ("Alice Wong", ("+8613806012345", "01012345678")),
        ("Jörg Müller", ("+4930123456",)),
        ("王小明", ("13900001111",)),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("BEGIN:VCARD\nFN:A\nTEL:1\n", r"line 1: the card has no END:VCARD"),
        ("BEGIN:VCARD\nFN:A\nTEL:1\nEND:VCARD\nEND:VCARD\n", r"line 5: END:VCARD without BEGIN"),
        ("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\n", r"line 3: BEGIN:VCARD inside the card"),
        ("BEGIN:VCARD\nFN:A\nTEL:+1 call me\nEND:VCARD\n", r"line 3: .* is not a phone number"),
        ("BEGIN:VCARD\nFN:A\nthis is not a property\nEND:VCARD\n", r"line 3: not a vCard line"),
        ("BEGIN:VCARD\nTEL:123\nEND:VCARD\n", r"line 1: the card has numbers but no name"),
        ("hello\n", r"line 1: not a vCard line"),
    ],
)
def test_broken_vcard_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "bad.vcf", text)
    with pytest.raises(ContactImportError, match=message) as err:
        read_file(path)
    assert str(path) in str(err.value)


# -- the book: all or nothing -----------------------------------------------------------
def test_import_is_all_or_nothing(tmp_path: Path) -> None:
    store = tmp_path / "data" / "contacts.json"
    book = ContactBook.open(store, "CN")
    good = write(tmp_path, "good.csv", "Name,Phone\nAlice,13806012345\n")
    assert book.import_file(good) == 1
    before = store.read_bytes()
    bad = write(tmp_path, "bad.csv", "Name,Phone\nBob,13900001111\nEve,12ab\n")
    with pytest.raises(ContactImportError, match="line 3"):
        book.import_file(bad)
    assert store.read_bytes() == before  # nothing written
    assert book.lookup("13900001111") is None  # nothing in memory either
    reopened = ContactBook.open(store, "CN")
    assert reopened.lookup("+86 138 0601 2345") == "Alice"
    assert json.loads(before)["contacts"] == [{"name": "Alice", "numbers": ["13806012345"]}]
    if sys.platform != "win32":
        assert store.stat().st_mode & 0o777 == 0o600


def test_import_adds_without_duplicates_or_replaces(tmp_path: Path) -> None:
    book = ContactBook.open(tmp_path / "contacts.json", "CN")
    first = write(tmp_path, "a.csv", "Name,Phone\nAlice,13806012345\n")
    book.import_file(first)
    book.import_file(first)
    assert len(book) == 1
    book.import_file(
        write(tmp_path, "b.vcf", "BEGIN:VCARD\nFN:Bob\nTEL:306\nEND:VCARD\n"), replace=True
    )
    assert [c.name for c in book.contacts] == ["Bob"]
    assert book.lookup("13806012345") is None


def test_damaged_store_is_reported(tmp_path: Path) -> None:
    store = write(tmp_path, "contacts.json", "{not json")
    with pytest.raises(ContactImportError, match="damaged"):
        ContactBook.open(store, "CN")


def test_cli_import_list_and_lookup(tmp_path: Path) -> None:
    path = write(tmp_path, "c.vcf", VCARDS)
    (tmp_path / "config").mkdir()  # the isolated MYPBXDESK_CONFIG_DIR (tests/conftest.py)
    write(tmp_path / "config", "config.toml", '[phone]\ndefault_region = "CN"\n')

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mypbxdesk", "contacts", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    done = cli("import", str(path))
    assert done.returncode == 0, done.stderr
    assert "Imported 3 contacts" in done.stdout
    found = cli("lookup", "+86 139 0000 1111")
    assert (found.returncode, found.stdout.strip()) == (0, "王小明")
    assert "Alice Wong\t+8613806012345, 01012345678" in cli("list").stdout
    bad = cli("import", str(write(tmp_path, "bad.csv", "Name,Phone\nX,1\nY,abc\n")))
    assert bad.returncode == 2
    assert "bad.csv, line 3" in bad.stderr
    assert len(cli("list").stdout.splitlines()) == 3
