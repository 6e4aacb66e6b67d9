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
        ("٣٤٥", "cannot contain"),
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
