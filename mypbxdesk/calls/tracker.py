"""``CallTracker``: the AMI event stream in, the user's call changes out.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

The PBX broadcasts every event to every client; 99 % of them concern other
extensions. :meth:`CallTracker.apply` therefore dispatches on the event name
through a dict (known-noise names map to None), and each handler bails out
after one or two dict look-ups unless the event names a followed Uniqueid or
a channel of the user's phone.

Which events mean what (seed §1.3–1.5, ami-protocol.md §3, §4):

* incoming: ``Dial``/``SubEvent: Begin`` (1.8) or ``DialBegin`` (12+) whose
  destination is the user's channel; the caller ID is the caller's. A 12+
  ``DialBegin`` with no caller half is the first leg of an Originate.
* outgoing: the same events with the user's channel as caller (dialled from
  the phone, or the second half of a click-to-dial Originate).
* answered: ``Newstate Up`` of the ringing side, 12+ ``DialEnd ANSWER``,
  1.8 ``Bridge`` Link, 12+ ``BridgeEnter`` of both parties.
* ended: ``Hangup`` of the user's channel, with the lingering rule of ``core.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from ..ami.message import Kind, Message
from .channels import (
    clean_number,
    dahdi_port_of,
    extension_of,
)
from .core import Clock
from .dahdi import DahdiLookup, PortKind, parse_port_info
from .dialing import DialTracker
from .model import UNKNOWN_NAME, CallChange, CallState, Direction, MyPhone
from .state import Leg

Handler = Callable[[Message, list[CallChange]], None]

#: Frequent events that never matter for call state (dispatch to nothing).
_NOISE = (
    "VarSet",
    "Newexten",
    "NewExten",
    "RTCPSent",
    "RTCPReceived",
    "NewAccountCode",
    "NewConnectedLine",
    "DialState",
    "Unlink",
    "Masquerade",
    "BridgeCreate",
    "ExtensionStatus",
    "PeerStatus",
    "DeviceStateChange",
    "HangupRequest",
    "SoftHangupRequest",
    "Registry",
    "ContactStatus",
    "CoreShowChannel",
    "CoreShowChannelsComplete",
    "Status",
    "StatusComplete",
    "MusicOnHoldStart",
    "MusicOnHoldStop",
    "Hold",
    "Unhold",
    "DTMF",
    "DTMFBegin",
    "DTMFEnd",
    "LocalBridge",
    "FullyBooted",
    "SuccessfulAuth",
    "ChallengeSent",
    "OriginateResponse",
    "PeerEntry",
    "PeerlistComplete",
    "AgentCalled",
    "QueueMemberStatus",
    "Join",
    "Leave",
    "QueueCallerJoin",
    "QueueCallerLeave",
    "ChanSpyStart",
    "ChanSpyStop",
    "UserEvent",
    "ReceivedSMS",
)


class CallTracker(DialTracker):
    """Follows the user's calls from the AMI events a PBX broadcasts.

    Args:
        phone: the user's extension (and analog port).
        clock: wall-clock seconds, injected (``time.time``), for timestamps.
        deadline_clock: seconds for timeouts (linger, Originate hints); default
            ``time.monotonic`` with the real wall clock, else ``clock`` itself.
        linger: how long a call may wait after the user's phone left it for
            the other party to tell how it ended (retry, colleague, transfer);
            0 ends calls at once. See ``core.py``.
        escaped_names: whether caller names are C-escaped (Asterisk 13.5+);
            None detects it (``Linkedid`` in events means 13.5+).

    Pure: no I/O. The client feeds every event to :meth:`apply`, runs the
    look-ups of :meth:`lookups_needed` and feeds their output to
    :meth:`resolve_dahdi`, and calls :meth:`resync` with the channel list after
    each login and :meth:`tick` about once a second.
    """

    def __init__(
        self,
        phone: MyPhone,
        clock: Clock = time.time,
        *,
        linger: float = 5.0,
        escaped_names: bool | None = None,
        deadline_clock: Clock | None = None,
    ) -> None:
        super().__init__(
            phone, clock, linger=linger, escaped_names=escaped_names, deadline_clock=deadline_clock
        )
        self._init_links()
        self._hints: list[tuple[str, float]] = []
        table: dict[str, Handler | None] = dict.fromkeys(_NOISE)
        table.update(
            {
                "Newchannel": self._on_newchannel,
                "Newstate": self._on_newstate,
                "NewCallerid": self._on_newcallerid,
                "Dial": self._on_dial,
                "DialBegin": self._on_dial_begin,
                "DialEnd": self._on_dial_end,
                "Hangup": self._on_hangup,
                "Bridge": self.on_bridge,
                "BridgeEnter": self.on_bridge_enter,
                "BridgeLeave": self.on_bridge_leave,
                "BridgeDestroy": self.on_bridge_destroy,
                "Rename": self.on_rename,
                "Transfer": self.on_transfer,
                "BlindTransfer": self.on_blind_transfer,
                "AttendedTransfer": self.on_attended_transfer,
                "Cdr": self._on_cdr,
            }
        )
        self._dispatch = table
        self._dispatch_lower = {k.lower(): v for k, v in table.items()}

    # -- public API ----------------------------------------------------------------
    def apply(self, msg: Message) -> list[CallChange]:
        """Feed one AMI message (any kind); returns what changed for the user.

        Never raises for unknown events or missing, empty or odd headers.
        """
        if msg.kind is not Kind.EVENT:
            return []
        out: list[CallChange] = []
        if self._lingering:
            self.expire(out)
        name = msg.name
        if name in self._dispatch:
            handler = self._dispatch[name]
        else:
            handler = self._dispatch_lower.get(name.lower())
        if handler is not None:
            handler(msg, out)
        return out

    def apply_all(self, msgs: Iterable[Message]) -> list[CallChange]:
        out: list[CallChange] = []
        for msg in msgs:
            out.extend(self.apply(msg))
        return out

    def expect_originate(self, number: str, within: float = 15.0) -> None:
        """The client is about to Originate a call from the user's phone to ``number``.

        The next new channel of the user's phone within ``within`` seconds is
        that call: it is reported as OUTGOING RINGING as soon as the phone
        rings, with the number (1.8 tells it only once the user answered).
        """
        self._hints.append((clean_number(number), self._deadline_clock() + within))

    def lookups_needed(self) -> list[DahdiLookup]:
        """DAHDI ports to look up (each once until resolved); the list is handed over."""
        out, self._lookups_new = self._lookups_new, []
        return out

    def resolve_dahdi(self, port: str | int, output_lines: Iterable[str]) -> list[CallChange]:
        """The output of a look-up (``Message.output``); releases the calls it held back.

        Unreadable output (or ``[]`` when the command failed) leaves the port
        unknown: the held calls are dropped as not the user's, and the next
        call to that port asks again.
        """
        port = str(port).strip()
        info = parse_port_info(output_lines)
        self._lookups_asked.discard(port)
        if info.kind is not PortKind.UNKNOWN:
            self.remember_port(port, info)
        out: list[CallChange] = []
        for uid, held in list(self._held.items()):
            if held.port != port:
                continue
            del self._held[uid]
            if self.owns(held.dial.dest):
                self._release(out, uid, held)
        for call in self._calls.values():
            peer = call.peer
            if peer is not None and call.trunk is None and dahdi_port_of(peer.name) == port:
                call.trunk = self.trunk(peer.name)
        return out

    # -- helpers ---------------------------------------------------------------------
    def _take_hint(self) -> str | None:
        if not self._hints:
            return None
        now = self._deadline_clock()
        self._hints = [h for h in self._hints if h[1] >= now]
        return self._hints.pop(0)[0] if self._hints else None

    # -- Newchannel / Newstate / NewCallerid ------------------------------------------
    def _on_newchannel(self, msg: Message, out: list[CallChange]) -> None:
        name = msg.get("Channel") or ""
        if not self.owns(name):
            return
        uid = msg.get("Uniqueid") or ""
        if not uid or uid in self._legs:
            return
        leg = self.my_leg(uid, name)
        exten = clean_number(msg.get("Exten"))
        if exten and exten != "s":
            leg.dialled = exten
        hint = self._take_hint()
        if hint is not None:
            leg.originate = True
            leg.dialled = hint
            self.create(out, direction=Direction.OUTGOING, my_leg=leg, number=hint, name="")

    def _on_newstate(self, msg: Message, out: list[CallChange]) -> None:
        uid = msg.get("Uniqueid") or ""
        leg = self._legs.get(uid)
        state = msg.get("ChannelState") or ""
        desc = (msg.get("ChannelStateDesc") or "").lower()
        up = state == "6" or desc == "up"
        if leg is None:
            held = self._held.get(uid) if self._held else None
            if held is not None:
                if up and held.up_at is None:
                    held.up_at = self._clock()
                return
            name = msg.get("Channel") or ""
            if not uid or not self.owns(name):
                return
            leg = self.my_leg(uid, name)
        call = leg.call
        if leg.mine:
            if call is None:
                if (state == "5" or desc == "ringing") and not leg.originate:
                    self._unexplained_ring(msg, leg, out)
            elif up and call.direction is Direction.INCOMING:
                self.answer(out, call)
            return
        if call is None:
            return
        outgoing_ringing = call.direction is Direction.OUTGOING and call.state is CallState.RINGING
        if up and (outgoing_ringing or call.reconnecting):
            call.peer = leg
            call.trunk = self.trunk(leg.name) or call.trunk
            self.answer(out, call)
        if (
            call.direction is Direction.OUTGOING
            and not call.name
            and leg is call.peer
            and extension_of(leg.name) == call.number
        ):
            # 1.8 Dial names no callee: take the dialled extension's own name.
            cname = self.name_of(msg, "CallerIDName")
            if cname != call.number:
                call.name = cname

    def _unexplained_ring(self, msg: Message, leg: Leg, out: list[CallChange]) -> None:
        """The user's phone rings and no Dial said why (1.8 queue, atxfer consult call).

        The connected line is the caller. When it is the user's own number (or
        empty) this is the first leg of a click-to-dial Originate instead.
        """
        number = clean_number(msg.get("ConnectedLineNum"))
        if not number or number == self.phone.extension:
            leg.originate = True
            return
        for call in self._calls.values():
            if (
                call.direction is Direction.INCOMING
                and call.number == number
                and (call.my_gone_at is not None or call.peer is None)
            ):
                self.resume(call, leg)
                return
        name = self.name_of(msg, "ConnectedLineName")
        self.create(out, direction=Direction.INCOMING, my_leg=leg, number=number, name=name)

    def _on_newcallerid(self, msg: Message, out: list[CallChange]) -> None:
        leg = self._legs.get(msg.get("Uniqueid") or "")
        if leg is None or leg.mine or leg.call is None or leg is not leg.call.peer:
            return
        call = leg.call
        if call.direction is Direction.INCOMING and call.name in ("", UNKNOWN_NAME):
            name = self.name_of(msg, "CallerIDName")
            if name:
                call.name = name

    # -- Hangup / Cdr ----------------------------------------------------------------------
    def _on_hangup(self, msg: Message, out: list[CallChange]) -> None:
        uid = msg.get("Uniqueid") or ""
        leg = self._legs.pop(uid, None)
        if leg is None:
            held = self._held.get(uid) if self._held else None
            if held is not None and held.gone_at is None:
                held.gone_at = self._clock()
                held.cause = msg.get("Cause") or ""
            return
        leg.alive = False
        self.forget_masq(leg)
        call = leg.call
        if call is None:
            return
        if leg.mine:
            if leg in call.my_legs:
                call.my_legs.remove(leg)
            if not any(my.alive for my in call.my_legs):
                self.my_leg_gone(out, call, (msg.get("Cause") or "").strip())
            return
        if leg is call.consult:
            call.consult = None
        elif leg is call.peer and call.my_gone_at is not None:
            self.finish(out, call, None)

    def _on_cdr(self, msg: Message, out: list[CallChange]) -> None:
        leg = self._legs.get(msg.get("UniqueID") or "")
        if leg is None or not leg.mine or leg.call is None:
            return
        call = leg.call
        call.cdr_disposition = (msg.get("Disposition") or "").upper().replace(" ", "")
        if not call.number:
            call.number = clean_number(msg.get("Destination"))
