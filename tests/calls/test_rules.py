"""The transition tables of ``mypbxdesk.calls.rules``."""

from __future__ import annotations

import pytest

from mypbxdesk.calls.model import CallState, Direction
from mypbxdesk.calls.records import Leg, LiveCall
from mypbxdesk.calls.rules import (
    DIAL_STATUSES,
    LEAVE_RULES,
    Leave,
    may_come_back,
    unanswered_outcome,
    when_my_phone_leaves,
    when_peer_bridged,
)


def _call(direction: Direction = Direction.INCOMING, **kw: object) -> LiveCall:
    call = LiveCall("1.1", direction, "470", "Alice", 0.0)
    for name, value in kw.items():
        setattr(call, name, value)
    return call


def _peer(alive: bool = True) -> Leg:
    return Leg("1.2", "SIP/470-1", mine=False, alive=alive)


def test_hunting_statuses() -> None:
    hunting = {s for s, rule in DIAL_STATUSES.items() if rule.may_come_back}
    assert hunting == {"NOANSWER", "BUSY", "CHANUNAVAIL", "CONGESTION"}
    assert may_come_back("busy") and not may_come_back("ANSWER") and not may_come_back("")


@pytest.mark.parametrize(
    ("status", "cdr", "peer", "outcome"),
    [
        ("BUSY", "", True, "busy"),
        ("CHANUNAVAIL", "", True, "failed"),
        ("congestion", "", True, "failed"),
        ("TORTURE", "", True, "failed"),
        ("NOANSWER", "", True, "missed"),
        ("CANCEL", "", True, "missed"),
        ("", "BUSY", True, "busy"),  # the CDR stands in for a missing dial status
        ("", "NOANSWER", True, "missed"),
        ("", "", True, "missed"),
        ("", "", False, "failed"),  # an Originate whose phone never dialled out
    ],
)
def test_unanswered_outgoing(status: str, cdr: str, peer: bool, outcome: str) -> None:
    call = _call(
        Direction.OUTGOING,
        dial_status=status,
        cdr_disposition=cdr,
        peer=_peer() if peer else None,
    )
    assert unanswered_outcome(call) == outcome
    incoming = _call(dial_status=status, cdr_disposition=cdr, peer=_peer() if peer else None)
    assert unanswered_outcome(incoming) == "missed"


@pytest.mark.parametrize(
    ("call", "cause", "can_linger", "leave"),
    [
        (_call(transfer_hint="306", direction=Direction.OUTGOING), "16", True, Leave.TRANSFERRED),
        (_call(Direction.OUTGOING, peer=_peer()), "16", True, Leave.FINISH),
        (_call(peer=_peer()), "26", True, Leave.ANSWERED_ELSEWHERE),
        (_call(peer=_peer(), state=CallState.ANSWERED), "26", True, Leave.LINGER),
        (_call(peer=_peer()), "16", True, Leave.LINGER),
        (_call(), "16", True, Leave.LINGER),  # other party unknown: a 1.8 queue
        (_call(peer=_peer()), "16", False, Leave.FINISH),
        (_call(peer=_peer(alive=False)), "16", True, Leave.FINISH),
    ],
)
def test_when_my_phone_leaves(call: LiveCall, cause: str, can_linger: bool, leave: Leave) -> None:
    assert when_my_phone_leaves(call, cause, can_linger) is leave
    assert LEAVE_RULES[0][1] is Leave.TRANSFERRED  # a known transfer target always wins


@pytest.mark.parametrize(
    ("state", "my_phone_in", "status", "outcome"),
    [
        (CallState.ANSWERED, True, "", None),
        (CallState.ANSWERED, False, "", "transferred"),
        (CallState.RINGING, True, "CANCEL", "answered_elsewhere"),
        (CallState.RINGING, False, "NOANSWER", "answered_elsewhere"),
        (CallState.RINGING, False, "", "answered_elsewhere"),
        (CallState.RINGING, False, "CANCEL", "transferred"),
    ],
)
def test_when_peer_bridged(
    state: CallState, my_phone_in: bool, status: str, outcome: str | None
) -> None:
    call = _call(state=state, dial_status=status, peer=_peer())
    assert when_peer_bridged(call, my_phone_in) == outcome
