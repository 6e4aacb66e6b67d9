"""Faults over real loopback sockets against the simulated PBX (issue 6).

Each test names the fault it proves the app survives. Cases already proven
elsewhere are only referenced, not repeated:

* keepalive on a half-open link, client level: tests/client/test_client.py
  ``test_half_open_link_is_detected_by_keepalive``;
* refused / non-AMI / closed before the banner / silent, connection level:
  tests/client/test_connection.py;
* wrong password stops without retrying: tests/client/test_client.py.

Here they are proven at the level the receptionist sees (PhoneService, calls,
history, the tray's and the dialer's words) and over a time window.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from pathlib import Path

import pytest

from mypbxdesk.calls import CallEvent, CallState, CallTracker, MyPhone
from mypbxdesk.driver.backoff import Backoff
from mypbxdesk.driver.client import AmiClient, AmiOptions, ConnectionState, ConnectionStatus
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.dialer import status_reason
from mypbxdesk.ui.tray import status_text

from .conftest import FakeService, eventually, make_service, options


def _logins(pbx: SimulatedPbx) -> int:
    return sum(1 for m in pbx.actions_received if m.name.lower() == "login")


# -- PBX restart mid-call -----------------------------------------------------------------
@pytest.mark.asyncio
async def test_pbx_restart_mid_call_ends_the_ringing_call(tmp_path: Path) -> None:
    """The PBX reboots while the user's phone rings: the call is gone on the PBX, so
    after reconnect + resync it must end (not ring forever), in the history too."""
    sim = SimulatedPbx("mypbx", auth_fail_delay=0.0, seed=5)
    port = await sim.start()
    service = make_service(port, tmp_path)
    changes: list[tuple[CallEvent, str]] = []
    service.on_change(lambda c: changes.append((c.event, c.call.call_id)))
    service.start()
    try:
        await service.client.wait_connected(5)
        await sim.incoming_call(to="474", ring_time=math.inf)
        await eventually(lambda: [c.state for c in service.calls] == [CallState.RINGING])
        (call_id,) = (c.call_id for c in service.calls)
        await sim.stop()  # the reboot: sockets reset, every channel gone, no Hangup sent
        await eventually(lambda: service.status.state is not ConnectionState.CONNECTED)
        assert await sim.start(port=port) == port  # back on the same port
        await eventually(lambda: service.calls == [], timeout=10)
        assert service.status.state is ConnectionState.CONNECTED
        assert changes.count((CallEvent.RINGING, call_id)) == 1
        assert changes[-1] == (CallEvent.ENDED, call_id)
        assert service.history is not None
        (entry,) = service.history.recent(10)
        assert entry.ended_at is not None and entry.outcome == "missed"
        # and the link works: a new call after the restart pops as usual
        await sim.incoming_call(to="474", ring_time=math.inf, caller="0301234567")
        await eventually(lambda: [c.number for c in service.calls] == ["0301234567"])
    finally:
        await service.aclose()
        await sim.stop()


@pytest.mark.asyncio
async def test_network_blip_mid_call_restores_the_same_call(
    rsim: SimulatedPbx, tmp_path: Path
) -> None:
    """Only the link dropped (Wi-Fi): the call still rings on the PBX, so resync keeps
    it (same call_id, no second RINGING), and it ends when the PBX ends it."""
    service = make_service(rsim.port, tmp_path)
    changes: list[tuple[CallEvent, str]] = []
    service.on_change(lambda c: changes.append((c.event, c.call.call_id)))
    service.start()
    try:
        await service.client.wait_connected(5)
        sim_call = await rsim.incoming_call(to="474", ring_time=1.0, outcome="missed")
        await eventually(lambda: len(service.calls) == 1)
        call_id = service.calls[0].call_id
        await rsim.drop_clients()
        await eventually(
            lambda: rsim.clients == 1 and service.status.state is ConnectionState.CONNECTED
        )
        await asyncio.sleep(0.1)  # the resync answer is in
        assert [c.call_id for c in service.calls] == [call_id]
        await asyncio.wait_for(sim_call.wait(), 10)
        await eventually(lambda: service.calls == [], timeout=10)
        assert [e for e, cid in changes if cid == call_id].count(CallEvent.RINGING) == 1
        assert changes[-1] == (CallEvent.ENDED, call_id)
    finally:
        await service.aclose()


# -- half-open connection -------------------------------------------------------------------
def test_default_keepalive_detects_a_half_open_link_within_30_s() -> None:
    opts = AmiOptions("pbx")
    assert (opts.ping_interval, opts.ping_timeout) == (20.0, 10.0)
    assert opts.ping_interval + opts.ping_timeout <= 30.0


@pytest.mark.asyncio
async def test_half_open_mid_call_is_detected_in_time_and_the_call_resyncs(
    rsim: SimulatedPbx, tmp_path: Path
) -> None:
    service = make_service(rsim.port, tmp_path, ping_interval=0.2, ping_timeout=0.3)
    statuses: list[ConnectionStatus] = []
    service.on_status(statuses.append)
    service.start()
    try:
        await service.client.wait_connected(5)
        await rsim.incoming_call(to="474", ring_time=math.inf)
        await eventually(lambda: len(service.calls) == 1)
        rsim.set_silent(True)
        t0 = time.monotonic()
        await eventually(lambda: service.status.state is ConnectionState.RECONNECT_WAIT)
        assert time.monotonic() - t0 < 0.2 + 0.3 + 0.4  # interval + timeout + slack
        assert "did not answer a keepalive ping within 0.3 s" in service.status.detail
        rsim.set_silent(False)
        await eventually(lambda: service.status.state is ConnectionState.CONNECTED)
        await eventually(lambda: len(service.calls) == 1)  # still ringing on the PBX
    finally:
        await service.aclose()


# -- sleep / clock jump -------------------------------------------------------------------------
class SteppableClock:
    """``time.time`` plus an offset the test steps (a resume, an NTP step)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.mark.asyncio
