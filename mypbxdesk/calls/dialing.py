"""Dialling: incoming and outgoing calls from ``Dial`` (1.8) and ``DialBegin``/``DialEnd`` (12+).

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

* 1.8 ``Dial`` ``SubEvent: Begin`` is sent once per destination;
  ``SubEvent: End`` once per ``Dial()``, for the caller only, with the overall
  ``DialStatus`` (ami-protocol.md §3.3, pitfall 20).
* 12+ ``DialBegin``/``DialEnd`` are per destination; the losers of a parallel
  dial get ``CANCEL``; an Originate's first leg has no caller half.
* The destination decides: the user's channel → incoming (seed §1.4);
  a trunk (``SIP/trunk-test1/…``) → never incoming; an unknown DAHDI port →
  held until a look-up tells extension from trunk (``lookups.py``).
* What a ``DialStatus`` means for the call: ``rules.DIAL_STATUSES``.
* How an incoming call came (queue, ring group, DID) and who transferred it:
  ``routes.py``, asked when the call is created. A begin from a channel that
  ``routes.py`` remembers a dialled number for may use that number up (one
  dict look-up, no header read).

A begin concerns the user when the caller or destination Uniqueid is
followed, either channel is the user's, or the destination is a DAHDI port;
an end only when a Uniqueid it names is followed (or held). The Uniqueids are
read first; nothing else is read from an event that concerns someone else.
"""

from __future__ import annotations

from ..ami.message import Message
from .book import CallBook, Clock
from .channels import clean_number, dahdi_port_of, extension_of, number_from_dialstring
from .dialect import Dialect
from .model import UNKNOWN_NAME, CallChange, CallState, Direction, Route
from .phone import PhoneChannels
from .ports import PortBook
from .records import DialInfo, HeldDial, Leg, LiveCall
from .routes import Routes
from .rules import may_come_back


def display_name(number: str, name: str) -> str:
    """The name to show: ``"Unknown caller"`` when neither name nor number is known."""
    return name if (name or number) else UNKNOWN_NAME


