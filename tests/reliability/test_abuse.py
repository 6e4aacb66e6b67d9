"""Abuse: fuzzing the AMI parser, the connection and the call model (issue 6).

Already proven elsewhere (not repeated): arbitrary bytes never raise anything but
ProtocolError, any chunking parses identically, invalid UTF-8 is decoded
losslessly, a huge line is refused (tests/ami/test_framing.py); an arbitrary event
sequence never breaks the tracker (tests/calls/test_properties.py).

Added here: 100 MB without a blank line fed as the client reads it (64 KiB chunks)
with the parser's buffer bounded; the same over a socket, ending in a clear reason
and a reconnect; random bytes after a real banner through a live AmiConnection;
and the call model on *realistic* streams — real captures, mangled — with the wall
clock jumping both ways.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mypbxdesk.ami import Message
from mypbxdesk.ami.errors import AmiError, ProtocolError
from mypbxdesk.ami.framing import MAX_MESSAGE, Parser
from mypbxdesk.calls import CallEvent, CallTracker, MyPhone
from mypbxdesk.driver.client import AmiClient, ConnectionState, ConnectionStatus
from mypbxdesk.driver.connection import AmiConnection
from mypbxdesk.sim import SimulatedPbx
from tests.calls.replay import load, messages

from ..mangle import mangle
from .conftest import eventually, fast_backoff, options

CHUNK = 64 << 10
HUNDRED_MB = 100 << 20
BOUND = 2 << 20  # the parser never holds more than this


def _endless(pattern: bytes) -> Iterator[bytes]:
    block = (pattern * (CHUNK // len(pattern) + 1))[:CHUNK]
    for _ in range(HUNDRED_MB // CHUNK):
        yield block


@pytest.mark.parametrize(
    ("name", "head", "pattern", "error"),
    [
        ("short header lines", b"Event: Flood\r\n", b"X-Header: value\r\n", "message of more than"),
        ("one endless line", b"Event: Flood\r\nData: ", b"x", "line of more than"),
        ("NUL bytes", b"Event: Flood\r\n", b"\x00", "line of more than"),
        (
            "invalid UTF-8 lines",
            b"Event: Flood\r\n",
            b"N\xff\xfe\xc3: \x80\x81\r\n",
            "message of more than",
        ),
        ("bare CR", b"Event: Flood\r\n", b"A: b\r", "line of more than"),
        (
            "command output that never ends",
            b"Response: Follows\r\nPrivilege: Command\r\n",
            b"output line\n\r\n",
            "more than",
        ),
    ],
)
def test_100_mb_without_an_end_is_refused_with_bounded_memory(
    name: str, head: bytes, pattern: bytes, error: str
) -> None:
    parser = Parser(expect_banner=False)
    parser.feed(head)
    fed = len(head)
    error_at: ProtocolError | None = None
    for chunk in _endless(pattern):
        parser.feed(chunk)
        fed += len(chunk)
        assert parser.buffered < BOUND, name
        try:
            parser.drain()
        except ProtocolError as exc:
            error_at = exc
            break
    assert error_at is not None, "100 MB went by without an error"
    assert error in str(error_at)
    assert fed <= MAX_MESSAGE + 2 * CHUNK, "the error came only after the flood"
    with pytest.raises(ProtocolError):  # and it stays broken: the stream is unrecoverable
        parser.next()


@pytest.mark.expect_log("AMI protocol error")
@pytest.mark.asyncio
async def test_flood_over_a_socket_closes_with_a_clear_reason_and_reconnects(
    rsim: SimulatedPbx,
) -> None:
    client = AmiClient(options(rsim.port), backoff=fast_backoff())
    statuses: list[ConnectionStatus] = []
    client.on_status(statuses.append)
    client.start()
    try:
        await client.wait_connected(5)
        await rsim.send_raw(b"Event: Flood\r\n" + b"X-Header: value\r\n" * (200_000))
        await eventually(lambda: any(s.state is ConnectionState.RECONNECT_WAIT for s in statuses))
        wait = next(s for s in statuses if s.state is ConnectionState.RECONNECT_WAIT)
        assert "message of more than 1048576 bytes without an end" in wait.detail
        await eventually(lambda: statuses[-1].state is ConnectionState.CONNECTED)
    finally:
        await client.aclose()


class _Spitter:
    """A server that greets like AMI, then sends ``payload`` and closes."""

    def __init__(self) -> None:
        self.payload = b""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"Asterisk Call Manager/1.1\r\n" + self.payload)
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()


_GARBAGE = st.one_of(
    st.binary(max_size=2000),
    st.lists(
        st.sampled_from(
            [
                b"Event: Newchannel\r\n",
                b"Channel: SIP/474-1\r\n",
                b"\r\n",
                b"\n",
                b"\x00",
                b"Response: Follows\r\n",
                b"--END COMMAND--\r\n",
                b"\xff\xfe",
                b"ActionID: 1\r\n",
                b"Response: Success\r\n",
                b": \r\n",
                b"Event:\r\n",
                b"x" * 70000,
            ]
        ),
        max_size=40,
    ).map(b"".join),
)


@pytest.mark.expect_log("AMI protocol error", "unexpected message from the PBX")
@pytest.mark.asyncio
async def test_random_bytes_after_the_banner_never_escape_the_connection() -> None:
    """Through the real transport, protocol and dispatcher: whatever arrives, the
    connection ends with an AmiError as its reason and the loop sees no stray
    exception (callback or task)."""
    spitter = _Spitter()
    server = await asyncio.start_server(spitter.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()
    stray: list[dict[str, object]] = []
    loop.set_exception_handler(lambda _loop, ctx: stray.append(ctx))
    seen: list[int] = []

    payloads: list[bytes] = []
    refusals: list[str] = []

    # hypothesis drives synchronous tests: let it choose the inputs, then play
    # them all against the live socket on this loop.
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_GARBAGE)
    def choose(payload: bytes) -> None:
        seen.append(len(payload))
        payloads.append(payload)

    choose()
    try:
        for payload in payloads:
            spitter.payload = payload
            events: list[Message] = []
            try:
                conn = await AmiConnection.open(
                    "127.0.0.1", port, timeout=2, subscribers=[events.append]
                )
            except AmiError as exc:  # the banner itself (or junk with it) was not AMI
                refusals.append(str(exc))
                continue
            reason = await asyncio.wait_for(asyncio.shield(conn.closed), 5)
            assert isinstance(reason, AmiError)
            assert str(reason)
            await conn.wait_closed()
            for event in events:
                json.dumps(event.headers)  # every header decodes to str
    finally:
        loop.set_exception_handler(None)
        server.close()
        await server.wait_closed()
    assert stray == []
    assert all(refusals)  # every refusal says why
    assert len(seen) >= 10


# -- the call model on real streams, mangled ----------------------------------------------------
CAPTURES = [
    "captures18/3-call-470-to-474-answered.from-pbx.raw",
    "captures18/4a-call-470-to-474-missed-noanswer.from-pbx.raw",
    "captures18/2c-originate-async-no-answer.from-pbx.raw",
    "captures18/8-status-coreshowchannels-ping-events.from-pbx.raw",
    "asterisk22/asterisk22-scenario.A.from-asterisk.raw",
    "asterisk22/asterisk22-scenario.B.from-asterisk.raw",
]
STREAMS = {name: list(messages(load(name))) for name in CAPTURES}


@st.composite
def mangled(draw: st.DrawFn) -> tuple[list[Message], list[float]]:
    events = list(STREAMS[draw(st.sampled_from(CAPTURES))])
    rnd = random.Random(draw(st.integers(0, 2**32)))
    events = mangle(events, rnd, draw(st.integers(0, 12)))
    jumps = draw(
        st.lists(
            st.sampled_from([0.0, 0.0, 0.0, 3600.0, -3600.0, -5.0, 86400.0]),
            min_size=len(events),
            max_size=len(events),
        )
    )
    return events, jumps


@settings(max_examples=150, deadline=None)
@given(mangled(), st.sampled_from(["474", "470"]))
def test_mangled_real_streams_with_clock_jumps_never_break_the_call_model(
    case: tuple[list[Message], list[float]], extension: str
) -> None:
    events, jumps = case
    wall = [1_795_822_000.0]
    mono = [100.0]
    tracker = CallTracker(
        MyPhone(extension), clock=lambda: wall[0], linger=5.0, deadline_clock=lambda: mono[0]
    )
    seen: dict[str, list[CallEvent]] = {}

    def check(changes: list) -> None:  # type: ignore[type-arg]
        for change in changes:
            history = seen.setdefault(change.call.call_id, [])
            assert CallEvent.ENDED not in history, "a change after ENDED"
            assert not (change.event is CallEvent.RINGING and history), "rang twice"
            history.append(change.event)
            call = change.call
            assert call.duration is None or call.duration >= 0
            json.dumps(change.to_json())

    for event, jump in zip(events, jumps, strict=True):
        wall[0] += 0.01 + jump
        mono[0] += 0.01
        check(tracker.apply(event))
    # the stream stopped (PBX gone quiet): within the linger time nothing lingers on
    mono[0] += 6.0
    wall[0] -= 7200.0
    check(tracker.tick())
    assert not tracker._lingering
    check(tracker.resync([]))  # reconnect to an idle PBX
    assert tracker.calls == []
    assert all(h[-1] is CallEvent.ENDED for h in seen.values())


def test_capture_paths_exist() -> None:
    for name in CAPTURES:
        assert Path(__file__).parents[1].joinpath("data", name).is_file()
        assert STREAMS[name], name
