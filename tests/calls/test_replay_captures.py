"""Real captures (Asterisk 1.8 = MyPBX, and Asterisk 22) replayed through Parser + CallTracker.

Every case runs twice: the stream fed whole and one byte at a time. Each
expected row is (event, direction, number, name, outcome, transferred_to).
"""

from __future__ import annotations

import pytest

from mypbxdesk.calls import CallState, Direction, MyPhone

from .replay import A22, load, replay, summary

C18 = "captures18/"


RING_IN_ALICE = ("ringing", "incoming", "470", "Alice", None, None)
ANSWER_IN_ALICE = ("answered", "incoming", "470", "Alice", None, None)

CASES = {
    # 3: "Alice" <470> calls 474, 474 answers, 470 hangs up (seed §1.4 Dial).
    "18 answered, callee": (
        C18 + "3-call-470-to-474-answered.from-pbx.raw",
        "474",
        [
            RING_IN_ALICE,
            ANSWER_IN_ALICE,
            ("ended", "incoming", "470", "Alice", "answered", None),
        ],
    ),
    "18 answered, caller": (
        C18 + "3-call-470-to-474-answered.from-pbx.raw",
        "470",
        [
            ("ringing", "outgoing", "474", "", None, None),
            ("answered", "outgoing", "474", "Ext 474", None, None),
            ("ended", "outgoing", "474", "Ext 474", "answered", None),
        ],
    ),
    "18 answered, bystander": (C18 + "3-call-470-to-474-answered.from-pbx.raw", "999", []),
    # 4a: 474 never answers: a missed call.
    "18 missed, callee": (
        C18 + "4a-call-470-to-474-missed-noanswer.from-pbx.raw",
        "474",
        [
            RING_IN_ALICE,
            ("ended", "incoming", "470", "Alice", "missed", None),
        ],
    ),
    "18 missed, caller": (
        C18 + "4a-call-470-to-474-missed-noanswer.from-pbx.raw",
        "470",
        [
            ("ringing", "outgoing", "474", "", None, None),
            ("ended", "outgoing", "474", "Ext 474", "missed", None),
        ],
    ),
    # 2a: the MyPBX doc's Originate, 503 -> 13806012345 through SIP/trunk-test1 (seed §1.3).
    "18 originate via trunk": (
        C18 + "2a-originate-mypbx-doc.from-pbx.raw",
        "503",
        [
            ("ringing", "outgoing", "13806012345", "", None, None),
            ("answered", "outgoing", "13806012345", "", None, None),
            ("ended", "outgoing", "13806012345", "", "answered", None),
        ],
    ),
    "18 trunk call is nobody's incoming": (C18 + "2a-originate-mypbx-doc.from-pbx.raw", "474", []),
    # 2c: an Originate whose first leg (474's phone) never answers: no call without a hint.
    "18 unanswered originate": (C18 + "2c-originate-async-no-answer.from-pbx.raw", "474", []),
    # 7: a call with Command actions in between (raw Follows bodies).
    "18 commands mid-call": (
        C18 + "7-command-core-show-channels.from-pbx.raw",
        "474",
        [
            RING_IN_ALICE,
            ANSWER_IN_ALICE,
            ("ended", "incoming", "470", "Alice", "answered", None),
        ],
    ),
    # 22 (a): Originate 503 -> 13806012345 via PJSIP/trunk: DialBegin without caller half first.
    "22 originate via trunk": (
        A22,
        "503",
        [
            ("ringing", "outgoing", "13806012345", "", None, None),
            ("answered", "outgoing", "13806012345", "", None, None),
            ("ended", "outgoing", "13806012345", "", "answered", None),
        ],
    ),
    # 22 (b)+(c): 470 calls 474, 474 answers, a client redirects 470 to 306.
    "22 redirected away from callee": (
        A22,
        "474",
        [
            ("ringing", "incoming", "470", "Ext 470", None, None),
            ("answered", "incoming", "470", "Ext 470", None, None),
            ("ended", "incoming", "470", "Ext 470", "transferred", "306"),
        ],
    ),
    "22 redirect target": (
        A22,
        "306",
        [
            ("ringing", "incoming", "470", "Ext 470", None, None),
            ("answered", "incoming", "470", "Ext 470", None, None),
            ("ended", "incoming", "470", "Ext 470", "answered", None),
        ],
    ),
    "22 redirected caller keeps one call": (
        A22,
        "470",
        [
            ("ringing", "outgoing", "474", "Ext 474", None, None),
            ("answered", "outgoing", "474", "Ext 474", None, None),
            ("answered", "outgoing", "306", "Ext 306", None, None),
            ("ended", "outgoing", "306", "Ext 306", "answered", None),
        ],
    ),
}


@pytest.mark.parametrize("bytewise", [False, True], ids=["whole", "bytewise"])
@pytest.mark.parametrize("case", list(CASES))
def test_capture(case: str, bytewise: bool) -> None:
    path, extension, expected = CASES[case]
    result = replay(load(path), MyPhone(extension), bytewise=bytewise)
    assert summary(result.changes) == expected
    assert result.tracker.calls == []
    assert len({c.call.call_id for c in result.changes}) <= 1
    assert result.tracker.followed == 0


def test_call_details_of_the_seed_dial() -> None:
    result = replay(load(C18 + "3-call-470-to-474-answered.from-pbx.raw"), MyPhone("474"))
    ringing, answered, ended = (c.call for c in result.changes)
    assert ringing.call_id == answered.call_id == ended.call_id == "1795822221.3"
    assert ringing.my_channel == "SIP/474-00000003"
    assert ringing.peer_channel == "SIP/470-00000002"
    assert ringing.trunk is None and ringing.extension == "474"
    assert ringing.state is CallState.RINGING and ringing.answered_at is None
    assert answered.answered_at is not None and answered.duration is None
    assert ended.ended_at is not None and ended.duration is not None
    assert ended.duration == pytest.approx(ended.ended_at - answered.answered_at)


def test_outgoing_through_trunk_details() -> None:
    result = replay(load(C18 + "2a-originate-mypbx-doc.from-pbx.raw"), MyPhone("503"))
    call = result.changes[-1].call
    assert call.direction is Direction.OUTGOING
    assert call.trunk == "trunk-test1"
    assert call.peer_channel == "SIP/trunk-test1-00000001"
    assert call.my_channel == "SIP/503-00000000"


def test_modern_outgoing_trunk_name() -> None:
    result = replay(load(A22), MyPhone("503"))
    assert {c.call.trunk for c in result.changes} == {"trunk"}


def test_resync_lists_in_capture_8_end_the_call_missed_while_events_were_off() -> None:
    # 8: Status and CoreShowChannels during the call, then Events off while it
    # ends: only the (empty) lists after Events on tell that it is over.
    data = load(C18 + "8-status-coreshowchannels-ping-events.from-pbx.raw")
    without = replay(data, MyPhone("474"))
    assert [c.event.value for c in without.changes] == ["ringing", "answered"]
    with_lists = replay(data, MyPhone("474"), resync_lists=True)
    assert summary(with_lists.changes) == [
        RING_IN_ALICE,
        ANSWER_IN_ALICE,
        ("ended", "incoming", "470", "Alice", "answered", None),
    ]
    assert with_lists.tracker.calls == []
