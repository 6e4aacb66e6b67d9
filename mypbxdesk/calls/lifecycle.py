"""Channel lifecycle: ``Newchannel``, ``Newstate``, ``NewCallerid``, ``Hangup``, ``Cdr``.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

* ``Newchannel`` of the user's phone: follow it; the next one after
  ``expect_originate`` is the click-to-dial call (``hints.py``). Of any other
  channel: remember the number it was created for (``routes.py``: a ring
  group's or DID's number, read when it rings the user).
* ``Newstate``: ``Up`` answers an incoming call on the user's side, an
  outgoing one on the other side; ``Ringing`` of the user's phone with no Dial
  before it is a 1.8 queue or atxfer consult call (the connected line is the
  caller), or the first leg of an Originate (connected line empty or the user).
* ``Hangup`` of the user's last channel in a call ends it, or lets it linger
  (``rules.LEAVE_RULES``); of the other party of a lingering call ends it. Of
  any channel: ``routes.py`` forgets it.
* ``Cdr``: the disposition (busy, failed) and the number, when nothing else told.

Each handler reads one header (two for ``Newstate``) and bails out unless it
names a followed Uniqueid, a held DAHDI dial, or a channel of the user's phone.
"""

from __future__ import annotations

from ..ami.message import Message
from .book import CallBook, Clock
from .channels import clean_number, extension_of
from .dialect import Dialect
from .hints import OriginateHints
from .model import UNKNOWN_NAME, CallChange, CallState, Direction
from .phone import PhoneChannels
from .ports import PortBook
from .records import Leg
from .routes import Routes


