"""The phone service sleeps when nothing happens: no periodic tick, one timer per deadline."""

from __future__ import annotations

import random

import pytest

from mypbxdesk.calls import CallEvent, CallTracker
from mypbxdesk.driver import AmiClient, AmiOptions, Backoff, ConnectionState
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.service.view import ResolvedChange
from mypbxdesk.settings.config import Settings

from ..driver.fakes import FakeClock, MemoryTransport, settle

pytestmark = pytest.mark.asyncio

RING = (
    ("Event", "Dial"),
    ("SubEvent", "Begin"),
    ("Channel", "SIP/470-00000001"),
    ("Destination", "SIP/474-00000002"),
    ("CallerIDNum", "470"),
    ("CallerIDName", "Alice"),
    ("UniqueID", "1.1"),
    ("DestUniqueID", "1.2"),
    ("Dialstring", "474"),
)
MY_PHONE_HANGS_UP = (
    ("Event", "Hangup"),
    ("Channel", "SIP/474-00000002"),
    ("Uniqueid", "1.2"),
    ("Cause", "16"),
)


def armed(service: PhoneService) -> float | None:
    """When the service's one timer fires (its deadline), or None when none is armed."""
    return service._timer_at if service._timer is not None else None


async def make_service(clock: FakeClock) -> tuple[PhoneService, MemoryTransport]:
    transport = MemoryTransport()
    client = AmiClient(
        AmiOptions("pbx.example", 5038, "admin", "password"),
        backoff=Backoff(rng=random.Random(1)),
        clock=clock,
        transport=transport,
    )
    settings = Settings(host="pbx.example", extension="474")
    service = PhoneService(settings, "password", client=client)
    service.tracker = CallTracker(
        service.tracker.phone, clock=clock.wall, deadline_clock=clock.monotonic
    )
    service.start()
    await clock.run_until(lambda: service.status.state is ConnectionState.CONNECTED)
    await settle()
    return service, transport


async def test_an_idle_service_arms_no_timer_and_sleeps_for_the_keepalive_only() -> None:
    clock = FakeClock()
    service, _ = await make_service(clock)
    try:
        clock.sleeps.clear()
        await clock.advance(600)
        assert set(clock.sleeps) == {20.0, 10.0}  # keepalive and ping deadlines only
        assert service._timer is None  # nothing pending: no tracker timer either
    finally:
        await service.aclose()


async def test_a_lingering_call_arms_one_timer_for_its_deadline() -> None:
    clock = FakeClock()
    service, transport = await make_service(clock)
    changes: list[ResolvedChange] = []
    service.on_change(changes.append)
    try:
        transport.peer.send_message(*RING)
        await settle()
        assert [c.event for c in changes] == [CallEvent.RINGING]
        assert armed(service) is None
        transport.peer.send_message(*MY_PHONE_HANGS_UP)  # the caller is still there
        await settle()
        deadline = armed(service)
        assert deadline is not None
        assert deadline - clock.monotonic() == pytest.approx(5.0)
        await clock.advance(5.0)
        service._on_deadline()  # what the timer does when it fires
        assert [c.event for c in changes] == [CallEvent.RINGING, CallEvent.ENDED]
        assert changes[-1].call.outcome == "missed"
        assert armed(service) is None
    finally:
        await service.aclose()
