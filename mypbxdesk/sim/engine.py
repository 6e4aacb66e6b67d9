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
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .dialects import (
    ANSWERED_ELSEWHERE,
    NORMAL_CLEARING,
    CdrRecord,
    Dialect,
    OriginateOutcome,
    PbxEvent,
    cdr_event,
)
from .model import Channel, ChannelState, Directory, Endpoint, EndpointKind, IdAllocator

DISPOSITIONS = {
    "ANSWER": "ANSWERED",
    "NOANSWER": "NO ANSWER",
    "CANCEL": "NO ANSWER",
    "BUSY": "BUSY",
    "CONGESTION": "FAILED",
    "CHANUNAVAIL": "FAILED",
}


@dataclass(frozen=True, slots=True)
class Target:
    """One destination of a ``Dial()``: a device, its dial string, the number dialed."""

    endpoint: Endpoint
    dialstring: str
    number: str


@dataclass(eq=False)
class Leg:
    channel: Channel
    target: Target


@dataclass(eq=False)
class DialRun:
    """One running ``Dial()`` of a caller."""

    caller: Channel
    legs: list[Leg]
    answered: Leg | None = None
    busy: int = 0


class OriginateWait:
    """The first leg of an Originate while it rings; reports its outcome at most once."""

    def __init__(self, report: Callable[[OriginateOutcome], None]) -> None:
        self._report: Callable[[OriginateOutcome], None] | None = report

    def report(self, outcome: OriginateOutcome) -> None:
        report, self._report = self._report, None
        if report is not None:
            report(outcome)


@dataclass(eq=False)
class Call:
    """A channel running the dialplan, and what its Cdr will say."""

    caller: Channel
    destination: str
    context: str
    userfield: str = ""
    dial: DialRun | None = None
    answered_wall: float | None = None
    dest_channel: str = ""
    last_app: str = ""
    last_data: str = ""
    originating: OriginateWait | None = None
    task: asyncio.Task[None] | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)


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

    # -- lookups ------------------------------------------------------------------
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
        return "DAHDI" if endpoint.is_analog else self.d.sip_tech

    # -- channel primitives ----------------------------------------------------------
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
    ) -> Channel:
        uid, suffix = self._ids.allocate()
        tech = self.tech_of(endpoint)
        ch = Channel(
            name=f"{self.d.channel_base(tech, endpoint.peer)}-{suffix}",
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
        self.on_change()
        return ch

    def set_state(self, ch: Channel, state: ChannelState) -> None:
        if ch.state != state:
            ch.state = state
            self._emit(self.d.newstate(ch))

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
        if ch.bridged is not None:
            ch.bridged.bridged = None
            ch.bridged = None
        self.on_change()

    # -- calls ----------------------------------------------------------------------
    def open_call(self, caller: Channel, destination: str, userfield: str = "") -> Call:
        call = Call(caller, destination, caller.context, userfield)
        self.calls[caller] = call
        return call

    def start_dial(
        self, call: Call, targets: Sequence[Target], silent: frozenset[str] = frozenset()
    ) -> DialRun:
        """``Dial()`` every target in parallel: Newchannel, Dial Begin, Ringing per leg.

        Targets whose number is in ``silent`` (a busy phone) do not ring.
        """
        caller = call.caller
        timeout = math.ceil(self.dial_timeout)
        bases = [
            (self.d.channel_base(self.tech_of(t.endpoint), t.endpoint.peer), t.dialstring)
            for t in targets
        ]
        app_data = self.d.dial_app_data(bases, timeout)
        caller.priority = self.d.dial_priority
        caller.application, caller.app_data = "Dial", app_data
        call.last_app, call.last_data = "Dial", app_data
        self._emit(self.d.newexten(caller, "Dial", app_data))
        dial = DialRun(caller, [])
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
        self._emit(self.d.dial_begin(caller, ch, target.dialstring))
        return Leg(ch, target)

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
        bridge_id = str(_uuid(self._rng))
        caller.bridged, callee.bridged = callee, caller
        caller.bridge_id = callee.bridge_id = bridge_id
        self._emit(self.d.bridge_up(caller, callee, bridge_id))

    def drop_leg(self, call: Call, leg: Leg, cause: int) -> None:
        """One ringing destination goes away (rejected, busy, hung up by the Hangup action)."""
        dial = call.dial
        assert dial is not None
        status = "BUSY" if cause == 17 else "NOANSWER"
        dial.busy += cause == 17
        self._emit(self.d.dial_end_leg(call.caller, leg.channel, status))
        dial.legs.remove(leg)
        self.destroy(leg.channel, cause)

    def finish_answered(self, call: Call, first: Channel, cause: int) -> None:
        """An answered call ends because ``first`` hung up."""
        dial = call.dial
        assert dial is not None and dial.answered is not None
        caller, callee = call.caller, dial.answered.channel
        self._emit(self.d.bridge_down(caller, callee, first, caller.bridge_id))
        caller.bridged = callee.bridged = None
        cause_of = {first: cause}
        if self.d.legacy:
            self._emit([self.cdr(call, "ANSWER")])
            self.destroy(callee, cause_of.get(callee, NORMAL_CLEARING))
            self._emit(self.d.dial_end(caller, "ANSWER"))
            self._close(call, cause_of.get(caller, NORMAL_CLEARING))
        else:
            self._emit(self.d.dial_end(caller, "ANSWER"))
            other = callee if first is caller else caller
            for ch in (first, other):
                if ch is caller:
                    self._close(call, cause_of.get(ch, NORMAL_CLEARING))
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
            self._emit(self.d.dial_end(caller, status))
        if self.d.legacy and status != "CANCEL":
            caller.priority += 1  # the dialplan goes on to Hangup() (capture 4a)
            caller.application, caller.app_data = "Hangup", ""
            call.last_app, call.last_data = "Hangup", ""
            self._emit(self.d.newexten(caller, "Hangup", ""))
        self._close(call, caller_cause)
        self._emit([self.cdr(call, status)])

    def leave_dial(self, call: Call) -> None:
        """The caller is redirected out of its Dial: every leg is hung up."""
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
            self._emit(self.d.dial_end(caller, "ANSWER"))
        else:
            for leg in list(dial.legs):
                self._emit(self.d.dial_end_leg(caller, leg.channel, "CANCEL"))
                self.destroy(leg.channel)
            self._emit(self.d.dial_end(caller, "CANCEL"))
        call.dial = None

    def hangup_caller(self, call: Call, cause: int, status: str = "ANSWER") -> None:
        """The caller goes away while not in a Dial (an application, a dead end)."""
        self._close(call, cause)
        self._emit([self.cdr(call, status)])

    def discard(self, call: Call, cause: int) -> None:
        """A call that never reached the dialplan (a failed Originate): no Cdr (capture 2c)."""
        self._close(call, cause)

    def _close(self, call: Call, cause: int) -> None:
        self.destroy(call.caller, cause)
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
