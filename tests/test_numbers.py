"""Dialable number cleaning: what people paste, and what must never reach AMI."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.base.numbers import InvalidNumber, clean_number, strip_uri, validate_extension


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
