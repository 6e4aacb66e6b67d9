"""Queue events and lists per dialect (app_queue), and the queue's data.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

1.8 (capture c4, app_queue.c): ``Join``/``Leave``, ``AgentCalled``/``AgentConnect``/
``AgentComplete`` with flat fields (``Holdtime`` in AgentConnect, ``HoldTime`` in
AgentComplete, ``ConnectedLineNum: unknown`` without brackets), member events with
``Location`` and ``MemberName``; the list items ``QueueMember`` say ``Name``. 22
(console-queue): ``QueueCallerJoin``/``Leave`` and the agent events carry channel
snapshots (``Dest…`` for the member's leg), member events the full member (Interface,
StateInterface, LastPause, LoginTime, InCall, PausedReason, Ringinuse, Wrapuptime).
Member ``Status`` is a *device* state (1 not in use, 2 in use, 6 ringing …).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from .accounts import Perm
from .dialect22 import snapshot
from .dialects import Pairs, PbxEvent, event
from .ev_blf import DevState
from .model import Channel, Endpoint

AGENT = Perm.AGENT


@dataclass(eq=False)
class Member:
    interface: str  # SIP/474
    name: str  # MemberName
    endpoint: Endpoint | None  # None: an interface that is no phone of this PBX
    dynamic: bool = False
    penalty: int = 0
    calls: int = 0
    last_call: int = 0
    paused: bool = False
    reason: str = ""
    last_pause: int = 0
    login: int = field(default_factory=lambda: int(time.time()))
    in_call: bool = False
    status: DevState = DevState.NOT_INUSE

    @property
    def membership(self) -> str:
        return "dynamic" if self.dynamic else "static"


@dataclass(eq=False)
class Entry:
    """A caller waiting in the queue."""

    caller: Channel
    position: int
    since: float = field(default_factory=time.monotonic)

    def wait(self) -> int:
        return int(time.monotonic() - self.since)


@dataclass(frozen=True, slots=True)
class QueueStats:
    name: str
    calls: int
    holdtime: int
    talktime: int
    completed: int
    abandoned: int


class QueueEvents(ABC):
    @abstractmethod
    def member(self, kind: str, q: str, m: Member) -> PbxEvent:
        """QueueMemberStatus, QueueMemberAdded, QueueMemberRemoved, QueueMemberPause(d)."""

    @abstractmethod
    def join(self, q: str, e: Entry, count: int, leave: bool = False) -> PbxEvent: ...

    @abstractmethod
    def abandon(self, q: str, e: Entry) -> PbxEvent: ...

    @abstractmethod
    def agent(self, kind: str, q: str, e: Entry, m: Member, leg: Channel, tail: Pairs) -> PbxEvent:
        """AgentCalled (tail empty), AgentConnect, AgentComplete, AgentRingNoAnswer."""

    @abstractmethod
    def params(self, s: QueueStats, aid: Pairs) -> Pairs: ...

    @abstractmethod
    def list_member(self, q: str, m: Member, aid: Pairs) -> Pairs: ...

    @abstractmethod
    def list_entry(self, q: str, e: Entry, aid: Pairs) -> Pairs: ...

    @abstractmethod
    def ack(self, aid: Pairs, text: str) -> Pairs: ...

    @abstractmethod
    def complete(self, name: str, aid: Pairs, count: int) -> Pairs: ...

    @staticmethod
    def summary(s: QueueStats, members: list[Member], longest: int, aid: Pairs) -> Pairs:
        free = [m for m in members if not m.paused and m.status is DevState.NOT_INUSE]
        return [
            ("Event", "QueueSummary"),
            ("Queue", s.name),
            ("LoggedIn", str(len(members))),
            ("Available", str(len(free))),
            ("Callers", str(s.calls)),
            ("HoldTime", str(s.holdtime)),
            ("TalkTime", str(s.talktime)),
            ("LongestHoldTime", str(longest)),
            *aid,
        ]


def _unknown(value: str) -> str:
    return value or "unknown"


class Queue18(QueueEvents):
    def member(self, kind: str, q: str, m: Member) -> PbxEvent:
        head = [("Queue", q), ("Location", m.interface), ("MemberName", m.name)]
        if kind == "QueueMemberRemoved":
            return event(kind, AGENT, head)
        if kind == "QueueMemberPause":
            tail = [("Reason", m.reason)] if m.reason else []
            return event("QueueMemberPaused", AGENT, [*head, ("Paused", str(int(m.paused))), *tail])
        return event(
            kind,
            AGENT,
            [
                *head,
                ("Membership", m.membership),
                ("Penalty", str(m.penalty)),
                ("CallsTaken", str(m.calls)),
                ("LastCall", str(m.last_call)),
                ("Status", str(int(m.status))),
                ("Paused", str(int(m.paused))),
            ],
        )

    def join(self, q: str, e: Entry, count: int, leave: bool = False) -> PbxEvent:
        ch = e.caller
        if leave:
            pairs = [("Channel", ch.name), ("Queue", q), ("Count", str(count))]
            return event("Leave", Perm.CALL, [*pairs, ("Position", str(e.position)), _uid(ch)])
        return event(
            "Join",
            Perm.CALL,
            [
                ("Channel", ch.name),
                ("CallerIDNum", _unknown(ch.caller_num)),
                ("CallerIDName", _unknown(ch.caller_name)),
                ("ConnectedLineNum", _unknown(ch.connected_num)),
                ("ConnectedLineName", _unknown(ch.connected_name)),
                ("Queue", q),
                ("Position", str(e.position)),
                ("Count", str(count)),
                _uid(ch),
            ],
        )

    def abandon(self, q: str, e: Entry) -> PbxEvent:
        return event(
            "QueueCallerAbandon",
            AGENT,
            [
                ("Queue", q),
                _uid(e.caller),
                ("Position", str(e.position)),
                ("OriginalPosition", str(e.position)),
                ("HoldTime", str(e.wait())),
            ],
        )

    def agent(self, kind: str, q: str, e: Entry, m: Member, leg: Channel, tail: Pairs) -> PbxEvent:
        ch = e.caller
        if kind == "AgentCalled":
            return event(
                kind,
                AGENT,
                [
                    ("Queue", q),
                    ("AgentCalled", m.interface),
                    ("AgentName", m.name),
                    ("ChannelCalling", ch.name),
                    ("DestinationChannel", leg.name),
                    ("CallerIDNum", _unknown(ch.caller_num)),
                    ("CallerIDName", _unknown(ch.caller_name)),
                    ("ConnectedLineNum", _unknown(ch.connected_num)),
                    ("ConnectedLineName", _unknown(ch.connected_name)),
                    ("Context", ch.context),
                    ("Extension", ch.exten),
                    ("Priority", str(ch.priority)),
                    _uid(ch),
                ],
            )
        head = [("Queue", q), _uid(ch), ("Channel", leg.name)]
        who = [("Member", m.interface), ("MemberName", m.name)]
        if kind == "AgentConnect":  # 1.8 spells it Holdtime here and HoldTime elsewhere
            hold, ring = tail
            body = [("Holdtime", hold[1]), ("BridgedChannel", leg.uniqueid), ("Ringtime", ring[1])]
            return event(kind, AGENT, [*head, *who, *body])
        return event(kind, AGENT, [*head, *who, *tail])

    def params(self, s: QueueStats, aid: Pairs) -> Pairs:
        return [*_params(s)[:-1], ("Weight", "0"), *aid]

    def list_member(self, q: str, m: Member, aid: Pairs) -> Pairs:
        return [
            ("Event", "QueueMember"),
            ("Queue", q),
            ("Name", m.name),
            ("Location", m.interface),
            ("Membership", m.membership),
            ("Penalty", str(m.penalty)),
            ("CallsTaken", str(m.calls)),
            ("LastCall", str(m.last_call)),
            ("Status", str(int(m.status))),
            ("Paused", str(int(m.paused))),
            *aid,
        ]

    def list_entry(self, q: str, e: Entry, aid: Pairs) -> Pairs:
        return [*_entry(q, e), *aid]

    def ack(self, aid: Pairs, text: str) -> Pairs:
        return [("Response", "Success"), *aid, ("Message", text)]

    def complete(self, name: str, aid: Pairs, count: int) -> Pairs:
        return [("Event", name), *aid]


class Queue22(QueueEvents):
    def member(self, kind: str, q: str, m: Member) -> PbxEvent:
        return event(kind, AGENT, [("Queue", q), *_member22(m)])

    def join(self, q: str, e: Entry, count: int, leave: bool = False) -> PbxEvent:
        pos = [("Queue", q), ("Position", str(e.position)), ("Count", str(count))]
        name = "QueueCallerLeave" if leave else "QueueCallerJoin"
        return event(name, AGENT, [*snapshot(e.caller), *pos])

    def abandon(self, q: str, e: Entry) -> PbxEvent:
        pos = [("Position", str(e.position)), ("OriginalPosition", str(e.position))]
        body = [("Queue", q), *pos, ("HoldTime", str(e.wait()))]
        return event("QueueCallerAbandon", AGENT, [*snapshot(e.caller), *body])

    def agent(self, kind: str, q: str, e: Entry, m: Member, leg: Channel, tail: Pairs) -> PbxEvent:
        who = [("Queue", q), ("Interface", m.interface), ("MemberName", m.name)]
        pairs = [*snapshot(e.caller), *snapshot(leg, "Dest"), *who, *tail]
        return event(kind, AGENT, pairs)

    def params(self, s: QueueStats, aid: Pairs) -> Pairs:
        return [*_params(s), ("Weight", "0"), *aid]

    def list_member(self, q: str, m: Member, aid: Pairs) -> Pairs:
        full = dict(_member22(m))
        keys = ("StateInterface", "Membership", "Penalty", "CallsTaken", "LastCall", "LastPause")
        rest = ("LoginTime", "InCall", "Status", "Paused", "PausedReason", "Wrapuptime")
        return [
            ("Event", "QueueMember"),
            ("Queue", q),
            ("Name", m.name),
            ("Location", m.interface),
            *[(k, full[k]) for k in (*keys, *rest)],
            *aid,
        ]

    def list_entry(self, q: str, e: Entry, aid: Pairs) -> Pairs:
        return [*_entry(q, e), ("Priority", "0"), *aid]

    def ack(self, aid: Pairs, text: str) -> Pairs:
        return [("Response", "Success"), *aid, ("EventList", "start"), ("Message", text)]

    def complete(self, name: str, aid: Pairs, count: int) -> Pairs:
        return [("Event", name), *aid, ("EventList", "Complete"), ("ListItems", str(count))]


def _uid(ch: Channel) -> tuple[str, str]:
    return ("Uniqueid", ch.uniqueid)


def _params(s: QueueStats) -> Pairs:
    """QueueParams up to ServicelevelPerf2 (22); 1.8 stops at ServicelevelPerf."""
    return [
        ("Event", "QueueParams"),
        ("Queue", s.name),
        ("Max", "0"),
        ("Strategy", "ringall"),
        ("Calls", str(s.calls)),
        ("Holdtime", str(s.holdtime)),
        ("TalkTime", str(s.talktime)),
        ("Completed", str(s.completed)),
        ("Abandoned", str(s.abandoned)),
        ("ServiceLevel", "0"),
        ("ServicelevelPerf", "0.0"),
        ("ServicelevelPerf2", "0.0"),
    ]


def _entry(q: str, e: Entry) -> Pairs:
    ch = e.caller
    fill = _unknown
    return [
        ("Event", "QueueEntry"),
        ("Queue", q),
        ("Position", str(e.position)),
        ("Channel", ch.name),
        _uid(ch),
        ("CallerIDNum", fill(ch.caller_num)),
        ("CallerIDName", fill(ch.caller_name)),
        ("ConnectedLineNum", fill(ch.connected_num)),
        ("ConnectedLineName", fill(ch.connected_name)),
        ("Wait", str(e.wait())),
    ]


def _member22(m: Member) -> Pairs:
    return [
        ("MemberName", m.name),
        ("Interface", m.interface),
        ("StateInterface", m.interface),
        ("Membership", m.membership),
        ("Penalty", str(m.penalty)),
        ("CallsTaken", str(m.calls)),
        ("LastCall", str(m.last_call)),
        ("LastPause", str(m.last_pause)),
        ("LoginTime", str(m.login)),
        ("InCall", str(int(m.in_call))),
        ("Status", str(int(m.status))),
        ("Paused", str(int(m.paused))),
        ("PausedReason", m.reason),
        ("Ringinuse", "0"),
        ("Wrapuptime", "0"),
    ]
