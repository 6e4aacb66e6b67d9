"""The call book: the followed channels and live calls of the user, and their invariants.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

:class:`CallBook` is the one mutable state the event handlers share; each
handler gets it in its constructor. It owns

* ``legs``: followed channels by Uniqueid (:class:`~.records.Leg`);
* ``calls``: live calls by ``call_id``, lingering ones included;
* ``by_key``: live incoming calls by their key (the caller's Linkedid or
  Uniqueid), so that a retry or fork finds the call it continues;
* ``lingering``: calls whose user's phone left, waiting (rule 3 of ``rules.py``);
* ``masq``: 1.8 legs renamed ``…<MASQ>``, waiting for their new Uniqueid;
* ``pickups``: the user's channels that picked up a colleague's ringing call,
  waiting to be connected to its caller (``pickups.py``);
* the ``call_id`` counters (bounded: at most :data:`MAX_IDS` bases).

and the only operations that create, answer, re-party and end calls, so that
the rules at the top of ``rules.py`` hold whatever handler runs: RINGING at
most once, ENDED exactly once, ``call_id`` never changed nor reused.

Handlers read ``legs`` and ``calls`` directly (one dict look-up to tell
whether an event concerns the user) and change them only through these methods.
"""

from __future__ import annotations

from collections.abc import Callable

from .channels import phone_extension_of
from .model import Call, CallChange, CallEvent, CallState, Direction, Route, Transferer
from .records import Leg, LiveCall
from .rules import Leave, unanswered_outcome, when_my_phone_leaves

Clock = Callable[[], float]

#: How many ``call_id`` bases are remembered (oldest forgotten first).
MAX_IDS = 4096
#: How many pickups may wait for their bridge at once (a phone has a few lines).
MAX_PICKUPS = 16


