"""Keepalive, backoff and resume on a fake clock: minutes of PBX time in milliseconds.

The driver never sleeps on its own: every wait goes through the injected clock,
so these tests run the real client, connection and protocol against an
in-memory scripted PBX (``fakes.py``) with the default timings of the app.
"""

from __future__ import annotations

import random

import pytest

from mypbxdesk.ami import Message
from mypbxdesk.driver import AmiClient, AmiOptions, Backoff, ConnectionState, ConnectionStatus

from .fakes import FakeClock, MemoryPeer, MemoryTransport, PeerScript, settle

pytestmark = pytest.mark.asyncio


def make_client(
    transport: MemoryTransport, clock: FakeClock, seed: int = 1, **opts: object
) -> tuple[AmiClient, list[ConnectionStatus]]:
    options = AmiOptions("pbx.example", 5038, "admin", "password", **opts)  # type: ignore[arg-type]
    client = AmiClient(
        options, backoff=Backoff(rng=random.Random(seed)), clock=clock, transport=transport
    )
    statuses: list[ConnectionStatus] = []
    client.on_status(statuses.append)
    return client, statuses


def connected(client: AmiClient) -> bool:
    return client.status.state is ConnectionState.CONNECTED


def pings(peer: MemoryPeer) -> int:
    return sum(1 for a in peer.actions if a.name.lower() == "ping")


async def test_an_idle_client_wakes_for_the_keepalive_only() -> None:
    clock, transport = FakeClock(), MemoryTransport()
    client, _ = make_client(transport, clock)
    client.start()
    try:
        await clock.run_until(lambda: connected(client))
        clock.sleeps.clear()
        await clock.advance(600)  # ten quiet minutes
        assert pings(transport.peer) == 30  # every 20 s
        assert set(clock.sleeps) == {20.0, 10.0}  # ping interval, and each ping's deadline
        assert len(clock.sleeps) == 60
        assert connected(client)
    finally:
        await client.aclose()


async def test_a_silent_pbx_is_declared_dead_after_interval_plus_timeout() -> None:
    clock, transport = FakeClock(), MemoryTransport()
    client, _ = make_client(transport, clock)
    client.start()
    try:
        await clock.run_until(lambda: connected(client))
        transport.script.answer_pings = False  # half-open: nothing comes back
        took = await clock.run_until(lambda: not connected(client))
        assert 29.9 <= took <= 30.1  # 20 s to the ping + 10 s without an answer
        assert "did not answer a keepalive ping within 10 s" in client.status.detail
        await clock.run_until(lambda: connected(client))
        assert len(transport.peers) == 2
    finally:
        await client.aclose()


async def test_a_busy_link_is_behind_not_dead_but_not_for_ever() -> None:
    """Events keep coming but the Ping's answer never does: the answer is queued
    behind them, so wait — up to ``max_behind``, then reconnect."""
    clock, transport = FakeClock(), MemoryTransport()
    client, _ = make_client(transport, clock)
    client.start()
    try:
        await clock.run_until(lambda: connected(client))
        transport.script.answer_pings = False
        peer = transport.peer
        alive_for = 0.0
        while connected(client) and alive_for < 200:
            peer.send_message(("Event", "VarSet"), ("Variable", "x"), ("Value", str(alive_for)))
            await clock.advance(1.0)
            alive_for += 1.0
        # first ping at 20 s, then 60 s of messages without its answer
        assert 79 <= alive_for <= 82
        assert "more than 60 s behind" in client.status.detail
    finally:
        await client.aclose()


async def test_login_then_reset_backs_off_instead_of_60_logins_a_minute() -> None:
    """Defect 4: the backoff used to reset on every successful login."""
    clock, transport = FakeClock(), MemoryTransport(PeerScript(drop_after_login=True))
    client, statuses = make_client(transport, clock)
    client.start()
    try:
        await clock.advance(300)  # five minutes of a PBX that resets every session
        logins = transport.logins()
        # ceilings 1, 2, 4, 8, 16, 30, 30 … s (equal jitter): ~3.5 a minute, not 60
        assert 6 <= logins <= 20
        waits = [s.retry_in or 0 for s in statuses if s.state is ConnectionState.RECONNECT_WAIT]
        assert waits[:5] == sorted(waits[:5])
        assert max(waits) <= 30
    finally:
        await client.aclose()


