"""``CallTracker.wanted_events`` is exact: a client may drop every other event unparsed.

Every stream the replay tests use (the captures of both dialects and the
scripted scenarios, queues and transfers among them) is replayed twice per
extension, once with every event and once with only the events named in
``wanted_events`` (compared case-insensitively; the clock moves on for the
dropped ones too), and the full change lists must be equal: events, calls
(how they came and who transferred them included), timestamps.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.ami import Kind, Message
from mypbxdesk.calls import CallChange, CallTracker, MyPhone

from . import test_bounded_state, test_replay_captures, test_replay_scenarios, test_routes
from .replay import DATA, FakeClock, Replay, load, messages, replay
from .test_properties import OPS

WANTED = CallTracker.wanted_events
WANTED_LOWER = frozenset(name.lower() for name in WANTED)

#: (stream, extension) of every replay test case.
CASES: set[tuple[str, str]] = {
    *((path, ext) for path, ext, _ in test_replay_captures.CASES.values()),
    *(("calls/" + name, ext) for name, ext, _ in test_replay_scenarios.CASES.values()),
    *test_bounded_state.CASES.values(),
    *((path, ext) for path, ext, _, _ in test_routes.RINGING.values()),
}
#: Every recorded or scripted server stream (a superset of the replay tests' files),
#: each for every extension the replay tests use.
STREAMS = sorted(
    str(path.relative_to(DATA))
    for pattern in (
        "captures18/*.from-pbx.raw",
        "asterisk22/*.from-asterisk.raw",
        "calls/*.ami",
    )
    for path in DATA.glob(pattern)
)
EXTENSIONS = sorted({ext for _, ext in CASES})


def _same(full: Replay, only: Replay) -> None:
    assert only.changes == full.changes
    assert only.lookups == full.lookups
    assert only.tracker.calls == full.tracker.calls
    assert only.tracker.followed == full.tracker.followed
    assert only.tracker.modern == full.tracker.modern


def test_wanted_events_are_the_handler_table() -> None:
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    handled = {name.lower() for name, handler in tracker._dispatch.items() if handler is not None}
    assert handled == WANTED_LOWER
    assert len(WANTED_LOWER) == len(WANTED)
    assert {"Newchannel", "Newstate", "Dial", "DialBegin", "DialEnd", "Hangup"} <= WANTED
    assert not WANTED & {"VarSet", "Newexten", "CoreShowChannel", "Status", "Masquerade"}


def test_the_streams_are_all_covered() -> None:
    assert {path for path, _ in CASES} | {
        test_replay_captures.C18 + "8-status-coreshowchannels-ping-events.from-pbx.raw"
    } <= set(STREAMS)
    names = {m.name for path in STREAMS for m in messages(load(path)) if m.kind is Kind.EVENT}
    # The test is not vacuous: the streams hold events that the filter drops.
    assert {"VarSet", "Newexten", "CoreShowChannel"} <= {n for n in names if n not in WANTED}
    # ... and every kind of event the tracker handles occurs but two transfers, which
    # the arbitrary sequences below cover (being wanted, they are never dropped).
    assert WANTED - names <= {"Transfer", "AttendedTransfer"}


@pytest.mark.parametrize("path", STREAMS)
def test_only_wanted_events_give_the_same_changes(path: str) -> None:
    data = load(path)
    for ext in EXTENSIONS:
        for options in ({}, {"linger": 0.0}, {"resync_lists": True}):
            full = replay(data, MyPhone(ext), **options)
            only = replay(data, MyPhone(ext), only=WANTED, **options)
            _same(full, only)


@pytest.mark.parametrize(
    ("path", "phone", "originate"),
    [
        ("calls/18-dahdi-analog.ami", MyPhone("601", dahdi_port=5), None),
        ("captures18/2c-originate-async-no-answer.from-pbx.raw", MyPhone("474"), "503"),
        ("captures18/2a-originate-mypbx-doc.from-pbx.raw", MyPhone("503"), "13806012345"),
    ],
)
def test_only_wanted_events_with_known_port_and_originate_hints(
    path: str, phone: MyPhone, originate: str | None
) -> None:
    data = load(path)
    full = replay(data, phone, originate=originate)
    assert full.changes
    _same(full, replay(data, phone, originate=originate, only=WANTED))


def test_event_names_are_compared_case_insensitively() -> None:
    data = load("captures18/3-call-470-to-474-answered.from-pbx.raw")
    upper = frozenset(name.upper() for name in WANTED)
    _same(replay(data, MyPhone("474")), replay(data, MyPhone("474"), only=upper))


def test_an_unwanted_event_changes_nothing_even_past_a_linger_deadline() -> None:
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474"), clock=clock, linger=5.0)
    data = load("captures18/4a-call-470-to-474-missed-noanswer.from-pbx.raw")
    for msg in messages(data):
        tracker.apply(msg)
        if msg.is_event("Hangup"):
            break  # 474 hung up first: the call lingers
    assert len(tracker.calls) == 1
    clock.now += 60
    noise = Message([("Event", "VarSet"), ("Channel", "SIP/474-1"), ("Uniqueid", "1.1")])
    assert tracker.apply(noise) == []
    assert len(tracker.calls) == 1  # released by tick() or the next wanted event
    (ended,) = tracker.tick()
    assert ended.call.outcome == "missed"


def _run(ops: list[tuple[str, object]], only: frozenset[str] | None) -> list[CallChange]:
    clock = FakeClock()
    tracker = CallTracker(MyPhone("474", dahdi_port=5), clock=clock, linger=5.0)
    changes: list[CallChange] = []
    for op, arg in ops:
        clock.now += 0.5
        if op == "apply":
            assert isinstance(arg, Message)
            if only is None or arg.kind is not Kind.EVENT or arg.name.lower() in only:
                changes += tracker.apply(arg)
        elif op == "tick":
            assert isinstance(arg, float)
            clock.now += arg
            changes += tracker.tick()
        elif op == "resync":
            assert isinstance(arg, list)
            changes += tracker.resync(arg)
        elif op == "resolve":
            assert isinstance(arg, tuple)
            tracker.lookups_needed()
            changes += tracker.resolve_dahdi(arg[0], arg[1])
        else:
            assert isinstance(arg, str)
            tracker.expect_originate(arg)
    return changes + tracker.resync([])


@given(st.lists(OPS, max_size=60))
def test_only_wanted_events_on_arbitrary_sequences(ops: list[tuple[str, object]]) -> None:
    assert _run(ops, WANTED_LOWER) == _run(ops, None)
