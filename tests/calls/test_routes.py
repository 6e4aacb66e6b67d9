"""How a call came (``Call.via``: queue, ring group, DID) and who transferred it
(``Call.transferred_by``), from real captures of both dialects, the scripted
streams, and scripted 1.8 message lists for what no capture has.
"""

from __future__ import annotations

import pytest

from mypbxdesk.ami import Message
from mypbxdesk.calls import (
    CallChange,
    CallEvent,
    CallTracker,
    Direction,
    MyPhone,
    Route,
    Transferer,
)

from .replay import A22, FakeClock, load, replay, summary

C18 = "captures18/"
A = "asterisk22/"
QUEUE = Route("queue", "reception")
BY_474 = Transferer("474", "Ext 474")

#: (stream, extension) → (via, transferred_by) of the RINGING change.
RINGING = {
    # 1.8 queue "reception" (650): no Dial, AgentCalled names the ringing member.
    "18 queue, member 474": (C18 + "c4-queue.from-pbx.raw", "474", QUEUE, None),
    "18 queue, member 475": (C18 + "c4-queue.from-pbx.raw", "475", QUEUE, None),
    # 22 queue: QueueCallerJoin, AgentCalled, then DialBegin with Exten 610.
    "22 queue, member 474": (A + "console-queue.A.from-asterisk.raw", "474", QUEUE, None),
    "22 queue, member 305": (A + "console-queue.A.from-asterisk.raw", "305", QUEUE, None),
    # 22 ring group 600 (Dial(PJSIP/474&PJSIP/305)): DialBegin Exten 600.
    "22 ring group, 474": (
        A + "console-ringgroup.A.from-asterisk.raw",
        "474",
        Route("group", "600"),
        None,
    ),
    "22 ring group, 305": (
        A + "console-ringgroup.A.from-asterisk.raw",
        "305",
        Route("group", "600"),
        None,
    ),
    # 22 BlindTransfer of 470 by 474 to 306.
    "22 blind transfer target": (A + "console-blindxfer.A.from-asterisk.raw", "306", None, BY_474),
    "22 blind transferer": (A + "console-blindxfer.A.from-asterisk.raw", "474", None, None),
    # 22 Redirect (no transfer event): 470 had talked to 474, then dials 306.
    "22 redirect target": (A22, "306", None, BY_474),
    "22 redirected from": (A22, "474", None, None),
    # 22 attended transfer: 306 rings for 474's consultation call (see below).
    "22 atxfer consultation": (A + "console-atxfer.A.from-asterisk.raw", "306", None, None),
    # Direct calls.
    "18 direct call": (C18 + "3-call-470-to-474-answered.from-pbx.raw", "474", None, None),
    "18 forked to the user's two devices": (
        "calls/18-forked-two-devices-missed.ami",
        "474",
        None,
        None,
    ),
    "18 redirected while ringing (never bridged)": (
        "calls/18-redirect-303-305-306.ami",
        "306",
        None,
        None,
    ),
    # Trunk calls to 600: the number dialled on the trunk.
    "18 trunk call to 600": (
        "calls/18-ringgroup-answered-elsewhere.ami",
        "474",
        Route("did", "600"),
        None,
    ),
    "22 trunk call to 600": (
        "calls/22-ringgroup-answered-elsewhere.ami",
        "476",
        Route("did", "600"),
        None,
    ),
    "22 trunk call blind-transferred": (
        "calls/22-queue-retry-blind-transfer.ami",
        "306",
        Route("did", "600"),
        BY_474,
    ),
    # The trunk's number is 474: the caller dialled the user directly.
    "18 DID equal to the extension": (
        "calls/18-attended-transfer-masquerade.ami",
        "474",
        None,
        None,
    ),
}


def _ringing(changes: list[CallChange]) -> CallChange:
    (ring,) = [c for c in changes if c.event is CallEvent.RINGING]
    return ring


@pytest.mark.parametrize("case", list(RINGING))
def test_ringing_tells_how_the_call_came(case: str) -> None:
    path, extension, via, by = RINGING[case]
    for bytewise in (False, True):
        changes = replay(load(path), MyPhone(extension), bytewise=bytewise).changes
        ring = _ringing(changes)
        assert ring.call.direction is Direction.INCOMING
        assert (ring.call.via, ring.call.transferred_by) == (via, by)
        # Kept through the call's life (answered, retries, ended).
        for change in changes:
            if change.call.call_id == ring.call.call_id:
                assert change.call.via == via


