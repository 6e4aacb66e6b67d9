"""Fixtures for the simulator tests: a fast PBX (delays in milliseconds) and clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest_asyncio

from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient

#: Delays that keep every flow in the tens of milliseconds.
FAST: dict[str, Any] = {
    "auth_fail_delay": 0.0,
    "ring_time": 0.05,
    "talk_time": 0.1,
    "answer_delay": 0.02,
    "dial_timeout": 0.4,
    "seed": 7,
    "park_time": 0.6,
    "park_announce": 0.03,
    "digit_timeout": 0.05,
    "queue_timeout": 0.3,
    "queue_retry": 0.05,
    "voicemail_time": 0.05,
}


async def bridged_call(pbx: SimulatedPbx, client: AmiClient, to: str = "474") -> tuple[str, str]:
    """470 ("Alice") calls ``to`` on its own line; once the client has seen the two
    bridged (1.8 ``Bridge`` or 12+ ``BridgeEnter``), returns (caller, callee channel)."""
    call = await pbx.incoming_call(caller="470", caller_name="Alice", to=to, via_trunk=False)
    await client.until(
        lambda m: (
            (m.is_event("Bridge") and m.get("Channel1") == call.channel)
            or (m.is_event("BridgeEnter") and m.get("Channel") == call.channel)
        )
    )
    return call.channel, call.destinations[0]


MakePbx = Callable[..., Awaitable[SimulatedPbx]]
MakeClient = Callable[..., Awaitable[AmiClient]]


@pytest_asyncio.fixture
async def make_pbx() -> AsyncIterator[MakePbx]:
    """A factory of started PBXs (fast delays unless overridden); all stopped at the end."""
    started: list[SimulatedPbx] = []

    async def make(**kwargs: Any) -> SimulatedPbx:
        pbx = SimulatedPbx(**{**FAST, **kwargs})
        await pbx.start()
        started.append(pbx)
        return pbx

    yield make
    for pbx in started:
        await pbx.stop()


@pytest_asyncio.fixture
async def pbx(make_pbx: MakePbx) -> SimulatedPbx:
    """The MyPBX dialect with fast delays."""
    return await make_pbx()


@pytest_asyncio.fixture
async def make_client() -> AsyncIterator[MakeClient]:
    """A factory of connected clients (banner read); all closed at the end."""
    clients: list[AmiClient] = []

    async def make(
        port: int,
        *,
        login: str | None = None,
        secret: str = "",
        events: str | None = None,
        read_banner: bool = True,
    ) -> AmiClient:
        client = await AmiClient.connect(port, read_banner=read_banner)
        clients.append(client)
        if login is not None:
            response = await client.login(login, secret, events)
            assert response.name == "Success", response
        return client

    yield make
    for client in clients:
        await client.close()


@pytest_asyncio.fixture
async def admin(pbx: SimulatedPbx, make_client: MakeClient) -> AmiClient:
    """A client of ``pbx`` logged in as admin (FullyBooted already consumed)."""
    client = await make_client(pbx.port, login="admin", secret="password")
    booted = await client.next()
    assert booted.is_event("FullyBooted")
    return client
