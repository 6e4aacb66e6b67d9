"""The channel and call engine: synchronous state changes that emit events.

Layer: simulator (``mypbxdesk.sim``): stdlib and ``mypbxdesk.ami`` only; no Qt.

Every method here changes the PBX state at once and reports it through the
dialect, in the order the real PBX writes its events. Nothing here waits: the timing
(phones that ring for a while, talk time, the Dial timeout) lives in ``calls.py``.

Vocabulary: a :class:`Call` belongs to a channel that runs the dialplan (the caller);
its :class:`DialRun` is one ``Dial()`` with one :class:`Leg` per destination dialed
(several for a ring group). Order of teardown events (captures 3 and 4a, §3.8):

* 1.8, answered: Unlink, Cdr, Hangup callee, Dial End, Hangup caller.
* 1.8, not answered: Hangup callee(s), Dial End, Hangup caller, Cdr.
* 22: DialEnd per destination when it is decided; BridgeLeave x2, BridgeDestroy,
  Hangups, then Cdr.

Two hooks serve the operator console: ``on_device`` hears of every channel that
appears, changes state or goes away (BLF), and ``owners`` names the feature that has
taken a channel over (a parking lot, a transfer, a queue): Hangup goes to it.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Callable, Sequence

from .callmodel import Call, DialRun, Leg, OriginateWait, Owner, Target
from .dialects import (
    ANSWERED_ELSEWHERE,
    NORMAL_CLEARING,
    CdrRecord,
    Dialect,
    PbxEvent,
    cdr_event,
)
from .model import Channel, ChannelState, Directory, Endpoint, EndpointKind, IdAllocator

__all__ = ["Call", "DialRun", "Engine", "Leg", "OriginateWait", "Owner", "Target"]

DISPOSITIONS = {
    "ANSWER": "ANSWERED",
    "NOANSWER": "NO ANSWER",
    "CANCEL": "NO ANSWER",
    "BUSY": "BUSY",
    "CONGESTION": "FAILED",
    "CHANUNAVAIL": "FAILED",
}


class Engine:
    """All channels of the PBX and the operations on them.

    Args:
        dialect: renders what happens as wire events.
        directory: phones, trunks and dialplan.
        emit: receives every event, in order.
        ids: uniqueid and channel-suffix source.
        rng: for bridge ids.
        dial_timeout: the ``Dial(…,30)`` timeout in seconds (shown in AppData).
    """

    def __init__(
        self,
        dialect: Dialect,
        directory: Directory,
        emit: Callable[[Sequence[PbxEvent]], None],
        ids: IdAllocator,
        rng: random.Random,
        dial_timeout: float = 30.0,
    ) -> None:
        self.d = dialect
        self.directory = directory
        self._emit = emit
        self._ids = ids
        self._rng = rng
        self.dial_timeout = dial_timeout
        self.channels: dict[str, Channel] = {}
        self.calls: dict[Channel, Call] = {}
        self.leg_calls: dict[Channel, Call] = {}
        self.calls_processed = 0
        self.on_change: Callable[[], None] = lambda: None
        #: A channel appeared, changed state or went away: its phone's BLF may change.
        self.on_device: Callable[[Channel], None] = lambda ch: None
        #: Channels that a feature (parking, a transfer …) owns: Hangup goes to it.
        self.owners: dict[Channel, Owner] = {}

    # -- lookups ---------------------------------------------------------------------------
    def find(self, name: str) -> Channel | None:
        """A channel by name (any case) or by uniqueid, like ``ast_channel_get_by_name``."""
        wanted = name.lower()
        for ch in self.channels.values():
            if ch.name.lower() == wanted or ch.uniqueid == name:
                return ch
        return None

    def find_prefix(self, prefix: str) -> Channel | None:
        wanted = prefix.lower()
        return next((c for c in self.channels.values() if c.name.lower().startswith(wanted)), None)

    def tech_of(self, endpoint: Endpoint) -> str:
        if endpoint.kind is EndpointKind.LOCAL:
            return "Local"
        return "DAHDI" if endpoint.is_analog else self.d.sip_tech

    # -- channel primitives ----------------------------------------------------------------
    def new_channel(
        self,
        endpoint: Endpoint,
        *,
        caller_num: str,
        caller_name: str,
        context: str,
        exten: str,
        state: ChannelState = ChannelState.DOWN,
        linkedid: str = "",
        uniqueid: str = "",
        has_pbx: bool = False,
        announce: bool = True,
        name: str = "",
    ) -> Channel:
        uid, suffix = self._ids.allocate()
        tech = self.tech_of(endpoint)
        ch = Channel(
            name=name or f"{self.d.channel_base(tech, endpoint.peer)}-{suffix}",
            uniqueid=uniqueid or uid,
            linkedid="",
            tech=tech,
            endpoint=endpoint,
            caller_num=caller_num,
            caller_name=caller_name,
            context=context,
            exten=exten,
            state=state,
            has_pbx=has_pbx,
        )
        ch.linkedid = linkedid or ch.uniqueid
        self.channels[ch.name] = ch
        if has_pbx:
            self.calls_processed += 1
        if announce:
            self._emit(self.d.newchannel(ch))
        self.on_device(ch)
        self.on_change()
        return ch

    def set_state(self, ch: Channel, state: ChannelState) -> None:
        if ch.state != state:
            ch.state = state
            self._emit(self.d.newstate(ch))
            self.on_device(ch)

    def set_callerid(self, ch: Channel, num: str, name: str) -> None:
        ch.caller_num, ch.caller_name = num, name
        self._emit(self.d.newcallerid(ch))

    def set_variable(self, ch: Channel, name: str, value: str) -> None:
        ch.variables[name] = value
        self._emit(self.d.varset(ch, name, value))

    def emit(self, events: Sequence[PbxEvent]) -> None:
        self._emit(events)

    def destroy(self, ch: Channel, cause: int = NORMAL_CLEARING) -> None:
        """Hang a channel up: its ``Hangup`` event, then it is gone."""
        if self.channels.get(ch.name) is not ch:
            return
        self._emit(self.d.hangup(ch, cause))
        del self.channels[ch.name]
        self.leg_calls.pop(ch, None)
        self.owners.pop(ch, None)
        if ch.bridged is not None:
            ch.bridged.bridged = None
            ch.bridged = None
        self.on_device(ch)
        self.on_change()

    def rename(self, ch: Channel, name: str) -> None:
        """Give a live channel a new name (a masquerade's ``Rename``), without events."""
        if self.channels.get(ch.name) is ch:
            del self.channels[ch.name]
        ch.name = name
        self.channels[name] = ch

    # -- calls -----------------------------------------------------------------------------
    def open_call(self, caller: Channel, destination: str, userfield: str = "") -> Call:
        call = Call(caller, destination, caller.context, userfield)
        self.calls[caller] = call
        return call

    def start_dial(
        self,
        call: Call,
        targets: Sequence[Target],
        silent: frozenset[str] = frozenset(),
        *,
        timeout: float | None = None,
        app: str = "Dial",
        quiet: bool = False,
    ) -> DialRun:
        """``Dial()`` every target in parallel: Newchannel, Dial Begin, Ringing per leg.

        Targets whose number is in ``silent`` (a busy phone) do not ring. ``app`` other
        than Dial (a queue) announces no Newexten; ``quiet`` sends no Dial events.
        """
        caller = call.caller
        timeout = math.ceil(self.dial_timeout if timeout is None else timeout)
        bases = [
            (self.d.channel_base(self.tech_of(t.endpoint), t.endpoint.peer), t.dialstring)
            for t in targets
        ]
        app_data = self.d.dial_app_data(bases, timeout, call.options)
        if app == "Dial":
            caller.priority = self.d.dial_priority
            caller.application, caller.app_data = "Dial", app_data
            call.last_app, call.last_data = "Dial", app_data
            self._emit(self.d.newexten(caller, "Dial", app_data))
        dial = DialRun(caller, [], quiet=quiet)
        call.dial = dial
        for target in targets:
            leg = self._open_leg(call, target)
            dial.legs.append(leg)
        for leg in dial.legs:
            if leg.target.number not in silent:
                self.ring(dial, leg)
        return dial

    def _open_leg(self, call: Call, target: Target) -> Leg:
        caller, ep = call.caller, target.endpoint
        external = not ep.is_phone
        ch = self.new_channel(
            ep,
            caller_num="" if external else ep.extension,
            caller_name="" if external else ep.name,
            context=ep.context,
            exten="" if self.d.legacy else "s",
            linkedid=caller.linkedid,
        )
        ch.application, ch.app_data = "AppDial", "(Outgoing Line)"
        ch.connected_num, ch.connected_name = caller.caller_num, caller.caller_name
        ch.dnid = target.number
        ch.exten = self.d.callee_exten(target.number)
        if external:
            self.set_callerid(ch, target.number, "")
        self.leg_calls[ch] = call
        call.dest_channel = ch.name
        leg = Leg(ch, target)
        if call.on_leg is not None:
            call.on_leg(leg)
        if not (call.dial is not None and call.dial.quiet):
            self._emit(self.d.dial_begin(caller, ch, target.dialstring))
        return leg

    def ring(self, dial: DialRun, leg: Leg) -> None:
        self.set_state(leg.channel, ChannelState.RINGING)
        self._emit(self.d.dial_ringing(dial.caller, leg.channel))

    def answer(self, call: Call, leg: Leg) -> None:
        """A leg picks up: the others are cancelled, caller and callee are bridged."""
        dial = call.dial
        assert dial is not None
        caller, callee = call.caller, leg.channel
        self.set_state(callee, ChannelState.UP)
        self._emit(self.d.dial_end_leg(caller, callee, "ANSWER"))
        for other in [x for x in dial.legs if x is not leg]:
            self._emit(self.d.dial_end_leg(caller, other.channel, "CANCEL"))
            self.destroy(other.channel, ANSWERED_ELSEWHERE)
        dial.legs, dial.answered = [leg], leg
        call.dest_channel = callee.name
        if call.answered_wall is None:
            call.answered_wall = time.time()
        if callee.endpoint.is_phone or not self.d.legacy:  # 1.8: no update from a trunk (2a)
            caller.connected_num, caller.connected_name = callee.caller_num, callee.caller_name
        self.set_state(caller, ChannelState.UP)
        if not self.d.legacy:
            callee.exten = ""
        if call.on_bridge is not None:
            call.on_bridge(leg)
        bridge_id = self.new_bridge_id()
        caller.bridged, callee.bridged = callee, caller
        caller.bridge_id = callee.bridge_id = bridge_id
        self._emit(self.d.bridge_up(caller, callee, bridge_id))

    def new_bridge_id(self) -> str:
        return _uuid(self._rng)

    def drop_leg(self, call: Call, leg: Leg, cause: int) -> None:
        """One ringing destination goes away (rejected, busy, hung up by the Hangup action)."""
        dial = call.dial
        assert dial is not None
        status = "BUSY" if cause == 17 else "NOANSWER"
        dial.busy += cause == 17
        self._emit(self.d.dial_end_leg(call.caller, leg.channel, status))
        dial.legs.remove(leg)
        self.destroy(leg.channel, cause)

    def finish_answered(
        self, call: Call, first: Channel, cause: int, cdr: PbxEvent | None = None
    ) -> None:
        """An answered call ends because ``first`` hung up (``cdr``: one taken earlier)."""
        dial = call.dial
        assert dial is not None and dial.answered is not None
        caller, callee = call.caller, dial.answered.channel
        self._emit(self.d.bridge_down(caller, callee, first, caller.bridge_id))
        caller.bridged = callee.bridged = None
        cause_of = {first: cause}
        if self.d.legacy:
            self._emit([cdr or self.cdr(call, "ANSWER")])
            if call.on_end is not None:
                call.on_end(first)
            self.destroy(callee, cause_of.get(callee, NORMAL_CLEARING))
            if not dial.quiet:
                self._emit(self.d.dial_end(caller, "ANSWER"))
            self.close(call, cause_of.get(caller, NORMAL_CLEARING))
        else:
            if call.on_end is not None:
                call.on_end(first)
            if not dial.quiet:
                self._emit(self.d.dial_end(caller, "ANSWER"))
            other = callee if first is caller else caller
            for ch in (first, other):
                if ch is caller:
                    self.close(call, cause_of.get(ch, NORMAL_CLEARING))
                else:
                    self.destroy(ch, cause_of.get(ch, NORMAL_CLEARING))
            self._emit([self.cdr(call, "ANSWER")])

    def finish_unanswered(
        self,
        call: Call,
        status: str,
        leg_cause: int = NORMAL_CLEARING,
        caller_cause: int = NORMAL_CLEARING,
    ) -> None:
        """The Dial ends without an answer (timeout, busy, caller gave up)."""
        dial = call.dial
        caller = call.caller
        if dial is not None:
            for leg in list(dial.legs):
                self._emit(self.d.dial_end_leg(caller, leg.channel, status))
                self.destroy(leg.channel, leg_cause)
            dial.legs = []
            if not dial.quiet:
                self._emit(self.d.dial_end(caller, status))
        if self.d.legacy and status != "CANCEL" and call.last_app == "Dial":
            caller.priority += 1  # the dialplan goes on to Hangup() (capture 4a)
            caller.application, caller.app_data = "Hangup", ""
            call.last_app, call.last_data = "Hangup", ""
            self._emit(self.d.newexten(caller, "Hangup", ""))
        self.close(call, caller_cause)
        self._emit([self.cdr(call, status)])

    def leave_dial(self, call: Call, status: str = "CANCEL") -> None:
        """The caller is redirected out of its Dial (or the Dial timed out and the dialplan
        goes on): every leg is hung up."""
        dial = call.dial
        if dial is None:
            return
        caller = call.caller
        if dial.answered is not None:
            callee = dial.answered.channel
            self._emit(self.d.bridge_down(caller, callee, caller, caller.bridge_id))
            caller.bridged = callee.bridged = None
            caller.bridge_id = ""
            self.destroy(callee)
            if not dial.quiet:
                self._emit(self.d.dial_end(caller, "ANSWER"))
        else:
            for leg in list(dial.legs):
                self._emit(self.d.dial_end_leg(caller, leg.channel, status))
                self.destroy(leg.channel)
            if not dial.quiet:
                self._emit(self.d.dial_end(caller, status))
        call.dial = None

    def hangup_caller(self, call: Call, cause: int, status: str = "ANSWER") -> None:
        """The caller goes away while not in a Dial (an application, a dead end)."""
        self.close(call, cause)
        self._emit([self.cdr(call, status)])

    def discard(self, call: Call, cause: int) -> None:
        """A call that never reached the dialplan (a failed Originate): no Cdr (capture 2c)."""
        self.close(call, cause)

    def close(self, call: Call, cause: int) -> None:
        """The caller of ``call`` hangs up; the call is over (no Cdr here). A flow still
        waiting for something to happen to it is stopped."""
        task, call.task = call.task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
        self.destroy(call.caller, cause)
        for leg in [ch for ch, c in self.leg_calls.items() if c is call]:
            del self.leg_calls[leg]  # its Dial is over: a leg no feature holds goes too
            if leg not in self.owners:
                self.destroy(leg)
        self.calls.pop(call.caller, None)
        call.done.set()
        self.on_change()

    def cdr(self, call: Call, status: str) -> PbxEvent:
        caller = call.caller
        answered = call.answered_wall is not None
        disposition = "ANSWERED" if answered else DISPOSITIONS.get(status, "FAILED")
        cid = caller.caller_num
        if caller.caller_name:
            cid = f'"{caller.caller_name}" <{caller.caller_num}>'
        return cdr_event(
            CdrRecord(
                source=caller.caller_num,
                destination=call.destination,
                context=call.context,
                callerid=cid,
                channel=caller.name,
                dest_channel=call.dest_channel,
                last_app=call.last_app,
                last_data=call.last_data,
                start=caller.created_wall,
                answer=call.answered_wall,
                end=time.time(),
                disposition=disposition,
                uniqueid=caller.uniqueid,
                userfield=call.userfield,
            )
        )

    def trunk_target(self, number: str, trunk: Endpoint | None = None) -> Target:
        endpoint = trunk or self.directory.trunk
        if endpoint.kind is EndpointKind.ANALOG_TRUNK:
            return Target(endpoint, f"{endpoint.peer}/{number}", number)
        return Target(endpoint, self.d.trunk_dialstring(number), number)


def _uuid(rng: random.Random) -> str:
    """A version-4 UUID from ``rng`` (22 bridge ids), reproducible with a seed."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"