async def test_resume_from_sleep_reconnects_at_once_despite_a_long_backoff(
    rsim: SimulatedPbx,
) -> None:
    wall = SteppableClock()
    client = AmiClient(
        # a connected client looks for a resume when its keepalive wakes it
        options(rsim.port, ping_interval=0.05),
        backoff=Backoff(base=60, cap=60),
        wall_clock=wall,
    )
    client.start()
    try:
        await client.wait_connected(5)
        logins = _logins(rsim)
        wall.offset += 8 * 3600  # slept all night: the wall clock ran, monotonic did not
        t0 = time.monotonic()
        await eventually(lambda: _logins(rsim) == logins + 1, timeout=3)
        await client.wait_connected(3)
        assert time.monotonic() - t0 < 1.0  # not the 30-60 s backoff
        assert client.resumes == 1
    finally:
        await client.aclose()


@pytest.mark.asyncio
async def test_resume_while_waiting_out_a_backoff_skips_the_rest() -> None:
    """Asleep while the PBX was unreachable: on resume, try at once."""
    wall = SteppableClock()
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    client = AmiClient(
        AmiOptions("127.0.0.1", port, "admin", "x", resume_check_interval=0.05),
        backoff=Backoff(base=60, cap=60, unreachable=(60.0, 60.0)),
        wall_clock=wall,
    )
    statuses: list[ConnectionStatus] = []
    client.on_status(statuses.append)
    client.start()
    try:
        await eventually(lambda: client.status.state is ConnectionState.RECONNECT_WAIT)
        assert (client.status.retry_in or 0) >= 30
        wall.offset += 3600
        assert client.check_resume()
        await eventually(
            lambda: sum(s.state is ConnectionState.CONNECTING for s in statuses) == 2, timeout=2
        )
    finally:
        await client.aclose()


