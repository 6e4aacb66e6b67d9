"""Load, the fast CI share (the long runs are benchmarks/load.py and benchmarks/soak.py).

* Backpressure: a PBX far ahead of the subscribers costs a bounded queue, not memory
  proportional to how far ahead it is, and loses nothing (defect fixed in
  ami/connection.py: the queue used to grow to 200,000 events, ~1 GB, and then the
  session was dropped).
* 58,000 real 1.8 events through PhoneService at loopback speed, 1% for the user:
  every call reported once, one history row each, nothing left followed, no task
  left behind.
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from pathlib import Path

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.calls import CallEvent
from mypbxdesk.driver.connection import AmiConnection
from mypbxdesk.service.view import ResolvedChange
from mypbxdesk.sim import SimulatedPbx

from .conftest import eventually, make_service

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from stream_server import call_blocks, event_mix  # type: ignore[import-not-found]


@pytest.mark.asyncio
async def test_a_flood_is_held_back_with_a_bounded_queue_and_nothing_lost(
    rsim: SimulatedPbx,
) -> None:
    seen: list[int] = []
    longest = 0
    conn: AmiConnection | None = None

    def slow(msg: Message) -> None:  # a subscriber slower than loopback
        nonlocal longest
        if msg.is_event("Flood"):
            seen.append(int(msg["Seq"]))
            assert conn is not None
            longest = max(longest, len(conn._events))
            sum(range(200))

    conn = await AmiConnection.open("127.0.0.1", rsim.port, pause_events=300, subscribers=[slow])
    await conn.login("admin", "password", timeout=5)
    total = 40_000
    data = b"".join(
        b"Event: Flood\r\nSeq: %d\r\nPad: %s\r\n\r\n" % (i, b"x" * 200) for i in range(total)
    )
    sender = asyncio.create_task(rsim.send_raw(data, timeout=30))
    try:
        await eventually(lambda: len(seen) == total, timeout=30)
        await sender
    finally:
        await conn.logoff()
    assert seen == list(range(total))  # complete and in order
    assert conn.pauses >= 1  # reading was held back…
    # …so the queue stayed near pause_events (+ what one 256 KiB read holds)
    assert longest <= 300 + (256 << 10) // 230
    assert conn.events_received >= total


@pytest.mark.asyncio
async def test_58k_events_one_percent_mine_every_call_reported_once(tmp_path: Path) -> None:
    total = len(call_blocks()) * 1000
    stream = event_mix(total, 0.01)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"Asterisk Call Manager/1.1\r\n")
        try:
            while True:
                block = await reader.readuntil(b"\r\n\r\n")
                fields = dict(x.split(": ", 1) for x in block.decode().split("\r\n") if ": " in x)
                aid = fields.get("ActionID", "")
                action = fields.get("Action", "").lower()
                if action == "challenge":
                    writer.write(
                        b"Response: Success\r\nActionID: %s\r\nChallenge: 1\r\n\r\n" % aid.encode()
                    )
                elif action == "coreshowchannels":
                    writer.write(
                        b"Response: Success\r\nActionID: %s\r\nEventList: start\r\n\r\n"
                        b"Event: CoreShowChannelsComplete\r\nActionID: %s\r\n"
                        b"EventList: Complete\r\nListItems: 0\r\n\r\n"
                        % (aid.encode(), aid.encode())
                    )
                else:
                    writer.write(b"Response: Success\r\nActionID: %s\r\n\r\n" % aid.encode())
                if action == "login":
                    writer.write(stream)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    tasks_before = len(asyncio.all_tasks())
    service = make_service(port, tmp_path)
    count = 0
    rang: Counter[str] = Counter()
    ended: Counter[str] = Counter()

    def on_event(msg: Message) -> None:
        nonlocal count
        count += 1

    def on_change(change: ResolvedChange) -> None:
        if change.event is CallEvent.RINGING:
            rang[change.call.call_id] += 1
        elif change.event is CallEvent.ENDED:
            ended[change.call.call_id] += 1

    service.client.subscribe(on_event)
    service.on_change(on_change)
    service.start()
    try:
        await eventually(lambda: count >= total, timeout=30)
        assert service.history is not None
        rows = len(service.history.recent(1000))
        assert service.calls == []
        assert service.tracker.followed == 0  # nothing left tracked: no per-call leak
    finally:
        await service.aclose()
        server.close()
        await server.wait_closed()
    assert len(rang) == 10 and set(rang.values()) == {1}
    assert set(ended) == set(rang) and set(ended.values()) == {1}
    assert rows == 10
    await asyncio.sleep(0)
    assert len(asyncio.all_tasks()) == tasks_before


@pytest.mark.asyncio
async def test_keepalive_does_not_drop_a_link_that_is_busy_delivering_a_flood(
    rsim: SimulatedPbx,
) -> None:
    """The Ping's answer comes after every event the PBX queued before it; while bytes
    keep arriving the link is alive (defect fixed in ami/client.py: the 1,000,000-event
    run was dropped by its own keepalive and the session restarted)."""
    import time

    from mypbxdesk.driver.client import AmiClient, ConnectionState, ConnectionStatus

    from .conftest import fast_backoff, options

    client = AmiClient(
        options(rsim.port, ping_interval=0.1, ping_timeout=0.25), backoff=fast_backoff()
    )
    statuses: list[ConnectionStatus] = []
    client.on_status(statuses.append)
    total = 30_000
    seen = 0

    def slow(msg: Message) -> None:
        nonlocal seen
        if msg.is_event("Flood"):
            seen += 1
            end = time.perf_counter() + 50e-6
            while time.perf_counter() < end:
                pass

    client.subscribe(slow)
    client.start()
    try:
        await client.wait_connected(5)
        data = b"".join(b"Event: Flood\r\nSeq: %d\r\n\r\n" % i for i in range(total))
        t0 = time.monotonic()
        await rsim.send_raw(data, timeout=30)
        await eventually(lambda: seen == total, timeout=30)
        assert time.monotonic() - t0 > 0.5  # several keepalive periods went by
    finally:
        await client.aclose()
    assert not any(s.state is ConnectionState.RECONNECT_WAIT for s in statuses), statuses
