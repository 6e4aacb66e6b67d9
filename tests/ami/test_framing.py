"""The stream parser against real captures, the seed's quirks and hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.ami import CLOSED, NEED_DATA, Banner, Message, Parser, ProtocolError

from .helpers import parse_bytewise, parse_chunks, parse_drain, parse_whole

DATA = Path(__file__).parent.parent / "data"
SERVER_STREAMS = sorted(
    [*DATA.glob("captures18/*.from-pbx.raw"), *DATA.glob("asterisk22/*.from-asterisk.raw")]
)
CLIENT_STREAMS = sorted(
    [*DATA.glob("captures18/*.to-pbx.raw"), *DATA.glob("asterisk22/*.to-asterisk.raw")]
)
TRANSCRIPTS = sorted(p for p in DATA.glob("ami-transcripts/*.txt") if "banner" not in p.name)

# (file, messages expected) for a few captures, counted by hand from the .txt files
EXPECTED_COUNTS = {
    "1a-login-success.from-pbx.raw": 4,  # banner, Success, FullyBooted, Goodbye
    "1b-login-wrong-password.from-pbx.raw": 2,
    "7-command-core-show-channels.from-pbx.raw": 68,
}


@pytest.mark.parametrize("path", SERVER_STREAMS, ids=lambda p: p.name)
def test_real_server_streams_parse_the_same_whole_and_byte_by_byte(path: Path) -> None:
    data = path.read_bytes()
    whole = parse_whole(data)
    assert isinstance(whole[0], Banner)
    assert whole[0].version in ("1.1", "11.0.0")
    assert all(isinstance(m, Message) and m.kind.value != "unknown" for m in whole[1:])
    assert parse_bytewise(data) == whole
    assert parse_drain([data]) == whole
    assert parse_drain(data[i : i + 1000] for i in range(0, len(data), 1000)) == whole
    if path.name in EXPECTED_COUNTS:
        assert len(whole) == EXPECTED_COUNTS[path.name]


@pytest.mark.parametrize("path", CLIENT_STREAMS, ids=lambda p: p.name)
def test_real_client_streams_parse_as_actions(path: Path) -> None:
    data = path.read_bytes()
    msgs = parse_whole(data, banner=False)
    assert msgs and all(isinstance(m, Message) and m.kind.value == "action" for m in msgs)
    assert parse_bytewise(data, banner=False) == msgs


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.name)
def test_protocol_doc_transcripts_leave_nothing_behind(path: Path) -> None:
    data = path.read_bytes()
    msgs = parse_whole(data, banner=False)
    assert msgs
    assert parse_bytewise(data, banner=False) == msgs


def test_seed_command_output_with_bare_lf() -> None:
    # The seed's warning (section 2), byte for byte.
    data = (
        b"Response: Follows\r\n"
        b"Channel Location State Application(Data)\n"
        b"SIP/x7065551212b-1af (None) Ringing AppDial((Outgoing Line))\n"
        b"SIP/x7065551212c-2aa 29@default:2 Ring Dial(SIP/x7065551212b)\n"
        b"2 active channels\n"
        b"1 active call\r\n"
        b"--END COMMAND--\r\n"
        b"\r\n"
        b"Event: Ping\r\n\r\n"
    )
    for msgs in (parse_whole(data, banner=False), parse_bytewise(data, banner=False)):
        assert len(msgs) == 2
        follows = msgs[0]
        assert isinstance(follows, Message)
        assert follows.name == "Follows"
        assert follows.output == [
            "Channel Location State Application(Data)",
            "SIP/x7065551212b-1af (None) Ringing AppDial((Outgoing Line))",
            "SIP/x7065551212c-2aa 29@default:2 Ring Dial(SIP/x7065551212b)",
            "2 active channels",
            "1 active call",
        ]
        assert isinstance(msgs[1], Message) and msgs[1].is_event("ping")


def test_capture_command_bodies_keep_empty_and_colon_lines() -> None:
    data = (DATA / "captures18/7-command-core-show-channels.from-pbx.raw").read_bytes()
    follows = [m for m in parse_whole(data) if isinstance(m, Message) and m.name == "Follows"]
    assert [m.action_id for m in follows] == ["cmd-1", "cmd-2", "cmd-3", "cmd-4", "cmd-5", None]
    assert follows[0].output[-3:] == ["2 active channels", "1 active call", "8 calls processed"]
    general = follows[1].output
    assert general[0] == " -- General --"
    assert "           Name: SIP/470-00000013" in general  # looks like a header, is body
    assert follows[0].get("Privilege") == "Command"
    assert follows[4].output[0].startswith("No such command")


def test_modern_command_output_headers_give_the_same_lines() -> None:
    data = (
        b"Response: Success\r\nActionID: c1\r\nMessage: Command output follows\r\n"
        b"Output: line one\r\nOutput: \r\nOutput: Note: a colon\r\n\r\n"
    )
    (msg,) = parse_whole(data, banner=False)
    assert isinstance(msg, Message)
    assert msg.output == ["line one", "", "Note: a colon"]


def test_marker_glued_to_the_last_output_line() -> None:
    data = (
        b"Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\n"
        b"last line--END COMMAND--\r\n\r\n"
    )
    (msg,) = parse_whole(data, banner=False)
    assert isinstance(msg, Message)
    assert msg.output == ["last line"]
    assert msg.action_id == "7"


def test_empty_command_output() -> None:
    data = b"Response: Follows\r\nPrivilege: Command\r\nActionID: 8\r\n--END COMMAND--\r\n\r\n"
    (msg,) = parse_whole(data, banner=False)
    assert isinstance(msg, Message)
    assert msg.output == [] and msg.action_id == "8"


@pytest.mark.parametrize(
    "data",
    [
        b"Event: A\r\nX: 1\r\n\r\n\r\n\r\nEvent: B\r\n\r\n",  # stray blank lines
        b"Event: A\r\nX: 1\r\n\nEvent: B\r\n\r\n",  # \r\n\n (asterisk#761)
        b"Event: A\nX: 1\n\nEvent: B\n\n",  # bare LF everywhere
        b"\r\n\nEvent: A\r\nX: 1\r\n\r\nEvent: B\r\n\r\n",  # blank lines first
    ],
)
def test_tolerated_line_endings(data: bytes) -> None:
    for msgs in (parse_whole(data, banner=False), parse_bytewise(data, banner=False)):
        assert [m.name for m in msgs if isinstance(m, Message)] == ["A", "B"]
        first = msgs[0]
        assert isinstance(first, Message) and first.get("x") == "1"


def test_trailing_lf_inside_message_value() -> None:
    # 22-pjsipshowendpoints-none: "Message: No endpoints found\n" CRLF CRLF
    data = (
        b"Response: Error\r\nActionID: e\r\nMessage: No endpoints found\n\r\n\r\nEvent: X\r\n\r\n"
    )
    msgs = parse_whole(data, banner=False)
    assert [m.name for m in msgs if isinstance(m, Message)] == ["Error", "X"]
    assert isinstance(msgs[0], Message) and msgs[0].message_text == "No endpoints found"


def test_colon_less_vendor_line_is_kept() -> None:
    data = (
        b"Event: ReceivedSMS\r\nPrivilege: all,smscommand\r\nSender: 123\r\n"
        b"--END SMS EVENT--\r\n\r\n"
    )
    (msg,) = parse_whole(data, banner=False)
    assert isinstance(msg, Message)
    assert msg.get("Sender") == "123"
    assert ("", "--END SMS EVENT--") in msg.headers


def test_header_lookup_ignores_case_and_first_wins() -> None:
    data = (
        b"Event: Dial\r\nUniqueID: 1.1\r\nuniqueid: 2.2\r\nVariable: a=1\r\nVariable: b=2\r\n\r\n"
    )
    (msg,) = parse_whole(data, banner=False)
    assert isinstance(msg, Message)
    assert msg["Uniqueid"] == msg.get("UNIQUEID") == "1.1"
    assert msg.get_all("variable") == ["a=1", "b=2"]
    assert "uniqueId" in msg and "nothing" not in msg
    assert msg.first("DestUniqueid", "UniqueID") == "1.1"


def test_value_keeps_inner_and_trailing_spaces_and_colons() -> None:
    (msg,) = parse_whole(b"Event: X\r\nA:  two spaces \r\nB:c:d\r\nC:\r\n\r\n", banner=False)
    assert isinstance(msg, Message)
    assert msg.get("A") == " two spaces "
    assert msg.get("B") == "c:d"
    assert msg.get("C") == ""


@pytest.mark.parametrize("name", ["张三", "Jürgen", "Zoë 🙂"])
def test_utf8_name_split_across_reads_comes_out_whole(name: str) -> None:
    data = f"Event: Newchannel\r\nCallerIDName: {name}\r\n\r\n".encode()
    cut = data.index(name.encode()) + 1  # inside the first multi-byte character
    for chunks in ([data[:cut], data[cut:]], [data[i : i + 1] for i in range(len(data))]):
        (msg,) = parse_chunks(chunks, banner=False)
        assert isinstance(msg, Message) and msg.get("CallerIDName") == name


def test_invalid_utf8_is_decoded_losslessly() -> None:
    cp1251 = "Вітя".encode("cp1251")
    data = b"Event: Newchannel\r\nCallerIDName: " + cp1251 + b"\r\nExten: 1\r\n\r\n"
    (msg,) = parse_whole(data, banner=False)
    assert isinstance(msg, Message)
    value = msg["CallerIDName"]
    assert value.encode("latin-1") == cp1251  # every byte is still there
    assert msg["Exten"] == "1"
    (msg2,) = parse_whole(data, banner=False, fallback_encoding="cp1251")
    assert isinstance(msg2, Message) and msg2["CallerIDName"] == "Вітя"


def test_latin1_byte_0x85_does_not_split_a_header() -> None:
    data = b"Event: X\r\nCallerIDName: A\x85B\r\n\r\n"  # U+0085 would split with splitlines()
    (msg,) = parse_whole(data, banner=False)
    assert isinstance(msg, Message) and msg["CallerIDName"] == "A\x85B"


def test_banner_variants_and_version() -> None:
    (banner,) = parse_whole(b"Asterisk Call Manager/1.1\r\n")
    assert banner == Banner("Asterisk Call Manager", "1.1")
    (banner,) = parse_whole(b"Asterisk Call Manager Proxy/2.0\n")
    assert isinstance(banner, Banner) and banner.version == "2.0"


@pytest.mark.parametrize(
    "greeting",
    [b"HTTP/1.1 400 Bad Request\r\n", b"SSH-2.0-OpenSSH_9.2\r\n", b"\x16\x03\x01\x02\x00\n"],
)
def test_non_ami_service_is_a_clear_protocol_error(greeting: bytes) -> None:
    parser = Parser()
    parser.feed(greeting)
    with pytest.raises(ProtocolError, match="not an AMI server"):
        parser.next()
    with pytest.raises(ProtocolError):  # stays broken
        parser.next()


def test_message_over_the_size_limit_is_refused() -> None:
    parser = Parser(expect_banner=False)
    line = b"Variable: " + b"x" * 1000 + b"\r\n"
    parser.feed(b"Event: Big\r\n")
    results = []
    with pytest.raises(ProtocolError, match="without an end"):  # noqa: PT012
        for _ in range(1200):
            parser.feed(line)
            results.append(parser.next())
    assert set(results) == {NEED_DATA}
    assert parser.buffered < 2 * 1024 * 1024


def test_line_over_the_limit_is_refused_without_waiting_for_a_megabyte() -> None:
    parser = Parser(expect_banner=False)
    parser.feed(b"Event: X\r\nValue: ")
    results = []
    with pytest.raises(ProtocolError, match="line of more than"):  # noqa: PT012
        for _ in range(100):
            parser.feed(b"y" * 4096)
            results.append(parser.next())
    assert set(results) == {NEED_DATA}
    assert parser.buffered < 100 * 4096


def test_complete_message_with_a_huge_line_is_refused() -> None:
    parser = Parser(expect_banner=False)
    parser.feed(b"Event: X\r\nValue: " + b"z" * (70 * 1024) + b"\r\n\r\n")
    with pytest.raises(ProtocolError, match="line of more than"):
        parser.next()


def test_eof_mid_message_reports_closed_and_keeps_the_partial_bytes_count() -> None:
    parser = Parser(expect_banner=False)
    parser.feed(b"Event: Half\r\nChannel: SIP/4")
    assert parser.next() is NEED_DATA
    parser.feed(b"")
    assert parser.next() is CLOSED
    assert parser.buffered > 0


def test_many_messages_in_one_read_are_all_returned() -> None:
    one = b"Event: Newstate\r\nChannel: SIP/1-1\r\nUniqueid: 1.1\r\n\r\n"
    msgs = parse_whole(one * 5000, banner=False)
    assert len(msgs) == 5000


# -- properties -----------------------------------------------------------------

_name = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,15}", fullmatch=True)
_value = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\0"),
    max_size=40,
)
_message = st.lists(st.tuples(_name, _value), min_size=1, max_size=8).map(
    lambda hs: [("Event", "Test"), *hs]
)


def _encode_raw(msgs: list[list[tuple[str, str]]], eol: bytes) -> bytes:
    out = b""
    for headers in msgs:
        out += b"".join(f"{n}: {v}".encode() + eol for n, v in headers) + eol
    return out


@given(
    st.lists(_message, min_size=1, max_size=6),
    st.sampled_from([b"\r\n", b"\n"]),
    st.lists(st.integers(min_value=1, max_value=50), max_size=30),
)
def test_any_chunking_parses_identically(
    msgs: list[list[tuple[str, str]]], eol: bytes, cuts: list[int]
) -> None:
    data = _encode_raw(msgs, eol)
    chunks, pos = [], 0
    for size in cuts:
        chunks.append(data[pos : pos + size])
        pos += size
    chunks.append(data[pos:])
    whole = parse_whole(data, banner=False)
    assert parse_chunks(chunks, banner=False) == whole
    assert parse_bytewise(data, banner=False) == whole
    assert parse_drain(chunks, banner=False) == whole
    assert [list(m.headers) for m in whole if isinstance(m, Message)] == msgs


@given(st.binary(max_size=600), st.integers(min_value=1, max_value=64))
def test_arbitrary_bytes_never_raise_anything_but_protocol_error(data: bytes, step: int) -> None:
    for banner in (True, False):
        parser = Parser(expect_banner=banner, max_message=4096, max_line=512)
        try:
            for i in range(0, len(data), step):
                parser.feed(data[i : i + step])
                parser.drain()
            parser.feed(b"")
            parser.drain()
        except ProtocolError:
            pass
        parser = Parser(expect_banner=banner, max_message=4096, max_line=512)
        try:
            for i in range(0, len(data), step):
                parser.feed(data[i : i + step])
                while parser.next() not in (NEED_DATA, CLOSED):
                    pass
            parser.feed(b"")
            while parser.next() not in (NEED_DATA, CLOSED):
                pass
        except ProtocolError:
            pass


def test_messages_parsed_counts_each_message_once() -> None:
    parser = Parser(expect_banner=False)
    events = b"Event: A\r\n\r\n" * 3
    parser.feed(events + b"Response: Success\r\nActionID: 1\r\n\r\n" + events)
    assert len(parser.drain()) == 7
    assert parser.messages_parsed == 7


def test_server_role_never_takes_an_action_for_command_output() -> None:
    parser = Parser(expect_banner=False, command_output=False)
    parser.feed(b"Response: Follows\r\nX: y\r\n\r\nAction: Ping\r\nActionID: 2\r\n\r\n")
    msgs = parser.drain()
    assert [m.name for m in msgs if isinstance(m, Message)] == ["Follows", "Ping"]


def test_last_header_has_no_trailing_cr() -> None:
    (msg,) = parse_whole(b"Event: Hangup\r\nUniqueid: 1795822221.3\r\n\r\n", banner=False)
    assert isinstance(msg, Message)
    assert msg["Uniqueid"] == "1795822221.3"


# -- the fast path and the careful path agree -------------------------------------------------
_kinds = st.sampled_from(["crlf", "lf", "follows", "stray", "crlfn", "lone-cr", "value-lf"])


def _piece(kind: str, i: int) -> bytes:
    if kind == "crlf":
        return f"Event: E{i}\r\nUniqueid: {i}\r\n\r\n".encode()
    if kind == "lf":
        return f"Event: L{i}\nX: {i}\n\n".encode()
    if kind == "follows":
        return (
            f"Response: Follows\r\nPrivilege: Command\r\nActionID: c{i}\r\n"
            f"line one\n\nEvent: not an event\nlast\n--END COMMAND--\r\n\r\n"
        ).encode()
    if kind == "stray":
        return b"\r\n\r\n"
    if kind == "value-lf":  # 12+: "Message: Park successful\n" + CRLF CRLF (console-park)
        return f"Response: Success\r\nActionID: {i}\r\nMessage: done\n\r\n\r\n".encode()
    if kind == "crlfn":
        return f"Event: N{i}\r\nX: 1\r\n\n".encode()
    return f"\rEvent: R{i}\r\n\r\n".encode()


@given(
    st.lists(_kinds, min_size=1, max_size=25),
    st.lists(st.integers(min_value=1, max_value=300), max_size=20),
)
def test_fast_and_careful_paths_frame_every_mix_identically(
    kinds: list[str], cuts: list[int]
) -> None:
    data = b"".join(_piece(k, i) for i, k in enumerate(kinds))
    chunks, pos = [], 0
    for size in cuts:
        chunks.append(data[pos : pos + size])
        pos += size
    chunks.append(data[pos:])
    careful = parse_bytewise(data, banner=False)  # one byte at a time: never the fast path
    assert parse_drain(chunks, banner=False) == careful
    assert parse_drain([data], banner=False) == careful
    follows = [m for m in careful if isinstance(m, Message) and m.name == "Follows"]
    assert all(m.output[-1] == "last" for m in follows)


def test_a_limit_takes_the_first_messages_and_leaves_the_rest() -> None:
    parser = Parser(expect_banner=False)
    parser.feed(b"".join(f"Event: E{i}\r\n\r\n".encode() for i in range(10)))
    first = parser.drain(3)
    assert [m.name for m in first if isinstance(m, Message)] == ["E0", "E1", "E2"]
    rest = parser.drain()
    assert [m.name for m in rest if isinstance(m, Message)] == [f"E{i}" for i in range(3, 10)]
    assert parser.buffered == 0


def test_follows_is_command_output_only_while_a_command_is_outstanding() -> None:
    """A stray ``Response: Follows`` with nobody waiting for command output is an
    ordinary message: it cannot swallow the events behind it."""
    data = b"Response: Follows\r\nActionID: x\r\n\r\nEvent: Hangup\r\nUniqueid: 1\r\n\r\n"
    parser = Parser(expect_banner=False, command_output=False)
    parser.feed(data)
    assert [m.name for m in parser.drain() if isinstance(m, Message)] == ["Follows", "Hangup"]


def test_command_output_without_its_end_marker_is_salvaged_at_the_next_event() -> None:
    """Defect 2 of the engine issue: a ``Follows`` whose ``--END COMMAND--`` never
    comes used to swallow every later event until 1 MiB had piled up."""
    data = (
        b"Response: Follows\r\nPrivilege: Command\r\nActionID: c1\r\n"
        b"Channel Location State\n1 active call\n\r\n\r\n"
        b"Event: Dial\r\nSubEvent: Begin\r\nDestination: SIP/474-1\r\n\r\n"
        b"Event: Hangup\r\nUniqueid: 2\r\n\r\n"
    )
    for msgs, parser in (
        (parse_whole(data, banner=False), None),
        (None, Parser(expect_banner=False)),
    ):
        if parser is not None:
            for i in range(len(data)):
                parser.feed(data[i : i + 1])
            msgs = parser.drain()
            assert parser.salvaged == 1
        assert msgs is not None
        names = [m.name for m in msgs if isinstance(m, Message)]
        assert names == ["Follows", "Dial", "Hangup"]
        follows = msgs[0]
        assert isinstance(follows, Message) and follows.action_id == "c1"
        assert follows.output == ["Channel Location State", "1 active call", ""]