class CallBook:
    """Followed legs and live calls; every transition of a call goes through here.

    Args:
        extension: the user's extension (for the :class:`~.model.Call` snapshots).
        clock: wall-clock seconds for timestamps.
        deadline_clock: seconds for the linger deadlines (monotonic in real use).
        linger: how long a call may linger (0: never).
    """

    __slots__ = (
        "_clock",
        "_deadline_clock",
        "_ids",
        "_linger",
        "by_key",
        "calls",
        "extension",
        "legs",
        "lingering",
        "masq",
        "pickups",
    )

    def __init__(self, extension: str, clock: Clock, deadline_clock: Clock, linger: float) -> None:
        self.extension = extension
        self._clock = clock
        self._deadline_clock = deadline_clock
        self._linger = linger
        self.legs: dict[str, Leg] = {}
        self.calls: dict[str, LiveCall] = {}
        self.by_key: dict[str, LiveCall] = {}
        self.lingering: dict[str, LiveCall] = {}
        self.masq: dict[str, Leg] = {}
        self.pickups: dict[str, str] = {}
        self._ids: dict[str, int] = {}

    # -- queries -------------------------------------------------------------------
    def snapshots(self) -> list[Call]:
        """The live calls now (lingering ones included), oldest first."""
        ext = self.extension
        return [c.snapshot(ext) for c in sorted(self.calls.values(), key=_started)]

    def next_deadline(self) -> float | None:
        """The earliest linger deadline (deadline-clock seconds), None if none lingers."""
        if not self.lingering:
            return None
        return min(c.linger_until or 0.0 for c in self.lingering.values())

    # -- legs ----------------------------------------------------------------------
    def my_leg(self, uid: str, name: str) -> Leg:
        """The followed leg of the user's channel ``uid`` (followed from now on)."""
        leg = self.legs.get(uid)
        if leg is None:
            leg = Leg(uid, name, mine=True)
            self.legs[uid] = leg
        return leg

    def party(self, uid: str, name: str) -> Leg:
        """The followed leg of another party's channel (a new one if ``uid`` is the user's)."""
        leg = self.legs.get(uid)
        if leg is None or leg.mine:
            leg = Leg(uid, name, mine=False)
            if uid:
                self.legs[uid] = leg
        return leg

    def peer_leg(self, uid: str, name: str, call: LiveCall) -> Leg:
        """:meth:`party`, now part of ``call``."""
        leg = self.party(uid, name)
        leg.call = call
        return leg

    def drop(self, uid: str) -> Leg | None:
        """The channel ``uid`` hung up: stop following it; the leg, if it was followed."""
        leg = self.legs.pop(uid, None)
        if leg is None:
            return None
        leg.alive = False
        if self.pickups and leg.mine:
            self.pickups.pop(leg.name, None)
        if self.masq:
            for name, masq_leg in list(self.masq.items()):
                if masq_leg is leg:
                    del self.masq[name]
        return leg

    def rekey(self, leg: Leg, new_uid: str, new_name: str) -> None:
        """A 1.8 masquerade moved ``leg``'s phone line to ``new_uid`` (ami-protocol.md §3.6)."""
        displaced = self.legs.get(new_uid)
        if displaced is not None and displaced is not leg:
            self.detach(displaced)
        self.legs.pop(leg.uid, None)
        leg.uid = new_uid
        leg.name = new_name
        self.legs[new_uid] = leg
        call = leg.call
        if call is not None and leg.mine:
            call.my_channel = new_name

    def detach(self, leg: Leg) -> None:
        """Forget a leg that no longer exists as such (its Uniqueid was taken over)."""
        self.legs.pop(leg.uid, None)
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

    # -- pickups -------------------------------------------------------------------
    def expect_pickup(self, channel: str, colleague: str) -> None:
        """The user's ``channel`` picked up the call ringing ``colleague``'s phone."""
        pickups = self.pickups
        pickups.pop(channel, None)
        pickups[channel] = colleague
        if len(pickups) > MAX_PICKUPS:
            del pickups[next(iter(pickups))]

    def take_pickup(self, leg: Leg) -> str | None:
        """The colleague whose call the user's ``leg`` picked up (once), or None."""
        if not self.pickups or not leg.mine or leg.call is not None:
            return None
        return self.pickups.pop(leg.name, None)

    # -- calls ---------------------------------------------------------------------
    def new_call_id(self, base: str) -> str:
        """``base``, or ``base#n`` if it was used before: never the same id twice."""
        base = base or "call"
        n = self._ids.get(base, 0) + 1
        self._ids[base] = n
        if len(self._ids) > MAX_IDS:
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
        via: Route | None = None,
        transferred_by: Transferer | None = None,
    ) -> LiveCall:
        """A new call of the user: RINGING (or ANSWERED at once, found on a resync).

        ``via`` and ``transferred_by`` are kept for incoming calls only.
        """
        now = self._clock()
        incoming = direction is Direction.INCOMING
        call = LiveCall(
            call_id=self.new_call_id(my_leg.uid),
            direction=direction,
            number=number,
            name=name,
            started_at=now if started_at is None else started_at,
            key=key,
            my_channel=my_leg.name,
            trunk=trunk,
            via=via if incoming else None,
            transferred_by=transferred_by if incoming else None,
        )
        call.my_legs.append(my_leg)
        my_leg.call = call
        if peer is not None:
            peer.call = call
            call.peer = peer
        self.calls[call.call_id] = call
        if key:
            self.by_key[key] = call
        if answered:
            call.state = CallState.ANSWERED
            call.answered_at = call.started_at
            self.emit(out, CallEvent.ANSWERED, call)
        else:
            self.emit(out, CallEvent.RINGING, call)
        return call

    def emit(self, out: list[CallChange], event: CallEvent, call: LiveCall) -> None:
        out.append(CallChange(event, call.snapshot(self.extension), self._clock()))

    def answer(self, out: list[CallChange], call: LiveCall, at: float | None = None) -> None:
        """The call is answered (once); or, reconnecting, answered again by someone else."""
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
        self,
        out: list[CallChange],
        call: LiveCall,
        peer: Leg,
        number: str,
        name: str,
        trunk: str | None,
        transferer: Transferer | None = None,
    ) -> None:
        """The user now talks to someone else in the same call (transfer to the user).

        ``trunk``: the trunk of ``peer``'s channel (``PortBook.trunk``).
        ``transferer``: who transferred the call, when an event said it; else,
        for an incoming call, the colleague the user talked to before (an
        attended transfer: the colleague called the user first).
        """
        old = call.peer
        if call.direction is Direction.INCOMING and old is not peer:
            if transferer is None and old is not None:
                transferer = self._colleague(call, old)
            if transferer is not None and transferer.number != self.extension:
                call.transferred_by = transferer
        if old is not None and old is not peer and old.call is call:
            old.call = None
            if not old.mine:
                self.legs.pop(old.uid, None)
        call.peer = peer
        peer.call = call
        if call.consult is peer:
            call.consult = None
        changed = bool(number) and number != call.number
        if number:
            if changed or name:
                call.name = name  # a 1.8 Bridge names nobody: keep the name of the same number
            call.number = number
            call.trunk = trunk
        if call.state is CallState.RINGING:
            self.answer(out, call)
        elif changed:
            self.emit(out, CallEvent.ANSWERED, call)

    @staticmethod
    def _colleague(call: LiveCall, leg: Leg) -> Transferer | None:
        """The colleague whose phone ``leg`` is (the other party of ``call``), or None."""
        number = phone_extension_of(leg.name)
        if number is None or leg.mine:
            return None
        return Transferer(number, call.name if call.number == number else "")

    def my_leg_gone(self, out: list[CallChange], call: LiveCall, cause: str) -> None:
        """The user's phone left the call: end it now, or let it linger (``LEAVE_RULES``)."""
        now = self._clock()
        leave = when_my_phone_leaves(call, cause, self._linger > 0)
        if leave is Leave.LINGER:
            call.my_gone_at = now
            call.linger_until = self._deadline_clock() + self._linger
            self.lingering[call.call_id] = call
        elif leave is Leave.TRANSFERRED:
            self.finish(out, call, "transferred", call.transfer_hint)
        elif leave is Leave.ANSWERED_ELSEWHERE:
            self.finish(out, call, "answered_elsewhere")
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
        self.lingering.pop(call.call_id, None)

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
        self.calls.pop(call.call_id, None)
        self.lingering.pop(call.call_id, None)
        if call.key and self.by_key.get(call.key) is call:
            del self.by_key[call.key]
        legs = self.legs
        for leg in (*call.my_legs, call.peer, call.consult):
            if leg is not None and leg.call is call:
                leg.call = None
                if not leg.mine or not leg.alive:
                    legs.pop(leg.uid, None)
        for uid, leg in list(legs.items()):
            if leg.call is call:
                leg.call = None
                if not leg.mine:
                    del legs[uid]
        self.emit(out, CallEvent.ENDED, call)

    def expire(self, out: list[CallChange]) -> None:
        """End lingering calls whose time is up (as missed, or answered)."""
        now = self._deadline_clock()
        for call in [c for c in self.lingering.values() if (c.linger_until or 0.0) <= now]:
            self.finish(out, call, None)


def _started(call: LiveCall) -> float:
    return call.started_at
