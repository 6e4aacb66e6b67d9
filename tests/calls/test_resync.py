"""Reconnect: rebuilding live calls from CoreShowChannels / Status list items."""

from __future__ import annotations

from mypbxdesk.ami import Message
from mypbxdesk.calls import CallState, CallTracker, Direction, MyPhone

from .replay import A22, FakeClock, load, messages, summary
from .test_tracker_events import ev, seed_dial

C8 = "captures18/8-status-coreshowchannels-ping-events.from-pbx.raw"


def _list(data: bytes, action_id: str) -> list[Message]:
    return [
        m
        for m in messages(data)
        if m.kind.value == "event"
        and m.action_id == action_id
        and m.name in ("Status", "CoreShowChannel")
    ]


def _after(data: bytes, action_id: str) -> list[Message]:
    """The messages after the list with ``action_id`` completed (a client that just logged in)."""
    out: list[Message] = []
    seen = False
    for msg in messages(data):
        if seen:
            out.append(msg)
        elif msg.action_id == action_id and msg.name.endswith("Complete"):
            seen = True
    return out


def test_18_coreshowchannels_adopts_a_call_that_began_offline() -> None:
    data = load(C8)
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock)
    changes = tracker.resync(_list(data, "csc"))
    assert summary(changes) == [("answered", "incoming", "470", "Alice", None, None)]
    call = changes[0].call
    assert call.my_channel == "SIP/474-00000016"
    assert call.peer_channel == "SIP/470-00000015"
    assert call.call_id == "1795822330.22"
    # Events go on after the login: nothing new until the empty list says it is over.
    assert tracker.apply_all(_after(data, "csc")) == []
    ended = tracker.resync([])
    assert summary(ended) == [("ended", "incoming", "470", "Alice", "answered", None)]
    assert ended[0].call.call_id == call.call_id


def test_18_status_two_shapes_both_sides() -> None:
    items = _list(load(C8), "status-all")
    clock = FakeClock()
    callee = CallTracker(MyPhone("474"), clock=clock).resync(items)
    assert summary(callee) == [("answered", "incoming", "470", "Alice", None, None)]
    assert callee[0].call.started_at == clock.now  # the dialled-leg shape has no Seconds
    caller = CallTracker(MyPhone("470"), clock=clock).resync(items)
    assert summary(caller) == [("answered", "outgoing", "474", "Ext 474", None, None)]
    seconds = float(items[0]["Seconds"])
    assert caller[0].call.started_at == clock.now - seconds


def test_22_coreshowchannels_adopts_and_events_end_it() -> None:
    data = load(A22)
    tracker = CallTracker(MyPhone("306"), clock=FakeClock())
    changes = tracker.resync(_list(data, "5"))
    assert summary(changes) == [("answered", "incoming", "470", "Ext 470", None, None)]
    assert changes[0].call.peer_channel == "PJSIP/470-00000002"
    later = tracker.apply_all(_after(data, "5"))
    assert summary(later) == [("ended", "incoming", "470", "Ext 470", "answered", None)]
    assert later[0].call.call_id == changes[0].call.call_id


def test_known_call_keeps_its_id_and_is_not_reported_twice() -> None:
    data = load(C8)
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    live = []
    for msg in messages(data):
        live += tracker.apply(msg)
        if msg.name == "Bridge":
            break
    assert [c.event.value for c in live] == ["ringing", "answered"]
    assert tracker.resync(_list(data, "csc")) == []
    assert tracker.resync(_list(data, "status-all")) == []
    (call,) = tracker.calls
    assert call.call_id == live[0].call.call_id and call.state is CallState.ANSWERED


def test_stale_ringing_call_ends_on_reconnect() -> None:
    data = load("captures18/4a-call-470-to-474-missed-noanswer.from-pbx.raw")
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    rang = []
    for msg in messages(data):
        rang += tracker.apply(msg)
        if rang:
            break  # the connection drops while 474 rings
    assert tracker.calls[0].state is CallState.RINGING
    ended = tracker.resync([])
    assert summary(ended) == [("ended", "incoming", "470", "Alice", "missed", None)]
    assert tracker.calls == [] and tracker.followed == 0


def test_ringing_call_answered_while_offline() -> None:
    data = load(C8)
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    for msg in messages(data):
        tracker.apply(msg)
        if msg.name == "Dial":
            break  # offline before the answer
    changes = tracker.resync(_list(data, "csc"))
    assert summary(changes) == [("answered", "incoming", "470", "Alice", None, None)]


def test_outgoing_originate_found_on_reconnect() -> None:
    data = load(A22)
    items = [m for m in messages(data) if m.name == "CoreShowChannel"]
    tracker = CallTracker(MyPhone("470"), clock=FakeClock())
    (change,) = tracker.resync(items)
    assert change.call.direction is Direction.OUTGOING
    assert change.call.number == "306"


def test_list_without_the_users_channels_changes_nothing() -> None:
    assert CallTracker(MyPhone("999"), clock=FakeClock()).resync(_list(load(C8), "csc")) == []


def test_call_transferred_while_offline_gets_the_new_party() -> None:
    # 470 -> 474 answered; offline, 474 is now bridged with 306 instead (a transfer
    # to 474 completed meanwhile): same call, ANSWERED again with the new party.
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    (rang,) = tracker.apply(seed_dial("SIP/474-000079de"))
    answered = ev(
        ("Event", "Newstate"),
        ("Channel", "SIP/474-000079de"),
        ("ChannelState", "6"),
        ("Uniqueid", "1372066112.31204"),
    )
    assert [c.event.value for c in tracker.apply(answered)] == ["answered"]

    def item(channel: str, uid: str, bridged: str, number: str, app: str) -> Message:
        return Message(
            [
                ("Event", "CoreShowChannel"),
                ("Channel", channel),
                ("UniqueID", uid),
                ("ChannelStateDesc", "Up"),
                ("Application", app),
                ("BridgedUniqueID", bridged),
                ("CallerIDnum", number),
            ]
        )

    changes = tracker.resync(
        [
            item("SIP/474-000079de", "1372066112.31204", "9.9", "474", "AppDial"),
            item("SIP/306-00000001", "9.9", "1372066112.31204", "306", "Dial"),
        ]
    )
    assert summary(changes) == [("answered", "incoming", "306", "", None, None)]
    (call,) = tracker.calls
    assert call.call_id == rang.call.call_id
    assert call.peer_channel == "SIP/306-00000001"
    (ended,) = tracker.resync([])
    assert (ended.call.number, ended.call.outcome) == ("306", "answered")
