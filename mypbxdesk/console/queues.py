"""The call queues: who waits in which queue, and which colleagues answer it.

Layer 3 (``mypbxdesk.console``, operator-console models): stdlib +
mypbxdesk.ami.message only; no asyncio, sockets or Qt.

Usage::

    board = QueueBoard(clock=time.time)
    board.resync(items)                    # a QueueStatus answer, after every login
    for queue in board.apply(message):     # every event in QueueBoard.wanted_events
        print(queue.name, [c.number for c in queue.callers])

Wire facts (../shared/captures-asterisk18/README.md c4-queue and "Wire facts a
console client must handle"; ../shared/asterisk/README.md "Operator console";
console-queue):

* Callers: 1.8 ``Join``/``Leave``, 22 ``QueueCallerJoin``/``QueueCallerLeave``
  (``Queue``, ``Position``, ``Count``, ``Channel``, ``Uniqueid``, caller ID;
  1.8 ``Join`` says ``ConnectedLineNum: unknown`` without brackets).
  ``QueueCallerAbandon`` (both) when the caller hangs up while waiting. Positions
  are renumbered when a caller leaves.
* Members: state is a **device** state (``Status: 6`` while ringing, not the
  extension state 8). ``QueueMemberStatus`` comes for every call that touches a
  member's phone, often twice with the same values (c1, c4): it changes the
  board only when something differs. The member's name header is
  ``MemberName`` in events and ``Name`` in the ``QueueMember`` list item; its
  interface is ``Location`` in 1.8 and the list item, ``Interface`` in 22's
  events. Paused: 1.8 ``QueueMemberPaused`` (``Queue Location MemberName
  Paused``), 22 ``QueueMemberPause`` (``Paused: 1``, ``PausedReason: lunch``).
  ``QueueMemberAdded`` (``Membership: dynamic``) and ``QueueMemberRemoved``.
* Agents: ``AgentCalled`` (1.8 ``AgentCalled: SIP/474``; 22 ``Interface``)
  marks a member rung for that caller, ``AgentRingNoAnswer`` unmarks it;
  ``AgentConnect`` comes just after the caller's ``Leave``; ``AgentComplete``
  (``Reason: caller``) after the call, and counts it as completed.
* Resync: ``QueueStatus`` answers ``QueueParams`` (``Strategy``,
  ``Completed``, ``Abandoned``), ``QueueMember`` and, while callers wait,
  ``QueueEntry`` (``Position``, ``Channel``, ``Uniqueid``, ``Wait`` seconds).

Events that carry an ActionID are list items: :meth:`QueueBoard.apply` leaves
them to :meth:`QueueBoard.resync`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from ..ami.message import Kind, Message
from . import fields
from .states import LineState, device_state

Clock = Callable[[], float]

MAX_QUEUES = 500
MAX_MEMBERS = 1000  # per queue
MAX_CALLERS = 1000  # per queue


@dataclass(frozen=True, slots=True)
class QueueMember:
    """One interface's membership of one queue.

    Attributes:
        queue: the queue's name (``"reception"``).
        interface: the member's interface/location (``SIP/474``, ``PJSIP/306``).
        name: the member name (``"Ext 305"``, or the interface when none was given).
        state: the member's phone, from the device state.
        paused, paused_reason: paused in this queue, and why (22 only; ``""``).
        membership: ``"static"``, ``"dynamic"`` or ``"realtime"`` (``""`` unknown).
        calls_taken: queue calls this member answered.
    """

    queue: str
    interface: str
    name: str = ""
    state: LineState = LineState.UNKNOWN
    paused: bool = False
    paused_reason: str = ""
    membership: str = ""
    calls_taken: int = 0


@dataclass(frozen=True, slots=True)
class QueueCaller:
    """A caller waiting in a queue.

    Attributes:
        position: 1 for the next caller to be answered.
        joined_at: clock seconds when the caller joined (from ``Wait`` after a resync).
        ringing: the interfaces being rung for this caller now (``AgentCalled``).
    """

    queue: str
    position: int
    channel: str
    uniqueid: str
    number: str
    name: str
    joined_at: float
    ringing: tuple[str, ...] = ()

    def wait(self, now: float) -> float:
        """Seconds waited so far at clock time ``now`` (never negative)."""
        return max(0.0, now - self.joined_at)


@dataclass(frozen=True, slots=True)
class QueueState:
    """One queue: its members (by interface) and its callers (by position)."""

    name: str
    strategy: str = ""
    members: tuple[QueueMember, ...] = ()
    callers: tuple[QueueCaller, ...] = ()
    completed: int = 0
    abandoned: int = 0


@dataclass(slots=True)
class _Queue:
    name: str
    strategy: str = ""
    completed: int = 0
    abandoned: int = 0
    members: dict[str, QueueMember] = field(default_factory=dict)
    callers: list[QueueCaller] = field(default_factory=list)

    def snapshot(self) -> QueueState:
        members = tuple(self.members[key] for key in sorted(self.members))
        callers = tuple(
            c if c.position == i else replace(c, position=i)
            for i, c in enumerate(self.callers, start=1)
        )
        return QueueState(
            self.name, self.strategy, members, callers, self.completed, self.abandoned
        )


class QueueBoard:
    """Every queue's members and waiting callers. Pure: no I/O.

    Args:
        clock: wall-clock seconds (``time.time``) for :attr:`QueueCaller.joined_at`.
    """

    #: Exactly the AMI events :meth:`apply` reads (canonical case; compared
    #: case-insensitively). Every other event leaves the board unchanged.
    wanted_events: ClassVar[frozenset[str]] = frozenset(
        {
            "Join",
            "QueueCallerJoin",
            "Leave",
            "QueueCallerLeave",
            "QueueCallerAbandon",
            "QueueMemberStatus",
            "QueueMemberAdded",
            "QueueMemberRemoved",
            "QueueMemberPaused",
            "QueueMemberPause",
            "AgentCalled",
            "AgentRingNoAnswer",
            "AgentConnect",
            "AgentComplete",
        }
    )

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._queues: dict[str, _Queue] = {}
        self._snapshots: dict[str, QueueState] = {}
        self._handlers: dict[str, Callable[[Message, _Queue], None]] = {
            "join": self._on_join,
            "queuecallerjoin": self._on_join,
            "leave": self._on_leave,
            "queuecallerleave": self._on_leave,
            "queuecallerabandon": self._on_abandon,
            "queuememberstatus": self._on_member,
            "queuememberadded": self._on_member,
            "queuememberpaused": self._on_member,
            "queuememberpause": self._on_member,
            "queuememberremoved": self._on_member_removed,
            "agentcalled": self._on_agent_called,
            "agentringnoanswer": self._on_agent_ring_no_answer,
            "agentconnect": self._on_leave,
            "agentcomplete": self._on_agent_complete,
        }

    # -- queries ---------------------------------------------------------------------
    @property
    def queues(self) -> list[QueueState]:
        """Every queue, by name."""
        return [self._snapshot(name) for name in sorted(self._queues)]

    def queue(self, name: str) -> QueueState | None:
        return self._snapshot(name) if name in self._queues else None

    def memberships(self, interface: str) -> list[QueueMember]:
        """The queues ``interface`` (``SIP/474``, any case) is a member of, by queue name."""
        key = interface.strip().lower()
        return [
            member
            for name in sorted(self._queues)
            for member in self._queues[name].members.values()
            if member.interface.lower() == key
        ]

    # -- events ----------------------------------------------------------------------
    def apply(self, msg: Message) -> list[QueueState]:
        """Feed one AMI message; returns the queues that changed (new snapshots).
        Never raises."""
        handler = self._handlers.get(msg.name.lower())
        if handler is None or msg.kind is not Kind.EVENT or "ActionID" in msg:
            return []
        name = fields.text(msg.get("Queue"))
        known = name in self._queues
        queue = self._queue(name)
        if queue is None:
            return []
        handler(msg, queue)
        if not known and not queue.members and not queue.callers:
            # An event that added nothing (a caller or member it does not name)
            # makes no queue: a malformed one must not show an empty queue.
            del self._queues[name]
            return []
        new = queue.snapshot()
        if self._snapshots.get(queue.name) == new:
            return []
        self._snapshots[queue.name] = new
        return [new]

    def resync(self, items: Iterable[Message]) -> list[QueueState]:
        """Start again from a ``QueueStatus`` answer for all queues (its
        ``QueueParams``, ``QueueMember`` and ``QueueEntry`` items; other messages
        are skipped). Queues it does not list are dropped; a caller still
        waiting keeps its ringing members. Returns every queue now."""
        old = self._queues
        self._queues = {}
        entries: list[tuple[_Queue, Message]] = []
        for msg in items:
            kind = msg.name.lower() if msg.kind is Kind.EVENT else ""
            if kind not in ("queueparams", "queuemember", "queueentry"):
                continue
            queue = self._queue(fields.text(msg.get("Queue")))
            if queue is None:
                continue
            if kind == "queueparams":
                queue.strategy = fields.text(msg.get("Strategy"))
                queue.completed = fields.integer(msg.get("Completed"), 0) or 0
                queue.abandoned = fields.integer(msg.get("Abandoned"), 0) or 0
            elif kind == "queuemember":
                self._on_member(msg, queue)
            else:
                entries.append((queue, msg))
        for queue, msg in sorted(entries, key=lambda e: _position(e[1])):
            known = old.get(queue.name)
            caller = self._caller(msg, queue.name)
            wait = fields.integer(msg.get("Wait"))
            if wait is not None and 0 <= wait < 10**7:
                caller = replace(caller, joined_at=self._clock() - wait)
            for before in known.callers if known is not None else ():
                if caller.uniqueid and before.uniqueid == caller.uniqueid:
                    caller = replace(caller, ringing=before.ringing)
            if len(queue.callers) < MAX_CALLERS:
                queue.callers.append(caller)
        self._snapshots = {name: q.snapshot() for name, q in self._queues.items()}
        return self.queues

    # -- handlers --------------------------------------------------------------------
    def _queue(self, name: str) -> _Queue | None:
        if not name:
            return None
        queue = self._queues.get(name)
        if queue is None:
            if len(self._queues) >= MAX_QUEUES:
                return None
            queue = self._queues[name] = _Queue(name)
        return queue

    def _snapshot(self, name: str) -> QueueState:
        snap = self._snapshots.get(name)
        if snap is None:
            snap = self._snapshots[name] = self._queues[name].snapshot()
        return snap

    def _caller(self, msg: Message, queue: str) -> QueueCaller:
        return QueueCaller(
            queue=queue,
            position=_position(msg),
            channel=fields.text(msg.get("Channel")),
            uniqueid=fields.text(msg.first("Uniqueid", "UniqueID")),
            number=fields.number(msg.get("CallerIDNum")),
            name=fields.number(msg.get("CallerIDName")),
            joined_at=self._clock(),
        )

    def _find_caller(self, msg: Message, queue: _Queue) -> int | None:
        uid = fields.text(msg.first("Uniqueid", "UniqueID"))
        channel = fields.text(msg.first("Channel", "ChannelCalling"))
        for i, caller in enumerate(queue.callers):
            if (uid and caller.uniqueid == uid) or (not uid and channel == caller.channel):
                return i
        return None

    def _on_join(self, msg: Message, queue: _Queue) -> None:
        caller = self._caller(msg, queue.name)
        if not caller.uniqueid and not caller.channel:
            return
        index = self._find_caller(msg, queue)
        if index is not None:
            del queue.callers[index]
        if len(queue.callers) >= MAX_CALLERS:
            return
        at = min(max(caller.position, 1), len(queue.callers) + 1) - 1
        queue.callers.insert(at, caller)

    def _on_leave(self, msg: Message, queue: _Queue) -> None:
        index = self._find_caller(msg, queue)
        if index is not None:
            del queue.callers[index]

    def _on_abandon(self, msg: Message, queue: _Queue) -> None:
        index = self._find_caller(msg, queue)
        if index is not None:
            del queue.callers[index]
            queue.abandoned += 1

    def _on_agent_complete(self, msg: Message, queue: _Queue) -> None:
        self._on_leave(msg, queue)
        queue.completed += 1

    def _on_agent_called(self, msg: Message, queue: _Queue) -> None:
        self._ringing(msg, queue, ring=True)

    def _on_agent_ring_no_answer(self, msg: Message, queue: _Queue) -> None:
        self._ringing(msg, queue, ring=False)

    def _ringing(self, msg: Message, queue: _Queue, *, ring: bool) -> None:
        interface = fields.text(msg.first("Interface", "AgentCalled", "Member"))
        index = self._find_caller(msg, queue)
        if not interface or index is None:
            return
        caller = queue.callers[index]
        ringing = tuple(i for i in caller.ringing if i != interface)
        if ring and len(ringing) < MAX_MEMBERS:
            ringing += (interface,)
        queue.callers[index] = replace(caller, ringing=ringing)

    def _on_member(self, msg: Message, queue: _Queue) -> None:
        """Create or update a member from whichever of its headers the message has
        (``QueueMemberPaused`` has only ``Queue Location MemberName Paused``)."""
        interface = fields.text(msg.first("Interface", "Location"))
        if not interface:
            return
        old = queue.members.get(interface)
        if old is None:
            if len(queue.members) >= MAX_MEMBERS:
                return
            old = QueueMember(queue.name, interface, name=interface)
        name = msg.first("MemberName", "Name", default="")
        status = msg.get("Status")
        paused = msg.get("Paused")
        reason = msg.first("PausedReason", "Reason", default="")
        membership = msg.get("Membership")
        taken = fields.integer(msg.get("CallsTaken"))
        new = replace(
            old,
            name=fields.text(name) or old.name,
            state=old.state if status is None else device_state(status),
            paused=old.paused if paused is None else fields.flag(paused),
            paused_reason=old.paused_reason if paused is None else fields.text(reason),
            membership=old.membership if membership is None else fields.text(membership).lower(),
            calls_taken=old.calls_taken if taken is None or taken < 0 else taken,
        )
        if not new.paused:
            new = replace(new, paused_reason="")
        queue.members[interface] = new

    def _on_member_removed(self, msg: Message, queue: _Queue) -> None:
        queue.members.pop(fields.text(msg.first("Interface", "Location")), None)


def _position(msg: Message) -> int:
    position = fields.integer(msg.get("Position"))
    return position if position is not None and 0 < position < 10**6 else 10**6