@pytest.mark.asyncio
async def test_small_clock_adjustments_and_auth_failure_do_not_trigger_a_reconnect(
    rsim: SimulatedPbx,
) -> None:
    wall = SteppableClock()
    client = AmiClient(options(rsim.port), wall_clock=wall)
    client.start()
    try:
        await client.wait_connected(5)
        wall.offset += 2.0  # an NTP slew-sized step
        assert not client.check_resume()
        assert client.status.state is ConnectionState.CONNECTED
        client.reconfigure(options(rsim.port, secret="wrong"))
        await eventually(lambda: client.status.state is ConnectionState.AUTH_FAILED)
        logins = _logins(rsim)
        wall.offset += 3600
        assert not client.check_resume()  # a wrong password stays wrong after a nap
        await asyncio.sleep(0.2)
        assert _logins(rsim) == logins
    finally:
        await client.aclose()


def test_lingering_call_ends_on_time_when_the_wall_clock_steps_back() -> None:
    """Timeouts run on the monotonic clock: the wall clock stepped back one hour
    must not keep a call alive for an hour (defect fixed in calls/core.py)."""
    from tests.calls.test_tracker_events import ev, seed_dial

    wall = SteppableClock()
    mono = [1000.0]
    tracker = CallTracker(MyPhone("474"), clock=wall, linger=5.0, deadline_clock=lambda: mono[0])
    tracker.apply(seed_dial("SIP/474-000079de"))
    assert (
        tracker.apply(
            ev(
                ("Event", "Hangup"),
                ("Channel", "SIP/474-000079de"),
                ("Uniqueid", "1372066112.31204"),
                ("Cause", "16"),
            )
        )
        == []
    )
    wall.offset -= 3600
    mono[0] += 6
    (ended,) = tracker.tick()
    assert ended.event is CallEvent.ENDED
    assert tracker.calls == []


def test_the_real_wall_clock_gets_monotonic_deadlines() -> None:
    tracker = CallTracker(MyPhone("474"))
    assert tracker._deadline_clock is time.monotonic


# -- connection failures: clear words, no hammering -----------------------------------------
SETTINGS = Settings(host="127.0.0.1", port=5038, extension="474")


async def _first_failure(opts: AmiOptions, *, window: float = 0.0) -> ConnectionStatus:
    client = AmiClient(opts, backoff=Backoff(base=0.1, cap=0.4, rng=random.Random(2)))
    client.start()
    try:
        await eventually(
            lambda: (
                client.status.state in (ConnectionState.RECONNECT_WAIT, ConnectionState.AUTH_FAILED)
            ),
            timeout=5,
        )
        status = client.status
        if window:
            await asyncio.sleep(window)
        return status
    finally:
        await client.aclose()


def _max_attempts(window: float, backoff: Backoff) -> int:
    """Attempts possible in ``window`` s if every delay were its shortest (ceiling/2)."""
    b = Backoff(backoff.base, backoff.cap)
    elapsed, attempts = 0.0, 1
    while True:
        elapsed += b.ceiling() / 2
        b.failures += 1
        if elapsed > window:
            return attempts
        attempts += 1


