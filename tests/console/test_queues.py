"""``QueueBoard``: queues, members and waiting callers from the real captures of both dialects."""

from __future__ import annotations

from collections.abc import Iterable

from mypbxdesk.ami import Message
from mypbxdesk.console import LineState, QueueBoard, QueueMember, QueueState

from .streams import C1, C4, QUEUE, FakeClock, event, play, stream

S = LineState
LISTS = {
    "items": frozenset({"QueueParams", "QueueMember", "QueueEntry"}),
    "complete": frozenset({"QueueStatusComplete"}),
}


def replay(
    msgs: Iterable[Message],
) -> tuple[QueueBoard, FakeClock, list[tuple[float, str, QueueState]]]:
    clock = FakeClock()
    board = QueueBoard(clock)
    out = play(msgs, clock, board.apply, board.resync, **LISTS)
    return board, clock, [(t, name, q) for t, name, q in out if isinstance(q, QueueState)]


def after(changes: list[tuple[float, str, QueueState]], name: str, nth: int = 0) -> QueueState:
    """The queue as it was after the ``nth`` message called ``name``."""
    return [q for _, n, q in changes if n == name][nth]


def members(queue: QueueState) -> dict[str, tuple[str, LineState, bool, str, str, int]]:
    return {
        m.interface: (m.name, m.state, m.paused, m.paused_reason, m.membership, m.calls_taken)
        for m in queue.members
    }


def test_c4_queue_call_18() -> None:
    board, clock, changes = replay(stream(C4))
    first = after(changes, "QueueStatusComplete")
    assert first.strategy == "ringall"
    # QueueMember says Name (not MemberName); Status is a device state: 1 = idle
    assert members(first) == {
        "SIP/474": ("SIP/474", S.IDLE, False, "", "static", 0),
        "SIP/475": ("SIP/475", S.IDLE, False, "", "static", 0),
    }
    joined = after(changes, "Join")
    (caller,) = joined.callers
    assert (caller.position, caller.number, caller.name, caller.channel) == (
        1,
        "470",
        "Alice",
        "SIP/470-00000013",
    )
    # both members ring (QueueMemberStatus 6) and are marked rung for the caller
    rung = after(changes, "AgentCalled", 1)
    assert {m.state for m in rung.members} == {S.RINGING}
    assert rung.callers[0].ringing == ("SIP/474", "SIP/475")
    # a QueueStatus during the ringing: QueueEntry with Wait: 1
    during = after(changes, "QueueStatusComplete", 1)
    t_during = next(t for t, n, q in changes if q is during)
    assert during.callers[0].joined_at == t_during - 1
    assert during.callers[0].wait(t_during) == 1
    assert during.callers[0].ringing == ("SIP/474", "SIP/475")
    # 474 answers: the caller leaves the queue
    left = after(changes, "Leave")
    assert left.callers == ()
    assert members(left)["SIP/474"][1] is S.IN_CALL
    done = after(changes, "AgentComplete")
    assert done.completed == 1
    # pause 475, add 305 (dynamic, MemberName Ext 305), remove it, unpause 475
    paused = after(changes, "QueueMemberPaused")
    assert members(paused)["SIP/475"][2] is True
    added = after(changes, "QueueMemberAdded")
    assert members(added)["SIP/305"] == ("Ext 305", S.IDLE, False, "", "dynamic", 0)
    assert "SIP/305" not in members(after(changes, "QueueMemberRemoved"))
    final = board.queue("reception")
    assert final is not None and final == after(changes, "QueueMemberPaused", 1)
    assert members(final) == {
        "SIP/474": ("SIP/474", S.IDLE, False, "", "static", 1),
        "SIP/475": ("SIP/475", S.IDLE, False, "", "static", 0),
    }
    assert board.queues == [final]
    assert board.memberships("sip/474") == [final.members[0]]
    assert board.memberships("SIP/999") == []
    assert clock.now > 0


def test_queue_call_22() -> None:
    board, _, changes = replay(stream(QUEUE))
    first = after(changes, "QueueStatusComplete")
    assert [m.interface for m in first.members] == ["PJSIP/305", "PJSIP/474"]
    added = after(changes, "QueueMemberAdded")  # Interface, not Location, in 22's events
    assert members(added)["PJSIP/306"] == ("Ext 306", S.IDLE, False, "", "dynamic", 0)
    paused = after(changes, "QueueMemberPause")
    assert members(paused)["PJSIP/306"] == ("Ext 306", S.IDLE, True, "lunch", "dynamic", 0)
    assert members(after(changes, "QueueMemberPause", 1))["PJSIP/306"][2:4] == (False, "")
    assert "PJSIP/306" not in members(after(changes, "QueueMemberRemoved"))
    joined = after(changes, "QueueCallerJoin")
    assert [(c.position, c.number, c.name) for c in joined.callers] == [(1, "470", "Alice")]
    assert after(changes, "AgentCalled", 1).callers[0].ringing == ("PJSIP/305", "PJSIP/474")
    left = after(changes, "QueueCallerLeave")
    assert left.callers == ()
    assert after(changes, "AgentComplete").completed == 1
    final = board.queue("reception")
    assert final is not None
    assert members(final)["PJSIP/305"] == ("PJSIP/305", S.IDLE, False, "", "static", 1)
    assert members(final)["PJSIP/474"] == ("PJSIP/474", S.IDLE, False, "", "static", 0)


