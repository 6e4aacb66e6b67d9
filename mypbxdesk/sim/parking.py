"""The parking lot ``default``: 700 parks, 701-720 retrieve, parked calls come back.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

Asterisk 1.8 (capture c2a, features.c ``manager_park``): the AMI ``Park`` answers
first, then *masquerades* the call into a new ``Parked/…`` channel (the parked call
keeps its name and gets a new Uniqueid; the old one hangs up as ``…<ZOMBIE>``) and
hangs ``Channel2`` up at once. Asterisk 22 (console-park, res_parking): the call moves
into the lot's holding bridge; ``TimeoutChannel`` hears the slot number and is hung up
``park_announce`` seconds later. A parked call that nobody retrieves rings its parker
again after ``parkingtime`` (context ``park-dial``, exten ``SIP_474``); one that hangs
up is a ``ParkedCallGiveUp``. Retrieval: any call to the slot number.
"""

from __future__ import annotations

import asyncio
import time

from .bridging import Link, masquerade
from .callmodel import Call
from .dialects import NORMAL_CLEARING, PbxEvent
from .ev_park import LOT, Parked, ParkEvents
from .kit import Kit
from .model import PARK_SLOTS, Channel, ChannelState


class ParkingLot:
    """The parking lot ``default`` (slots 701-720, first free slot first)."""

    def __init__(self, kit: Kit, events: ParkEvents) -> None:
        self.kit = kit
        self.ev = events
        self.parked: dict[str, Parked] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._announcing: dict[Channel, asyncio.Task[None]] = {}
        self._bridge = ""  # 22: the lot's holding bridge, made on first use

    # -- queries ---------------------------------------------------------------------------
    def free_slot(self) -> str | None:
        return next((s for s in PARK_SLOTS if s not in self.parked), None)

    def find(self, ch: Channel) -> Parked | None:
        return next((p for p in self.parked.values() if p.channel is ch), None)

    def calls(self) -> list[Parked]:
        return sorted(self.parked.values(), key=lambda p: p.slot)

    def refusal(self, ch: Channel) -> str | None:
        """Why ``ch`` cannot be parked now (the dialect's failure text), or None: it is
        parked already, not answered, the lot is full, or another feature holds it (a
        queue caller, a transfer under way): the simulator does not hand channels across
        features."""
        owner = self.kit.engine.owners.get(ch)
        busy = owner is not None and not isinstance(owner, Link)
        if busy or ch.state is not ChannelState.UP or self.free_slot() is None:
            return "Park failure" if self.kit.legacy else "Park action failed\n"
        return None

    # -- parking ---------------------------------------------------------------------------
    def park(self, ch: Channel, parker: Channel | None, timeout: float | None = None) -> Parked:
        """AMI ``Park``: ``ch`` is parked; ``parker`` (1.8 Channel2, 22 TimeoutChannel)
        hears nothing more (1.8: hung up at once; 22: after the announcement)."""
        kit = self.kit
        limit = kit.timing.park_time if timeout is None else timeout
        peer = ch.bridged
        if kit.legacy:
            return self._park18(ch, parker, peer, limit)
        slot = self.free_slot()
        assert slot is not None
        who = parker or peer or ch
        kit.engine.set_variable(ch, "BLINDTRANSFER", who.name)
        kit.engine.set_variable(ch, "BLINDTRANSFER", who.name)
        parked = Parked(ch, slot, who.name, kit.base(who.endpoint), limit)
        self._ensure_bridge()
        self._leave_old_bridge(ch, peer, drop=peer is not None and peer is not parker)
        self._enter22(parked)
        if parker is not None and peer is parker:
            task = kit.spawn(self._hang_up_later(parker), f"sim-park-announce-{parker.name}")
            self._announcing[parker] = task
            kit.engine.owners[parker] = self
        return parked

    def park_self(self, call: Call, parker: Channel | None = None) -> None:
        """The caller dialled 700 (or was sent there): ``Park()`` parks it."""
        kit, ch = self.kit, call.caller
        kit.calls.stop_driver(call)
        kit.up(ch)
        kit.engine.emit(kit.engine.d.newexten(ch, "Park", ""))
        if self.refusal(ch) is not None:
            kit.engine.hangup_caller(call, NORMAL_CLEARING)
            return
        slot = self.free_slot()
        assert slot is not None
        who = parker or ch
        parked = Parked(ch, slot, who.name, kit.base(who.endpoint), kit.timing.park_time)
        if kit.legacy:
            self._enter18(parked)
        else:
            self._ensure_bridge()
            self._enter22(parked)

    def _park18(
        self, ch: Channel, parker: Channel | None, peer: Channel | None, limit: float
    ) -> Parked:
        kit = self.kit
        engine = kit.engine
        call = engine.calls.get(ch) or engine.leg_calls.get(ch)
        cdr = engine.cdr(call, "ANSWER") if call is not None else None
        new = engine.new_channel(
            ch.endpoint,
            caller_num="",
            caller_name="",
            context=ch.context,
            exten=ch.exten,
            linkedid=ch.linkedid,
            name=f"Parked/{ch.name}",
        )
        masquerade(engine, kit.chan, clone=ch, original=new)
        engine.emit(engine.d.newcallerid(new))
        self._end_zombie(ch, call, cdr)
        if parker is not None and engine.channels.get(parker.name) is parker:
            kit.calls.hangup(parker, NORMAL_CLEARING)  # 1.8 soft-hangs-up Channel2
        slot = self.free_slot()
        assert slot is not None
        who = parker or peer or new
        parked = Parked(new, slot, who.name, kit.base(who.endpoint), limit)
        self._enter18(parked)
        return parked

    def _end_zombie(self, zombie: Channel, call: Call | None, cdr: PbxEvent | None) -> None:
        """1.8: the call the parked channel was in ends on the zombie (c2a's order)."""
        kit, engine = self.kit, self.kit.engine
        if call is None:
            link = engine.owners.get(zombie)
            if isinstance(link, Link):
                link.hangup(zombie, NORMAL_CLEARING)
            else:
                engine.destroy(zombie)
            return
        kit.calls.stop_driver(call)
        dial = call.dial
        if dial is not None and dial.answered is not None:
            engine.finish_answered(call, zombie, NORMAL_CLEARING, cdr=cdr)
        else:
            engine.hangup_caller(call, NORMAL_CLEARING)

    def _enter18(self, p: Parked) -> None:
        kit = self.kit
        ch = p.channel
        self.parked[p.slot] = p
        kit.engine.owners[ch] = self
        kit.engine.emit(kit.chan.moh(ch, True))
        kit.engine.emit([self.ev.parked(p)])
        kit.presence.slot(p.slot, True)
        self._arm(p)

    def _ensure_bridge(self) -> None:
        if not self._bridge:
            self._bridge = self.kit.engine.new_bridge_id()
            self.kit.engine.emit(self.kit.chan.bridge_create(self._bridge, parking=True))

    def _enter22(self, p: Parked) -> None:
        kit = self.kit
        ch = p.channel
        engine = kit.engine
        self.parked[p.slot] = p
        engine.owners[ch] = self
        engine.emit([self.ev.parked(p)])
        kit.presence.slot(p.slot, True)
        engine.emit(kit.chan.bridge_enter(self._bridge, len(self.parked), ch, parking=True))
        if "BLINDTRANSFER" in ch.variables:
            engine.set_variable(ch, "BLINDTRANSFER", "")
        engine.emit(kit.chan.moh(ch, True))
        self._arm(p)

    def _leave_old_bridge(self, ch: Channel, peer: Channel | None, drop: bool) -> None:
        """22: ``ch`` leaves the bridge it talks in; a peer that is not the parker hangs up."""
        kit, engine = self.kit, self.kit.engine
        call = engine.calls.get(ch) or engine.leg_calls.get(ch)
        if call is not None:
            kit.calls.stop_driver(call)
            if engine.leg_calls.get(ch) is call:
                engine.leg_calls.pop(ch)
        bid = ch.bridge_id
        link = engine.owners.get(ch)
        if isinstance(link, Link):
            link.release()
        if peer is None:
            return
        engine.emit(kit.chan.bridge_leave(bid, 1, ch))
        ch.bridged = peer.bridged = None
        ch.bridge_id, peer.bridge_id = "", bid
        if drop:
            self._drop_peer(peer, bid)

    def _drop_peer(self, peer: Channel, bid: str) -> None:
        kit, engine = self.kit, self.kit.engine
        if peer.name not in engine.channels:
            return
        engine.emit(kit.chan.bridge_leave(bid, 0, peer))
        engine.emit(kit.chan.bridge_destroy(bid))
        peer_call = engine.calls.get(peer)
        if peer_call is not None:
            kit.calls.stop_driver(peer_call)
            engine.close(peer_call, NORMAL_CLEARING)
            engine.emit([engine.cdr(peer_call, "ANSWER")])
        else:
            engine.destroy(peer)

    async def _hang_up_later(self, parker: Channel) -> None:
        await asyncio.sleep(self.kit.timing.park_announce)
        self._announcing.pop(parker, None)
        self._drop_peer(parker, parker.bridge_id)

    # -- leaving the lot -------------------------------------------------------------------
    def _arm(self, p: Parked) -> None:
        self._tasks[p.slot] = self.kit.spawn(self._timeout(p), f"sim-parked-{p.slot}")

    def _unarm(self, p: Parked) -> None:
        task = self._tasks.pop(p.slot, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    def _leave(self, p: Parked) -> None:
        """``p`` leaves the lot (events of the dialect's own order are the caller's)."""
        self._unarm(p)
        self.parked.pop(p.slot, None)
        if self.kit.engine.owners.get(p.channel) is self:
            del self.kit.engine.owners[p.channel]

    def hangup(self, ch: Channel, cause: int) -> None:
        """The parked caller hangs up: ``ParkedCallGiveUp`` (or a parker hangs up early)."""
        announcing = self._announcing.pop(ch, None)
        if announcing is not None:
            announcing.cancel()
            self._drop_peer(ch, ch.bridge_id)
            return
        p = self.find(ch)
        if p is None:
            self.kit.engine.destroy(ch, cause)
            return
        kit, engine = self.kit, self.kit.engine
        self._leave(p)
        if kit.legacy:
            engine.emit([self.ev.gave_up(p)])
        else:
            engine.emit(kit.chan.moh(ch, False))
            kit.presence.slot(p.slot, False)
            engine.emit([self.ev.gave_up(p)])
            engine.emit(kit.chan.bridge_leave(self._bridge, len(self.parked), ch, parking=True))
        self._end(ch, cause)
        if kit.legacy:
            kit.presence.slot(p.slot, False)

    def _end(self, ch: Channel, cause: int) -> None:
        engine = self.kit.engine
        call = engine.calls.get(ch)
        if call is None:
            engine.destroy(ch, cause)
            return
        if not engine.d.legacy and call.dial is not None:
            engine.emit(engine.d.dial_end(ch, "ANSWER"))
        engine.close(call, cause)
        engine.emit([engine.cdr(call, "ANSWER")])

    async def _timeout(self, p: Parked) -> None:
        await asyncio.sleep(p.timeout)
        self._tasks.pop(p.slot, None)
        self.come_back(p)

    def come_back(self, p: Parked) -> None:
        """``parkingtime`` is over: ``ParkedCallTimeOut``, then the parker rings again."""
        kit, engine = self.kit, self.kit.engine
        ch = p.channel
        self._leave(p)
        flat = p.parker_dial.replace("/", "_")
        if kit.legacy:
            engine.emit([self.ev.timed_out(p)])
            engine.emit(kit.chan.moh(ch, False))
            kit.presence.slot(p.slot, False)
        else:
            for name, value in (
                ("PARKING_SPACE", p.slot),
                ("PARKEDLOT", LOT),
                ("PARKER", p.parker_dial),
                ("PARKER_FLAT", flat),
            ):
                engine.set_variable(ch, name, value)
            engine.emit(kit.chan.moh(ch, False))
            kit.presence.slot(p.slot, False)
            ch.context, ch.exten, ch.priority = "park-dial", flat, 1
            engine.emit([self.ev.timed_out(p)])
            engine.emit(kit.chan.bridge_leave(self._bridge, len(self.parked), ch, parking=True))
        self._dial_parker(ch, p, flat)

    def _dial_parker(self, ch: Channel, p: Parked, flat: str) -> None:
        kit, engine = self.kit, self.kit.engine
        target = kit.phone_target(p.parker_dial.rpartition("/")[2])
        call = engine.calls.get(ch)
        if call is None:
            ch.has_pbx = True
            call = engine.open_call(ch, flat)
        ch.context, ch.exten, ch.priority = "park-dial", flat, 1
        call.context, call.destination = "park-dial", flat
        if target is None or target.endpoint is ch.endpoint:
            engine.hangup_caller(call, NORMAL_CLEARING)
            return
        comeback = kit.timing.comeback_time
        plan = kit.calls.plan_for([target], kit.calls.timing.talk_time, comeback)
        engine.start_dial(call, [target], plan.busy, timeout=comeback)
        kit.calls.drive(call, plan)

    def retrieve(self, call: Call, slot: str, talk_time: float) -> None:
        """The caller dialled a slot: ``ParkedCall()`` bridges it with the parked call."""
        kit, engine = self.kit, self.kit.engine
        r = call.caller
        kit.up(r)
        data = f"{slot},{LOT}" if kit.legacy else f"{LOT},{slot}"
        r.application, r.app_data = "ParkedCall", data
        call.last_app, call.last_data = "ParkedCall", data
        engine.emit(engine.d.newexten(r, "ParkedCall", data))
        p = self.parked.get(slot)
        if p is None:  # 1.8 plays pbx-invalidpark, 22 "that parking space is empty"
            engine.hangup_caller(call, NORMAL_CLEARING)
            return
        a = p.channel
        self._leave(p)
        call.dest_channel = a.name
        call.answered_wall = time.time()
        r.connected_num, r.connected_name = a.caller_num, a.caller_name
        a.connected_num, a.connected_name = r.caller_num, r.caller_name
        bid = engine.new_bridge_id()
        if kit.legacy:
            engine.emit([self.ev.unparked(p, r)])
            engine.emit(kit.chan.moh(a, False))
            engine.set_variable(r, "PARKEDCHANNEL", a.name)
            engine.emit(engine.d.bridge_up(r, a, bid))
            kit.presence.slot(slot, False)
        else:
            engine.emit(kit.chan.bridge_create(bid))
            engine.emit(kit.chan.moh(a, False))
            kit.presence.slot(slot, False)
            engine.emit([self.ev.unparked(p, r)])
            engine.emit(kit.chan.bridge_leave(self._bridge, len(self.parked), a, parking=True))
            engine.emit(kit.chan.bridge_enter(bid, 1, a))
            engine.emit(kit.chan.bridge_enter(bid, 2, r))
        Link(engine, kit.chan, r, a, bid).expire(kit.spawn, talk_time)

    def cancel_all(self) -> None:
        for p in list(self.parked.values()):
            self._unarm(p)
        for task in self._announcing.values():
            task.cancel()
        self._announcing.clear()
        self.parked.clear()
        self._bridge = ""
