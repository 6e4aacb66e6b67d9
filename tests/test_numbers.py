"""Dialable number cleaning: what people paste, and what must never reach AMI."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.base.numbers import (
    DialNumber,
    InvalidNumber,
    clean_number,
    strip_uri,
    validate_extension,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13806012345", "13806012345"),
        (" 138 0601 2345 ", "13806012345"),
        ("+1 (555) 010-9999", "+15550109999"),
        ("0049.30.123456", "004930123456"),
        ("555\u2013010\u00a09999", "5550109999"),
        ("*72#", "*72#"),
        ("tel:+1 (555) 010-9999", "+15550109999"),
        ("tel:+1-555-010-9999;phone-context=example.com", "+15550109999"),
        ("TEL:123", "123"),
        ("callto:123", "123"),
        ("callto://+44%2020%207946", "+44207946"),
        ("sip:306@pbx.example.com", "306"),
        ("sips:306;user=phone@pbx", "306"),
    ],
)
def test_clean(text: str, expected: str) -> None:
    assert clean_number(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty"),
        ("  - ", "empty"),
        ("12a4", "letters"),
        ("CALL-ME", "letters"),
        ("123\r\nAction: Hangup", "control character"),
        ("123\n", "control character"),
        ("12\x0034", "control character"),
        ("1+2", "'\\+' may only"),
        ("12;34", "cannot contain"),
        ("1" * 33, "longer than"),
        ("①②③", "cannot contain"),
    ],
)
def test_refused(text: str, why: str) -> None:
    with pytest.raises(InvalidNumber, match=why):
        clean_number(text)


def test_strip_uri_leaves_plain_text() -> None:
    assert strip_uri(" 123 ") == "123"


def test_validate_extension() -> None:
    assert validate_extension(" 503 ") == "503"
    for bad in ("", "50a", "12345678901", "５０３"):
        with pytest.raises(InvalidNumber):
            validate_extension(bad)


@given(st.text(max_size=40))
def test_result_is_always_safe_or_refused(text: str) -> None:
    try:
        number = clean_number(text)
    except InvalidNumber:
        return
    assert number and set(number) <= set("+0123456789*#")
    assert "+" not in number[1:]


def test_clean_number_gives_a_dial_number_that_is_still_a_string() -> None:
    number = clean_number("tel:+1 (555) 010-9999")
    assert type(number) is DialNumber and isinstance(number, str)
    assert number == "+15550109999" and f"Exten: {number}" == "Exten: +15550109999"
    assert repr(number) == "DialNumber('+15550109999')"
    assert DialNumber.parse("tel:+1 (555) 010-9999") == number
    assert copy.copy(number) == number and type(copy.deepcopy(number)) is DialNumber
    assert type(pickle.loads(pickle.dumps(number))) is DialNumber


@pytest.mark.parametrize("text", ["+15550109999", "*72#", "306", "1" * 32, "#", "+0"], ids=repr)
def test_a_dial_number_made_directly_takes_only_the_clean_form(text: str) -> None:
    assert DialNumber(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 306",
        "555 0109",
        "+1-555",
        "tel:306",
        "12a4",
        "1+2",
        "1" * 33,
        "306\r\nAction: Hangup",
        "306\x00",
        "٣٤٥",
    ],
    ids=repr,
)
def test_a_dial_number_made_directly_cleans_nothing(text: str) -> None:
    """Constructing one is no way around clean_number: anything not already clean
    (separators, a URI, letters, CR/LF/NUL) is refused, not cleaned."""
    with pytest.raises(ValueError, match="use clean_number") as caught:
        DialNumber(text)
    assert not isinstance(caught.value, InvalidNumber)  # a programming error, not the user's


@given(st.text(max_size=40))
def test_a_dial_number_is_always_safe(text: str) -> None:
    try:
        number = DialNumber(text)
    except ValueError:
        return
    assert number == clean_number(number)  # already clean: cleaning changes nothing


# -- numbers as people type them (full-width input, length, extensions) ------------------
_FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789+*#-()./"} | {" ": "\u3000"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１３８ ０６０１ ２３４５", "13806012345"),  # a Chinese input method, full width
        ("１３８\u3000０６０１\u3000２３４５", "13806012345"),  # ideographic spaces
        ("＋８６ １３８－０６０１－２３４５", "+8613806012345"),
        ("（０１０）１２３４．５６７８", "01012345678"),
        ("＊７２＃", "*72#"),
        ("٣٤٥", "345"),  # Arabic-Indic digits: every Unicode decimal digit is a digit
        ("\u202a+1 555 010 9999\u202c", "+15550109999"),  # bidi marks from a pasted chat
        ("tel:%EF%BC%91%EF%BC%93%EF%BC%98", "138"),  # a link with full-width digits, encoded
    ],
)
def test_digits_of_every_width_and_script_are_digits(text: str, expected: str) -> None:
    assert clean_number(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("１２ａ４", "letters"),
        ("１２３\r\nAction: Hangup", "control character"),
        ("１２３\u0085", "control character"),  # NEL: a C1 control, not a space
        ("１＋２", "'\\+' may only"),
        ("①②③", "cannot contain"),  # not decimal digits: never guessed
    ],
)
def test_full_width_input_is_refused_for_the_same_reasons(text: str, why: str) -> None:
    with pytest.raises(InvalidNumber, match=why):
        clean_number(text)


@given(st.text(alphabet="0123456789+*#-(). ", max_size=40))
def test_full_width_text_cleans_like_its_ascii_twin(text: str) -> None:
    wide = "".join(_FULL_WIDTH.get(c, c) for c in text)
    try:
        expected: str | None = clean_number(text)
    except InvalidNumber:
        expected = None
    try:
        got: str | None = clean_number(wide)
    except InvalidNumber:
        got = None
    assert got == expected


@given(st.lists(st.sampled_from(["0", "٠", "０", "०", "৩", "９", "7"]), min_size=1, max_size=32))
def test_any_decimal_digit_becomes_its_ascii_digit(digits: list[str]) -> None:
    import unicodedata

    assert clean_number("".join(digits)) == "".join(str(unicodedata.decimal(d)) for d in digits)


@pytest.mark.parametrize(
    "text", ["*" * 5000, "*" * 33, "#" * 33, "1" * 20 + "*" * 13, "tel:" + "#" * 40], ids=len
)
def test_star_and_hash_count_toward_the_length_limit(text: str) -> None:
    with pytest.raises(InvalidNumber, match="longer than 32"):
        clean_number(text)


@pytest.mark.parametrize("text", ["*" * 32, "+" + "1" * 32, "1" * 30 + "*#"], ids=len)
def test_thirty_two_keys_are_still_fine(text: str) -> None:
    assert clean_number(text) == text


@pytest.mark.parametrize(
    ("text", "number", "postdial"),
    [
        ("tel:+1-555-0100;ext=12", "+15550100", "12"),  # RFC 3966
        ("tel:+1-555-555-5555;ext=5555", "+15555555555", "5555"),  # RFC 6350's example
        ("TEL:+1-555-0100;phone-context=x;EXT=12", "+15550100", "12"),
        ("tel:+1-555-0100;postd=pp22", "+15550100", "22"),  # RFC 2806 post-dial
        ("tel:+1-555-0100;postd=22p*3#", "+15550100", "22 *3#"),
        ("+1 555 0100 x123", "+15550100", "123"),
        ("+1 555 0100 ext. 123", "+15550100", "123"),
        ("+1 (555) 0100 Ext 123", "+15550100", "123"),
        ("555-0100,123", "5550100", "123"),  # a phone's pause
        ("555-0100,,123,4", "5550100", "123 4"),
        ("555-0100w123", "5550100", "123"),  # wait
        ("555-0100P123", "5550100", "123"),  # pause
        ("010-12345678转123", "01012345678", "123"),  # how extensions are written in China
        ("０１０－１２３４５６７８ 转 １２３", "01012345678", "123"),
        ("sip:+1555;ext=9@pbx", "+1555", "9"),
        ("13806012345", "13806012345", ""),
    ],
)
def test_an_extension_or_post_dial_keys_are_kept_not_dropped(
    text: str, number: str, postdial: str
) -> None:
    dialled = clean_number(text)
    assert (dialled, dialled.postdial) == (number, postdial)
    assert type(dialled) is DialNumber and str(dialled) == number  # Exten gets the number only


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("tel:+1-555-0100;ext=12a", "extension"),
        ("tel:+1-555-0100;ext=", "extension"),
        ("555 0100 x", "letters"),
        ("555 0100 x 12 x 3", "letters"),
        ("x123", "letters"),
        ("555 0100,", "cannot contain"),
        ("555-0100," + "1" * 33, "longer than"),
        ("tel:+1-555-0100;ext=1%0d%0aAction: Hangup", "control character"),
    ],
)
def test_a_bad_extension_is_refused_not_dropped(text: str, why: str) -> None:
    with pytest.raises(InvalidNumber, match=why):
        clean_number(text)


def test_a_dial_number_keeps_its_post_dial_keys_through_copies() -> None:
    number = clean_number("tel:+1-555-0100;ext=12")
    assert repr(number) == "DialNumber('+15550100', postdial='12')"
    for copied in (copy.copy(number), copy.deepcopy(number), pickle.loads(pickle.dumps(number))):
        assert type(copied) is DialNumber and (copied, copied.postdial) == ("+15550100", "12")
    assert DialNumber("+15550100", postdial="12 3#") == "+15550100"
    for bad in ("12a", "1,2", "\r\n", "1" * 33, " 12"):
        with pytest.raises(ValueError, match="use clean_number"):
            DialNumber("+15550100", postdial=bad)


def test_the_note_about_post_dial_keys() -> None:
    note = clean_number("tel:+1-555-0100;ext=12").postdial_note()
    assert note == "after the answer, key 12 on your phone (mypbxdesk does not dial it)"
    assert note.template and note.params == {"keys": "12"}
    assert clean_number("123").postdial_note() is None


@given(st.text(max_size=60))
def test_post_dial_keys_are_always_safe_or_refused(text: str) -> None:
    try:
        number = clean_number(text)
    except InvalidNumber:
        return
    assert set(number.postdial) <= set("0123456789*# ")
    assert sum(c != " " for c in number.postdial) <= 32
    assert DialNumber(str(number), postdial=number.postdial) == number
