"""ActionID correlation: which messages answer which action.

Layer 1 (``mypbxdesk.ami``, sans-IO): stdlib only; no asyncio, sockets or Qt.

An action is complete when (ami-protocol.md §5 step 8, §7.3):

* **simple**: its response arrives;
* **list**: the response says ``EventList: start`` (or the action was sent as
  a list, ``Expect.LIST``, like 1.8 ``Status``, which has no EventList header); then
  every event carrying its ActionID is collected until one whose ``EventList``
  is ``Complete``/``Cancelled`` or whose name ends in ``Complete``;
* **originate** (``Async: true``): a successful response, then the
  ``OriginateResponse`` event with the same ActionID.

A ``Response: Error`` completes any kind at once. The decision never depends
on the *text* of a message (panoramisk's "will follow" guess, §6.1).
Events that carry no pending ActionID are ordinary events for subscribers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .message import Kind, Message


class Expect(Enum):
    """How an action is answered."""

    RESPONSE = "response"
    LIST = "list"
    ORIGINATE = "originate"


@dataclass(slots=True)
class ActionResult:
    """Everything the PBX said about one action.

    Attributes:
        action_id: the ActionID we sent.
        response: the ``Response:`` message.
        events: list items (``CoreShowChannel``, ``Status`` …) in order.
        final: the closing event (``…Complete`` or ``OriginateResponse``), if any.
    """

    action_id: str
    response: Message
    events: list[Message] = field(default_factory=list)
    final: Message | None = None

    @property
    def ok(self) -> bool:
        """The response is not an error and, for an Originate, the call was placed."""
        if not self.response.is_success:
            return False
        if self.final is not None and self.final.is_event("OriginateResponse"):
            return (self.final.get("Response") or "").lower() == "success"
        return True


@dataclass(frozen=True, slots=True)
class Completed:
    """An action is finished; ``result`` has all of its messages."""

    result: ActionResult


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """An Originate's first response arrived; its ``OriginateResponse`` is still to come."""

    action_id: str
    response: Message


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A response whose ActionID we never sent (or without any ActionID)."""

    message: Message


@dataclass(frozen=True, slots=True)
class Collected:
    """A list item was stored with its action; nothing to do for the caller."""


_COLLECTED = Collected()


@dataclass(slots=True)
class _Pending:
    action_id: str
    expect: Expect
    response: Message | None = None
    events: list[Message] = field(default_factory=list)
    collecting: bool = False  # acknowledged; its events are still to come


Outcome = Completed | Acknowledged | Collected | Unmatched | Message


class Correlator:
    """Routes incoming messages to pending actions; what is left are events."""

    def __init__(self) -> None:
        self._pending: dict[str, _Pending] = {}
        self._collecting = 0  # acknowledged lists and Originates: events may carry their id

    @property
    def collecting(self) -> bool:
        """Whether an event can belong to an action now (a list or an Originate
        was acknowledged and is not complete). While not, events skip routing."""
        return self._collecting > 0

    def expect(self, action_id: str, expect: Expect) -> None:
        """Register an action just sent."""
        if action_id in self._pending:
            raise ValueError(f"ActionID {action_id!r} is already pending")
        self._pending[action_id] = _Pending(action_id, expect)

    def cancel(self, action_id: str) -> None:
        """Forget an action (timed out); late messages for it become :class:`Unmatched`."""
        p = self._pending.pop(action_id, None)
        if p is not None and p.collecting:
            self._collecting -= 1

    def pending(self) -> list[str]:
        return list(self._pending)

    def clear(self) -> list[str]:
        """Forget every pending action (the connection is gone); returns their ids."""
        ids = list(self._pending)
        self._pending.clear()
        self._collecting = 0
        return ids

    def __len__(self) -> int:
        return len(self._pending)

    def route(self, msg: Message) -> Outcome:
        """Where ``msg`` goes. An event that belongs to no action is returned as is."""
        kind = msg.kind
        if kind is Kind.EVENT:
            if not self._pending:
                return msg
            action_id = msg.action_id
            if action_id is None:
                return msg
            p = self._pending.get(action_id)
            if p is None or p.response is None:
                # Not ours, or an event before the response (never sent by
                # Asterisk, which flushes events only between actions).
                return msg
            return self._route_event(p, msg)
        if kind is Kind.RESPONSE:
            action_id = msg.action_id
            p = self._pending.get(action_id) if action_id is not None else None
            if p is None or p.response is not None:
                return Unmatched(msg)
            return self._route_response(p, msg)
        return Unmatched(msg)

    def _route_response(self, p: _Pending, msg: Message) -> Outcome:
        p.response = msg
        if msg.is_error:
            return self._finish(p)
        if p.expect is Expect.ORIGINATE:
            return self._collect(p, msg)
        eventlist = (msg.get("EventList") or "").lower()
        if eventlist == "start" or p.expect is Expect.LIST:
            if eventlist in ("complete", "cancelled"):
                return self._finish(p)
            p.expect = Expect.LIST
            return self._collect(p, msg)
        return self._finish(p)

    def _collect(self, p: _Pending, msg: Message) -> Acknowledged:
        p.collecting = True
        self._collecting += 1
        return Acknowledged(p.action_id, msg)

    def _route_event(self, p: _Pending, msg: Message) -> Outcome:
        if p.expect is Expect.ORIGINATE:
            if msg.is_event("OriginateResponse"):
                return self._finish(p, final=msg)
            return msg
        eventlist = (msg.get("EventList") or "").lower()
        if eventlist in ("complete", "cancelled") or msg.name.lower().endswith("complete"):
            return self._finish(p, final=msg)
        p.events.append(msg)
        return _COLLECTED

    def _finish(self, p: _Pending, final: Message | None = None) -> Completed:
        del self._pending[p.action_id]
        if p.collecting:
            self._collecting -= 1
        assert p.response is not None
        return Completed(ActionResult(p.action_id, p.response, p.events, final))