async def test_a_healthy_session_resets_the_backoff() -> None:
    clock, transport = FakeClock(), MemoryTransport(PeerScript(drop_after_login=True))
    client, _ = make_client(transport, clock)
    client.start()
    try:
        await clock.advance(120)  # failures pile up
        transport.script.drop_after_login = False
        await clock.run_until(lambda: connected(client))
        await clock.advance(61)  # healthy for a minute
        transport.peer.close()
        await clock.run_until(lambda: client.status.state is ConnectionState.RECONNECT_WAIT)
        assert (client.status.retry_in or 99) <= 1.0  # back at the first step
    finally:
        await client.aclose()


async def test_pbx_restart_is_noticed_within_3_s_of_it_accepting_again() -> None:
    """After 10 healthy minutes the PBX restarts (AMI refused for 30 s): pops must
    resume within ~2–3 s of it accepting logins again (16–17 s before)."""
    clock, transport = FakeClock(), MemoryTransport()
    client, _ = make_client(transport, clock)
    client.start()
    try:
        await clock.run_until(lambda: connected(client))
        await clock.advance(600)
        transport.peer.send_message(
            ("Event", "Shutdown"), ("Shutdown", "Cleanly"), ("Restart", "True")
        )
        transport.down = True
        await clock.run_until(lambda: not connected(client))
        await clock.advance(30)
        transport.down = False
        took = await clock.run_until(lambda: connected(client))
        assert took <= 3.0
    finally:
        await client.aclose()


async def test_resume_is_noticed_at_the_next_keepalive_and_skips_the_backoff() -> None:
    clock, transport = FakeClock(), MemoryTransport()
    client, _ = make_client(transport, clock)
    client.start()
    try:
        await clock.run_until(lambda: connected(client))
        first = transport.peer
        await clock.advance(5)
        clock.jump_wall(8 * 3600)  # slept all night
        took = await clock.run_until(lambda: len(transport.peers) == 2 and connected(client))
        assert took <= 15.0 + 0.1  # the keepalive's next wake, then at once
        assert first.closed
        assert client.resumes == 1
    finally:
        await client.aclose()


async def test_a_wrong_password_is_tried_once() -> None:
    clock, transport = FakeClock(), MemoryTransport(PeerScript(secret="other"))
    client, _ = make_client(transport, clock)
    client.start()
    try:
        await clock.run_until(lambda: client.status.state is ConnectionState.AUTH_FAILED)
        await clock.advance(3600)
        assert transport.logins() == 1
    finally:
        await client.aclose()


async def test_events_reach_subscribers_and_unwanted_ones_are_dropped_unparsed() -> None:
    clock, transport = FakeClock(), MemoryTransport()
    client, _ = make_client(transport, clock)
    seen: list[Message] = []
    client.subscribe(seen.append, {"Hangup"})
    client.start()
    try:
        await clock.run_until(lambda: connected(client))
        for i in range(5):
            transport.peer.send_message(("Event", "VarSet"), ("Value", str(i)))
            transport.peer.send_message(("Event", "Hangup"), ("Uniqueid", str(i)))
        await settle()
        assert [m["Uniqueid"] for m in seen] == ["0", "1", "2", "3", "4"]
        conn = client.connection
        assert conn is not None and conn.protocol.dropped == 5
    finally:
        await client.aclose()


async def test_each_subscriber_gets_only_the_events_it_named() -> None:
    clock, transport = FakeClock(), MemoryTransport()
    client, _ = make_client(transport, clock)
    hangups: list[str] = []
    channels: list[str] = []
    everything: list[str] = []
    client.subscribe(lambda m: hangups.append(m.name), {"hangup"})
    client.subscribe(lambda m: channels.append(m.name), {"Newchannel"})
    client.start()
    try:
        await clock.run_until(lambda: connected(client))
        for name in ("Newchannel", "VarSet", "Hangup"):
            transport.peer.send_message(("Event", name), ("Uniqueid", "1"))
        await settle()
        assert (hangups, channels) == (["Hangup"], ["Newchannel"])
        client.subscribe(lambda m: everything.append(m.name))  # None: all of them
        transport.peer.send_message(("Event", "VarSet"), ("Value", "x"))
        await settle()
        assert everything == ["VarSet"] and hangups == ["Hangup"]
    finally:
        await client.aclose()