@pytest.mark.expect_log("AMI protocol error")
@pytest.mark.asyncio
async def test_each_failure_has_its_own_clear_words_and_nobody_hammers(rsim: SimulatedPbx) -> None:
    found: dict[str, ConnectionStatus] = {}
    found["wrong password"] = await _first_failure(options(rsim.port, secret="wrong"))
    gone = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    free = gone.sockets[0].getsockname()[1]
    gone.close()
    await gone.wait_closed()
    found["AMI disabled"] = await _first_failure(options(free))
    accepts: dict[str, int] = {}
    window = 1.5
    fakes = {
        "IP not permitted": (b"Asterisk Call Manager/1.1\r\n", 0.0),
        "closed before the banner": (None, 0.0),
        "HTTP server on 5038": (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", 1.0),
        "sends nothing": (None, 5.0),
    }
    for label, (greeting, linger) in fakes.items():
        async with FakeService(greeting, linger) as fake:
            t0 = time.monotonic()
            found[label] = await _first_failure(
                options(fake.port, connect_timeout=0.3), window=window
            )
            accepts[label] = fake.accepted
            elapsed = time.monotonic() - t0
            assert accepts[label] <= _max_attempts(elapsed, Backoff(0.1, 0.4)), label
    expected = {
        "wrong password": "Wrong AMI username or secret",
        "AMI disabled": "refused the connection (is AMI enabled",
        "IP not permitted": "closed the connection during login (is this computer's address "
        "permitted",
        "closed before the banner": "before greeting us (is this computer's address permitted",
        "HTTP server on 5038": "Not an AMI service: not an AMI server: expected 'Asterisk Call "
        "Manager/<version>', got 'HTTP/1.1 400 Bad Request'",
        "sends nothing": "no AMI greeting from 127.0.0.1",
    }
    trays = {k: status_text(s, SETTINGS) for k, s in found.items()}
    dialers = {k: status_reason(s) for k, s in found.items()}
    for label, words in expected.items():
        assert words in trays[label], (label, trays[label])
        assert "action was not re-sent" not in trays[label]
    assert "refused the AMI username or secret" in dialers["wrong password"]
    for label in expected:
        if label != "wrong password":
            assert found[label].detail in dialers[label], label
    assert len(set(trays.values())) == len(trays), "two failures read the same in the tray"
    assert len(set(dialers.values())) == len(dialers), "two failures read the same"
    assert found["wrong password"].state is ConnectionState.AUTH_FAILED


@pytest.mark.asyncio
async def test_refused_connection_is_retried_at_a_steady_pace_not_hammered() -> None:
    """A refused connect costs the PBX nothing, and a PBX that is back must be
    noticed within seconds: steady short gaps, never ~0, never growing."""
    gone = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = gone.sockets[0].getsockname()[1]
    gone.close()
    await gone.wait_closed()
    backoff = Backoff(base=0.05, cap=0.4, rng=random.Random(9), unreachable=(0.15, 0.25))
    client = AmiClient(AmiOptions("127.0.0.1", port, "admin", "x"), backoff=backoff)
    waits: list[float] = []
    client.on_status(
        lambda s: (
            waits.append(s.retry_in or 0.0) if s.state is ConnectionState.RECONNECT_WAIT else None
        )
    )
    client.start()
    await asyncio.sleep(2.0)
    await client.aclose()
    assert 5 <= len(waits) <= 2.0 / 0.15 + 1
    assert all(0.15 <= w <= 0.25 for w in waits)
    assert backoff.failures == 0  # not counted as failed sessions


# -- Shutdown event --------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_shutdown_event_mid_call_reconnects_and_the_call_resyncs(
    rsim: SimulatedPbx, tmp_path: Path
) -> None:
    service = make_service(rsim.port, tmp_path)
    statuses: list[ConnectionStatus] = []
    service.on_status(statuses.append)
    service.start()
    try:
        await service.client.wait_connected(5)
        await rsim.incoming_call(to="474", ring_time=math.inf)
        await eventually(lambda: len(service.calls) == 1)
        await rsim.send_raw(
            b"Event: Shutdown\r\nPrivilege: system,all\r\n"
            b"Shutdown: Uncleanly\r\nRestart: False\r\n\r\n"
        )
        await eventually(lambda: any("shutting down" in s.detail for s in statuses))
        wait = next(s for s in statuses if "shutting down" in s.detail)
        assert "the PBX is shutting down" in status_text(wait, SETTINGS)
        await eventually(lambda: service.status.state is ConnectionState.CONNECTED)
        await eventually(lambda: len(service.calls) == 1)
    finally:
        await service.aclose()
