"""``CallTracker.next_deadline``: one timer instead of a tick every second."""

from __future__ import annotations

from mypbxdesk.ami import Message
from mypbxdesk.calls import CallEvent, CallTracker, MyPhone

from .replay import FakeClock, load, messages, replay
from .test_tracker_events import ev, seed_dial

HANGUP_474 = ev(
    ("Event", "Hangup"),
    ("Channel", "SIP/474-000079de"),
    ("Uniqueid", "1372066112.31204"),
    ("Cause", "16"),
)


def test_nothing_pending_means_no_deadline() -> None:
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    assert tracker.next_deadline() is None
    tracker.apply(seed_dial("SIP/474-000079de"))
    assert tracker.calls  # a ringing call needs no timer: events end it
    assert tracker.next_deadline() is None


def test_lingering_call_deadline_is_linger_after_the_hangup() -> None:
    wall = FakeClock()
    mono = FakeClock(500.0)
    tracker = CallTracker(MyPhone("474"), clock=wall, linger=5.0, deadline_clock=mono)
    tracker.apply(seed_dial("SIP/474-000079de"))
    wall.now += 3
    mono.now += 3
    assert tracker.apply(HANGUP_474) == []  # the caller is still in the dialplan: it lingers
    deadline = tracker.next_deadline()
    assert deadline == mono.now + 5.0  # in deadline-clock seconds, not wall-clock ones
    mono.now = deadline - 0.001
    assert tracker.tick() == []
    assert tracker.next_deadline() == deadline
    mono.now = deadline
    wall.now += 5
    (ended,) = tracker.tick()
    assert ended.event is CallEvent.ENDED and ended.call.outcome == "missed"
    assert tracker.calls == []
    assert tracker.next_deadline() is None


def test_no_deadline_without_linger() -> None:
    tracker = CallTracker(MyPhone("474"), clock=FakeClock(), linger=0.0)
    tracker.apply(seed_dial("SIP/474-000079de"))
    (ended,) = tracker.apply(HANGUP_474)
    assert ended.event is CallEvent.ENDED
    assert tracker.next_deadline() is None


def _dial_474(n: int) -> Message:
    """Call number ``n`` from 470 rings 474 (caller uid ``1.<n>0``, 474's ``1.<n>1``)."""
    return ev(
        ("Event", "Dial"),
        ("SubEvent", "Begin"),
        ("Channel", f"SIP/470-{n:08d}"),
        ("Destination", f"SIP/474-{n:08d}"),
        ("CallerIDNum", "470"),
        ("CallerIDName", "Alice"),
        ("UniqueID", f"1.{n}0"),
        ("DestUniqueID", f"1.{n}1"),
        ("Dialstring", "474"),
    )


def _hangup(uid: str) -> Message:
    return ev(("Event", "Hangup"), ("Uniqueid", uid), ("Cause", "16"))


def test_the_earliest_of_several_lingering_calls() -> None:
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock, linger=5.0)
    tracker.apply(_dial_474(1))
    tracker.apply(_hangup("1.11"))
    first = tracker.next_deadline()
    assert first is not None and first == clock.now + 5.0
    clock.now += 2
    tracker.apply(_dial_474(2))
    tracker.apply(_hangup("1.21"))
    assert len(tracker.calls) == 2
    assert tracker.next_deadline() == first
    clock.now = first + 0.5
    (ended,) = tracker.tick()
    assert ended.call.call_id == "1.11"
    assert tracker.next_deadline() == first + 2


def test_originate_hint_deadline() -> None:
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock)
    tracker.expect_originate("503", within=15.0)
    assert tracker.next_deadline() == clock.now + 15.0
    clock.now += 15.0
    assert tracker.tick() == []  # an expired hint goes without a change
    assert tracker.next_deadline() is None
    data = load("captures18/2c-originate-async-no-answer.from-pbx.raw")
    assert tracker.apply_all(messages(data)) == []  # the hint was dropped


def test_used_hint_is_no_longer_pending() -> None:
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    tracker.expect_originate("503")
    data = load("captures18/2c-originate-async-no-answer.from-pbx.raw")
    changes = []
    for msg in messages(data):
        changes += tracker.apply(msg)
        if changes:
            break  # the phone rings: the hint made the call
    assert changes[0].call.number == "503"
    assert tracker.next_deadline() is None


def test_hint_and_lingering_call_give_the_earlier() -> None:
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock, linger=5.0)
    tracker.apply(seed_dial("SIP/474-000079de"))
    tracker.apply(HANGUP_474)
    tracker.expect_originate("503", within=15.0)
    assert tracker.next_deadline() == clock.now + 5.0
    tracker.expect_originate("504", within=1.0)
    assert tracker.next_deadline() == clock.now + 1.0


def test_timer_driven_replay_ends_calls_on_time() -> None:
    """A service that only ever ticks at ``next_deadline`` reports what a
    ticking one does: every call of a queue retry stream, ended by its deadline."""
    data = load("calls/18-queue-retry-missed.ami")
    ticking = replay(data, MyPhone("474"))
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock, linger=5.0)
    changes = []
    for msg in messages(data):
        clock.now += 0.01
        if msg.is_event("X-TestClock"):
            clock.now += float(msg.get("Advance") or 0)
        deadline = tracker.next_deadline()
        if deadline is not None and deadline <= clock.now:
            changes += tracker.tick()
        changes += tracker.apply(msg)
    clock.now += 60
    changes += tracker.tick()
    assert [c.event for c in changes] == [c.event for c in ticking.changes]
    assert [c.call.outcome for c in changes] == [c.call.outcome for c in ticking.changes]
    assert tracker.next_deadline() is None