def test_outgoing_calls_have_neither() -> None:
    for path, extension in [
        (A + "console-queue.A.from-asterisk.raw", "470"),
        (A22, "470"),
        (A22, "503"),
        (C18 + "2a-originate-mypbx-doc.from-pbx.raw", "503"),
    ]:
        changes = replay(load(path), MyPhone(extension)).changes
        assert changes
        assert {(c.call.via, c.call.transferred_by) for c in changes} == {(None, None)}


def test_the_queue_of_a_18_call_is_kept_while_it_is_answered() -> None:
    changes = replay(load(C18 + "c4-queue.from-pbx.raw"), MyPhone("474")).changes
    assert [c.event for c in changes] == [CallEvent.RINGING, CallEvent.ANSWERED, CallEvent.ENDED]
    assert {c.call.via for c in changes} == {QUEUE}
    line = changes[0].to_json()
    assert line["via"] == {"kind": "queue", "label": "reception"}
    assert line["transferred_by"] is None


def test_attended_transfer_through_a_local_channel_tells_the_transferer() -> None:
    # 474's Atxfer to 306 dials through Local/306@…;1/;2; AttendedTransfer names
    # the ;1 half as the target. 306 then talks to the caller 470, transferred by 474.
    result = replay(load(A + "console-atxfer.A.from-asterisk.raw"), MyPhone("306"))
    assert summary(result.changes) == [
        ("ringing", "incoming", "474", "Ext 474", None, None),
        ("answered", "incoming", "474", "Ext 474", None, None),
        ("answered", "incoming", "470", "Alice", None, None),
        ("ended", "incoming", "470", "Alice", "answered", None),
    ]
    assert [c.call.transferred_by for c in result.changes] == [None, None, BY_474, BY_474]
    assert result.changes[2].call.peer_channel == "PJSIP/470-0000000c"
    assert result.changes[2].to_json()["transferred_by"] == "474"


def test_18_attended_transfer_masquerade_tells_the_transferer() -> None:
    result = replay(load("calls/18-attended-transfer-masquerade.ami"), MyPhone("306"))
    by = [c.call.transferred_by for c in result.changes]
    assert by == [None, None, Transferer("474", "Ext 474"), Transferer("474", "Ext 474")]


def test_a_queue_retry_keeps_the_queue() -> None:
    # 22-queue-retry-blind-transfer with the queue events a real queue sends.
    data = load("calls/22-queue-retry-blind-transfer.ami")
    join = (
        b"Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-00000069\r\n"
        b"Uniqueid: 1795824100.110\r\nLinkedid: 1795824100.110\r\nQueue: support\r\n"
        b"Position: 1\r\nCount: 1\r\n\r\n"
    )
    leave = (
        b"Event: QueueCallerLeave\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-00000069\r\n"
        b"Uniqueid: 1795824100.110\r\nQueue: support\r\nCount: 0\r\n\r\n"
    )
    first_dial = data.index(b"Event: DialBegin")
    answered = data.index(b"Event: BridgeEnter")
    data = data[:first_dial] + join + data[first_dial:answered] + leave + data[answered:]
    agent = replay(data, MyPhone("474")).changes
    assert [c.event.value for c in agent] == ["ringing", "answered", "ended"]
    assert {c.call.via for c in agent} == {Route("queue", "support")}
    # The blind transfer's target: the call still came through the queue
    # (Leave is not read), and 474 transferred it.
    target = _ringing(replay(data, MyPhone("306")).changes).call
    assert (target.via, target.transferred_by) == (Route("queue", "support"), BY_474)
    assert "QueueCallerLeave" not in CallTracker.wanted_events


# -- scripted 1.8 message lists ------------------------------------------------------


def ev(name: str, **headers: str) -> Message:
    return Message([("Event", name), ("Privilege", "call,all"), *headers.items()])


def newchannel(channel: str, uid: str, exten: str, number: str = "") -> Message:
    return ev(
        "Newchannel",
        Channel=channel,
        ChannelState="0",
        ChannelStateDesc="Down",
        CallerIDNum=number,
        CallerIDName="",
        Exten=exten,
        Context="DLPN_DialPlan",
        Uniqueid=uid,
    )


