"""tel:/callto:/sip: URIs as desktops hand them over (property-based).

Whatever visual separators, percent-encoding, parameters or host parts a
link carries, the dialled number is exactly the digits (and ``+``) it names;
and a URI is never mistaken for a subcommand on the command line.
"""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.base.numbers import InvalidNumber, clean_number, is_uri, strip_uri
from mypbxdesk.cli.main import split_uri

digits = st.text(alphabet="0123456789", min_size=1, max_size=15)
separators = st.sampled_from(["", " ", "-", ".", "(", ")", "\u00a0"])
schemes = st.sampled_from(["tel:", "TEL:", "callto:", "callto://", "Callto:", "sip:", "sips:"])
params = st.sampled_from(["", ";phone-context=example.com", ";ext=12", "?x=1"])


@st.composite
def numbers_with_separators(draw: st.DrawFn) -> tuple[str, str]:
    plus = draw(st.booleans())
    raw = draw(digits)
    text = "".join(c + draw(separators) for c in raw)
    return ("+" if plus else "") + raw, ("+" if plus else "") + text


@given(numbers_with_separators(), schemes, params, st.booleans())
def test_any_uri_dials_exactly_its_digits(
    num: tuple[str, str], scheme: str, param: str, encode: bool
) -> None:
    expected, visual = num
    body = quote(visual, safe="") if encode else visual
    if scheme.startswith("sip"):
        body += "@pbx.example.com"
    uri = f"{scheme}{body}{param}"
    assert is_uri(uri)
    assert clean_number(uri) == expected


@given(st.text(max_size=40))
def test_clean_number_either_refuses_or_returns_only_dialable(text: str) -> None:
    try:
        out = clean_number(text)
    except InvalidNumber:
        return
    assert out
    assert all(c in "+0123456789*#" for c in out)
    assert "+" not in out[1:]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_strip_uri_leaves_non_uris_alone(text: str) -> None:
    if not is_uri(text):
        assert strip_uri(text) == text.strip()


@given(numbers_with_separators(), schemes)
def test_command_line_takes_a_uri_before_or_after_options(
    num: tuple[str, str], scheme: str
) -> None:
    uri = f"{scheme}{num[1]}"
    assert split_uri([uri]) == ([], uri)
    assert split_uri(["--config", "x.toml", uri]) == (["--config", "x.toml"], uri)
    assert split_uri(["dial", uri]) == (["dial", uri], None)  # the dial subcommand keeps it


def test_is_uri_needs_a_known_scheme() -> None:
    assert not is_uri("http://x")
    assert not is_uri("123")
    assert not is_uri("telephone")
    assert is_uri("  tel:1")