class ChannelLifecycle:
    """Handlers for the events that create, change and end channels."""

    __slots__ = (
        "_book",
        "_clock",
        "_dialect",
        "_held",
        "_hints",
        "_legs",
        "_phone",
        "_ports",
        "_routes",
    )

    def __init__(
        self,
        book: CallBook,
        ports: PortBook,
        phone: PhoneChannels,
        dialect: Dialect,
        hints: OriginateHints,
        clock: Clock,
        routes: Routes,
    ) -> None:
        self._book = book
        self._routes = routes
        self._legs = book.legs
        self._ports = ports
        self._held = ports.held
        self._phone = phone
        self._dialect = dialect
        self._hints = hints
        self._clock = clock

    # -- Newchannel ------------------------------------------------------------------
    def on_newchannel(self, msg: Message, out: list[CallChange]) -> None:
        name = msg.get("Channel") or ""
        if not self._phone.owns(name):
            exten = msg.get("Exten")
            if exten and exten != "s":
                self._routes.created(msg.get("Uniqueid") or "", exten)
            return
        uid = msg.get("Uniqueid") or ""
        if not uid or uid in self._legs:
            return
        leg = self._book.my_leg(uid, name)
        exten = clean_number(msg.get("Exten"))
        if exten and exten != "s":
            leg.dialled = exten
        hint = self._hints.take()
        if hint is not None:
            leg.originate = True
            leg.dialled = hint
            self._book.create(out, direction=Direction.OUTGOING, my_leg=leg, number=hint, name="")

    # -- Newstate --------------------------------------------------------------------
    def on_newstate(self, msg: Message, out: list[CallChange]) -> None:
        uid = msg.get("Uniqueid") or ""
        leg = self._legs.get(uid)
        if leg is None:
            held = self._held.get(uid) if self._held else None
            if held is not None:
                if held.up_at is None and _is_up(msg):
                    held.up_at = self._clock()
                return
            name = msg.get("Channel") or ""
            if not uid or not self._phone.owns(name):
                return
            leg = self._book.my_leg(uid, name)
        state = msg.get("ChannelState") or ""
        desc = (msg.get("ChannelStateDesc") or "").lower()
        up = state == "6" or desc == "up"
        call = leg.call
        if leg.mine:
            if call is None:
                if (state == "5" or desc == "ringing") and not leg.originate:
                    self._unexplained_ring(msg, leg, out)
            elif up and call.direction is Direction.INCOMING:
                self._book.answer(out, call)
            return
        if call is None:
            return
        outgoing_ringing = call.direction is Direction.OUTGOING and call.state is CallState.RINGING
        if up and (outgoing_ringing or call.reconnecting):
            call.peer = leg
            call.trunk = self._ports.trunk(leg.name) or call.trunk
            self._book.answer(out, call)
        if (
            call.direction is Direction.OUTGOING
            and not call.name
            and leg is call.peer
            and extension_of(leg.name) == call.number
        ):
            # 1.8 Dial names no callee: take the dialled extension's own name.
            cname = self._dialect.name_of(msg, "CallerIDName")
            if cname != call.number:
                call.name = cname

    def _unexplained_ring(self, msg: Message, leg: Leg, out: list[CallChange]) -> None:
        """The user's phone rings and no Dial said why (1.8 queue, atxfer consult call).

        The connected line is the caller. When it is the user's own number (or
        empty) this is the first leg of a click-to-dial Originate instead.
        """
        number = clean_number(msg.get("ConnectedLineNum"))
        if not number or number == self._phone.extension:
            leg.originate = True
            return
        for call in self._book.calls.values():
            if (
                call.direction is Direction.INCOMING
                and call.number == number
                and (call.my_gone_at is not None or call.peer is None)
            ):
                self._book.resume(call, leg)
                if call.via is None:
                    call.via = leg.route
                return
        name = self._dialect.name_of(msg, "ConnectedLineName")
        routes = self._routes
        # A queue said it rings this channel (AgentCalled), or a caller with
        # this number went through a queue (Join) that sent no AgentCalled.
        via, caller_uid = leg.route, leg.caller_uid
        if via is None:
            queued = routes.queue_of_caller(number)
            if queued is not None:
                caller_uid, via = queued
        self._book.create(
            out,
            direction=Direction.INCOMING,
            my_leg=leg,
            number=number,
            name=name,
            via=via,
            transferred_by=routes.transferer_of(caller_uid, self._phone.extension),
        )

    # -- NewCallerid -----------------------------------------------------------------
    def on_newcallerid(self, msg: Message, out: list[CallChange]) -> None:
        leg = self._legs.get(msg.get("Uniqueid") or "")
        if leg is None or leg.mine or leg.call is None or leg is not leg.call.peer:
            return
        call = leg.call
        if call.direction is Direction.INCOMING and call.name in ("", UNKNOWN_NAME):
            name = self._dialect.name_of(msg, "CallerIDName")
            if name:
                call.name = name

    # -- Hangup / Cdr ----------------------------------------------------------------
    def on_hangup(self, msg: Message, out: list[CallChange]) -> None:
        uid = msg.get("Uniqueid") or ""
        self._routes.forget(uid)
        leg = self._book.drop(uid)
        if leg is None:
            held = self._held.get(uid) if self._held else None
            if held is not None and held.gone_at is None:
                held.gone_at = self._clock()
                held.cause = msg.get("Cause") or ""
            return
        call = leg.call
        if call is None:
            return
        if leg.mine:
            if leg in call.my_legs:
                call.my_legs.remove(leg)
            if not any(my.alive for my in call.my_legs):
                self._book.my_leg_gone(out, call, (msg.get("Cause") or "").strip())
            return
        if leg is call.consult:
            call.consult = None
        elif leg is call.peer and call.my_gone_at is not None:
            self._book.finish(out, call, None)

    def on_cdr(self, msg: Message, out: list[CallChange]) -> None:
        leg = self._legs.get(msg.get("UniqueID") or "")
        if leg is None or not leg.mine or leg.call is None:
            return
        call = leg.call
        call.cdr_disposition = (msg.get("Disposition") or "").upper().replace(" ", "")
        if not call.number:
            call.number = clean_number(msg.get("Destination"))


def _is_up(msg: Message) -> bool:
    return msg.get("ChannelState") == "6" or (msg.get("ChannelStateDesc") or "").lower() == "up"