def dial(caller: str, uid: str, dest: str, dest_uid: str, dialstring: str, number: str) -> Message:
    return ev(
        "Dial",
        SubEvent="Begin",
        Channel=caller,
        Destination=dest,
        CallerIDNum=number,
        CallerIDName="",
        UniqueID=uid,
        DestUniqueID=dest_uid,
        Dialstring=dialstring,
    )


def ringing(channel: str, uid: str, connected: str) -> Message:
    return ev(
        "Newstate",
        Channel=channel,
        ChannelState="5",
        ChannelStateDesc="Ringing",
        ConnectedLineNum=connected,
        Uniqueid=uid,
    )


def up(channel: str, uid: str) -> Message:
    return ev("Newstate", Channel=channel, ChannelState="6", ChannelStateDesc="Up", Uniqueid=uid)


def bridge(c1: str, u1: str, c2: str, u2: str) -> Message:
    return ev(
        "Bridge",
        Bridgestate="Link",
        Bridgetype="core",
        Channel1=c1,
        Channel2=c2,
        Uniqueid1=u1,
        Uniqueid2=u2,
        CallerID1="",
        CallerID2="",
    )


def hangup(channel: str, uid: str) -> Message:
    return ev("Hangup", Channel=channel, Uniqueid=uid, Cause="16")


def rename(channel: str, new: str, uid: str) -> Message:
    return ev("Rename", Channel=channel, Newname=new, Uniqueid=uid)


def run(extension: str, msgs: list[Message], *, only_wanted: bool = False) -> list[CallChange]:
    clock = FakeClock()
    tracker = CallTracker(MyPhone(extension), clock=clock, linger=5.0)
    wanted = {name.lower() for name in CallTracker.wanted_events}
    out: list[CallChange] = []
    for msg in msgs:
        clock.now += 0.1
        if not only_wanted or msg.name.lower() in wanted:
            out += tracker.apply(msg)
    clock.now += 60
    return out + tracker.tick()


def ring_group(exten: str, dialstring: str) -> list[Message]:
    """470 dials ``exten``; the dialplan rings SIP/474 and SIP/475 at once."""
    return [
        newchannel("SIP/470-00000100", "1.100", exten, "470"),
        newchannel("SIP/474-00000101", "1.101", ""),
        newchannel("SIP/475-00000102", "1.102", ""),
        dial("SIP/470-00000100", "1.100", "SIP/474-00000101", "1.101", dialstring, "470"),
        dial("SIP/470-00000100", "1.100", "SIP/475-00000102", "1.102", dialstring, "470"),
        ringing("SIP/474-00000101", "1.101", "470"),
        ringing("SIP/475-00000102", "1.102", "470"),
        hangup("SIP/474-00000101", "1.101"),
        hangup("SIP/475-00000102", "1.102"),
        hangup("SIP/470-00000100", "1.100"),
    ]


@pytest.mark.parametrize(
    ("exten", "dialstring", "via"),
    [
        ("600", "SIP/474&SIP/475", Route("group", "600")),
        ("600", "474", Route("group", "600")),  # 1.8 may name one destination only
        ("s", "SIP/474&SIP/475", Route("group", "")),  # which number: not told
        ("474", "SIP/474&SIP/475", None),  # the user's own number (a follow-me)
        ("s", "SIP/474", None),
    ],
)
def test_18_ring_group(exten: str, dialstring: str, via: Route | None) -> None:
    changes = run("474", ring_group(exten, dialstring))
    assert [c.event for c in changes] == [CallEvent.RINGING, CallEvent.ENDED]
    assert {(c.call.via, c.call.transferred_by) for c in changes} == {(via, None)}
    if via is not None:
        assert run("475", ring_group(exten, dialstring))[0].call.via == via


