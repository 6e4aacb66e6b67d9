"""A message read lazily from its bytes says exactly what the fully parsed one says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.ami import Message
from mypbxdesk.ami.message import Kind, parse_lines

_names = st.sampled_from(
    ["Event", "Uniqueid", "UniqueID", "Channel", "CallerIDName", "X-y_z", "K", "Key", "a:b", ""]
)
_values = st.one_of(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\n\0"),
        max_size=20,
    ),
    st.sampled_from(["", " ", "  two", "a: b", "\r", "x\r", "Вітя", "O\\'Brien"]),
)
_line = st.one_of(
    st.tuples(_names, st.sampled_from([": ", ":", ":  "]), _values).map(lambda t: "".join(t)),
    st.sampled_from(["--END SMS EVENT--", "\r", "colonless"]),
)
_eol = st.sampled_from(["\r\n", "\n"])


def _frame(first: str, lines: list[str], eols: list[str], encoding: str) -> bytes:
    text = first
    for line, eol in zip(lines, eols, strict=False):
        text += eol + line
    return text.encode(encoding, "surrogateescape" if encoding == "utf-8" else "replace")


PROBES = ["Event", "uniqueid", "UNIQUEID", "channel", "CallerIDName", "x-y_z", "k", "key", "a", ""]


@given(
    st.sampled_from(
        [
            "Event: Newchannel",
            "Response: Success",
            "Action: Ping",
            "event: lower",
            "X",
            "Event: Y\r",
        ]
    ),
    st.lists(_line, max_size=8),
    st.lists(_eol, min_size=8, max_size=8),
    st.sampled_from(["utf-8", "cp1251"]),
)
def test_lazy_lookup_equals_full_parse(
    first: str, lines: list[str], eols: list[str], encoding: str
) -> None:
    raw = _frame(first, lines, eols, encoding)
    lazy = Message.from_frame(raw, "cp1251")
    full = Message(parse_lines(raw, "cp1251")[0])
    assert (lazy.kind, lazy.name) == (full.kind, full.name)
    for probe in PROBES + [n for n, _ in full.headers]:
        assert lazy.get(probe) == full.get(probe), probe
        assert (probe in lazy) == (probe in full)
    assert lazy.first("Nope", "Channel", "Uniqueid") == full.first("Nope", "Channel", "Uniqueid")
    # reading headers afterwards gives the same again, and equality holds
    assert lazy == full
    assert lazy.headers == full.headers


def test_a_frame_is_not_split_until_asked() -> None:
    raw = b"Event: Newstate\r\nChannel: SIP/474-1\r\nUniqueid: 1.2\r\n"
    msg = Message.from_frame(raw)
    assert msg.kind is Kind.EVENT and msg.name == "Newstate"
    assert msg.get("uniqueid") == "1.2"
    assert msg._p.headers is None  # type: ignore[union-attr]  # one value read, nothing split
    assert msg.raw == raw
    assert msg.headers[1] == ("Channel", "SIP/474-1")


def test_non_ascii_header_names_compare_exactly_like_asterisk() -> None:
    # strcasecmp folds ASCII only; the Kelvin sign is not a "k".
    raw = "Event: X\r\n\u212aey: x\r\n".encode()
    assert Message.from_frame(raw).get("key") is None
    assert Message(parse_lines(raw)[0]).get("key") is None


def test_secret_echoed_by_the_pbx_is_redacted_when_shown() -> None:
    msg = Message.from_frame(b"Response: Error\r\nMessage: bad secret hunter2!\r\n")
    assert "hunter2" not in msg.to_text(["hunter2"])
    assert ("Message", "bad secret ********!") in msg.redacted_headers(["hunter2"])