class DialHandler:
    """Handlers for ``Dial`` (1.8), ``DialBegin`` and ``DialEnd`` (12+)."""

    __slots__ = ("_book", "_clock", "_dialect", "_held", "_legs", "_phone", "_ports", "_routes")

    def __init__(
        self,
        book: CallBook,
        ports: PortBook,
        phone: PhoneChannels,
        dialect: Dialect,
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
        self._clock = clock

    # -- events ----------------------------------------------------------------------
    def on_dial(self, msg: Message, out: list[CallChange]) -> None:
        """1.8 ``Dial``: ``SubEvent: Begin`` per destination, ``End`` per ``Dial()``."""
        dialect = self._dialect
        if dialect.modern is None:
            dialect.modern = False
        caller_uid = msg.get("UniqueID") or ""
        sub = (msg.get("SubEvent") or "").lower()
        if sub == "end":
            caller_leg = self._legs.get(caller_uid) if caller_uid else None
            if caller_leg is not None and caller_leg.call is not None:
                status = (msg.get("DialStatus") or "").strip().upper()
                self._dial_end(out, status, caller_leg, None, None, per_destination=False)
            return
        if sub != "begin":
            return
        caller = msg.get("Channel") or ""
        dest_uid = msg.get("DestUniqueID") or ""
        dest = msg.get("Destination") or ""
        routes = self._routes
        if not self._concerns(caller_uid, caller, dest_uid, dest):
            if caller_uid in routes.dialled:
                routes.dial_seen(caller_uid, dest)
            return
        dialstring = msg.get("Dialstring") or ""
        number = clean_number(msg.get("CallerIDNum"))
        d = DialInfo(
            caller_uid,
            caller,
            dest_uid,
            dest,
            number,
            dialect.name_of(msg, "CallerIDName"),
            dialstring,
            caller_uid,
        )
        self._dial_begin(out, d)
        if caller_uid in routes.dialled:
            # Only after the via of a dial to the user was told: a number this
            # dial uses up was the number of this very destination.
            routes.dial_seen(caller_uid, dest)

    def on_dial_begin(self, msg: Message, out: list[CallChange]) -> None:
        """12+ ``DialBegin``: one per destination; no caller half for an Originate."""
        dialect = self._dialect
        dialect.modern = True
        caller_uid = msg.get("Uniqueid") or ""
        caller = msg.get("Channel") or ""
        dest_uid = msg.get("DestUniqueid") or ""
        dest = msg.get("DestChannel") or ""
        routes = self._routes
        if not self._concerns(caller_uid, caller, dest_uid, dest):
            if caller_uid in routes.dialled:
                routes.dial_seen(caller_uid, dest)
            return
        d = DialInfo(
            caller_uid,
            caller,
            dest_uid,
            dest,
            clean_number(msg.get("CallerIDNum")),
            dialect.name_of(msg, "CallerIDName"),
            msg.get("DialString") or "",
            msg.get("Linkedid") or caller_uid,
            clean_number(msg.get("Exten")),
            dialect.name_of(msg, "DestCallerIDName"),
        )
        self._dial_begin(out, d)
        if caller_uid in routes.dialled:
            routes.dial_seen(caller_uid, dest)

    def on_dial_end(self, msg: Message, out: list[CallChange]) -> None:
        """12+ ``DialEnd``: one per destination, with that destination's status."""
        self._dialect.modern = True
        legs = self._legs
        caller_uid = msg.get("Uniqueid") or ""
        dest_uid = msg.get("DestUniqueid") or ""
        dest_leg = legs.get(dest_uid) if dest_uid else None
        caller_leg = legs.get(caller_uid) if caller_uid else None
        held = self._held.get(dest_uid) if dest_uid and self._held else None
        if dest_leg is None and held is None and (caller_leg is None or caller_leg.call is None):
            return
        status = (msg.get("DialStatus") or "").strip().upper()
        self._dial_end(out, status, caller_leg, dest_leg, held, per_destination=bool(dest_uid))

    # -- begin -------------------------------------------------------------------------
    def _concerns(self, caller_uid: str, caller: str, dest_uid: str, dest: str) -> bool:
        legs = self._legs
        owns = self._phone.owns
        return (
            dest_uid in legs
            or caller_uid in legs
            or owns(dest)
            or owns(caller)
            or dest.startswith("DAHDI/")
        )

    def _dial_begin(self, out: list[CallChange], d: DialInfo) -> None:
        book, owns = self._book, self._phone.owns
        dest_leg = self._legs.get(d.dest_uid)
        if (dest_leg is not None and dest_leg.mine) or owns(d.dest):
            leg = (
                dest_leg
                if dest_leg is not None and dest_leg.mine
                else book.my_leg(d.dest_uid, d.dest)
            )
            caller_leg = self._legs.get(d.caller_uid)
            if not d.caller_uid and not d.caller:
                leg.originate = True  # 12+ Originate: DialBegin without a caller half
            elif leg.call is None and not (
                (caller_leg is not None and caller_leg.mine) or owns(d.caller)
            ):
                self.incoming(out, leg, d)
            return
        caller_leg = self._legs.get(d.caller_uid) if d.caller_uid else None
        if caller_leg is None and d.caller_uid and owns(d.caller):
            caller_leg = book.my_leg(d.caller_uid, d.caller)
        if caller_leg is not None and caller_leg.mine:
            self._outgoing(out, caller_leg, d)
            return
        port = dahdi_port_of(d.dest)
        if port is not None and port not in self._ports.known and d.dest_uid:
            # Maybe the user's analog phone: hold it until a look-up tells (seed §1.4).
            self._held[d.dest_uid] = HeldDial(d, port, self._clock())
            self._ports.ask(port, d.dest)
            return
        if caller_leg is not None and caller_leg.call is not None:
            self._peer_dials(out, caller_leg.call, caller_leg, d)

    def incoming(
        self, out: list[CallChange], leg: Leg, d: DialInfo, started_at: float | None = None
    ) -> LiveCall | None:
        """The user's phone ``leg`` is dialled: a new incoming call, or the same one again."""
        book = self._book
        call = book.by_key.get(d.key) if d.key else None
        if call is not None and call.direction is Direction.INCOMING:
            # A retry, a fork to another device of the user, or a hunt coming
            # back: the same call goes on, no second ring.
            book.resume(call, leg)
            if not call.peer_alive and d.caller_uid:
                call.peer = book.party(d.caller_uid, d.caller)
                call.peer.call = call
            if call.via is None:
                call.via = leg.route  # a queue named it; a later dial tells less
            return call
        peer = book.party(d.caller_uid, d.caller) if d.caller_uid else None
        if peer is not None:
            peer.exten = d.caller_exten
        trunk = self._ports.trunk(d.caller)
        call = book.create(
            out,
            direction=Direction.INCOMING,
            my_leg=leg,
            number=d.number,
            name=display_name(d.number, d.name),
            key=d.key,
            peer=peer,
            trunk=trunk,
            started_at=started_at,
            via=self._via(leg, d, trunk),
            transferred_by=self._routes.transferer_of(d.caller_uid, self._phone.extension),
        )
        call.peer_exten = d.caller_exten
        return call

    def _via(self, leg: Leg, d: DialInfo, trunk: str | None) -> Route | None:
        """How the dial ``d`` to the user's ``leg`` came (``routes.py``)."""
        if leg.route is not None:
            return leg.route  # a queue's AgentCalled named this channel
        key = d.key if d.key != d.caller_uid else ""
        return self._routes.via_of_dial(
            d.caller_uid, key, d.caller_exten, d.dialstring, trunk, self._phone.extension
        )

    def _outgoing(self, out: list[CallChange], leg: Leg, d: DialInfo) -> None:
        book, ports = self._book, self._ports
        call = leg.call
        dest = book.party(d.dest_uid, d.dest) if d.dest_uid else None
        port = dahdi_port_of(d.dest)
        if port is not None:
            ports.ask(port, d.dest)
        exten = d.caller_exten if d.caller_exten not in ("", "s") else ""
        number = leg.dialled or exten or number_from_dialstring(d.dialstring)
        number = number or extension_of(d.dest) or ""
        name = d.dest_name if d.dest_name != number else ""
        if call is None:
            book.create(
                out,
                direction=Direction.OUTGOING,
                my_leg=leg,
                number=number,
                name=name,
                peer=dest,
                trunk=ports.trunk(d.dest),
            )
            return
        if dest is None or (call.peer_alive and call.state is not CallState.RINGING):
            return
        dest.call = call
        if call.state is CallState.RINGING:
            # Another destination of a forked dial, or the next one tried.
            if not call.peer_alive:
                call.peer = dest
                call.trunk = ports.trunk(d.dest) or call.trunk
            return
        # Answered, the other party left, and the user's channel dials on (it
        # was transferred by the other side): same call, new party.
        call.peer = dest
        call.number = extension_of(d.dest) or number_from_dialstring(d.dialstring) or call.number
        call.name = d.dest_name
        call.trunk = ports.trunk(d.dest)
        call.reconnecting = True

    def _peer_dials(self, out: list[CallChange], call: LiveCall, leg: Leg, d: DialInfo) -> None:
        """The other party of a lingering call dials someone else."""
        if leg is not call.peer or call.my_gone_at is None:
            return
        if may_come_back(call.dial_status):
            return  # a hunt list or ring group goes on: may come back or be answered
        target = extension_of(d.dest) or number_from_dialstring(d.dialstring)
        self._book.finish(out, call, "transferred", target)

    # -- end ---------------------------------------------------------------------------
    def _dial_end(
        self,
        out: list[CallChange],
        status: str,
        caller_leg: Leg | None,
        dest_leg: Leg | None,
        held: HeldDial | None,
        *,
        per_destination: bool,
    ) -> None:
        """A dial ended with ``status``; ``per_destination``: 12+ (else 1.8's one End)."""
        book = self._book
        if dest_leg is not None and dest_leg.mine:
            call = dest_leg.call
            if call is not None and call.direction is Direction.INCOMING:
                call.dial_status = status
                if status == "ANSWER":
                    book.answer(out, call)
            return
        if held is not None and status == "ANSWER" and held.up_at is None:
            held.up_at = self._clock()
        if caller_leg is None or caller_leg.call is None:
            return
        call = caller_leg.call
        if caller_leg.mine:
            if call.direction is Direction.OUTGOING:
                call.dial_status = status
                if status == "ANSWER":
                    if dest_leg is not None and dest_leg.call is call:
                        call.peer = dest_leg
                        call.trunk = self._ports.trunk(dest_leg.name) or call.trunk
                    book.answer(out, call)
            return
        if caller_leg is not call.peer:
            return
        if not per_destination:
            call.dial_status = status  # 1.8: one End per Dial(), for the caller
        if status == "ANSWER" and call.state is CallState.RINGING:
            book.finish(out, call, "answered_elsewhere")