def redirect_transfer() -> list[Message]:
    """303 calls 305, 305 answers; an AMI Redirect sends 303 to 474 (1.8: no event
    tells it but 303 dialling again; 303 runs Dial(), so it keeps its Uniqueid)."""
    return [
        newchannel("SIP/303-0000000a", "1380352766.10", "305", "303"),
        newchannel("SIP/305-0000000b", "1380352766.11", ""),
        dial(
            "SIP/303-0000000a", "1380352766.10", "SIP/305-0000000b", "1380352766.11", "305", "303"
        ),
        ringing("SIP/305-0000000b", "1380352766.11", "303"),
        up("SIP/305-0000000b", "1380352766.11"),
        bridge("SIP/303-0000000a", "1380352766.10", "SIP/305-0000000b", "1380352766.11"),
        ev("Unlink", Channel1="SIP/303-0000000a", Channel2="SIP/305-0000000b"),
        hangup("SIP/305-0000000b", "1380352766.11"),
        ev("Dial", SubEvent="End", Channel="SIP/303-0000000a", UniqueID="1380352766.10"),
        ev("Newexten", Channel="SIP/303-0000000a", Extension="474", Uniqueid="1380352766.10"),
        newchannel("SIP/474-0000000c", "1380352767.12", ""),
        dial(
            "SIP/303-0000000a", "1380352766.10", "SIP/474-0000000c", "1380352767.12", "474", "303"
        ),
        ringing("SIP/474-0000000c", "1380352767.12", "303"),
        up("SIP/474-0000000c", "1380352767.12"),
        bridge("SIP/303-0000000a", "1380352766.10", "SIP/474-0000000c", "1380352767.12"),
        hangup("SIP/474-0000000c", "1380352767.12"),
        hangup("SIP/303-0000000a", "1380352766.10"),
    ]


def test_18_redirect_transfer_tells_who_transferred() -> None:
    changes = run("474", redirect_transfer())
    assert summary(changes) == [
        ("ringing", "incoming", "303", "", None, None),
        ("answered", "incoming", "303", "", None, None),
        ("ended", "incoming", "303", "", "answered", None),
    ]
    # 303 had dialled 305 (used up by the dial to 305): not a ring group.
    assert {(c.call.via, c.call.transferred_by) for c in changes} == {(None, Transferer("305"))}
    assert changes[0].to_json()["transferred_by"] == "305"
    # 305 itself sees its call transferred away to 474.
    assert summary(run("305", redirect_transfer()))[-1][4:] == ("transferred", "474")


def masqueraded_redirect() -> list[Message]:
    """305 called 470; the app redirects 470 (no PBX thread) to 474: 1.8
    masquerades it into an AsyncGoto channel with a new Uniqueid, which dials 474."""
    return [
        newchannel("SIP/305-00000020", "1.20", "470", "305"),
        newchannel("SIP/470-00000021", "1.21", ""),
        dial("SIP/305-00000020", "1.20", "SIP/470-00000021", "1.21", "470", "305"),
        up("SIP/470-00000021", "1.21"),
        bridge("SIP/305-00000020", "1.20", "SIP/470-00000021", "1.21"),
        newchannel("AsyncGoto/SIP/470-00000021", "1.22", ""),
        ev("Masquerade", Clone="SIP/470-00000021", Original="AsyncGoto/SIP/470-00000021"),
        rename("SIP/470-00000021", "SIP/470-00000021<MASQ>", "1.21"),
        rename("AsyncGoto/SIP/470-00000021", "SIP/470-00000021", "1.22"),
        rename("SIP/470-00000021<MASQ>", "AsyncGoto/SIP/470-00000021<ZOMBIE>", "1.21"),
        hangup("AsyncGoto/SIP/470-00000021<ZOMBIE>", "1.21"),
        hangup("SIP/305-00000020", "1.20"),
        newchannel("SIP/474-00000023", "1.23", ""),
        dial("SIP/470-00000021", "1.22", "SIP/474-00000023", "1.23", "474", "470"),
        ringing("SIP/474-00000023", "1.23", "470"),
        hangup("SIP/474-00000023", "1.23"),
        hangup("SIP/470-00000021", "1.22"),
    ]


def test_18_redirect_of_a_masqueraded_callee_keeps_the_transferer() -> None:
    ring = run("474", masqueraded_redirect())[0]
    assert ring.event is CallEvent.RINGING and ring.call.number == "470"
    assert (ring.call.via, ring.call.transferred_by) == (None, Transferer("305"))


def did_call(exten: str) -> list[Message]:
    return [
        newchannel("SIP/trunk-x-00000030", "1.30", exten, "0301234567"),
        newchannel("SIP/474-00000031", "1.31", ""),
        dial("SIP/trunk-x-00000030", "1.30", "SIP/474-00000031", "1.31", "474", "0301234567"),
        ringing("SIP/474-00000031", "1.31", "0301234567"),
        up("SIP/474-00000031", "1.31"),
        bridge("SIP/trunk-x-00000030", "1.30", "SIP/474-00000031", "1.31"),
        hangup("SIP/474-00000031", "1.31"),
        hangup("SIP/trunk-x-00000030", "1.30"),
    ]


