"""Properties of every console model, over every real capture of both dialects.

* ``wanted_events`` is exact: a client may drop every other broadcast event
  unparsed (the results are equal, change for change), and no name in it is
  dead weight (dropping it changes something, in a capture or a synthetic case);
* ``apply``/``resync`` never raise, on mangled real streams (events dropped,
  repeated, swapped, headers deleted or garbled, streams cut) and on random
  events, and every container stays within its cap (the caps are lowered here so
  that they are crossed).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mypbxdesk.ami import Message
from mypbxdesk.console import (
    LineState,
    MailboxWatch,
    ParkingLot,
    PresenceBook,
    QueueBoard,
    channels,
    mailbox,
    parking,
    presence,
    queues,
)

from ..mangle import JUNK as MANGLE_JUNK
from ..mangle import mangle
from .streams import ALL, CONSOLE, FakeClock, event, play, stream


@dataclass(frozen=True)
class Model:
    make: Callable[[FakeClock], Any]
    items: frozenset[str]
    complete: frozenset[str]
    final: Callable[[Any], object]


MODELS = {
    "presence": Model(
        PresenceBook,
        frozenset({"ExtensionStatus"}),
        frozenset({"ExtensionStateListComplete"}),
        lambda m: (tuple(m.colleagues), m.channels),
    ),
    "parking": Model(
        ParkingLot,
        frozenset({"ParkedCall"}),
        frozenset({"ParkedCallsComplete"}),
        lambda m: tuple(m.calls),
    ),
    "queues": Model(
        QueueBoard,
        frozenset({"QueueParams", "QueueMember", "QueueEntry"}),
        frozenset({"QueueStatusComplete"}),
        lambda m: tuple(m.queues),
    ),
    "mailbox": Model(
        lambda clock: MailboxWatch(), frozenset(), frozenset(), lambda m: tuple(m.counts)
    ),
}


def run(
    kind: str, msgs: Iterable[Message], wanted: Iterable[str] | None = None
) -> tuple[list[tuple[float, str, object]], object]:
    spec = MODELS[kind]
    clock = FakeClock()
    model = spec.make(clock)
    resync = getattr(model, "resync", None) if spec.items else None
    out = play(
        msgs, clock, model.apply, resync, items=spec.items, complete=spec.complete, wanted=wanted
    )
    return out, spec.final(model)


def wanted(kind: str) -> frozenset[str]:
    return MODELS[kind].make(FakeClock()).wanted_events  # type: ignore[no-any-return]


# -- wanted_events is exact -----------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(MODELS))
@pytest.mark.parametrize("path", ALL)
def test_only_the_wanted_events_give_the_same_results(kind: str, path: str) -> None:
    msgs = stream(path)
    assert run(kind, msgs, wanted(kind)) == run(kind, msgs)


#: Wanted names no capture contains, each with a synthetic event that matters.
SYNTHETIC: dict[str, list[Message]] = {
    "Link": [
        event("Newchannel", ("Channel", "SIP/474-1"), ("Uniqueid", "1"), ("CallerIDNum", "474")),
        event("Newchannel", ("Channel", "SIP/470-2"), ("Uniqueid", "2"), ("CallerIDNum", "470")),
        event("ExtensionStatus", ("Exten", "474"), ("Hint", "SIP/474"), ("Status", "1")),
        event("Link", ("Uniqueid1", "1"), ("Uniqueid2", "2")),
    ],
    "ParkedCallSwap": [
        event("ParkedCallSwap", ("ParkingSpace", "701"), ("ParkeeChannel", "PJSIP/1-1")),
    ],
    "QueueCallerAbandon": [
        event("Join", ("Queue", "q"), ("Uniqueid", "1"), ("Position", "1")),
        event("QueueCallerAbandon", ("Queue", "q"), ("Uniqueid", "1")),
    ],
    "AgentRingNoAnswer": [
        event("Join", ("Queue", "q"), ("Uniqueid", "1"), ("Position", "1")),
        event("AgentCalled", ("Queue", "q"), ("Uniqueid", "1"), ("Interface", "SIP/474")),
        event("AgentRingNoAnswer", ("Queue", "q"), ("Uniqueid", "1"), ("Interface", "SIP/474")),
    ],
    "Join": [event("Join", ("Queue", "q"), ("Uniqueid", "1"), ("Position", "1"))],
    # the safety nets: a parked caller's Hangup without ParkedCallGiveUp, a Rename
    # of a parked channel, an AgentConnect without the caller's Leave before it
    "Hangup": [
        event("ParkedCall", ("Exten", "701"), ("Channel", "SIP/470-1"), ("Uniqueid", "1")),
        event("Hangup", ("Channel", "SIP/470-1"), ("Uniqueid", "1")),
    ],
    "Rename": [
        event("ParkedCall", ("Exten", "701"), ("Channel", "SIP/470-1"), ("Uniqueid", "1")),
        event("Rename", ("Channel", "SIP/470-1"), ("Newname", "SIP/470-2"), ("Uniqueid", "1")),
    ],
    "AgentConnect": [
        event("Join", ("Queue", "q"), ("Uniqueid", "1"), ("Position", "1")),
        event("AgentConnect", ("Queue", "q"), ("Uniqueid", "1"), ("Channel", "SIP/474-2")),
    ],
    "Leave": [
        event("Join", ("Queue", "q"), ("Uniqueid", "1"), ("Position", "1")),
        event("Leave", ("Queue", "q"), ("Uniqueid", "1")),
    ],
}


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_no_wanted_event_is_dead_weight(kind: str) -> None:
    """Dropping any one wanted event name changes the results of some stream."""
    streams = {path: stream(path) for path in ALL}
    streams.update({f"synthetic {name}": tuple(msgs) for name, msgs in SYNTHETIC.items()})
    full = {path: run(kind, msgs) for path, msgs in streams.items()}
    for name in sorted(wanted(kind)):
        keep = wanted(kind) - {name}
        assert any(run(kind, msgs, keep) != full[path] for path, msgs in streams.items()), (
            f"{kind}: dropping {name} changes nothing"
        )


# -- never raises, stays bounded ------------------------------------------------------------
CAPS = {
    channels: {"MAX_CHANNELS": 6, "MAX_BRIDGES": 3},
    presence: {"MAX_COLLEAGUES": 5, "MAX_NAMES": 5},
    parking: {"MAX_PARKED": 3},
    queues: {"MAX_QUEUES": 3, "MAX_MEMBERS": 3, "MAX_CALLERS": 3},
    mailbox: {"MAX_MAILBOXES": 3},
}


def low_caps() -> ExitStack:
    stack = ExitStack()
    for module, values in CAPS.items():
        for name, value in values.items():
            stack.enter_context(mock.patch.object(module, name, value))
    return stack


def check_bounds(models: dict[str, Any]) -> None:
    book: PresenceBook = models["presence"]
    assert book.channels <= 6
    assert book._channels.bridges <= 3
    assert len(book.colleagues) <= 5
    assert len(book._names) <= 5
    for c in book.colleagues:
        if c.state in (LineState.IDLE, LineState.UNAVAILABLE):
            assert (c.talking_to, c.talking_to_name) == ("", "")
    assert len(models["parking"].calls) <= 3
    board: QueueBoard = models["queues"]
    assert len(board.queues) <= 3
    for q in board.queues:
        assert len(q.members) <= 3 and len(q.callers) <= 3
        assert [c.position for c in q.callers] == list(range(1, len(q.callers) + 1))
    assert len(models["mailbox"].counts) <= 3


def feed_all(msgs: Iterable[Message], clock: FakeClock) -> dict[str, Any]:
    models = {kind: spec.make(clock) for kind, spec in MODELS.items()}
    pending: list[Message] = []
    for msg in msgs:
        pending.append(msg)
        if len(pending) > 7:  # now and then, a reconnect with whatever came last
            for model in models.values():
                if hasattr(model, "resync"):
                    model.resync(pending)
            pending = []
        for model in models.values():
            model.apply(msg)
        clock.now += 0.01
    return models


JUNK = (*MANGLE_JUNK, "unknown")


@st.composite
def mangled(draw: st.DrawFn) -> list[Message]:
    events = list(stream(draw(st.sampled_from(CONSOLE))))
    rnd = random.Random(draw(st.integers(0, 2**32)))
    return mangle(events, rnd, draw(st.integers(0, 16)), JUNK)


@settings(max_examples=120, deadline=None)
@given(mangled())
def test_mangled_real_streams_never_break_a_model(events: list[Message]) -> None:
    with low_caps():
        check_bounds(feed_all(events, FakeClock()))


NAMES = sorted(
    {n for kind in MODELS for n in wanted(kind)}
    | {"ExtensionStateListComplete", "CoreShowChannel", "QueueEntry", "QueueParams", "VarSet"}
)
HEADERS = [
    "Exten", "Hint", "Status", "StatusText", "Device", "State", "Channel", "Uniqueid",
    "UniqueID", "DestUniqueid", "DestChannel", "Destination", "DestUniqueID", "SubEvent",
    "DialStatus", "Uniqueid1", "Uniqueid2", "Bridgestate", "BridgeUniqueid", "Newname",
    "TargetUniqueid", "CallerIDNum", "CallerIDName", "ConnectedLineNum", "ChannelStateDesc",
    "Queue", "Position", "Interface", "Location", "MemberName", "Name", "Paused",
    "PausedReason", "Membership", "CallsTaken", "Wait", "ParkingSpace", "ParkeeChannel",
    "ParkeeUniqueid", "Parkinglot", "ParkingTimeout", "ParkingDuration", "From", "Timeout",
    "Mailbox", "Waiting", "New", "Old", "BridgedUniqueID", "BridgeId", "ActionID",
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(JUNK),
    st.sampled_from(["1", "2", "3", "4", "5", "474", "SIP/474", "PJSIP/470", "q", "701"]),
    st.sampled_from(["SIP/474-1", "SIP/470-2", "Parked/SIP/470-2", "SIP/474-1<ZOMBIE>"]),
    st.sampled_from(["Begin", "End", "ANSWER", "Link", "Unlink", "RINGING", "8", "9", "17"]),
    st.text(max_size=12),
)


@st.composite
def random_event(draw: st.DrawFn) -> Message:
    headers = draw(st.lists(st.tuples(st.sampled_from(HEADERS), VALUES), max_size=10))
    return Message([("Event", draw(st.sampled_from(NAMES))), *headers])


@settings(max_examples=150, deadline=None)
@given(st.lists(random_event(), max_size=60))
def test_random_events_never_break_a_model(events: list[Message]) -> None:
    with low_caps():
        check_bounds(feed_all(events, FakeClock()))


def test_every_cap_is_reached_and_held() -> None:
    """A flood of distinct channels, bridges, hints, slots, queues, members,
    callers and mailboxes: each container fills up to its cap and stays there."""
    flood: list[Message] = []
    for i in range(20):
        flood += [
            event("Newchannel", ("Channel", f"SIP/{i}-1"), ("Uniqueid", f"u{i}")),
            event("BridgeEnter", ("BridgeUniqueid", f"b{i}"), ("Uniqueid", f"u{i}")),
            event("ExtensionStatus", ("Exten", str(i)), ("Hint", f"SIP/{i}"), ("Status", "0")),
            event("ParkedCall", ("Exten", str(700 + i)), ("Channel", f"SIP/{i}-1")),
            event("QueueMemberStatus", ("Queue", f"q{i % 5}"), ("Location", f"SIP/{i}")),
            event("Join", ("Queue", "q0"), ("Uniqueid", f"u{i}"), ("Position", "1")),
            event("MessageWaiting", ("Mailbox", f"{i}@default"), ("Waiting", "1")),
        ]
    with low_caps():
        models = {kind: spec.make(FakeClock()) for kind, spec in MODELS.items()}
        for msg in flood:
            for model in models.values():
                model.apply(msg)
        book: PresenceBook = models["presence"]
        book.set_names({str(i): f"Ext {i}" for i in range(20)})
        check_bounds(models)
        assert (book.channels, book._channels.bridges, len(book.colleagues)) == (6, 3, 5)
        assert len(book._names) == 5
        assert len(models["parking"].calls) == 3
        board: QueueBoard = models["queues"]
        assert [len(q.members) for q in board.queues] == [3, 3, 3]
        assert len(board.queue("q0").callers) == 3  # type: ignore[union-attr]
        assert len(models["mailbox"].counts) == 3


@pytest.mark.parametrize("path", CONSOLE)
def test_nothing_is_left_behind_when_the_calls_are_over(path: str) -> None:
    """Every call of the console captures ends before the logoff: no channel,
    bridge, parked call or waiting caller may remain."""
    models = {kind: spec.make(FakeClock()) for kind, spec in MODELS.items()}
    for _ in range(3):  # again and again: nothing accumulates
        for msg in stream(path):
            for model in models.values():
                model.apply(msg)
    book: PresenceBook = models["presence"]
    assert (book.channels, book._channels.bridges) == (0, 0)
    assert all(not c.talking_to for c in book.colleagues)
    assert models["parking"].calls == []
    assert all(q.callers == () for q in models["queues"].queues)
