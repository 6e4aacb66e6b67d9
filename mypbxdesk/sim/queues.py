"""The queue ``reception`` on 610: ringall, static members 474 and 305, and the AMI
queue actions (QueueStatus, QueueSummary, QueueAdd, QueueRemove, QueuePause).

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

A caller joins (1.8: ``Answer()`` first and music on hold, capture c4; 22: ``r``,
ringing, console-queue), the queue rings every member that is not paused and not on
a call (``ringinuse=no``) for ``queue_timeout`` seconds, waits ``queue_retry`` and rings
again, until a member answers (``AgentConnect``, the caller leaves the queue) or the
caller hangs up (``QueueCallerAbandon``). 1.8 rings members without ``Dial`` events;
22 writes DialBegin/DialEnd for them. Members follow their phone's *device* state in
``QueueMemberStatus``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from .callmodel import Call, Leg
from .dialects import NORMAL_CLEARING, USER_BUSY, Pairs
from .ev_blf import DevState
from .ev_queue import Entry, Member, QueueEvents, QueueStats
from .kit import Kit
from .model import QUEUE_MEMBERS, QUEUE_NAME, Behaviour, Channel, Endpoint

_TRUE = frozenset({"yes", "true", "y", "t", "1", "on"})


class CallQueue:
    """The queue ``reception``."""

    def __init__(self, kit: Kit, events: QueueEvents) -> None:
        self.kit = kit
        self.ev = events
        self.name = QUEUE_NAME
        self.members: list[Member] = []
        for ext in QUEUE_MEMBERS:
            phone = kit.engine.directory.phone(ext)
            assert phone is not None
            iface = kit.base(phone)
            self.members.append(Member(iface, iface, phone, status=kit.presence.state_of(phone)))
        self.entries: list[Entry] = []
        self.completed = self.abandoned = 0
        self._holds: list[int] = []
        self._talks: list[int] = []
        self._wake: dict[Entry, asyncio.Event] = {}
        self._tasks: dict[Entry, asyncio.Task[None]] = {}
        kit.presence.listeners.append(self._device_changed)

    # -- members ---------------------------------------------------------------------------
    def member(self, interface: str) -> Member | None:
        wanted = interface.lower()
        return next((m for m in self.members if m.interface.lower() == wanted), None)

    def _endpoint(self, interface: str) -> Endpoint | None:
        tech, _, peer = interface.partition("/")
        ep = self.kit.engine.directory.requestable(tech, peer, self.kit.engine.d.sip_tech)
        return ep

    def _emit_member(self, kind: str, m: Member) -> None:
        self.kit.engine.emit([self.ev.member(kind, self.name, m)])

    def _pause_device(self, m: Member) -> None:
        state = DevState.INUSE if m.paused else DevState.NOT_INUSE
        device = f"Queue:{self.name}_pause_{m.interface}"
        self.kit.engine.emit(self.kit.presence.ev.device_state(device, state))

    def add(self, interface: str, name: str, penalty: int, paused: bool) -> str | None:
        """QueueAdd; returns the refusal text or None."""
        if self.member(interface) is not None:
            return "Unable to add interface: Already there"
        ep = self._endpoint(interface)
        status = self.kit.presence.state_of(ep) if ep is not None else DevState.INVALID
        m = Member(interface, name or interface, ep, True, penalty, paused=paused, status=status)
        self.members.append(m)
        self._pause_device(m)
        self._emit_member("QueueMemberAdded", m)
        self._wake_all()
        return None

    def remove(self, interface: str) -> str | None:
        m = self.member(interface)
        if m is None:
            return "Unable to remove interface: Not there"
        if not m.dynamic:
            return "Member not dynamic"
        self.members.remove(m)
        self._emit_member("QueueMemberRemoved", m)
        return None

    def pause(self, interface: str, paused: bool, reason: str) -> str | None:
        m = self.member(interface)
        if m is None:
            return "Interface not found"
        m.paused, m.reason = paused, reason if paused else ""
        m.last_pause = int(time.time()) if paused else m.last_pause
        self._pause_device(m)
        self._emit_member("QueueMemberPause", m)
        if not paused:
            self._wake_all()
        return None

    def _device_changed(self, ep: Endpoint, state: DevState) -> None:
        for m in self.members:
            if m.endpoint is ep:
                m.status = state
                self._emit_member("QueueMemberStatus", m)
        if state is DevState.NOT_INUSE:
            self._wake_all()

    def _wake_all(self) -> None:
        for event in self._wake.values():
            event.set()

    # -- callers ---------------------------------------------------------------------------
    def enter(self, call: Call, talk_time: float) -> None:
        """The caller dialled 610: ``Queue(reception)``."""
        kit, engine = self.kit, self.kit.engine
        caller = call.caller
        kit.calls.stop_driver(call)
        if kit.legacy:  # capture c4: Answer(), then Queue(reception,tT) at priority 2
            caller.application = "Answer"
            engine.emit(engine.d.newexten(caller, "Answer", ""))
            kit.up(caller)
            caller.priority = 2
            data = f"{self.name},tT"
        else:
            caller.priority = 2
            data = f"{self.name},tTr"
        caller.application, caller.app_data = "Queue", data
        call.last_app, call.last_data = "Queue", data
        engine.emit(engine.d.newexten(caller, "Queue", data))
        entry = Entry(caller, len(self.entries) + 1)
        self.entries.append(entry)
        engine.emit([self.ev.join(self.name, entry, len(self.entries))])
        if kit.legacy:
            engine.emit(kit.chan.moh(caller, True))
        engine.owners[caller] = self
        self._wake[entry] = asyncio.Event()
        self._tasks[entry] = kit.spawn(
            self._run(entry, call, talk_time), f"sim-queue-{caller.name}"
        )

    def _available(self) -> list[Member]:
        behaviour = self.kit.engine.directory.behaviour
        return [
            m
            for m in self.members
            if m.endpoint is not None
            and not m.paused
            and m.status is DevState.NOT_INUSE
            and behaviour(m.endpoint.extension) is not Behaviour.OFFLINE
        ]

    def _waiting(self, entry: Entry) -> bool:
        """Is the caller still ours (not hung up, not taken over by something else)?"""
        ch = entry.caller
        engine = self.kit.engine
        return engine.channels.get(ch.name) is ch and engine.owners.get(ch) is self

    async def _run(self, entry: Entry, call: Call, talk_time: float) -> None:
        kit = self.kit
        wake = self._wake[entry]
        while self._waiting(entry):
            free = self._available()
            leg = await self._ring(entry, call, free) if free else None
            if leg is not None:
                self._connect(entry, call, leg, talk_time)
                return
            wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), kit.timing.queue_retry)
        self._leave(entry)  # gone some other way: nothing more to say

    async def _ring(self, entry: Entry, call: Call, free: list[Member]) -> Leg | None:
        """One attempt: ring every free member; the first to answer, or None."""
        kit, engine = self.kit, self.kit.engine
        by_leg: dict[Channel, Member] = {}
        targets = []
        for m in free:
            assert m.endpoint is not None
            target = kit.phone_target(m.endpoint.extension)
            if target is not None:
                targets.append((m, target))

        def called(leg: Leg) -> None:
            m = next(m for m, t in targets if t is leg.target)
            by_leg[leg.channel] = m
            engine.owners[leg.channel] = self
            engine.emit([self.ev.agent("AgentCalled", self.name, entry, m, leg.channel, [])])

        call.on_leg = called
        timeout = kit.timing.queue_timeout
        plan = kit.calls.plan_for([t for _, t in targets], kit.calls.timing.talk_time, timeout)
        dial = engine.start_dial(
            call, [t for _, t in targets], plan.busy, timeout=timeout, app="Queue", quiet=kit.legacy
        )
        call.on_leg = None
        for leg in [x for x in dial.legs if x.target.number in plan.busy]:
            engine.drop_leg(call, leg, USER_BUSY)
        answers = sorted(
            (
                (plan.answer_after[x.target.number], x)
                for x in dial.legs
                if x.target.number in plan.answer_after
            ),
            key=lambda pair: pair[0],
        )
        first = answers[0] if answers and answers[0][0] < timeout else None
        await asyncio.sleep(first[0] if first is not None else timeout)
        if first is not None and first[1] in dial.legs and self._waiting(entry):
            return first[1]
        for leg in list(dial.legs):  # nobody answered in time: AgentRingNoAnswer
            member = by_leg.get(leg.channel)
            tail = [("RingTime", str(int(timeout * 1000)))]
            if member is not None:
                ev = self.ev.agent("AgentRingNoAnswer", self.name, entry, member, leg.channel, tail)
                engine.emit([ev])
            engine.emit(engine.d.dial_end_leg(call.caller, leg.channel, "NOANSWER"))
            dial.legs.remove(leg)
            engine.destroy(leg.channel)
        call.dial = None
        return None

    def _connect(self, entry: Entry, call: Call, leg: Leg, talk_time: float) -> None:
        kit, engine = self.kit, self.kit.engine
        caller = call.caller
        m = next((x for x in self.members if x.endpoint is leg.channel.endpoint), None)
        ring = 0
        hold = entry.wait()

        def bridged(answered: Leg) -> None:
            self._leave(entry)
            if kit.legacy:
                engine.emit(kit.chan.moh(caller, False))
            engine.emit([self.ev.join(self.name, entry, len(self.entries), leave=True)])
            engine.set_variable(caller, "QUEUEPOSITION", str(entry.position))
            if m is not None:
                tail = [("HoldTime", str(hold)), ("RingTime", str(ring))]
                ev = self.ev.agent("AgentConnect", self.name, entry, m, answered.channel, tail)
                engine.emit([ev])

        def ended(first: Channel) -> None:
            talk = int(time.time() - (call.answered_wall or time.time()))
            self._talks.append(talk)
            if m is not None:
                m.in_call = False
                reason = "caller" if first is caller else "agent"
                tail = [("HoldTime", str(hold)), ("TalkTime", str(talk)), ("Reason", reason)]
                ev = self.ev.agent("AgentComplete", self.name, entry, m, leg.channel, tail)
                engine.emit([ev])

        for x in list(engine.owners):
            if engine.owners[x] is self and x is not caller and x in engine.leg_calls:
                del engine.owners[x]
        engine.owners.pop(caller, None)
        call.on_bridge, call.on_end = bridged, ended
        self._holds.append(hold)
        if m is not None:
            m.calls += 1
            m.last_call = int(time.time())
            m.in_call = True
        self.completed += 1
        engine.answer(call, leg)
        kit.calls.talk(call, talk_time)

    def _leave(self, entry: Entry) -> None:
        if entry in self.entries:
            self.entries.remove(entry)
            for i, e in enumerate(self.entries, 1):
                e.position = i
        self._wake.pop(entry, None)
        self._tasks.pop(entry, None)

    def hangup(self, ch: Channel, cause: int) -> None:
        """Owner of waiting callers (abandon) and of ringing member legs (reject)."""
        engine = self.kit.engine
        entry = next((e for e in self.entries if e.caller is ch), None)
        if entry is None:
            call = engine.leg_calls.get(ch)
            dial = call.dial if call is not None else None
            leg = next((x for x in dial.legs if x.channel is ch), None) if dial else None
            if call is not None and leg is not None:
                engine.drop_leg(call, leg, cause)
            else:
                engine.destroy(ch, cause)
            return
        task = self._tasks.get(entry)
        if task is not None and task is not asyncio.current_task():
            task.cancel()
        call = engine.calls[ch]
        engine.emit([self.ev.abandon(self.name, entry)])
        self._leave(entry)
        self.abandoned += 1
        engine.emit([self.ev.join(self.name, entry, len(self.entries), leave=True)])
        engine.owners.pop(ch, None)
        for x in [x for x, o in engine.owners.items() if o is self and x in engine.leg_calls]:
            del engine.owners[x]
        if call.dial is not None and call.dial.legs:
            engine.finish_unanswered(call, "CANCEL", NORMAL_CLEARING, cause)
        else:
            engine.hangup_caller(call, cause)

    # -- lists -----------------------------------------------------------------------------
    def stats(self) -> QueueStats:
        def avg(xs: list[int]) -> int:
            return sum(xs) // len(xs) if xs else 0

        return QueueStats(
            self.name,
            len(self.entries),
            avg(self._holds),
            avg(self._talks),
            self.completed,
            self.abandoned,
        )

    def status_items(self, aid: Pairs, member: str = "") -> list[Pairs]:
        items = [self.ev.params(self.stats(), aid)]
        for m in self.members:
            if not member or m.interface.lower() == member.lower():
                items.append(self.ev.list_member(self.name, m, aid))
        items += [self.ev.list_entry(self.name, e, aid) for e in self.entries]
        return items

    def summary_items(self, aid: Pairs) -> list[Pairs]:
        longest = max((e.wait() for e in self.entries), default=0)
        return [self.ev.summary(self.stats(), self.members, longest, aid)]

    def cancel_all(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()
        self._wake.clear()
        self.entries.clear()


def parse_bool(text: str) -> bool:
    return text.strip().lower() in _TRUE
