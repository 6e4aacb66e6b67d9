"""Single events built in Python: the seed's examples, caller-ID text, originate hints."""

from __future__ import annotations

from mypbxdesk.ami import Message
from mypbxdesk.calls import CallTracker, Direction, MyPhone

from .replay import FakeClock, load, messages, replay, summary


def ev(*pairs: tuple[str, str]) -> Message:
    return Message([("Event", pairs[0][1]), ("Privilege", "call,all"), *pairs[1:]])


def seed_dial(destination: str, name: str = "470", dest_uid: str = "1372066112.31204") -> Message:
    """seed §1.4's example ``Event: Dial``, with another destination if asked."""
    return ev(
        ("Event", "Dial"),
        ("SubEvent", "Begin"),
        ("Channel", "SIP/470-000079dd"),
        ("Destination", destination),
        ("CallerIDNum", "470"),
        ("CallerIDName", name),
        ("UniqueID", "1372066112.31203"),
        ("DestUniqueID", dest_uid),
        ("Dialstring", "474"),
    )


def test_seed_dial_is_an_incoming_call_for_474_only() -> None:
    msg = seed_dial("SIP/474-000079de")
    (change,) = CallTracker(MyPhone("474"), clock=FakeClock()).apply(msg)
    assert summary([change]) == [("ringing", "incoming", "470", "470", None, None)]
    assert change.call.peer_channel == "SIP/470-000079dd"
    assert CallTracker(MyPhone("306"), clock=FakeClock()).apply(msg) == []


def test_seed_iax2_destination() -> None:
    (change,) = CallTracker(MyPhone("306"), clock=FakeClock()).apply(seed_dial("IAX2/306-0000801a"))
    assert change.call.my_channel == "IAX2/306-0000801a"


def test_seed_trunk_destination_is_never_incoming() -> None:
    for dest in (
        "SIP/trunk-test1/1112233-0000802c",
        "IAX2/trunk-test2/1112233-0000802c",
        "SIP/trunk-sps-test3/111222-0000802c",
    ):
        for ext in ("1112233", "111222", "trunk-test1", "474"):
            assert CallTracker(MyPhone(ext), clock=FakeClock()).apply(seed_dial(dest)) == []


def test_seed_trunk_destination_is_outgoing_for_the_caller() -> None:
    tracker = CallTracker(MyPhone("470"), clock=FakeClock())
    msg = Message(
        [
            *seed_dial("SIP/trunk-test1/1112233-0000802c").headers[:-1],
            ("Dialstring", "trunk-test1/1112233"),
        ]
    )
    (change,) = tracker.apply(msg)
    assert change.call.direction is Direction.OUTGOING
    assert (change.call.number, change.call.trunk) == ("1112233", "trunk-test1")


def test_unknown_caller() -> None:
    for number, name in (("", ""), ("<unknown>", "<unknown>"), ("\x00", "\x1b")):
        tracker = CallTracker(MyPhone("474"), clock=FakeClock())
        msg = Message(
            [
                *seed_dial("SIP/474-1").headers[:4],
                ("Destination", "SIP/474-1"),
                ("CallerIDNum", number),
                ("CallerIDName", name),
                ("UniqueID", "1.1"),
                ("DestUniqueID", "1.2"),
            ]
        )
        (change,) = tracker.apply(msg)
        assert (change.call.number, change.call.name) == ("", "Unknown caller")


def test_missing_headers_and_odd_events_are_ignored() -> None:
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    for msg in (
        Message([("Event", "Dial")]),
        Message([("Event", "Hangup")]),
        Message([]),
        Message([("Response", "Success")]),
        Message([("Event", "Rename"), ("Newname", "SIP/474-9")]),
        Message([("Event", "Newstate"), ("Channel", "SIP/474-1")]),
        Message([("Event", "ReceivedSMS"), ("", "--END SMS EVENT--")]),
        Message([("event", "dial"), ("subevent", "begin"), ("destination", "SIP/474-1")]),
    ):
        assert tracker.apply(msg) == []


def _through_parser(data: bytes) -> list[Message]:
    return list(messages(b"Asterisk Call Manager/1.1\r\n" + data))


