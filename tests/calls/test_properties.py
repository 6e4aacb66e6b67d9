"""Property tests: arbitrary (often malformed) event sequences never break the tracker."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.ami import Message
from mypbxdesk.calls import CallChange, CallEvent, CallTracker, MyPhone

from .replay import FakeClock

EVENTS = [
    "Newchannel",
    "Newstate",
    "Dial",
    "DialBegin",
    "DialEnd",
    "DialState",
    "Hangup",
    "Bridge",
    "BridgeEnter",
    "BridgeLeave",
    "BridgeDestroy",
    "Rename",
    "Masquerade",
    "Transfer",
    "BlindTransfer",
    "AttendedTransfer",
    "Cdr",
    "NewCallerid",
    "Join",
    "Leave",
    "QueueCallerJoin",
    "QueueCallerLeave",
    "AgentCalled",
    "VarSet",
    "Unlink",
    "CoreShowChannel",
    "Status",
    "newstate",
    "HANGUP",
    "X-Unknown",
    "",
]
UIDS = ["1.1", "1.2", "1.3", "1.4", "1.5", "", "<null>"]
CHANNELS = [
    "SIP/474-1",
    "SIP/474-2",
    "IAX2/474-3",
    "PJSIP/474-4",
    "SIP/470-5",
    "DAHDI/5-1",
    "DAHDI/6-2",
    "SIP/trunk-x-6",
    "SIP/trunk-x/123-7",
    "Local/474@x-1;1",
    "SIP/474-1<MASQ>",
    "SIP/470-5<ZOMBIE>",
    "",
    "SIP/306-8",
]
POOLS: dict[str, list[str]] = {
    "uid": UIDS,
    "channel": CHANNELS,
    "state": ["4", "5", "6", "0", "Up", "Ringing", "Ring", "x"],
    "status": ["ANSWER", "NOANSWER", "CANCEL", "BUSY", "CHANUNAVAIL", "", "weird"],
    "number": ["470", "474", "306", "<unknown>", "", "0301234567"],
    "name": ["Alice", "O\\'Brien", "<unknown>", "", "M\udcfcller", "x\x00y"],
    "cause": ["16", "26", "19", "", "abc"],
    "misc": ["Begin", "End", "Link", "Unlink", "Success", "Fail", "306", "s", "bridge-1", "br-2"],
    "queue": ["reception", "sales", ""],
    "dialstring": ["474", "SIP/474&SIP/475", "SIP/474&IAX2/474", "trunk-x/0301", ""],
}
HEADERS = {
    "Channel": "channel",
    "Destination": "channel",
    "DestChannel": "channel",
    "Channel1": "channel",
    "Channel2": "channel",
    "Newname": "channel",
    "Clone": "channel",
    "Original": "channel",
    "TransferTargetChannel": "channel",
    "TransfereeChannel": "channel",
    "TargetChannel": "channel",
    "DestinationChannel": "channel",
    "ChannelCalling": "channel",
    "TransfererChannel": "channel",
    "Uniqueid": "uid",
    "UniqueID": "uid",
    "DestUniqueID": "uid",
    "DestUniqueid": "uid",
    "Uniqueid1": "uid",
    "Uniqueid2": "uid",
    "Linkedid": "uid",
    "TransfererUniqueid": "uid",
    "TransfereeUniqueid": "uid",
    "TransferTargetUniqueid": "uid",
    "OrigTransfererUniqueid": "uid",
    "BridgedUniqueID": "uid",
    "ChannelState": "state",
    "ChannelStateDesc": "state",
    "State": "state",
    "DialStatus": "status",
    "Disposition": "status",
    "CallerIDNum": "number",
    "ConnectedLineNum": "number",
    "CallerID1": "number",
    "CallerID2": "number",
    "Exten": "number",
    "Extension": "number",
    "TransferExten": "number",
    "Dialstring": "dialstring",
    "DialString": "dialstring",
    "TransferTargetCallerIDNum": "number",
    "TransfereeCallerIDNum": "number",
    "TransfererCallerIDNum": "number",
    "OrigTransfererCallerIDNum": "number",
    "Destination ": "number",
    "CallerIDName": "name",
    "ConnectedLineName": "name",
    "DestCallerIDName": "name",
    "TransfereeCallerIDName": "name",
    "TransfererCallerIDName": "name",
    "Queue": "queue",
    "Cause": "cause",
    "SubEvent": "misc",
    "Bridgestate": "misc",
    "Result": "misc",
    "BridgeUniqueid": "misc",
    "BridgeId": "misc",
    "Seconds": "cause",
    "Duration": "misc",
}


@st.composite
def messages(draw: st.DrawFn) -> Message:
    event = draw(st.sampled_from(EVENTS) | st.text(max_size=8))
    names = draw(st.lists(st.sampled_from(sorted(HEADERS)), max_size=10))
    headers: list[tuple[str, str]] = [("Event", event)]
    for name in names:
        value = draw(st.sampled_from(POOLS[HEADERS[name]]) | st.text(max_size=6))
        headers.append((name, value))
    if draw(st.booleans()):
        headers.insert(draw(st.integers(0, len(headers))), ("", draw(st.text(max_size=5))))
    return Message(headers)


OPS = st.one_of(
    messages().map(lambda m: ("apply", m)),
    st.floats(0, 20, allow_nan=False).map(lambda s: ("tick", s)),
    st.lists(messages(), max_size=4).map(lambda ms: ("resync", ms)),
    st.tuples(
        st.sampled_from(["5", "6", "x"]),
        st.lists(
            st.sampled_from(
                [
                    "Context: DLPN_DialPlan474",
                    "Signalling: FXS Kewlstart",
                    "Context: from-trunk",
                    "Signalling: FXO Kewlstart",
                    "junk",
                    "",
                ]
            ),
            max_size=3,
        ),
    ).map(lambda t: ("resolve", t)),
    st.sampled_from(["306", "0301"]).map(lambda n: ("originate", n)),
)


def _check(changes: list[CallChange], seen: dict[str, list[CallEvent]]) -> None:
    for change in changes:
        history = seen.setdefault(change.call.call_id, [])
        assert CallEvent.ENDED not in history, "a change after ENDED"
        if change.event is CallEvent.RINGING:
            assert not history, "RINGING twice, or after another event"
        history.append(change.event)
        json.dumps(change.to_json())


@given(st.lists(OPS, max_size=60), st.sampled_from([0.0, 5.0]), st.sampled_from([None, 5]))
def test_tracker_never_raises_and_never_rings_twice(
    ops: list[tuple[str, object]], linger: float, port: int | None
) -> None:
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474", dahdi_port=port), clock=clock, linger=linger)
    seen: dict[str, list[CallEvent]] = {}
    for op, arg in ops:
        clock.now += 0.5
        if op == "apply":
            assert isinstance(arg, Message)
            changes = tracker.apply(arg)
        elif op == "tick":
            assert isinstance(arg, float)
            clock.now += arg
            changes = tracker.tick()
        elif op == "resync":
            assert isinstance(arg, list)
            changes = tracker.resync(arg)
        elif op == "resolve":
            assert isinstance(arg, tuple)
            tracker.lookups_needed()
            changes = tracker.resolve_dahdi(arg[0], arg[1])
        else:
            assert isinstance(arg, str)
            tracker.expect_originate(arg)
            changes = []
        _check(changes, seen)
        for call in tracker.calls:
            assert call.is_live
    _check(tracker.resync([]), seen)
    assert tracker.calls == []
    assert all(h[-1] is CallEvent.ENDED for h in seen.values())
