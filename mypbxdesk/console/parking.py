"""The parking lot: which calls wait in which slot, and how each one left.

Layer 3 (``mypbxdesk.console``, operator-console models): stdlib +
mypbxdesk.ami.message only; no asyncio, sockets or Qt.

Usage::

    lot = ParkingLot(clock=time.time)
    lot.resync(items)                      # the ParkedCalls list, after every login
    for change in lot.apply(message):      # every event in ParkingLot.wanted_events
        print(change.kind, change.call.slot, change.call.number, change.retrieved_by)

Wire facts (../shared/captures-asterisk18/README.md c2a-park-retrieve and
"Wire facts a console client must handle"; ../shared/asterisk/README.md
"Operator console", gotcha 17; console-park):

* 1.8 ``ParkedCall``: ``Exten: 701`` (the slot), ``Channel``, ``Parkinglot``,
  ``From`` (the parker's channel, ``SIP/474-00000005``), ``Timeout`` (seconds
  left), ``CallerIDNum``/``CallerIDName``, ``Uniqueid``. ``UnParkedCall`` has the
  same fields, but ``From`` is the *retriever* (``SIP/305-00000006``).
  ``ParkedCallTimeOut`` and ``ParkedCallGiveUp`` spell it ``UniqueID``.
* 22 ``ParkedCall``/``UnParkedCall``/``ParkedCallTimeOut``/``ParkedCallGiveUp``/
  ``ParkedCallSwap``: ``ParkeeChannel``, ``ParkeeUniqueid``,
  ``ParkeeCallerIDNum``/``Name``, ``ParkerDialString: PJSIP/474``,
  ``Parkinglot``, ``ParkingSpace: 701``, ``ParkingTimeout`` (seconds left),
  ``ParkingDuration`` (seconds parked so far); ``RetrieverChannel`` in
  ``UnParkedCall``.
* A timed-out call rings its parker again (``comebacktoorigin``; 22 dials
  ``PJSIP/474`` from ``park-dial``): TIMED_OUT. The caller hanging up is
  GAVE_UP (``ParkedCallGiveUp``, or a ``Hangup`` of the parked Uniqueid as a
  safety net).
* 1.8 parks through a masquerade: ``Newchannel Parked/SIP/470-…``, ``Rename``
  ×3, after which the parked channel has the **same name and a new
  Uniqueid**; ``ParkedCall`` already carries the new one (c2a). A masquerade of
  a call while it is parked is followed the same way: a ``Rename`` *to* a
  parked channel's name hands it the Rename's Uniqueid; the old Uniqueid then
  hangs up as ``…<ZOMBIE>``, which is not the caller giving up.
* The ``ParkedCalls`` answer (resync) lists one ``ParkedCall`` per call with a
  different header order, no Privilege, the ActionID, and in 1.8 no Uniqueid
  and empty caller-ID fields where the event says ``<unknown>``.

Events that carry an ActionID are list items: :meth:`ParkingLot.apply` leaves
them to :meth:`ParkingLot.resync`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import ClassVar

from ..ami.message import Kind, Message
from . import fields

Clock = Callable[[], float]

#: How many parked calls are kept at most (a lot has tens of slots).
MAX_PARKED = 1000


class ParkKind(Enum):
    """What happened to a parked call."""

    PARKED = "parked"
    #: Someone picked it up from its slot (``retrieved_by`` says who).
    RETRIEVED = "retrieved"
    #: Nobody took it in time: it rings the parker again.
    TIMED_OUT = "timed_out"
    #: The caller hung up while parked.
    GAVE_UP = "gave_up"
    #: Not in the list any more after a reconnect (it left while we were away).
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class ParkedCall:
    """One call waiting in a parking slot.

    Attributes:
        slot: the slot to dial to retrieve it: ``"701"``.
        lot: the parking lot: ``"default"``.
        channel: the parked channel (``SIP/470-00000004``).
        uniqueid: its Uniqueid, ``""`` when unknown (a 1.8 list item).
        number, name: the parked caller's caller ID, ``""`` unknown.
        parked_by: who parked it: the extension (``"474"``) when the parker is a
            phone, else its channel or dial string; ``""`` unknown.
        parked_at: clock seconds when it was parked (as far as known).
        timeout: seconds from ``parked_at`` until it rings the parker again,
            None when unknown or when the lot has no timeout.
    """

    slot: str
    lot: str
    channel: str
    uniqueid: str
    number: str
    name: str
    parked_by: str
    parked_at: float
    timeout: int | None

    @property
    def times_out_at(self) -> float | None:
        """Clock seconds when it times out (None: no timeout known)."""
        return None if self.timeout is None else self.parked_at + self.timeout


@dataclass(frozen=True, slots=True)
class ParkChange:
    """A change of the lot: what happened, to which call, and who retrieved it."""

    kind: ParkKind
    call: ParkedCall
    #: For RETRIEVED: the retriever's extension (``"305"``) or channel; else ``""``.
    retrieved_by: str = ""


class ParkingLot:
    """The parked calls of every lot, keyed by (lot, slot). Pure: no I/O.

    Args:
        clock: wall-clock seconds (``time.time``) for :attr:`ParkedCall.parked_at`.
    """

    #: Exactly the AMI events :meth:`apply` reads (canonical case; compared
    #: case-insensitively). Every other event leaves the lot unchanged.
    wanted_events: ClassVar[frozenset[str]] = frozenset(
        {
            "ParkedCall",
            "UnParkedCall",
            "ParkedCallTimeOut",
            "ParkedCallGiveUp",
            "ParkedCallSwap",
            "Rename",
            "Hangup",
        }
    )

    _ENDS: ClassVar[dict[str, ParkKind]] = {
        "unparkedcall": ParkKind.RETRIEVED,
        "parkedcalltimeout": ParkKind.TIMED_OUT,
        "parkedcallgiveup": ParkKind.GAVE_UP,
    }

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._calls: dict[tuple[str, str], ParkedCall] = {}
        self._wanted = frozenset(name.lower() for name in self.wanted_events)

    # -- queries ---------------------------------------------------------------------
    @property
    def calls(self) -> list[ParkedCall]:
        """Every parked call, by lot and then slot (numerically where a number)."""
        return sorted(self._calls.values(), key=_order)

    def get(self, slot: str, lot: str | None = None) -> ParkedCall | None:
        """The call in ``slot`` (of ``lot``, or of any lot when None)."""
        for call in self._calls.values():
            if call.slot == slot and (lot is None or call.lot == lot):
                return call
        return None

    # -- events ----------------------------------------------------------------------
    def apply(self, msg: Message) -> list[ParkChange]:
        """Feed one AMI message; returns what changed in the lot. Never raises."""
        name = msg.name.lower()
        if msg.kind is not Kind.EVENT or name not in self._wanted or "ActionID" in msg:
            return []
        out: list[ParkChange] = []
        if name in ("parkedcall", "parkedcallswap"):
            call = self._parse(msg)
            if call is not None:
                self._park(call, out)
        elif name in self._ENDS:
            self._end(msg, self._ENDS[name], out)
        elif name == "rename":
            self._rename(msg)
        elif name == "hangup":
            uid = fields.text(msg.first("Uniqueid", "UniqueID"))
            call = self._find(uid, None, "") if uid else None
            if call is not None and not fields.is_transient(fields.text(msg.get("Channel"))):
                self._remove(call, ParkChange(ParkKind.GAVE_UP, call), out)
        return out

    def resync(self, items: Iterable[Message]) -> list[ParkChange]:
        """Start again from a ``ParkedCalls`` answer (its ``ParkedCall`` items;
        other messages are skipped): calls no longer listed are GONE, new ones
        PARKED; a call still in its slot keeps what the events told about it."""
        listed: dict[tuple[str, str], ParkedCall] = {}
        for msg in items:
            if msg.kind is Kind.EVENT and msg.name.lower() == "parkedcall":
                call = self._parse(msg)
                if call is not None and len(listed) < MAX_PARKED:
                    listed[(call.lot, call.slot)] = call
        out: list[ParkChange] = []
        for key, old in list(self._calls.items()):
            new = listed.get(key)
            if new is not None and _same_call(old, new):
                listed[key] = replace(old, uniqueid=old.uniqueid or new.uniqueid)
            else:
                self._remove(old, ParkChange(ParkKind.GONE, old), out)
        for key, call in listed.items():
            if key not in self._calls:
                out.append(ParkChange(ParkKind.PARKED, call))
            self._calls[key] = call
        return out

    # -- handlers --------------------------------------------------------------------
    def _park(self, call: ParkedCall, out: list[ParkChange]) -> None:
        key = (call.lot, call.slot)
        old = self._calls.get(key)
        if old is not None and _same_call(old, call):
            call = replace(call, parked_at=old.parked_at)
            if call == old:
                return
        elif old is not None:
            self._remove(old, ParkChange(ParkKind.GONE, old), out)
        elsewhere = self._find(call.uniqueid, None, call.channel)
        if elsewhere is not None and (elsewhere.lot, elsewhere.slot) != key:
            self._remove(elsewhere, ParkChange(ParkKind.GONE, elsewhere), out)
        if key not in self._calls and len(self._calls) >= MAX_PARKED:
            return
        self._calls[key] = call
        out.append(ParkChange(ParkKind.PARKED, call))

    def _end(self, msg: Message, kind: ParkKind, out: list[ParkChange]) -> None:
        parsed = self._parse(msg)
        uid = fields.text(msg.first("ParkeeUniqueid", "Uniqueid", "UniqueID"))
        key = None if parsed is None else (parsed.lot, parsed.slot)
        channel = fields.text(msg.first("ParkeeChannel", "Channel"))
        call = self._find(uid, key, channel)
        if call is None:
            return
        by = ""
        if kind is ParkKind.RETRIEVED:
            # 22: RetrieverChannel; 1.8: From (in UnParkedCall it is the retriever).
            by = fields.party(msg.first("RetrieverChannel", "From"))
        self._remove(call, ParkChange(kind, call, by), out)

    def _rename(self, msg: Message) -> None:
        uid = fields.text(msg.first("Uniqueid", "UniqueID"))
        new = fields.text(msg.first("Newname", "NewName"))
        if not uid or not new or fields.is_transient(new):
            return
        for key, call in self._calls.items():
            if call.channel == new and call.uniqueid != uid:
                # 1.8 masquerade: the name lives on with a new Uniqueid.
                self._calls[key] = replace(call, uniqueid=uid)
            elif call.uniqueid == uid and call.channel != new:
                self._calls[key] = replace(call, channel=new)

    def _remove(self, call: ParkedCall, change: ParkChange, out: list[ParkChange]) -> None:
        key = (call.lot, call.slot)
        if self._calls.get(key) == call:
            del self._calls[key]
        out.append(change)

    def _find(self, uid: str, key: tuple[str, str] | None, channel: str) -> ParkedCall | None:
        if uid:
            for call in self._calls.values():
                if call.uniqueid == uid:
                    return call
        if key is not None and key in self._calls:
            found = self._calls[key]
            if not channel or not found.channel or found.channel == channel:
                return found
        if channel:
            for call in self._calls.values():
                if call.channel == channel:
                    return call
        return None

    # -- parsing ---------------------------------------------------------------------
    def _parse(self, msg: Message) -> ParkedCall | None:
        """A :class:`ParkedCall` from a 1.8 or 22 parking event or list item."""
        if msg.get("ParkingSpace") is not None or msg.get("ParkeeChannel") is not None:
            slot = fields.text(msg.get("ParkingSpace"))
            channel = fields.text(msg.get("ParkeeChannel"))
            uid = fields.text(msg.get("ParkeeUniqueid"))
            number = fields.number(msg.get("ParkeeCallerIDNum"))
            name = fields.number(msg.get("ParkeeCallerIDName"))
            parker = fields.party(msg.first("ParkerDialString", "ParkerChannel"))
            left = fields.integer(msg.get("ParkingTimeout"))
            duration = fields.integer(msg.get("ParkingDuration"), 0) or 0
        else:
            slot = fields.text(msg.first("Exten", "ParkingSpace"))
            channel = fields.text(msg.get("Channel"))
            uid = fields.text(msg.first("Uniqueid", "UniqueID"))
            number = fields.number(msg.get("CallerIDNum"))
            name = fields.number(msg.get("CallerIDName"))
            parker = fields.party(msg.get("From")) if msg.name.lower() == "parkedcall" else ""
            left = fields.integer(msg.get("Timeout"))
            duration = 0
        if not slot:
            return None
        duration = max(0, min(duration, 10**7))
        timeout = None if left is None or left <= 0 or left > 10**7 else left + duration
        return ParkedCall(
            slot=slot,
            lot=fields.text(msg.get("Parkinglot")),
            channel=channel,
            uniqueid=uid,
            number=number,
            name=name,
            parked_by=parker,
            parked_at=self._clock() - duration,
            timeout=timeout,
        )


def _same_call(a: ParkedCall, b: ParkedCall) -> bool:
    if a.uniqueid and b.uniqueid:
        return a.uniqueid == b.uniqueid
    return a.channel == b.channel


def _order(call: ParkedCall) -> tuple[str, int, str]:
    slot = call.slot
    number = int(slot) if slot.isascii() and slot.isdigit() and len(slot) < 19 else -1
    return (call.lot, number, slot)
