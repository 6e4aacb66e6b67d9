"""A ghost call (issue 12, item 6): events the model cannot read leave a call
ringing; after ringing with no change for longer than any PBX rings, the service
asks the PBX (``CoreShowChannels``) and ends it if its channel is gone.

A hand-written AMI peer (``tests/driver/fakes.py``) and a fake clock: the issue's
event order for 474 — its channel's ``Hangup`` before the ``Dial Begin`` naming
it, then ``Dial End``, the caller's ``Hangup``.
"""

from __future__ import annotations

import pytest

from mypbxdesk.ami.message import Message
from mypbxdesk.calls import CallEvent, CallState, CallTracker, MyPhone
from mypbxdesk.calls.ghosts import MAX_RING, RingWatch, channels_in
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.service.view import ResolvedChange

from ..driver.fakes import FakeClock, MemoryPeer, MemoryTransport, settle
from .test_timers import RING, make_service

MY_CHANNEL_NEW = (
    ("Event", "Newchannel"),
    ("Channel", "SIP/474-00000002"),
    ("ChannelState", "0"),
    ("ChannelStateDesc", "Down"),
    ("CallerIDNum", "474"),
    ("Uniqueid", "1.2"),
)
MY_CHANNEL_GONE = (
    ("Event", "Hangup"),
    ("Channel", "SIP/474-00000002"),
    ("Uniqueid", "1.2"),
    ("Cause", "16"),
)
DIAL_END = (
    ("Event", "Dial"),
    ("SubEvent", "End"),
    ("Channel", "SIP/470-00000001"),
    ("UniqueID", "1.1"),
    ("DialStatus", "CANCEL"),
)
CALLER_GONE = (
    ("Event", "Hangup"),
    ("Channel", "SIP/470-00000001"),
    ("Uniqueid", "1.1"),
    ("Cause", "16"),
)
#: The issue's order: 474's Hangup arrives before the Dial Begin naming it.
GHOST = (MY_CHANNEL_NEW, MY_CHANNEL_GONE, RING, DIAL_END, CALLER_GONE)


def ghost_timer(service: PhoneService) -> float | None:
    return service._ghost_at if service._ghost_timer is not None else None


def listed(peer: MemoryPeer) -> int:
    return sum(1 for a in peer.actions if a.name.lower() == "coreshowchannels")


async def ring_a_ghost(
    clock: FakeClock,
) -> tuple[PhoneService, MemoryTransport, list[ResolvedChange]]:
    service, transport = await make_service(clock)
    changes: list[ResolvedChange] = []
    service.on_change(changes.append)
    for event in GHOST:
        transport.peer.send_message(*event)
        await settle()
    # The bug as it was: the call rings on although both channels are gone.
    assert [c.event for c in changes] == [CallEvent.RINGING]
    assert [c.state for c in service.calls] == [CallState.RINGING]
    due = ghost_timer(service)
    assert due is not None and due - clock.monotonic() == pytest.approx(MAX_RING, abs=0.1)
    return service, transport, changes


@pytest.mark.asyncio
async def test_a_ghost_call_ends_once_the_pbx_says_its_channel_is_gone() -> None:
    clock = FakeClock()
    service, transport, changes = await ring_a_ghost(clock)
    try:
        before = listed(transport.peer)  # the login's resync
        await clock.advance(MAX_RING / 2)
        await service.check_ringing()  # too early: nothing is asked
        assert listed(transport.peer) == before
        assert [c.state for c in service.calls] == [CallState.RINGING]
        await clock.advance(MAX_RING / 2)
        await service.check_ringing()  # what the timer runs when it fires
        await settle()
        assert listed(transport.peer) == before + 1  # the peer's list is empty
        assert [c.event for c in changes] == [CallEvent.RINGING, CallEvent.ENDED]
        assert changes[-1].call.outcome == "missed"
        assert service.calls == []
        assert service.tracker.followed == 0
        assert ghost_timer(service) is None  # nothing left to check
    finally:
        await service.aclose()


@pytest.mark.asyncio
async def test_a_call_the_pbx_still_has_keeps_ringing_and_is_checked_later() -> None:
    clock = FakeClock()
    service, transport, changes = await ring_a_ghost(clock)

    def still_there(peer: MemoryPeer, action: Message) -> bool:
        if action.name.lower() != "coreshowchannels":
            return False
        peer.reply(action, ("Response", "Success"), ("EventList", "start"))
        peer.reply(
            action,
            ("Event", "CoreShowChannel"),
            ("Channel", "SIP/474-00000002"),
            ("UniqueID", "1.2"),
            ("ChannelStateDesc", "Ringing"),
        )
        peer.reply(
            action,
            ("Event", "CoreShowChannelsComplete"),
            ("EventList", "Complete"),
            ("ListItems", "1"),
        )
        return True

    transport.peer.script.on_action = still_there
    try:
        before = listed(transport.peer)
        await clock.advance(MAX_RING)
        await service.check_ringing()
        await settle()
        assert listed(transport.peer) == before + 1
        assert [c.event for c in changes] == [CallEvent.RINGING]
        assert [c.state for c in service.calls] == [CallState.RINGING]
        due = ghost_timer(service)
        assert due is not None and due - clock.monotonic() == pytest.approx(MAX_RING)
    finally:
        await service.aclose()


@pytest.mark.asyncio
async def test_an_answered_call_is_never_checked() -> None:
    clock = FakeClock()
    service, transport = await make_service(clock)
    try:
        transport.peer.send_message(*RING)
        await settle()
        assert ghost_timer(service) is not None
        transport.peer.send_message(
            ("Event", "Newstate"),
            ("Channel", "SIP/474-00000002"),
            ("ChannelState", "6"),
            ("ChannelStateDesc", "Up"),
            ("Uniqueid", "1.2"),
        )
        await settle()
        assert [c.state for c in service.calls] == [CallState.ANSWERED]
        assert ghost_timer(service) is None
        before = listed(transport.peer)
        await clock.advance(MAX_RING * 2)
        await service.check_ringing()
        assert listed(transport.peer) == before
    finally:
        await service.aclose()


def test_ring_watch_due_next_check_and_retry() -> None:
    """The pure rule: which calls are due given a clock reading."""
    tracker = CallTracker(MyPhone("474"), clock=lambda: 100.0)
    watch = RingWatch(max_ring=180, retry=30)
    changes = tracker.apply(Message(RING))
    watch.note(changes, 100.0)
    assert watch.due(279.9) == []
    assert watch.next_check() == 280.0
    (call_id,) = watch.due(280.0)
    watch.checked([call_id], 280.0, answered=False)  # the PBX could not be asked
    assert watch.next_check() == 310.0
    watch.checked([call_id], 310.0, answered=True)  # it still has the channel
    assert watch.next_check() == 490.0
    assert tracker.end_gone([call_id], []) != []
    assert tracker.calls == []


def test_channels_in_reads_both_dialects_and_both_actions() -> None:
    items = [
        Message((("Response", "Success"), ("EventList", "start"))),
        Message((("Event", "CoreShowChannel"), ("Channel", "SIP/474-1"), ("UniqueID", "1.1"))),
        Message((("Event", "Status"), ("Channel", "PJSIP/474-2"), ("Uniqueid", "2.2"))),
        Message((("Event", "CoreShowChannelsComplete"), ("ListItems", "2"))),
    ]
    assert channels_in(items) == (
        frozenset({"SIP/474-1", "PJSIP/474-2"}),
        frozenset({"1.1", "2.2"}),
    )
