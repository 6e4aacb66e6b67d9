"""The mutable records the call book keeps: followed channels, live calls, held dials.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

Only channels that matter are followed: the user's own (``Leg.mine``) and the
other parties of the user's calls. Everything is keyed by Uniqueid (1.8
masquerades re-pair names and uniqueids, ami-protocol.md pitfall 19: the
book moves a :class:`Leg` to its new Uniqueid on ``Rename``).

These are plain records; the rules that keep them consistent live in
``book.py`` (:class:`~mypbxdesk.calls.book.CallBook`), the decisions in ``rules.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Call, CallState, Direction, Route, Transferer


@dataclass(slots=True, eq=False)
class Leg:
    """One followed channel.

    Attributes:
        uid: its Uniqueid (changes only through a 1.8 masquerade).
        name: its current channel name.
        mine: a channel of the user's phone.
        call: the user's call it belongs to, if any.
        alive: False once its Hangup was seen.
        originate: the user's leg of an Originate (the phone rings first for
            click-to-dial): it is not an incoming call.
        dialled: the number the user dialled, when known before the Dial.
        exten: the dialplan extension it ran when it entered the call (12+
            snapshot), to notice a Redirect that moved it elsewhere.
        route: for the user's channel, a queue's ``AgentCalled`` said that
            this queue rings it (before any call exists: a 1.8 queue rings
            the member without a Dial event).
        caller_uid: with ``route``: the Uniqueid of the queue's caller.
    """

    uid: str
    name: str
    mine: bool
    call: LiveCall | None = None
    alive: bool = True
    originate: bool = False
    dialled: str = ""
    exten: str = ""
    route: Route | None = None
    caller_uid: str = ""


@dataclass(slots=True, eq=False)
class LiveCall:
    """A call of the user while it is followed (mutable; see :class:`Call`)."""

    call_id: str
    direction: Direction
    number: str
    name: str
    started_at: float
    key: str = ""
    my_legs: list[Leg] = field(default_factory=list)
    peer: Leg | None = None
    consult: Leg | None = None
    my_channel: str | None = None
    trunk: str | None = None
    state: CallState = CallState.RINGING
    answered_at: float | None = None
    ended_at: float | None = None
    outcome: str | None = None
    transferred_to: str | None = None
    transfer_hint: str | None = None
    dial_status: str = ""
    cdr_disposition: str = ""
    my_gone_at: float | None = None
    linger_until: float | None = None
    peer_exten: str = ""
    reconnecting: bool = False
    via: Route | None = None
    transferred_by: Transferer | None = None

    @property
    def peer_alive(self) -> bool:
        return self.peer is not None and self.peer.alive

    def snapshot(self, extension: str) -> Call:
        duration: float | None = None
        if self.state is CallState.ENDED:
            if self.answered_at is not None and self.ended_at is not None:
                duration = max(0.0, self.ended_at - self.answered_at)
            else:
                duration = 0.0
        return Call(
            call_id=self.call_id,
            direction=self.direction,
            number=self.number,
            name=self.name,
            extension=extension,
            state=self.state,
            my_channel=self.my_channel,
            peer_channel=self.peer.name if self.peer is not None else None,
            trunk=self.trunk,
            started_at=self.started_at,
            answered_at=self.answered_at,
            ended_at=self.ended_at,
            outcome=self.outcome,
            transferred_to=self.transferred_to,
            duration=duration,
            via=self.via,
            transferred_by=self.transferred_by,
        )


@dataclass(frozen=True, slots=True)
class DialInfo:
    """A dial attempt as ``Dial SubEvent: Begin`` (1.8) or ``DialBegin`` (12+) tells it."""

    caller_uid: str
    caller: str
    dest_uid: str
    dest: str
    number: str
    name: str
    dialstring: str
    key: str
    caller_exten: str = ""
    dest_name: str = ""


@dataclass(slots=True, eq=False)
class HeldDial:
    """A dial to a DAHDI port nobody has classified yet (waits for a look-up)."""

    dial: DialInfo
    port: str
    started_at: float
    up_at: float | None = None
    gone_at: float | None = None
    cause: str = ""
