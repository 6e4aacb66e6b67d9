"""Fault injection, recording of what reached the PBX, slow clients, clean shutdown."""

from __future__ import annotations

import asyncio
import math
import socket

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.ami.writer import encode_message
from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient
from .conftest import MakeClient, MakePbx


async def _read_to_the_end(client: AmiClient) -> None:
    await client.expect_eof()
    await client.send("Ping")
    await client.send("Ping")


@pytest.mark.asyncio
async def test_drop_clients_resets_every_connection_and_keeps_listening(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    first = await make_client(pbx.port, login="admin", secret="password")
    second = await make_client(pbx.port)
    assert pbx.clients == 2
    await pbx.drop_clients()
    assert pbx.clients == 0
    for client in (first, second):
        with pytest.raises((ConnectionError, OSError)):  # EOF or reset
            await _read_to_the_end(client)
    again = await make_client(pbx.port, login="admin", secret="password")
    assert (await again.action("Ping"))["Ping"] == "Pong"


@pytest.mark.asyncio
async def test_drop_clients_during_a_sync_originate(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(ring_time=0.15)
    client = await make_client(pbx.port, login="admin", secret="password")
    await client.send(
        "Originate",
        ("Channel", "SIP/503"),
        ("Context", "DLPN_DialPlan503"),
        ("Exten", "474"),
        ("Priority", "1"),
    )
    await asyncio.sleep(0.05)
    await pbx.drop_clients()
    assert pbx.channels  # the call goes on without the AMI client, as in Asterisk
    await pbx.wait_idle()


@pytest.mark.asyncio
async def test_silent_pbx_reads_but_answers_nothing(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    client = await make_client(pbx.port, login="admin", secret="password")
    await client.next()  # FullyBooted
    pbx.set_silent(True)
    await client.send("Ping", action_id="lost")
    await pbx.incoming_call()
    assert await client.events_for(0.3) == []
    assert not client.eof and pbx.clients == 1  # half-open: the socket stays up
    assert pbx.actions_received[-1].action_id == "lost"  # read and recorded
    late = await make_client(pbx.port, read_banner=False)
    assert await late.events_for(0.05) == [] and not late.raw
    pbx.set_silent(False)
    assert (await client.action("Ping", action_id="back"))["Ping"] == "Pong"
    assert await late.read_banner()


@pytest.mark.asyncio
async def test_send_raw_splits_a_message_inside_a_utf8_name(
    pbx: SimulatedPbx, admin: AmiClient
) -> None:
    data = encode_message(
        [
            ("Event", "Newchannel"),
            ("Privilege", "call,all"),
            ("Channel", "SIP/trunk-sps-test1-0000000b"),
            ("CallerIDName", "张三 Jürgen"),
        ]
    )
    cut = data.index("张".encode()) + 1  # inside the first character
    await pbx.send_raw(b"\r\n" + data, split_at=[3, cut, cut + 4, len(data)], pause=0.01)
    msg = await admin.next()
    assert msg["CallerIDName"] == "张三 Jürgen"
    await pbx.send_raw(b"\x00\xffgarbage without end")
    assert await admin.events_for(0.05) == []  # incomplete: the client waits for more


@pytest.mark.asyncio
async def test_everything_received_is_recorded_in_order(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    one = await make_client(pbx.port)
    two = await make_client(pbx.port)
    sent_one = encode_message(
        [("Action", "Login"), ("Username", "admin"), ("Secret", "password"), ("ActionID", "a")]
    )
    await one.send_raw(sent_one)
    await one.until(lambda m: m.action_id == "a")
    await two.send_raw(b"Action: Ping\r\nActionID: b\r\n\r\n")
    await two.next()
    assert bytes(pbx.bytes_received) == sent_one + b"Action: Ping\r\nActionID: b\r\n\r\n"
    assert [(m.name, m.action_id) for m in pbx.actions_received] == [("Login", "a"), ("Ping", "b")]
    assert isinstance(pbx.actions_received[0], Message)
    assert pbx.actions_received[0]["Secret"] == "password"


async def _stalled_client(pbx: SimulatedPbx) -> AmiClient:
    """A logged-in client that never reads, with tiny socket buffers on both ends."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", pbx.port))
    reader, writer = await asyncio.open_connection(sock=sock)
    client = AmiClient(reader, writer)
    await client.read_banner()
    await client.login()
    port = sock.getsockname()[1]
    session = next(s for s in pbx.server.sessions if s.peer.endswith(f":{port}"))
    server_sock = session._writer.transport.get_extra_info("socket")
    server_sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    return client


@pytest.mark.asyncio
async def test_a_client_that_does_not_read_events_is_dropped_others_are_not(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(max_buffer=16 * 1024, ring_time=5.0)
    stalled = await _stalled_client(pbx)
    healthy = await make_client(pbx.port, login="admin", secret="password")
    try:
        for _ in range(100):  # the kernel takes ~150 KB on loopback even with tiny buffers
            await pbx.incoming_call(outcome="missed", caller_name="N" * 900)
            await healthy.events_for(0.005)
            if pbx.clients == 1:
                break
        assert pbx.clients == 1
        assert (await healthy.action("Ping"))["Ping"] == "Pong"
    finally:
        await stalled.close()


@pytest.mark.asyncio
async def test_send_raw_waits_for_readers_and_drops_a_stalled_one(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    stalled = await _stalled_client(pbx)
    healthy = await make_client(pbx.port, login="admin", secret="password")
    await healthy.next()  # FullyBooted
    burst = b"".join(b"Event: UserEvent\r\nSeq: %d\r\n\r\n" % i for i in range(20_000))
    reading = asyncio.create_task(healthy.until(lambda m: m.get("Seq") == "19999", 5.0))
    try:
        await pbx.send_raw(burst, timeout=0.3)  # ~0.6 MB in one write
        got = await reading
        assert [m["Seq"] for m in got] == [str(i) for i in range(20_000)]
        assert pbx.clients == 1  # the stalled one was dropped, the reader was not
    finally:
        await stalled.close()


@pytest.mark.asyncio
async def test_stop_cancels_everything(make_pbx: MakePbx, make_client: MakeClient) -> None:
    pbx = await make_pbx(talk_time=math.inf, ring_time=0.01)
    client = await make_client(pbx.port, login="admin", secret="password")
    call = await pbx.incoming_call()
    await pbx.ring_group_call(answered_by=None, ring_time=10)
    await client.send(
        "Originate",
        ("Channel", "SIP/503"),
        ("Context", "DLPN_DialPlan503"),
        ("Exten", "13806012345"),
        ("Priority", "1"),
    )
    pbx.start_schedule(every=0.01, to="306")
    await asyncio.sleep(0.1)
    await pbx.stop()
    assert pbx.clients == 0 and pbx.channels == []
    assert call.ended
    await client.expect_eof()
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert leftovers == []
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", pbx.port)
    port = await pbx.start(port=0)  # a stopped PBX can start again
    restarted = await make_client(port, login="admin", secret="password")
    assert (await restarted.action("Ping"))["Ping"] == "Pong"
