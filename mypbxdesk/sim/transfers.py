"""Attended transfers: ``Atxfer`` in both dialects and 22's ``CancelAtxfer``.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

AMI ``Atxfer`` only queues DTMF on the transferer's channel: the feature code ``*2`` and
the target's digits (1.8 and 22 ``action_atxfer``). Whether anything happens depends on
the call: without the Dial option ``T`` (caller) / ``t`` (callee) the digits just pass
to the other party and the answer is still ``Atxfer successfully queued`` — 1.8 gives
no error in that case, and neither does 22. With it, the transferee is put on hold
(music), the target is called (22: through ``Local/<exten>@<context>``, console-atxfer;
1.8: straight to the phone, approximated), and the transfer completes when the
transferer hangs up: 22 writes ``AttendedTransfer`` and optimises the Local channel
away; 1.8 masquerades the transferee into ``Transfered/…`` and bridges it with the
target (no Transfer event). ``CancelAtxfer`` (22 only) sends ``*1``: the transferer is
back with the transferee. Without a final ``#`` the target is dialled after
``transferdigittimeout`` (gotcha 16).
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass

from . import ev_xfer
from .bridging import Link, close_quietly, end_channel, masquerade
from .callmodel import Call, Leg
from .dialects import NORMAL_CLEARING
from .engine import Owner
from .kit import Kit
from .model import Behaviour, Channel, ChannelState, Endpoint, EndpointKind

USER_BUSY = 17


@dataclass(eq=False)
class Consult:
    """One attended transfer in progress."""

    t: Channel  # the transferer
    a: Channel  # the transferee, on hold
    context: str
    number: str
    orig_bid: str
    owners: tuple[Owner | None, Owner | None]
    one: Channel | None = None  # 22: Local/…;1, bridged with the transferer
    two: Channel | None = None  # 22: Local/…;2, dials the target
    call: Call | None = None  # 22: the Local;2's Dial
    target: Channel | None = None  # the target once it answered (1.8: once it rings)
    bid: str = ""  # the consultation bridge
    done: bool = False
    completed: bool = False


class Transfers:
    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        self.active: dict[Channel, Consult] = {}
        self._local = 0

    # -- attended transfer -----------------------------------------------------------------
    def attended(self, t: Channel, exten: str, context: str) -> None:
        """``Atxfer`` was acknowledged: play it out in the background."""
        self.kit.spawn(self._attended(t, exten, context), f"sim-atxfer-{t.name}")

    def _allowed(self, t: Channel) -> bool:
        engine = self.kit.engine
        call = engine.calls.get(t)
        if call is not None:
            return "T" in call.options
        call = engine.leg_calls.get(t)
        if call is not None:
            return "t" in call.options
        return isinstance(engine.owners.get(t), Link)

    async def _attended(self, t: Channel, exten: str, context: str) -> None:
        kit, engine = self.kit, self.kit.engine
        if context:
            engine.set_variable(t, "TRANSFER_CONTEXT", context)
        self._dtmf(t, "*2")
        a = t.bridged
        taken = engine.owners.get(t) is self or (a is not None and engine.owners.get(a) is self)
        if a is None or taken or not self._allowed(t):
            self._dtmf(t, exten)  # no transfer feature here: the peer just hears DTMF
            return
        engine.emit(kit.chan.hold(t, True))
        self._hold(a, True)
        self._dtmf(t, exten)
        number = exten.rstrip("#")
        if not exten.endswith("#"):
            await asyncio.sleep(kit.timing.digit_timeout)
        if t.name not in engine.channels or a.name not in engine.channels:
            return
        owners = (engine.owners.get(t), engine.owners.get(a))
        c = Consult(t, a, context or t.context, number, t.bridge_id, owners)
        self.active[t] = c
        engine.owners[t] = engine.owners[a] = self
        self._pause(c)
        if kit.legacy:
            await self._consult18(c)
        else:
            self._consult22(c)

    def _calls_of(self, c: Consult) -> list[Call]:
        engine = self.kit.engine
        found = [engine.calls.get(x) or engine.leg_calls.get(x) for x in (c.t, c.a)]
        return list({id(x): x for x in found if x is not None}.values())

    def _pause(self, c: Consult) -> None:
        """The call's own timers (its talk time) stop while the transfer runs."""
        for call in self._calls_of(c):
            self.kit.calls.stop_driver(call)
        for owner in c.owners:
            if isinstance(owner, Link):
                owner.hold_timer()

    def _resume(self, c: Consult) -> None:
        """Back to the caller: the call talks on, and ends after its talk time."""
        kit = self.kit
        for call in self._calls_of(c):
            if call.dial is not None and call.dial.answered is not None:
                kit.calls.talk(call)
        for owner in c.owners:
            if isinstance(owner, Link):
                owner.expire(kit.spawn, kit.calls.timing.talk_time)
                break

    def _dtmf(self, ch: Channel, digits: str) -> None:
        for digit in digits:
            self.kit.engine.emit(self.kit.chan.dtmf(ch, digit))

    def _hold(self, a: Channel, on: bool) -> None:
        a.on_hold = on and not self.kit.legacy  # chan_sip: music alone is no SIP hold
        self.kit.engine.emit(self.kit.chan.moh(a, on))
        self.kit.presence.refresh(a)

    # -- 22: through a Local channel -------------------------------------------------------
    def _consult22(self, c: Consult) -> None:
        kit, engine = self.kit, self.kit.engine
        t = c.t
        ep = Endpoint(EndpointKind.LOCAL, f"{c.number}@{c.context}")
        base = f"Local/{c.number}@{c.context}-{self._local:08x}"
        self._local += 1
        one, two = (
            engine.new_channel(
                ep,
                caller_num="",
                caller_name="",
                context=c.context,
                exten=c.number,
                state=state,
                linkedid=t.linkedid,
                name=f"{base};{n}",
            )
            for n, state in ((1, ChannelState.DOWN), (2, ChannelState.RING))
        )
        c.one, c.two = one, two
        engine.set_variable(one, "TRANSFERERNAME", t.name)
        engine.set_variable(one, "ATTENDEDTRANSFER", t.name)
        c.bid = engine.new_bridge_id()
        engine.emit(kit.chan.bridge_create(c.bid))
        engine.set_variable(two, "ATTENDEDTRANSFER", t.name)
        engine.set_variable(two, "TRANSFERERNAME", t.name)
        engine.set_callerid(two, t.caller_num, t.caller_name)
        engine.emit([ev_xfer.local_bridge(one, two, c.context, c.number)])
        one.connected_num, one.connected_name = t.caller_num, t.caller_name
        engine.emit(kit.chan.bridge_enter(c.bid, 1, one))
        engine.set_variable(one, "ATTENDEDTRANSFER", "")
        engine.emit(kit.chan.bridge_leave(c.orig_bid, 1, t))
        engine.emit(kit.chan.bridge_enter(c.bid, 2, t))
        one.bridged, t.bridged = t, one
        two.has_pbx = True
        call = engine.open_call(two, c.number)
        call.on_bridge = lambda leg: self._answered22(c, leg)
        c.call = call
        kit.calls.enter_dialplan(call, c.context, c.number)
        kit.spawn(self._watch(c, call), f"sim-atxfer-watch-{t.name}")

    def _answered22(self, c: Consult, leg: Leg) -> None:
        """The target answered the Local;2's Dial."""
        engine = self.kit.engine
        c.target = leg.channel
        one = c.one
        assert one is not None
        engine.set_callerid(one, leg.channel.caller_num, leg.channel.caller_name)
        engine.set_state(one, ChannelState.UP)
        if c.completed:
            self.kit.spawn(self._optimize_soon(c), f"sim-local-opt-{one.name}")
        else:
            self._talk(c)

    def _talk(self, c: Consult) -> None:
        """A consultation lasts the talk time; then the transferer hangs up (completes)."""
        after = self.kit.calls.timing.talk_time
        if not math.isinf(after):
            self.kit.spawn(self._complete_later(c, after), f"sim-consult-{c.t.name}")

    async def _complete_later(self, c: Consult, after: float) -> None:
        await asyncio.sleep(after)
        if not c.done and not c.completed and self.active.get(c.t) is c:
            self.hangup(c.t, NORMAL_CLEARING)

    async def _optimize_soon(self, c: Consult) -> None:
        await asyncio.sleep(0)
        self._optimize22(c)

    async def _watch(self, c: Consult, call: Call) -> None:
        await call.done.wait()
        if not c.done:  # the target was busy, did not answer, or hung up
            self._abandon(c) if c.completed else self._revert(c)

    def _complete22(self, c: Consult) -> None:
        kit, engine = self.kit, self.kit.engine
        t, a, one = c.t, c.a, c.one
        assert one is not None
        c.completed = True
        engine.emit([ev_xfer.bridge_merge((c.orig_bid, 1), (c.bid, 2))])
        engine.emit(kit.chan.bridge_leave(c.bid, 1, one))
        engine.emit(kit.chan.bridge_enter(c.orig_bid, 2, one))
        self._hold(a, False)
        engine.emit(kit.chan.bridge_leave(c.bid, 0, t))
        transfer = ev_xfer.attended_transfer(t, (c.orig_bid, 2), (c.bid, 0), a, one)
        engine.emit([transfer, *kit.chan.bridge_destroy(c.bid)])
        self._drop_transferer(c)
        one.bridged, a.bridged = a, one
        if c.target is not None:
            self._optimize22(c)

    def _optimize22(self, c: Consult) -> None:
        """LocalOptimizationBegin/End: the target takes ``Local;1``'s place next to ``a``."""
        kit, engine = self.kit, self.kit.engine
        one, two, target, call, a = c.one, c.two, c.target, c.call, c.a
        assert one is not None and two is not None and target is not None and call is not None
        c.done = True
        inner = target.bridge_id
        engine.emit([ev_xfer.local_optimization(True, one, two, target, 0)])
        engine.emit(kit.chan.bridge_leave(inner, 1, target))
        engine.emit(kit.chan.bridge_leave(c.orig_bid, 1, one))
        engine.emit(kit.chan.bridge_enter(c.orig_bid, 2, target, swap=one.uniqueid))
        engine.set_callerid(two, a.caller_num, a.caller_name)
        engine.emit([ev_xfer.local_optimization(False, one, two, target, 0)])
        one.bridged = two.bridged = target.bridged = None
        engine.destroy(one)
        engine.emit(kit.chan.bridge_leave(inner, 0, two))
        engine.emit(kit.chan.bridge_destroy(inner))
        kit.calls.stop_driver(call)
        engine.leg_calls.pop(target, None)
        engine.emit(engine.d.dial_end(two, "ANSWER"))
        engine.close(call, NORMAL_CLEARING)
        target.connected_num, target.connected_name = a.caller_num, a.caller_name
        a.connected_num, a.connected_name = target.caller_num, target.caller_name
        self._finish(c, target, c.orig_bid)

    # -- 1.8: straight to the phone --------------------------------------------------------
    async def _consult18(self, c: Consult) -> None:
        kit, engine = self.kit, self.kit.engine
        target_of = kit.phone_target(c.number)
        behaviour = engine.directory.behaviour(c.number)
        if target_of is None or target_of.endpoint is c.t.endpoint:
            self._revert(c)
            return
        phone = target_of.endpoint
        target = engine.new_channel(
            phone,
            caller_num=phone.extension,
            caller_name=phone.name,
            context=phone.context,
            exten="",
        )
        target.connected_num, target.connected_name = c.t.caller_num, c.t.caller_name
        c.target = target
        if behaviour in (Behaviour.BUSY, Behaviour.OFFLINE):
            engine.destroy(target, USER_BUSY)
            c.target = None
            self._revert(c)
            return
        engine.owners[target] = self
        engine.set_state(target, ChannelState.RINGING)
        answers = behaviour is Behaviour.ANSWER
        wait = kit.calls.timing.ring_time if answers else kit.timing.atxfer_timeout
        await asyncio.sleep(wait)
        if c.done or target.name not in engine.channels:
            return
        if not answers:
            self._abandon(c) if c.completed else self._revert(c)
            return
        engine.set_state(target, ChannelState.UP)
        if c.completed:
            self._finish(c, target, engine.new_bridge_id(), announce=True)
            return
        c.bid = engine.new_bridge_id()
        engine.emit(engine.d.bridge_up(c.t, target, c.bid))
        self._talk(c)

    def _complete18(self, c: Consult) -> None:
        kit, engine = self.kit, self.kit.engine
        t, a, target = c.t, c.a, c.target
        c.completed = True
        if c.bid and target is not None:
            engine.emit(engine.d.bridge_down(t, target, t, c.bid))
        self._drop_transferer(c)
        new = engine.new_channel(
            a.endpoint,
            caller_num="",
            caller_name="",
            context=a.context,
            exten=a.exten,
            linkedid=a.linkedid,
            name=f"Transfered/{a.name}",
        )
        masquerade(engine, kit.chan, clone=a, original=new)
        self._end_zombie(a)
        new.on_hold = False
        c.a = new
        engine.owners[new] = self  # until it talks to the target
        if target is not None and target.state is ChannelState.UP:
            self._finish(c, target, engine.new_bridge_id(), announce=True)

    def _end_zombie(self, zombie: Channel) -> None:
        engine = self.kit.engine
        call = engine.calls.get(zombie)
        if call is not None:
            self.kit.calls.stop_driver(call)
            if call.dial is not None:
                engine.emit(engine.d.dial_end(zombie, "ANSWER"))
            engine.close(call, NORMAL_CLEARING)
            return
        other = engine.leg_calls.get(zombie)
        engine.destroy(zombie)
        if other is not None and other.caller in engine.calls:
            close_quietly(engine, other)

    # -- the end of a consultation ---------------------------------------------------------
    def _drop_transferer(self, c: Consult) -> None:
        """The transferer hangs up; a call it ran (as the caller) ends with it."""
        engine = self.kit.engine
        t = c.t
        engine.owners.pop(t, None)
        link = c.owners[0]
        if isinstance(link, Link):
            link.release()
        t.bridged = None
        call = engine.calls.get(t) or engine.leg_calls.get(t)
        engine.leg_calls.pop(t, None)
        end_channel(self.kit, t)
        if call is not None and call.caller is t:  # the transferee was its callee
            engine.leg_calls.pop(c.a, None)

    def _finish(self, c: Consult, target: Channel, bid: str, announce: bool = False) -> None:
        """The transferee and the target talk: a :class:`Link` ends their call."""
        kit, engine = self.kit, self.kit.engine
        c.done = True
        self.active.pop(c.t, None)
        engine.owners.pop(c.a, None)
        engine.owners.pop(target, None)
        for one, other in ((c.a, target), (target, c.a)):
            if engine.channels.get(one.name) is not one:  # gone meanwhile
                end_channel(self.kit, other)
                return
        if announce:
            engine.emit(engine.d.bridge_up(c.a, target, bid))
        Link(engine, kit.chan, c.a, target, bid).expire(kit.spawn, kit.calls.timing.talk_time)

    def _revert(self, c: Consult) -> None:
        """The target failed, or CancelAtxfer: the transferer is back with the transferee."""
        if c.done:
            return
        kit, engine = self.kit, self.kit.engine
        c.done = True
        t, a = c.t, c.a
        self.active.pop(t, None)
        for ch, owner in zip((t, a), c.owners, strict=True):
            if owner is None:
                engine.owners.pop(ch, None)
            else:
                engine.owners[ch] = owner
        if c.one is not None:
            engine.emit(kit.chan.bridge_leave(c.bid, 1, t))
            engine.emit(kit.chan.bridge_enter(c.orig_bid, 2, t))
        t.bridged, a.bridged = a, t
        self._hold(a, False)
        engine.emit(kit.chan.hold(t, False))
        if c.one is not None:
            engine.emit(kit.chan.bridge_leave(c.bid, 0, c.one))
            engine.emit(kit.chan.bridge_destroy(c.bid))
            c.one.bridged = None
            engine.destroy(c.one)
        if c.call is not None and c.call.caller.name in engine.channels:
            kit.calls.hangup(c.call.caller, NORMAL_CLEARING)
        elif kit.legacy and c.target is not None:
            if c.bid:
                engine.emit(engine.d.bridge_down(t, c.target, c.target, c.bid))
            engine.destroy(c.target)
        self._resume(c)

    def _abandon(self, c: Consult) -> None:
        """Completed, but the target never answered: the transferee is hung up."""
        if c.done:
            return
        kit, engine = self.kit, self.kit.engine
        c.done = True
        self.active.pop(c.t, None)
        engine.owners.pop(c.a, None)
        for ch in (c.one, c.target):
            if ch is not None and ch.name in engine.channels:
                engine.owners.pop(ch, None)
                engine.destroy(ch)
        if c.call is not None and c.call.caller.name in engine.channels:
            kit.calls.hangup(c.call.caller, NORMAL_CLEARING)
        c.a.bridged = None
        end_channel(self.kit, c.a)

    def cancel(self, t: Channel) -> None:
        """22 ``CancelAtxfer``: DTMF ``*1``, then back to the transferee."""
        self._dtmf(t, "*1")
        c = self.active.get(t)
        if c is not None:
            self._revert(c)

    def hangup(self, ch: Channel, cause: int) -> None:
        """Owner of the transferer (completes) and the transferee (gives up)."""
        c = next((x for x in self.active.values() if ch in (x.t, x.a, x.target)), None)
        if c is None:
            self.kit.engine.destroy(ch, cause)
            return
        if ch is c.t and not c.completed:
            if self.kit.legacy:
                self._complete18(c)
            else:
                self._complete22(c)
        elif c.completed:
            self._abandon(c)
        elif ch is c.target:
            self._revert(c)  # 1.8: the consulted phone hung up
        else:
            self._revert(c)
            self.kit.calls.hangup(ch, cause)