def test_18_did() -> None:
    changes = run("474", did_call("5551234"))
    assert [c.event.value for c in changes] == ["ringing", "answered", "ended"]
    assert {c.call.via for c in changes} == {Route("did", "5551234")}
    assert {c.call.trunk for c in changes} == {"trunk-x"}
    assert changes[0].to_json()["via"] == {"kind": "did", "label": "5551234"}
    # A trunk call whose number is not told (``s``): no route.
    assert {c.call.via for c in run("474", did_call("s"))} == {None}


def queue_without_agent_called(caller: str) -> list[Message]:
    """A 1.8 queue with ``eventwhencalled=no``: Join, then the member just rings."""
    return [
        newchannel("SIP/trunk-x-00000040", "1.40", "650", "0301234567"),
        ev(
            "Join",
            Channel="SIP/trunk-x-00000040",
            CallerIDNum="0301234567",
            Queue="sales",
            Position="1",
            Count="1",
            Uniqueid="1.40",
        ),
        newchannel("SIP/474-00000041", "1.41", ""),
        ringing("SIP/474-00000041", "1.41", caller),
        hangup("SIP/474-00000041", "1.41"),
        hangup("SIP/trunk-x-00000040", "1.40"),
    ]


def test_18_queue_without_agent_called_is_told_by_join() -> None:
    changes = run("474", queue_without_agent_called("0301234567"))
    assert [c.event for c in changes] == [CallEvent.RINGING, CallEvent.ENDED]
    assert {c.call.via for c in changes} == {Route("queue", "sales")}
    # Somebody else rings the user meanwhile: no queue call.
    changes = run("474", queue_without_agent_called("0307654321"))
    assert {c.call.via for c in changes} == {None}


def test_foreign_events_are_read_for_two_headers_at_most() -> None:
    """Events about other extensions (99 % of them) are read for one or two headers."""

    class Counting(Message):
        __slots__ = ("reads",)
        reads: int

        def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
            self.reads += 1
            return super().get(name, default)

    def reads(tracker: CallTracker, name: str, *headers: tuple[str, str]) -> int:
        msg = Counting([("Event", name), *headers])
        msg.reads = 0
        assert tracker.apply(msg) == []
        return msg.reads

    old = CallTracker(MyPhone("474"), clock=FakeClock())
    old.apply(ev("Dial", SubEvent="End", UniqueID="1.0"))  # a 1.8 server
    assert old.modern is False
    agent = [("Queue", "q"), ("DestinationChannel", "SIP/475-1"), ("Uniqueid", "1.2")]
    assert reads(old, "AgentCalled", *agent) == 1
    assert reads(old, "Join", ("Queue", "q"), ("CallerIDNum", "1"), ("Uniqueid", "1.2")) == 1
    assert (
        reads(old, "Newchannel", ("Channel", "SIP/475-1"), ("Exten", ""), ("Uniqueid", "1.1")) == 2
    )
    assert reads(old, "Bridge", ("Uniqueid1", "1.1"), ("Uniqueid2", "1.2"), ("Channel1", "x")) == 2
    modern = CallTracker(MyPhone("474"), clock=FakeClock())
    assert reads(modern, "AgentCalled", ("DestUniqueid", "1.3"), ("Queue", "q")) == 1
    assert reads(modern, "QueueCallerJoin", ("Queue", "q"), ("Uniqueid", "1.4")) == 1


def test_the_scripted_lists_need_only_wanted_events() -> None:
    lists = [
        redirect_transfer(),
        masqueraded_redirect(),
        _through_local(queue=True),
        did_call("5551234"),
        queue_without_agent_called("0301234567"),
        *(ring_group(exten, "SIP/474&SIP/475") for exten in ("600", "s")),
    ]
    dropped = {"Newexten", "Unlink", "Masquerade"}
    assert dropped <= {m.name for msgs in lists for m in msgs} - CallTracker.wanted_events
    for msgs in lists:
        for extension in ("474", "475", "305", "303", "470"):
            full = run(extension, msgs)
            assert run(extension, msgs, only_wanted=True) == full


