"""Parking on the wire, per dialect: ParkedCall, UnParkedCall, ParkedCallTimeOut,
ParkedCallGiveUp and the ParkedCalls list.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

1.8 (features.c, capture c2a): ``ParkedCall``/``UnParkedCall`` say ``Uniqueid``, the
timeout and give-up events (``post_manager_event``, no capture) ``UniqueID``; the list
form of ``ParkedCall`` has no Privilege, empty caller fields where the event has
``<unknown>``, and ``ActionID`` last. 22 (res_parking, console-park): a ``Parkee``
snapshot, ``ParkerDialString``, ``Parkinglot``, ``ParkingSpace``, ``ParkingTimeout``
and ``ParkingDuration`` (seconds); ``UnParkedCall`` adds a ``Retriever`` snapshot.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from .accounts import Perm
from .dialect22 import snapshot
from .dialects import Pairs, PbxEvent, event
from .model import Channel

LOT = "default"


@dataclass(eq=False)
class Parked:
    """One parked call."""

    channel: Channel
    slot: str
    parker: str  # the parker's channel name (1.8 ``From``)
    parker_dial: str  # ``PJSIP/474``: where a timed-out call rings back
    timeout: float  # seconds
    since: float = field(default_factory=time.monotonic)

    def duration(self) -> int:
        return int(time.monotonic() - self.since)

    def remaining(self) -> int:
        return max(0, int(self.timeout) - self.duration())


class ParkEvents(ABC):
    @abstractmethod
    def parked(self, p: Parked) -> PbxEvent: ...

    @abstractmethod
    def unparked(self, p: Parked, retriever: Channel) -> PbxEvent: ...

    @abstractmethod
    def timed_out(self, p: Parked) -> PbxEvent: ...

    @abstractmethod
    def gave_up(self, p: Parked) -> PbxEvent: ...

    @abstractmethod
    def list_ack(self, aid: Pairs) -> Pairs: ...

    @abstractmethod
    def list_item(self, p: Parked, aid: Pairs) -> Pairs: ...

    @abstractmethod
    def list_complete(self, aid: Pairs, count: int) -> Pairs: ...

    @abstractmethod
    def park_ack(self) -> str:
        """The Message of a successful ``Park``."""


def _cid(ch: Channel, empty: str = "<unknown>") -> Pairs:
    return [
        ("CallerIDNum", ch.caller_num or empty),
        ("CallerIDName", ch.caller_name or empty),
        ("ConnectedLineNum", ch.connected_num or empty),
        ("ConnectedLineName", ch.connected_name or empty),
    ]


class Park18(ParkEvents):
    def parked(self, p: Parked) -> PbxEvent:
        ch = p.channel
        return event(
            "ParkedCall",
            Perm.CALL,
            [
                ("Exten", p.slot),
                ("Channel", ch.name),
                ("Parkinglot", LOT),
                ("From", p.parker),
                ("Timeout", str(p.remaining())),
                *_cid(ch),
                ("Uniqueid", ch.uniqueid),
            ],
        )

    def unparked(self, p: Parked, retriever: Channel) -> PbxEvent:
        ch = p.channel
        head = [("Exten", p.slot), ("Channel", ch.name), ("Parkinglot", LOT)]
        pairs = [*head, ("From", retriever.name), *_cid(ch), ("Uniqueid", ch.uniqueid)]
        return event("UnParkedCall", Perm.CALL, pairs)

    def _post(self, name: str, p: Parked) -> PbxEvent:
        ch = p.channel
        head = [("Exten", p.slot), ("Channel", ch.name), ("Parkinglot", LOT)]
        return event(name, Perm.CALL, [*head, *_cid(ch), ("UniqueID", ch.uniqueid)])

    def timed_out(self, p: Parked) -> PbxEvent:
        return self._post("ParkedCallTimeOut", p)

    def gave_up(self, p: Parked) -> PbxEvent:
        return self._post("ParkedCallGiveUp", p)

    def list_ack(self, aid: Pairs) -> Pairs:
        return [("Response", "Success"), *aid, ("Message", "Parked calls will follow")]

    def list_item(self, p: Parked, aid: Pairs) -> Pairs:
        ch = p.channel
        return [
            ("Event", "ParkedCall"),
            ("Parkinglot", LOT),
            ("Exten", p.slot),
            ("Channel", ch.name),
            ("From", p.parker),
            ("Timeout", str(p.remaining())),
            *_cid(ch, ""),
            *aid,
        ]

    def list_complete(self, aid: Pairs, count: int) -> Pairs:
        return [("Event", "ParkedCallsComplete"), ("Total", str(count)), *aid]

    def park_ack(self) -> str:
        return "Park successful"


class Park22(ParkEvents):
    def _body(self, p: Parked, timeout: int | None = None) -> Pairs:
        left = p.remaining() if timeout is None else timeout
        return [
            *snapshot(p.channel, "Parkee"),
            ("ParkerDialString", p.parker_dial),
            ("Parkinglot", LOT),
            ("ParkingSpace", p.slot),
            ("ParkingTimeout", str(left)),
            ("ParkingDuration", str(p.duration())),
        ]

    def parked(self, p: Parked) -> PbxEvent:
        return event("ParkedCall", Perm.CALL, self._body(p))

    def unparked(self, p: Parked, retriever: Channel) -> PbxEvent:
        body = self._body(p)
        n = len(snapshot(p.channel))
        pairs = [*body[:n], *snapshot(retriever, "Retriever"), *body[n:]]
        return event("UnParkedCall", Perm.CALL, pairs)

    def timed_out(self, p: Parked) -> PbxEvent:
        return event("ParkedCallTimeOut", Perm.CALL, self._body(p, 0))

    def gave_up(self, p: Parked) -> PbxEvent:
        return event("ParkedCallGiveUp", Perm.CALL, self._body(p))

    def list_ack(self, aid: Pairs) -> Pairs:
        return [
            ("Response", "Success"),
            *aid,
            ("EventList", "start"),
            ("Message", "Parked calls will follow"),
        ]

    def list_item(self, p: Parked, aid: Pairs) -> Pairs:
        return [("Event", "ParkedCall"), *self._body(p), *aid]

    def list_complete(self, aid: Pairs, count: int) -> Pairs:
        return [
            ("Event", "ParkedCallsComplete"),
            *aid,
            ("EventList", "Complete"),
            ("ListItems", str(count)),
            ("Total", str(count)),
        ]

    def park_ack(self) -> str:
        return "Park successful\n"  # res_parking's astman_send_ack keeps the \n (console-park)