def test_queue_member_status_noise_changes_nothing() -> None:
    """c1 (1.8): QueueMemberStatus for every call that touches 474, often twice alike."""
    msgs = stream(C1)
    noise = [m for m in msgs if m.name == "QueueMemberStatus"]
    assert len(noise) > len({tuple(m.headers) for m in noise})  # repeats exist
    _, _, changes = replay(msgs)
    states = [members(q)["SIP/474"][1] for _, _, q in changes]
    # device states 6, 2, 7 (ringing while in use: the second call), 2, 1
    assert states == [S.RINGING, S.IN_CALL, S.IN_CALL_RINGING, S.IN_CALL, S.IDLE]
    assert len(noise) == 12


def _join(uid: str, position: int, name: str = "Join") -> Message:
    return event(
        name,
        ("Channel", f"SIP/{uid}-1"),
        ("CallerIDNum", uid),
        ("CallerIDName", "unknown"),
        ("Queue", "sales"),
        ("Position", str(position)),
        ("Uniqueid", uid),
    )


def test_positions_are_renumbered() -> None:
    board = QueueBoard(FakeClock())
    for i, uid in enumerate(("100", "200", "300"), start=1):
        board.apply(_join(uid, i))
    (queue,) = board.apply(event("Leave", ("Queue", "sales"), ("Uniqueid", "100")))
    assert [(c.position, c.number, c.name) for c in queue.callers] == [
        (1, "200", ""),
        (2, "300", ""),
    ]
    (queue,) = board.apply(_join("400", 1, "QueueCallerJoin"))  # a priority caller
    assert [c.number for c in queue.callers] == ["400", "200", "300"]
    (queue,) = board.apply(
        event("QueueCallerAbandon", ("Queue", "sales"), ("Uniqueid", "200"), ("Position", "2"))
    )
    assert [(c.position, c.number) for c in queue.callers] == [(1, "400"), (2, "300")]
    assert queue.abandoned == 1
    assert board.apply(event("QueueCallerLeave", ("Queue", "sales"), ("Uniqueid", "200"))) == []


def test_agent_ring_no_answer_and_connect() -> None:
    board = QueueBoard(FakeClock())
    board.apply(_join("100", 1))
    called = [("Queue", "sales"), ("Uniqueid", "100"), ("Interface", "PJSIP/474")]
    (queue,) = board.apply(event("AgentCalled", *called))
    assert queue.callers[0].ringing == ("PJSIP/474",)
    (queue,) = board.apply(event("AgentRingNoAnswer", *called))
    assert queue.callers[0].ringing == ()
    (queue,) = board.apply(event("AgentConnect", *called))
    assert queue.callers == ()


def test_list_items_and_unknown_queues() -> None:
    board = QueueBoard(FakeClock())
    item = event(
        "QueueMember", ("Queue", "q"), ("Name", "x"), ("Location", "SIP/1"), ("ActionID", "1")
    )
    assert board.apply(item) == []
    assert board.apply(event("Join", ("Position", "1"), ("Uniqueid", "1"))) == []  # no Queue
    assert board.queues == []
    assert board.queue("q") is None
    (queue,) = board.resync([item, event("QueueParams", ("Queue", "q"), ("Strategy", "rrmemory"))])
    assert queue == QueueState("q", "rrmemory", (QueueMember("q", "SIP/1", "x"),))
    assert board.resync([]) == []
    assert board.queues == []


def test_an_event_that_adds_nothing_makes_no_queue() -> None:
    """A Leave, AgentComplete or member event naming nobody, for a queue not known:
    no empty queue appears (a malformed event must not show one)."""
    board = QueueBoard(FakeClock())
    assert board.apply(event("Leave", ("Queue", "nowhere"), ("Uniqueid", "1.1"))) == []
    assert board.apply(event("AgentComplete", ("Queue", "nowhere"))) == []
    assert board.apply(event("QueueMemberStatus", ("Queue", "nowhere"))) == []
    assert board.queues == []
    (queue,) = board.apply(event("QueueMemberAdded", ("Queue", "sales"), ("Interface", "SIP/305")))
    assert [m.interface for m in queue.members] == ["SIP/305"]