def _item(channel: str, uid: str, peer: str, peer_uid: str, **headers: str) -> Message:
    """A 1.8 ``CoreShowChannel`` list item."""
    return Message(
        [
            ("Event", "CoreShowChannel"),
            ("ActionID", "csc"),
            ("Channel", channel),
            ("UniqueID", uid),
            ("ChannelState", "6"),
            ("ChannelStateDesc", "Up"),
            *headers.items(),
            ("Duration", "00:00:05"),
            ("BridgedChannel", peer),
            ("BridgedUniqueID", peer_uid),
        ]
    )


def _adopted(caller: str, number: str, **headers: str) -> list[CallChange]:
    """A call to 474 that began while the client was offline, found by a resync."""
    mine = _item(
        "SIP/474-00000051",
        "1.51",
        caller,
        "1.50",
        Extension="",
        Application="AppDial",
        ApplicationData="(Outgoing Line)",
        CallerIDnum="474",
        ConnectedLineNum=number,
    )
    other = _item(caller, "1.50", "SIP/474-00000051", "1.51", CallerIDnum=number, **headers)
    return CallTracker(MyPhone("474"), clock=FakeClock()).resync([other, mine])


@pytest.mark.parametrize(
    ("caller", "headers", "via"),
    [
        (
            "SIP/trunk-x-00000050",
            {"Extension": "650", "Application": "Queue", "ApplicationData": "reception,tT"},
            QUEUE,
        ),
        (
            "SIP/470-00000050",
            {"Extension": "600", "Application": "Dial", "ApplicationData": "SIP/474&SIP/475"},
            Route("group", "600"),
        ),
        (
            "SIP/trunk-x-00000050",
            {"Extension": "5551234", "Application": "Dial", "ApplicationData": "SIP/474"},
            Route("did", "5551234"),
        ),
        (
            "SIP/470-00000050",
            {"Extension": "474", "Application": "Dial", "ApplicationData": "SIP/474,30"},
            None,
        ),
    ],
)
def test_a_call_found_by_a_resync_tells_how_it_came(
    caller: str, headers: dict[str, str], via: Route | None
) -> None:
    number = "0301234567" if "trunk" in caller else "470"
    (change,) = _adopted(caller, number, **headers)
    assert (change.event, change.call.direction) == (CallEvent.ANSWERED, Direction.INCOMING)
    assert change.call.via == via


def _through_local(queue: bool) -> list[Message]:
    """22: 470 dials 600, which rings 474 through ``Local/474@from-group`` (as
    FreePBX ring groups and queues with Local members do)."""
    local = "Local/474@from-group-00000001"
    msgs = [
        ev("Newchannel", Channel="PJSIP/470-00000001", Exten="600", Uniqueid="1.1", Linkedid="1.1"),
        ev("Newchannel", Channel=local + ";1", Exten="474", Uniqueid="1.2", Linkedid="1.1"),
        ev("Newchannel", Channel=local + ";2", Exten="474", Uniqueid="1.3", Linkedid="1.1"),
        ev(
            "DialBegin",
            Channel="PJSIP/470-00000001",
            CallerIDNum="470",
            Exten="600",
            Uniqueid="1.1",
            Linkedid="1.1",
            DestChannel=local + ";1",
            DestUniqueid="1.2",
            DialString="Local/474@from-group",
        ),
        ev("Newchannel", Channel="PJSIP/474-00000002", Exten="s", Uniqueid="1.4", Linkedid="1.1"),
        ev(
            "DialBegin",
            Channel=local + ";2",
            CallerIDNum="470",
            Exten="474",
            Uniqueid="1.3",
            Linkedid="1.1",
            DestChannel="PJSIP/474-00000002",
            DestUniqueid="1.4",
            DialString="PJSIP/474",
        ),
        hangup("PJSIP/474-00000002", "1.4"),
        hangup(local + ";2", "1.3"),
        hangup(local + ";1", "1.2"),
        hangup("PJSIP/470-00000001", "1.1"),
    ]
    if queue:
        join = ev("QueueCallerJoin", Channel="PJSIP/470-00000001", Uniqueid="1.1", Queue="sales")
        msgs.insert(1, join)
    return msgs


def test_22_a_caller_behind_a_local_channel() -> None:
    (ring, _ended) = run("474", _through_local(queue=False))
    assert (ring.call.number, ring.call.via) == ("470", Route("group", "600"))
    (ring, _ended) = run("474", _through_local(queue=True))
    assert ring.call.via == Route("queue", "sales")
