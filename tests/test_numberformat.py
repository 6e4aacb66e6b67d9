"""Numbers for reading: grouped by the Settings region, never a digit lost or added."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mypbxdesk.base.numberformat import format_number, is_withheld
from mypbxdesk.base.numbers import clean_number

# Regions whose international prefix is not (only) 00, and some that dial 00.
REGIONS = ("CN", "DE", "FR", "GB", "US", "CA", "JP", "AU", "RU", "BR", "IN", "")


@pytest.mark.parametrize(
    ("number", "region", "expected"),
    [
        # The cases: a French mobile and a Berlin number dialled with 00.
        ("0033612345678", "CN", "+33 6 12 34 56 78"),
        ("0033612345678", "DE", "+33 6 12 34 56 78"),
        ("004930123456", "CN", "+49 30 123456"),
        # Each country's own international prefix.
        ("01133612345678", "US", "+33 6 12 34 56 78"),
        ("01133612345678", "CA", "+33 6 12 34 56 78"),
        ("01033612345678", "JP", "+33 6 12 34 56 78"),
        ("001133612345678", "AU", "+33 6 12 34 56 78"),
        # A China 400/800 service number, fixed lines, mobiles.
        ("4008001234", "CN", "400 800 1234"),
        ("8008001234", "CN", "800 800 1234"),
        ("01061234567", "CN", "010 6123 4567"),
        ("13806012345", "CN", "138 0601 2345"),
        ("+8613806012345", "CN", "+86 138 0601 2345"),
        ("02079460018", "GB", "020 7946 0018"),
        ("+15550109999", "CN", "+1 555 010 9999"),
        ("+15550109999", "", "+1 555 010 9999"),
        # Extensions, feature codes and non-numbers stay as they are.
        ("305", "CN", "305"),
        ("*72#305", "CN", "*72#305"),
        ("anonymous", "CN", "anonymous"),
        ("", "CN", ""),
    ],
)
def test_format(number: str, region: str, expected: str) -> None:
    assert format_number(number, region) == expected


def test_without_a_region_a_national_number_is_grouped_from_the_right() -> None:
    assert format_number("13806012345", "") == "138 0601 2345"


def test_a_national_number_is_not_given_a_trunk_zero() -> None:
    # libphonenumber's national form of a German number without its 0 adds one.
    shown = format_number("3012345678", "DE")
    assert re.sub(r"\D", "", shown) == "3012345678"


@pytest.mark.parametrize("number", ["", "anonymous", "Anonymous", "<unknown>", "Restricted"])
def test_withheld(number: str) -> None:
    assert is_withheld(number)


@pytest.mark.parametrize("number", ["305", "+8613806012345", "0"])
def test_not_withheld(number: str) -> None:
    assert not is_withheld(number)


def _international_prefix(region: str) -> re.Pattern[str] | None:
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
    if meta is None or meta.international_prefix is None:
        return None
    return re.compile(meta.international_prefix)


@given(
    st.from_regex(r"\+?[0-9]{1,20}", fullmatch=True)
    | st.sampled_from(["00", "011", "010", "0011", "+"]).flatmap(
        lambda p: st.from_regex(r"[0-9]{4,16}", fullmatch=True).map(lambda d: p + d)
    ),
    st.sampled_from(REGIONS),
)
@example("00110000000001", "CN")  # was '+1 0000000001': one '1' taken twice
def test_formatting_never_loses_or_adds_digits(number: str, region: str) -> None:
    shown = format_number(number, region)
    assert re.fullmatch(r"\+?[0-9][0-9 ()\-]*", shown) or shown == number
    digits = re.sub(r"\D", "", shown)
    if shown.startswith("+") and not number.startswith("+"):
        # The international prefix dialled became the '+' it stands for, and only it.
        assert number.endswith(digits)
        prefix = _international_prefix(region)
        assert prefix is not None
        assert prefix.fullmatch(number[: len(number) - len(digits)])
    else:
        assert digits == number.lstrip("+")
        assert shown.startswith("+") == number.startswith("+")


@given(st.from_regex(r"\+?[0-9]{7,20}", fullmatch=True), st.sampled_from(REGIONS))
def test_what_is_shown_dials_the_same_number(number: str, region: str) -> None:
    shown = format_number(number, region)
    if shown.startswith("+") == number.startswith("+"):
        assert clean_number(shown) == number