def test_latin1_name_bytes_are_kept_readable() -> None:
    raw = (
        b"Event: Dial\r\nPrivilege: call,all\r\nSubEvent: Begin\r\nChannel: SIP/470-1\r\n"
        b"Destination: SIP/474-2\r\nCallerIDNum: 470\r\nCallerIDName: M\xfcller \xff\r\n"
        b"UniqueID: 1.1\r\nDestUniqueID: 1.2\r\nDialstring: 474\r\n\r\n"
    )
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    (change,) = tracker.apply_all(_through_parser(raw))
    assert change.call.name == "Müller ÿ"
    change.call.name.encode("utf-8")


def test_names_are_unescaped_for_modern_servers_only() -> None:
    escaped = 'O\\\'Brien \\"Pat\\"'
    old = CallTracker(MyPhone("474"), clock=FakeClock())
    (change,) = old.apply(seed_dial("SIP/474-1", name=escaped))
    assert change.call.name == escaped  # 1.8 sends names raw: a backslash is a backslash
    modern = CallTracker(MyPhone("474"), clock=FakeClock())
    (change,) = modern.apply(
        ev(
            ("Event", "DialBegin"),
            ("Channel", "PJSIP/470-1"),
            ("CallerIDNum", "470"),
            ("CallerIDName", escaped),
            ("Uniqueid", "1.1"),
            ("Linkedid", "1.1"),
            ("DestChannel", "PJSIP/474-2"),
            ("DestUniqueid", "1.2"),
            ("DialString", "474"),
        )
    )
    assert change.call.name == 'O\'Brien "Pat"'
    forced = CallTracker(MyPhone("474"), clock=FakeClock(), escaped_names=False)
    (change,) = forced.apply(
        ev(
            ("Event", "DialBegin"),
            ("Channel", "PJSIP/470-1"),
            ("CallerIDName", escaped),
            ("Uniqueid", "1.1"),
            ("Linkedid", "1.1"),
            ("DestChannel", "PJSIP/474-2"),
            ("DestUniqueid", "1.2"),
        )
    )
    assert change.call.name == escaped


def test_originate_hint_reports_the_click_to_dial_call_at_once() -> None:
    data = load("captures18/2c-originate-async-no-answer.from-pbx.raw")
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock)
    tracker.expect_originate("503")
    changes = tracker.apply_all(messages(data))
    assert summary(changes) == [
        ("ringing", "outgoing", "503", "", None, None),
        ("ended", "outgoing", "503", "", "failed", None),
    ]


def test_originate_hint_with_the_mypbx_doc_call() -> None:
    tracker = CallTracker(MyPhone("503"), clock=FakeClock())
    tracker.expect_originate("13806012345")
    changes = tracker.apply_all(messages(load("captures18/2a-originate-mypbx-doc.from-pbx.raw")))
    assert [c.event.value for c in changes] == ["ringing", "answered", "ended"]
    assert {c.call.number for c in changes} == {"13806012345"}
    assert changes[-1].call.trunk == "trunk-test1"


def test_expired_originate_hint_is_not_used() -> None:
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock)
    tracker.expect_originate("503", within=1.0)
    clock.now += 5
    data = load("captures18/2c-originate-async-no-answer.from-pbx.raw")
    assert tracker.apply_all(messages(data)) == []


def test_linger_zero_ends_at_once() -> None:
    result = replay(
        load("captures18/4a-call-470-to-474-missed-noanswer.from-pbx.raw"),
        MyPhone("474"),
        linger=0.0,
    )
    assert [c.event.value for c in result.changes] == ["ringing", "ended"]


def test_lingering_call_ends_on_tick() -> None:
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock, linger=5.0)
    tracker.apply(seed_dial("SIP/474-000079de"))
    hangup = ev(
        ("Event", "Hangup"),
        ("Channel", "SIP/474-000079de"),
        ("Uniqueid", "1372066112.31204"),
        ("Cause", "16"),
    )
    clock.now += 10
    assert tracker.apply(hangup) == []  # the caller is still in the dialplan
    assert len(tracker.calls) == 1
    clock.now += 4
    assert tracker.tick() == []
    clock.now += 2
    (ended,) = tracker.tick()
    assert (ended.call.outcome, ended.call.ended_at) == ("missed", FakeClock().now + 10)
