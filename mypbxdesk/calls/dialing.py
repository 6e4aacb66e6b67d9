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
  held until a look-up tells extension from trunk (``dahdi.py``).
"""

from __future__ import annotations

from ..ami.message import Message
from .channels import clean_number, dahdi_port_of, extension_of, number_from_dialstring
from .model import UNKNOWN_NAME, CallChange, CallState, Direction
from .resync import ResyncTracker
from .state import HUNTING_STATUSES, DialInfo, HeldDial, Leg, LiveCall


def display_name(number: str, name: str) -> str:
    """The name to show: ``"Unknown caller"`` when neither name nor number is known."""
    return name if (name or number) else UNKNOWN_NAME


class DialTracker(ResyncTracker):
    """Dial handling on top of bridges, masquerades, transfers and resync."""

    def _release(self, out: list[CallChange], uid: str, held: HeldDial) -> None:
        leg = self.my_leg(uid, held.dial.dest)
        call = self._incoming(out, leg, held.dial, started_at=held.started_at)
        if call is None:
            return
        if held.up_at is not None:
            self.answer(out, call, at=held.up_at)
        if held.gone_at is not None:
            leg.alive = False
            self._legs.pop(uid, None)
            elsewhere = held.cause == "26" and call.state is CallState.RINGING
            self.finish(out, call, "answered_elsewhere" if elsewhere else None, at=held.gone_at)

    def _incoming(
        self, out: list[CallChange], leg: Leg, d: DialInfo, started_at: float | None = None
    ) -> LiveCall | None:
        call = self._by_key.get(d.key) if d.key else None
        if call is not None and call.direction is Direction.INCOMING:
            # A retry, a fork to another device of the user, or a hunt coming
            # back: the same call goes on, no second ring.
            self.resume(call, leg)
            if not call.peer_alive and d.caller_uid:
                call.peer = self._party(d.caller_uid, d.caller)
                call.peer.call = call
            return call
        peer = self._party(d.caller_uid, d.caller) if d.caller_uid else None
        if peer is not None:
            peer.exten = d.caller_exten
        call = self.create(
            out,
            direction=Direction.INCOMING,
            my_leg=leg,
            number=d.number,
            name=display_name(d.number, d.name),
            key=d.key,
            peer=peer,
            trunk=self.trunk(d.caller),
            started_at=started_at,
        )
        call.peer_exten = d.caller_exten
        return call

    def _outgoing(self, out: list[CallChange], leg: Leg, d: DialInfo) -> None:
        call = leg.call
        dest = self._party(d.dest_uid, d.dest) if d.dest_uid else None
        port = dahdi_port_of(d.dest)
        if port is not None:
            self.ask_lookup(port, d.dest)
        exten = d.caller_exten if d.caller_exten not in ("", "s") else ""
        number = leg.dialled or exten or number_from_dialstring(d.dialstring)
        number = number or extension_of(d.dest) or ""
        name = d.dest_name if d.dest_name != number else ""
        if call is None:
            self.create(
                out,
                direction=Direction.OUTGOING,
                my_leg=leg,
                number=number,
                name=name,
                peer=dest,
                trunk=self.trunk(d.dest),
            )
            return
        if dest is None or (call.peer_alive and call.state is not CallState.RINGING):
            return
        dest.call = call
        if call.state is CallState.RINGING:
            # Another destination of a forked dial, or the next one tried.
            if not call.peer_alive:
                call.peer = dest
                call.trunk = self.trunk(d.dest) or call.trunk
            return
        # Answered, the other party left, and the user's channel dials on (it
        # was transferred by the other side): same call, new party.
        call.peer = dest
        call.number = extension_of(d.dest) or number_from_dialstring(d.dialstring) or call.number
        call.name = d.dest_name
        call.trunk = self.trunk(d.dest)
        call.reconnecting = True

    def _concerns(self, caller_uid: str, caller: str, dest_uid: str, dest: str) -> bool:
        legs = self._legs
        return (
            dest_uid in legs
            or caller_uid in legs
            or self.owns(dest)
            or self.owns(caller)
            or dest.startswith("DAHDI/")
        )

    def _on_dial(self, msg: Message, out: list[CallChange]) -> None:
        if self.modern is None:
            self.modern = False
        sub = (msg.get("SubEvent") or "").lower()
        caller_uid = msg.get("UniqueID") or ""
        if sub == "end":
            self._dial_end(out, caller_uid, "", msg.get("DialStatus") or "")
            return
        if sub != "begin":
            return
        caller = msg.get("Channel") or ""
        dest_uid = msg.get("DestUniqueID") or ""
        dest = msg.get("Destination") or ""
        if not self._concerns(caller_uid, caller, dest_uid, dest):
            return
        number = clean_number(msg.get("CallerIDNum"))
        d = DialInfo(
            caller_uid,
            caller,
            dest_uid,
            dest,
            number,
            self.name_of(msg, "CallerIDName"),
            msg.get("Dialstring") or "",
            caller_uid,
        )
        self._dial_begin(out, d)

    def _on_dial_begin(self, msg: Message, out: list[CallChange]) -> None:
        self.modern = True
        caller_uid = msg.get("Uniqueid") or ""
        caller = msg.get("Channel") or ""
        dest_uid = msg.get("DestUniqueid") or ""
        dest = msg.get("DestChannel") or ""
        if not self._concerns(caller_uid, caller, dest_uid, dest):
            return
        d = DialInfo(
            caller_uid,
            caller,
            dest_uid,
            dest,
            clean_number(msg.get("CallerIDNum")),
            self.name_of(msg, "CallerIDName"),
            msg.get("DialString") or "",
            msg.get("Linkedid") or caller_uid,
            clean_number(msg.get("Exten")),
            self.name_of(msg, "DestCallerIDName"),
        )
        self._dial_begin(out, d)

    def _dial_begin(self, out: list[CallChange], d: DialInfo) -> None:
        dest_leg = self._legs.get(d.dest_uid)
        if (dest_leg is not None and dest_leg.mine) or self.owns(d.dest):
            leg = (
                dest_leg
                if dest_leg is not None and dest_leg.mine
                else self.my_leg(d.dest_uid, d.dest)
            )
            caller_leg = self._legs.get(d.caller_uid)
            if not d.caller_uid and not d.caller:
                leg.originate = True  # 12+ Originate: DialBegin without a caller half
            elif leg.call is None and not (
                (caller_leg is not None and caller_leg.mine) or self.owns(d.caller)
            ):
                self._incoming(out, leg, d)
            return
        caller_leg = self._legs.get(d.caller_uid) if d.caller_uid else None
        if caller_leg is None and d.caller_uid and self.owns(d.caller):
            caller_leg = self.my_leg(d.caller_uid, d.caller)
        if caller_leg is not None and caller_leg.mine:
            self._outgoing(out, caller_leg, d)
            return
        port = dahdi_port_of(d.dest)
        if port is not None and port not in self._ports and d.dest_uid:
            # Maybe the user's analog phone: hold it until a look-up tells (seed §1.4).
            self._held[d.dest_uid] = HeldDial(d, port, self._clock())
            self.ask_lookup(port, d.dest)
            return
        if caller_leg is not None and caller_leg.call is not None:
            self._peer_dials(out, caller_leg.call, caller_leg, d)

    def _peer_dials(self, out: list[CallChange], call: LiveCall, leg: Leg, d: DialInfo) -> None:
        """The other party of a lingering call dials someone else."""
        if leg is not call.peer or call.my_gone_at is None:
            return
        if call.dial_status.upper() in HUNTING_STATUSES:
            return  # a hunt list or ring group goes on: may come back or be answered
        target = extension_of(d.dest) or number_from_dialstring(d.dialstring)
        self.finish(out, call, "transferred", target)

    def _on_dial_end(self, msg: Message, out: list[CallChange]) -> None:
        self.modern = True
        self._dial_end(
            out,
            msg.get("Uniqueid") or "",
            msg.get("DestUniqueid") or "",
            msg.get("DialStatus") or "",
        )

    def _dial_end(self, out: list[CallChange], caller_uid: str, dest_uid: str, status: str) -> None:
        status = status.strip().upper()
        dest_leg = self._legs.get(dest_uid) if dest_uid else None
        if dest_leg is not None and dest_leg.mine:
            call = dest_leg.call
            if call is not None and call.direction is Direction.INCOMING:
                call.dial_status = status
                if status == "ANSWER":
                    self.answer(out, call)
            return
        if dest_uid and self._held and status == "ANSWER":
            held = self._held.get(dest_uid)
            if held is not None and held.up_at is None:
                held.up_at = self._clock()
        caller_leg = self._legs.get(caller_uid) if caller_uid else None
        if caller_leg is None or caller_leg.call is None:
            return
        call = caller_leg.call
        if caller_leg.mine:
            if call.direction is Direction.OUTGOING:
                call.dial_status = status
                if status == "ANSWER":
                    if dest_leg is not None and dest_leg.call is call:
                        call.peer = dest_leg
                        call.trunk = self.trunk(dest_leg.name) or call.trunk
                    self.answer(out, call)
            return
        if caller_leg is not call.peer:
            return
        if not dest_uid:
            call.dial_status = status  # 1.8: one End per Dial(), for the caller
        if status == "ANSWER" and call.state is CallState.RINGING:
            self.finish(out, call, "answered_elsewhere")
