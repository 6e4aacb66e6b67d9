"""The tracker's core: followed channels, live calls and the changes they emit.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

Rules every transition here keeps (the event handlers in ``tracker.py`` only
decide *which* transition applies):

1. A call gets ``RINGING`` at most once, when it is created, and ``ENDED``
   exactly once, when it is removed. ``ANSWERED`` follows ``RINGING`` once, and
   is repeated only when the other party of an answered call changes.
2. ``call_id`` never changes and is never reused by this tracker.
3. When the user's phone leaves a call while the other party is still in the
   dialplan, the call *lingers* (at most ``linger`` seconds, still ringing or
   answered for the GUI) until the other party tells how it ended: it hangs up
   (missed / answered), it is bridged with a colleague (answered elsewhere),
   it dials someone else after a redirect or transfer (transferred), or it
   dials the user again (a queue retry: the same call goes on, no new ring).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..ami.message import Message
from .channels import clean_name, dahdi_port_of, trunk_of
from .dahdi import DahdiLookup, PortInfo, PortKind
from .model import Call, CallChange, CallEvent, CallState, Direction, MyPhone
from .state import HeldDial, Leg, LiveCall, unanswered_outcome

Clock = Callable[[], float]
_MAX_IDS = 4096


class TrackerCore:
    """State and transitions shared by the event handlers (see ``CallTracker``)."""

    def __init__(
        self,
        phone: MyPhone,
        clock: Clock,
        *,
        linger: float = 5.0,
        escaped_names: bool | None = None,
        deadline_clock: Clock | None = None,
    ) -> None:
        self.phone = phone
        self._clock = clock
        # Timeouts must not follow the wall clock: stepped back an hour (NTP, a
        # user fixing the time), a lingering call would stay "ringing" for an
        # hour. The real wall clock gets a monotonic partner; an injected test
        # clock drives both.
        if deadline_clock is None:
            deadline_clock = time.monotonic if clock is time.time else clock
        self._deadline_clock = deadline_clock
        self._linger = linger
        self._escape_mode = escaped_names
        self._escaped_seen = False
        self.modern: bool | None = None
        self._prefixes = phone.channel_prefixes()
        self._legs: dict[str, Leg] = {}
        self._calls: dict[str, LiveCall] = {}
        self._by_key: dict[str, LiveCall] = {}
        self._lingering: dict[str, LiveCall] = {}
        self._ids: dict[str, int] = {}
        self._ports: dict[str, PortInfo] = {}
        self._lookups_new: list[DahdiLookup] = []
        self._lookups_asked: set[str] = set()
        self._held: dict[str, HeldDial] = {}

    # -- queries ---------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        """The user's live calls now (lingering ones included), oldest first."""
        ext = self.phone.extension
        return [c.snapshot(ext) for c in sorted(self._calls.values(), key=_started)]

    @property
    def followed(self) -> int:
        """How many channels the tracker follows now (for tests and diagnostics)."""
        return len(self._legs) + len(self._held)

    def owns(self, channel: str) -> bool:
        """True for a channel of the user's phone (``SIP/474-…``, ``DAHDI/<port>-…``)."""
        return channel.startswith(self._prefixes) and not channel.endswith(">")

    def names_escaped(self, msg: Message) -> bool:
        """Whether CallerIDName/ConnectedLineName are C-escaped (13.5+, ami-protocol.md §1.6).

        Auto mode: yes from the first event carrying ``Linkedid`` (13.5 added
        both; 1.8/MyPBX and 12.0–13.4 send neither).
        """
        if self._escape_mode is not None:
            return self._escape_mode
        if not self._escaped_seen and "Linkedid" in msg:
            self._escaped_seen = True
            self.modern = True
        return self._escaped_seen

    def name_of(self, msg: Message, header: str) -> str:
        return clean_name(msg.get(header), escaped=self.names_escaped(msg))

    def trunk(self, channel: str) -> str | None:
        """The trunk of a channel: a SIP/IAX2/PJSIP trunk name or a DAHDI trunk port."""
        port = dahdi_port_of(channel)
        if port is None:
            return trunk_of(channel)
        info = self._ports.get(port)
        if info is not None and info.kind is PortKind.TRUNK:
            return f"DAHDI/{port}"
        return None

    def port_info(self, port: str) -> PortInfo | None:
        return self._ports.get(port)

    def remember_port(self, port: str, info: PortInfo) -> None:
        self._ports[port] = info
        if info.kind is PortKind.EXTENSION and info.extension == self.phone.extension:
            prefix = f"DAHDI/{port}-"
            if prefix not in self._prefixes:
                self._prefixes = (*self._prefixes, prefix)

    def ask_lookup(self, port: str, channel: str) -> None:
        if port not in self._lookups_asked and port not in self._ports:
            self._lookups_asked.add(port)
            self._lookups_new.append(DahdiLookup(port, channel))

    # -- legs --------------------------------------------------------------------
    def my_leg(self, uid: str, name: str) -> Leg:
        leg = self._legs.get(uid)
        if leg is None:
            leg = Leg(uid, name, mine=True)
            self._legs[uid] = leg
        return leg

    def peer_leg(self, uid: str, name: str, call: LiveCall) -> Leg:
        leg = self._legs.get(uid)
        if leg is None or leg.mine:
            leg = Leg(uid, name, mine=False)
            if uid:
                self._legs[uid] = leg
        leg.call = call
        return leg

    def rekey(self, leg: Leg, new_uid: str, new_name: str) -> None:
        """A 1.8 masquerade moved ``leg``'s phone line to ``new_uid`` (ami-protocol.md §3.6)."""
        displaced = self._legs.get(new_uid)
        if displaced is not None and displaced is not leg:
            self.detach(displaced)
        self._legs.pop(leg.uid, None)
        leg.uid = new_uid
        leg.name = new_name
        self._legs[new_uid] = leg
        call = leg.call
        if call is not None and leg.mine:
            call.my_channel = new_name

    def detach(self, leg: Leg) -> None:
        """Forget a leg that no longer exists as such (its Uniqueid was taken over)."""
        self._legs.pop(leg.uid, None)
        call = leg.call
        leg.call = None
        if call is None:
            return
        if leg in call.my_legs:
            call.my_legs.remove(leg)
        if call.peer is leg:
            call.peer = None
        if call.consult is leg:
            call.consult = None

    # -- calls ---------------------------------------------------------------------
    def new_call_id(self, base: str) -> str:
        base = base or "call"
        n = self._ids.get(base, 0) + 1
        self._ids[base] = n
        if len(self._ids) > _MAX_IDS:
            del self._ids[next(iter(self._ids))]
        return base if n == 1 else f"{base}#{n}"

    def create(
        self,
        out: list[CallChange],
        *,
        direction: Direction,
        my_leg: Leg,
        number: str,
        name: str,
        key: str = "",
        peer: Leg | None = None,
        trunk: str | None = None,
        started_at: float | None = None,
        answered: bool = False,
    ) -> LiveCall:
        now = self._clock()
        call = LiveCall(
            call_id=self.new_call_id(my_leg.uid),
            direction=direction,
            number=number,
            name=name,
            started_at=now if started_at is None else started_at,
            key=key,
            my_channel=my_leg.name,
            trunk=trunk,
        )
        call.my_legs.append(my_leg)
        my_leg.call = call
        if peer is not None:
            peer.call = call
            call.peer = peer
        self._calls[call.call_id] = call
        if key:
            self._by_key[key] = call
        if answered:
            call.state = CallState.ANSWERED
            call.answered_at = call.started_at
            self.emit(out, CallEvent.ANSWERED, call)
        else:
            self.emit(out, CallEvent.RINGING, call)
        return call

    def emit(self, out: list[CallChange], event: CallEvent, call: LiveCall) -> None:
        out.append(CallChange(event, call.snapshot(self.phone.extension), self._clock()))

    def answer(self, out: list[CallChange], call: LiveCall, at: float | None = None) -> None:
        if call.state is CallState.RINGING:
            call.state = CallState.ANSWERED
            call.answered_at = self._clock() if at is None else at
            self.emit(out, CallEvent.ANSWERED, call)
        elif call.reconnecting and call.state is CallState.ANSWERED:
            # The user's channel dialled on after the other party left: now
            # someone else answered in the same call.
            call.reconnecting = False
            self.emit(out, CallEvent.ANSWERED, call)

    def change_party(
        self, out: list[CallChange], call: LiveCall, peer: Leg, number: str, name: str
    ) -> None:
        """The user now talks to someone else in the same call (transfer to the user)."""
        old = call.peer
        if old is not None and old is not peer and old.call is call:
            old.call = None
            if not old.mine:
                self._legs.pop(old.uid, None)
        call.peer = peer
        peer.call = call
        if call.consult is peer:
            call.consult = None
        trunk = self.trunk(peer.name)
        changed = bool(number) and number != call.number
        if number:
            call.number, call.name = number, name
            call.trunk = trunk
        if call.state is CallState.RINGING:
            self.answer(out, call)
        elif changed:
            self.emit(out, CallEvent.ANSWERED, call)

    def my_leg_gone(self, out: list[CallChange], call: LiveCall, cause: str) -> None:
        """The user's phone left the call: end it now, or let it linger."""
        now = self._clock()
        if call.transfer_hint is not None:
            self.finish(out, call, "transferred", call.transfer_hint)
        elif call.direction is Direction.OUTGOING:
            self.finish(out, call, None)
        elif cause == "26" and call.state is CallState.RINGING:
            self.finish(out, call, "answered_elsewhere")
        elif (call.peer_alive or call.peer is None) and self._linger > 0:
            # The other party may still be in the dialplan (or is unknown: a
            # 1.8 queue rings without Dial events): wait for it to tell.
            call.my_gone_at = now
            call.linger_until = self._deadline_clock() + self._linger
            self._lingering[call.call_id] = call
        else:
            self.finish(out, call, None)

    def resume(self, call: LiveCall, leg: Leg) -> None:
        """The user's phone rings again in a lingering call (retry, fork)."""
        if leg not in call.my_legs:
            call.my_legs.append(leg)
        leg.call = call
        call.my_channel = leg.name
        call.my_gone_at = None
        call.linger_until = None
        self._lingering.pop(call.call_id, None)

    def finish(
        self,
        out: list[CallChange],
        call: LiveCall,
        outcome: str | None,
        transferred_to: str | None = None,
        at: float | None = None,
    ) -> None:
        """End a call: ``outcome`` None means answered or unanswered, from its state."""
        if call.state is CallState.ENDED:
            return
        if outcome is None:
            outcome = "answered" if call.answered_at is not None else unanswered_outcome(call)
        ended = at if at is not None else call.my_gone_at
        call.ended_at = self._clock() if ended is None else ended
        call.state = CallState.ENDED
        call.outcome = outcome
        if outcome == "transferred":
            call.transferred_to = transferred_to or ""
        self._calls.pop(call.call_id, None)
        self._lingering.pop(call.call_id, None)
        if call.key and self._by_key.get(call.key) is call:
            del self._by_key[call.key]
        for leg in (*call.my_legs, call.peer, call.consult):
            if leg is not None and leg.call is call:
                leg.call = None
                if not leg.mine or not leg.alive:
                    self._legs.pop(leg.uid, None)
        for uid, leg in list(self._legs.items()):
            if leg.call is call:
                leg.call = None
                if not leg.mine:
                    del self._legs[uid]
        self.emit(out, CallEvent.ENDED, call)

    def expire(self, out: list[CallChange]) -> None:
        """End lingering calls whose time is up (as missed, or answered)."""
        now = self._deadline_clock()
        for call in [c for c in self._lingering.values() if (c.linger_until or 0.0) <= now]:
            self.finish(out, call, None)

    def tick(self) -> list[CallChange]:
        """Release lingering calls whose time is up; call it about once a second.

        ``apply`` does the same on every event, so a busy PBX needs no ticks.
        """
        out: list[CallChange] = []
        if self._lingering:
            self.expire(out)
        return out


def _started(call: LiveCall) -> float:
    return call.started_at
