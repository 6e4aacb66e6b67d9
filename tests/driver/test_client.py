"""The long-lived client: reconnect, keepalive, auth failure, clean shutdown."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from mypbxdesk.ami import ConnectionLost, Message, NotConnected, actions
from mypbxdesk.driver.backoff import Backoff
from mypbxdesk.driver.client import AmiClient, ConnectionState, ConnectionStatus
from mypbxdesk.sim import SimulatedPbx

from .conftest import eventually, options

pytestmark = pytest.mark.asyncio


def _count(pbx: SimulatedPbx, name: str) -> int:
    return sum(1 for m in pbx.actions_received if m.name.lower() == name.lower())


class Recorder:
    def __init__(self, client: AmiClient) -> None:
        self.statuses: list[ConnectionStatus] = []
        self.events: list[Message] = []
        client.on_status(self.statuses.append)
        client.subscribe(self.events.append)

    @property
    def states(self) -> list[ConnectionState]:
        return [s.state for s in self.statuses]

    def last(self) -> ConnectionState:
        return self.statuses[-1].state


@pytest.fixture
def fast_backoff() -> Backoff:
    return Backoff(base=0.05, cap=0.2, rng=random.Random(1), unreachable=(0.02, 0.04))


@pytest_asyncio.fixture
async def client_for(mypbx: SimulatedPbx, fast_backoff: Backoff) -> AsyncIterator[AmiClient]:
    client = AmiClient(options(mypbx, ping_interval=0.2, ping_timeout=0.3), backoff=fast_backoff)
    client.start()
    yield client
    await client.aclose()


async def test_connects_reconnects_and_logs_off(mypbx: SimulatedPbx, fast_backoff: Backoff) -> None:
    client = AmiClient(options(mypbx), backoff=fast_backoff)
    rec = Recorder(client)
    resyncs: list[str] = []

    async def resync(conn: object) -> None:
        resyncs.append("resync")

    client.on_connected(resync)
    client.start()
    await client.wait_connected(5)
    assert rec.states == [ConnectionState.CONNECTING, ConnectionState.CONNECTED]
    assert "connected to 127.0.0.1" in rec.statuses[-1].detail
    await mypbx.drop_clients()
    await eventually(lambda: rec.states.count(ConnectionState.CONNECTED) == 2)
    assert ConnectionState.RECONNECT_WAIT in rec.states
    assert resyncs == ["resync", "resync"]
    wait = next(s for s in rec.statuses if s.state is ConnectionState.RECONNECT_WAIT)
    assert wait.retry_in is not None and 0 < wait.retry_in <= 0.2
    # events keep flowing to the same subscriber after the reconnect
    await mypbx.incoming_call(to="474", outcome="missed", ring_time=0.05)
    await eventually(lambda: any(m.get("CallerIDNum") == "13806012345" for m in rec.events))
    await client.aclose()
    assert rec.last() is ConnectionState.DISCONNECTED
    assert _count(mypbx, "Logoff") == 1
    await eventually(lambda: mypbx.clients == 0)


async def test_wrong_password_stops_and_does_not_hammer(
    mypbx: SimulatedPbx, fast_backoff: Backoff
) -> None:
    client = AmiClient(options(mypbx, secret="wrong"), backoff=fast_backoff)
    rec = Recorder(client)
    client.start()
    await eventually(lambda: ConnectionState.AUTH_FAILED in rec.states)
    await asyncio.sleep(0.5)  # many backoff periods
    assert _count(mypbx, "Login") == 1
    assert rec.last() is ConnectionState.AUTH_FAILED
    assert "wrong AMI username or secret" in rec.statuses[-1].detail
    with pytest.raises(NotConnected, match="wrong AMI username"):
        await client.send(actions.ping())
    client.reconfigure(options(mypbx))
    await client.wait_connected(5)
    await client.aclose()


async def test_unreachable_pbx_is_retried_at_a_short_steady_pace(fast_backoff: Backoff) -> None:
    """A refused connect costs the PBX nothing: try again soon, without growing
    the delay, so that a restarted PBX is noticed within seconds."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    from mypbxdesk.driver.client import AmiOptions

    client = AmiClient(AmiOptions("127.0.0.1", port, "admin", "x"), backoff=fast_backoff)
    rec = Recorder(client)
    client.start()
    await eventually(lambda: rec.states.count(ConnectionState.RECONNECT_WAIT) >= 4)
    await client.aclose()
    waits = [s for s in rec.statuses if s.state is ConnectionState.RECONNECT_WAIT]
    assert all("refused the connection" in s.detail for s in waits)
    assert all(0.02 <= (s.retry_in or 0) <= 0.04 for s in waits)
    assert [s.attempt for s in waits[:4]] == [0, 0, 0, 0]  # not session failures


async def test_half_open_link_is_detected_by_keepalive(
    mypbx: SimulatedPbx, client_for: AmiClient
) -> None:
    rec = Recorder(client_for)
    await client_for.wait_connected(5)
    mypbx.set_silent(True)
    await eventually(lambda: ConnectionState.RECONNECT_WAIT in rec.states, timeout=5)
    wait = next(s for s in rec.statuses if s.state is ConnectionState.RECONNECT_WAIT)
    assert "did not answer a keepalive ping" in wait.detail
    mypbx.set_silent(False)
    await eventually(lambda: rec.last() is ConnectionState.CONNECTED, timeout=5)


async def test_pending_action_fails_on_drop_and_is_not_resent(
    mypbx: SimulatedPbx, client_for: AmiClient
) -> None:
    mypbx.set_phone("503", "noanswer")
    await client_for.wait_connected(5)
    pending = asyncio.create_task(
        client_for.send(actions.originate("SIP/503", "DLPN_DialPlan503", "13806012345"), timeout=30)
    )
    await eventually(lambda: _count(mypbx, "Originate") == 1)
    await mypbx.drop_clients()
    with pytest.raises(ConnectionLost):
        await pending
    await eventually(lambda: client_for.status.state is ConnectionState.CONNECTED)
    await asyncio.sleep(0.3)
    assert _count(mypbx, "Originate") == 1


async def test_shutdown_event_starts_the_reconnect(
    mypbx: SimulatedPbx, client_for: AmiClient
) -> None:
    rec = Recorder(client_for)
    await client_for.wait_connected(5)
    await mypbx.send_raw(
        b"Event: Shutdown\r\nPrivilege: system,all\r\nShutdown: Cleanly\r\nRestart: True\r\n\r\n"
    )
    await eventually(lambda: ConnectionState.RECONNECT_WAIT in rec.states)
    wait = next(s for s in rec.statuses if s.state is ConnectionState.RECONNECT_WAIT)
    assert "restarting" in wait.detail
    await eventually(lambda: rec.last() is ConnectionState.CONNECTED)


async def test_reconnect_now_skips_a_long_backoff(mypbx: SimulatedPbx) -> None:
    client = AmiClient(options(mypbx), backoff=Backoff(base=60, cap=60))
    rec = Recorder(client)
    client.start()
    await client.wait_connected(5)
    await mypbx.drop_clients()
    await eventually(lambda: rec.last() is ConnectionState.RECONNECT_WAIT)
    assert (rec.statuses[-1].retry_in or 0) >= 30
    client.reconnect_now()
    await client.wait_connected(2)
    await client.aclose()
