"""Call flows over time: incoming and internal calls, ring groups, Originate, Redirect, Hangup.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

A flow sets a call up through the engine, then a *driver* task (spawned through the
PBX, so it is tracked and cancelled on stop) waits for the next thing to happen: a
phone answers after the ring time, the Dial times out, the talk time runs out. An AMI
``Hangup`` or ``Redirect`` cancels the driver and changes the call at once.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from .callmodel import OriginateRequest, Outcome, Plan, SimCall, Timing
from .dialects import NO_ANSWER_CAUSE, NORMAL_CLEARING, UNALLOCATED, USER_BUSY, OriginateOutcome
from .engine import Call, Engine, OriginateWait, Target
from .model import TRUNK_CONTEXT, Behaviour, Channel, ChannelState, Endpoint, Route

__all__ = ["CallManager", "Features", "OriginateRequest", "Outcome", "Plan", "SimCall", "Timing"]

Spawn = Callable[[Coroutine[Any, Any, None], str], "asyncio.Task[None]"]


class Features(Protocol):
    """The operator-console dialplan (``dialplan.py``): what calls.py hands over."""

    def enter(self, call: Call, route: Route, talk_time: float) -> None:
        """The caller reached a feature extension (600, 610, 700, 701, ``**474`` …)."""

    def application(self, call: Call, app: str, data: str) -> bool:
        """An originated channel runs ``app``; False: not a console application."""

    def voicemail_after(self, call: Call, extension: str) -> None:
        """An unanswered call goes on to ``extension``'s mailbox."""


class CallManager:
    """Starts calls and drives them in time; applies Hangup and Redirect."""

    def __init__(self, engine: Engine, timing: Timing, spawn: Spawn) -> None:
        self.engine = engine
        self.timing = timing
        self._spawn = spawn
        self.features: Features | None = None
        self.ring_times: dict[str, float] = {}

    # -- generated calls -------------------------------------------------------------------
    def incoming(
        self,
        *,
        caller: str,
        caller_name: str,
        to: str,
        via_trunk: bool,
        outcome: Outcome,
        transfer_to: str,
        colleague: str,
        ring_time: float,
        talk_time: float,
        trunk: Endpoint | None = None,
    ) -> SimCall:
        """A call from the trunk (or from extension ``caller``) ringing ``to``."""
        targets = [self._phone_target(to)]
        plan = Plan(timeout=max(self.timing.dial_timeout, ring_time), talk_time=talk_time)
        if outcome is Outcome.ANSWERED:
            plan.answer_after[to] = ring_time
        elif outcome is Outcome.MISSED:
            plan.timeout = ring_time
        elif outcome is Outcome.VOICEMAIL:
            plan.timeout, plan.voicemail = ring_time, to
        elif outcome is Outcome.BUSY:
            plan.busy = frozenset({to})
        elif outcome is Outcome.ABANDONED:
            plan.abandon_after = ring_time
        elif outcome is Outcome.TRANSFERRED:
            self._phone_target(transfer_to)
            plan.transfer = (transfer_to, ring_time)
        else:
            targets.append(self._phone_target(colleague))
            plan.answer_after[colleague] = ring_time
        call = self._open_inbound(caller, caller_name, to, via_trunk, trunk)
        return self._dial(call, targets, plan)

    def ring_group(
        self,
        *,
        caller: str,
        caller_name: str,
        members: list[str],
        answered_by: str | None,
        via_trunk: bool,
        group: str,
        ring_time: float,
        talk_time: float,
    ) -> SimCall:
        """One caller, a Dial to every member in parallel; ``answered_by`` picks up."""
        targets = [self._phone_target(m) for m in members]
        if answered_by is not None and answered_by not in members:
            raise ValueError(f"answered_by {answered_by!r} is not one of the members")
        plan = Plan(timeout=ring_time, talk_time=talk_time)
        if answered_by is not None:
            plan.answer_after[answered_by] = ring_time
        call = self._open_inbound(caller, caller_name, group, via_trunk, None)
        call.options = ""  # the MyPBX seed's ring group: no transfer options
        return self._dial(call, targets, plan)

    def ring_time(self, number: str) -> float:
        """How long ``number`` rings before it answers (``SimulatedPbx.set_ring_time``)."""
        return self.ring_times.get(number, self.timing.ring_time)

    def dial_in(
        self, *, caller: str, caller_name: str, exten: str, via_trunk: bool, talk_time: float
    ) -> SimCall:
        """A call from the trunk (or from extension ``caller``) to any extension, through
        the dialplan: 600 rings the group, 610 queues, 701 retrieves …"""
        call = self._open_inbound(caller, caller_name, exten, via_trunk, None)
        handle = SimCall(call)  # named before a pickup code can rename the channel
        self._enter_dialplan(call, call.context, exten, talk_time)
        handle.destinations = [leg.channel.name for leg in call.dial.legs] if call.dial else []
        return handle

    def outgoing(self, *, from_ext: str, number: str, talk_time: float) -> SimCall:
        """Extension ``from_ext`` dials ``number`` from its handset."""
        phone = self._phone_target(from_ext).endpoint
        call = self._open(
            phone,
            phone.extension,
            phone.name,
            phone.context,
            number,
            "Outbound" if self.engine.directory.is_external(number) else "Internal",
        )
        self._enter_dialplan(call, phone.context, number, talk_time)
        return SimCall(call)

    def _open_inbound(
        self, caller: str, caller_name: str, exten: str, via_trunk: bool, trunk: Endpoint | None
    ) -> Call:
        directory = self.engine.directory
        if via_trunk:
            endpoint = trunk or directory.trunk
            return self._open(endpoint, caller, caller_name, TRUNK_CONTEXT, exten, "Inbound")
        phone = directory.phone(caller)
        if phone is None:
            raise ValueError(f"{caller!r} is not an extension; use via_trunk=True")
        return self._open(
            phone, caller, caller_name or phone.name, phone.context, exten, "Internal"
        )

    def _open(
        self, endpoint: Endpoint, num: str, name: str, context: str, exten: str, userfield: str
    ) -> Call:
        engine = self.engine
        legacy = engine.d.legacy
        ch = engine.new_channel(
            endpoint,
            caller_num=num,
            caller_name=name,
            context=context,
            exten=exten,
            state=ChannelState.DOWN if legacy else ChannelState.RING,
            has_pbx=True,
        )
        engine.set_state(ch, ChannelState.RING)
        return engine.open_call(ch, exten, userfield if legacy else "")

    def _phone_target(self, extension: str) -> Target:
        phone = self.engine.directory.phone(extension)
        if phone is None:
            raise ValueError(f"{extension!r} is not an extension of the simulated PBX")
        return Target(phone, phone.peer if phone.is_analog else extension, extension)

    def _dial(self, call: Call, targets: list[Target], plan: Plan) -> SimCall:
        self.engine.start_dial(call, targets, plan.busy)
        handle = SimCall(call)
        self._drive_in_background(call, plan)
        return handle

    def _drive_in_background(self, call: Call, plan: Plan) -> None:
        old = call.task
        call.task = self._spawn(self._drive(call, plan), f"sim-call-{call.caller.name}")
        if old is not None and old is not asyncio.current_task():
            old.cancel()

    # -- the driver ------------------------------------------------------------------------
    async def _drive(self, call: Call, plan: Plan) -> None:
        engine, dial = self.engine, call.dial
        assert dial is not None
        steps: list[tuple[float, int, str, str]] = [(plan.timeout, 3, "timeout", "")]
        for leg in dial.legs:
            number = leg.target.number
            if number in plan.busy:
                steps.append((0.0, 0, "busy", number))
            elif number in plan.answer_after:
                steps.append((plan.answer_after[number], 1, "answer", number))
        if plan.abandon_after is not None:
            steps.append((plan.abandon_after, 2, "abandon", ""))
        if plan.transfer is not None:
            steps.append((plan.transfer[1], 2, "transfer", plan.transfer[0]))
        loop = asyncio.get_running_loop()
        start = loop.time()
        for when, _, kind, arg in sorted(steps):
            await _sleep(max(0.0, start + when - loop.time()))  # inf: rings for ever
            found = next((x for x in dial.legs if x.target.number == arg), None)
            if kind == "busy" and found is not None:
                engine.drop_leg(call, found, USER_BUSY)
                if not dial.legs:
                    engine.finish_unanswered(call, "BUSY", USER_BUSY, USER_BUSY)
                    return
            elif kind == "answer" and found is not None:
                engine.answer(call, found)
                break
            elif kind == "abandon":
                engine.finish_unanswered(call, "CANCEL")
                return
            elif kind == "transfer":
                self._redirect(call, f"DLPN_DialPlan{arg}", arg, plan.talk_time)
                return
            elif kind == "timeout" and plan.voicemail and self.features is not None:
                engine.leave_dial(call, "NOANSWER")
                self.features.voicemail_after(call, plan.voicemail)
                return
            elif kind == "timeout":
                engine.finish_unanswered(call, "NOANSWER")
                return
        await _sleep(plan.talk_time)
        if call.dial is dial and call.caller in engine.calls:
            engine.finish_answered(call, call.caller, NORMAL_CLEARING)

    def _plan_for(self, targets: list[Target], talk_time: float) -> Plan:
        """What phones and numbers do by default (``Directory.behaviours``)."""
        plan = Plan(timeout=self.timing.dial_timeout, talk_time=talk_time)
        busy = set()
        for target in targets:
            behaviour = self.engine.directory.behaviour(target.number)
            if behaviour is Behaviour.BUSY:
                busy.add(target.number)
            elif behaviour is Behaviour.ANSWER:
                delay = (
                    self.ring_time(target.number)
                    if target.endpoint.is_phone
                    else self.timing.answer_delay
                )
                plan.answer_after[target.number] = delay
        plan.busy = frozenset(busy)
        return plan

    def _enter_dialplan(self, call: Call, context: str, exten: str, talk_time: float) -> None:
        """The caller runs ``exten@context``: Dial a phone or the trunk, or hang up."""
        engine, caller = self.engine, call.caller
        caller.context, caller.exten, caller.priority = context, exten, 1
        call.context, call.destination = context, exten
        route = engine.directory.route(context, exten)
        if route.endpoint is None and route.exists and self.features is not None:
            self.features.enter(call, route, talk_time)
            return
        if route.endpoint is None:
            engine.hangup_caller(call, UNALLOCATED, "CHANUNAVAIL")
            return
        if route.endpoint.is_phone:
            target = self._phone_target(exten)
        else:
            target = engine.trunk_target(exten)
        targets = [target]
        if engine.directory.behaviour(target.number) is Behaviour.OFFLINE:
            targets = []
        plan = self._plan_for(targets, talk_time)
        engine.start_dial(call, targets, plan.busy)
        if not targets:
            engine.finish_unanswered(call, "CHANUNAVAIL")
            return
        self._drive_in_background(call, plan)

    # -- Originate -------------------------------------------------------------------------
    def originate(self, req: OriginateRequest, report: Callable[[OriginateOutcome], None]) -> None:
        self._spawn(self._originate(req, report), f"sim-originate-{req.requested}")

    async def _originate(
        self, req: OriginateRequest, report: Callable[[OriginateOutcome], None]
    ) -> None:
        engine, d = self.engine, self.engine.d
        phone = engine.directory.requestable(req.tech, req.data, d.sip_tech)
        behaviour = engine.directory.behaviour(phone.extension) if phone else Behaviour.OFFLINE
        if phone is None or behaviour is Behaviour.OFFLINE:
            report(OriginateOutcome(False, 0, None))
            return
        ch = engine.new_channel(
            phone,
            caller_num=phone.extension,
            caller_name=phone.name,
            context=phone.context,
            exten="" if d.legacy else "s",
            uniqueid=req.channel_id,
        )
        call = engine.open_call(ch, req.exten, "Outbound" if d.legacy else "")
        call.task = asyncio.current_task()
        call.originating = OriginateWait(report)
        for name, value in req.variables:
            engine.set_variable(ch, name, value)
        if req.cid_num is not None or req.cid_name is not None:
            num, name = req.cid_num or ch.caller_num, req.cid_name or ch.caller_name
            if d.legacy:
                engine.set_callerid(ch, num, name)
            ch.caller_num, ch.caller_name = num, name
            ch.connected_num, ch.connected_name = num, req.cid_name or ""
        engine.emit(d.dial_begin(None, ch, req.data))
        engine.set_state(ch, ChannelState.RINGING)
        engine.emit(d.dial_ringing(None, ch))
        if behaviour is Behaviour.BUSY:
            await asyncio.sleep(0)
            self._originate_failed(call, "BUSY", USER_BUSY, 5)
            return
        ring_time = self.ring_time(phone.extension)
        if behaviour is Behaviour.NO_ANSWER or ring_time > req.timeout:
            await asyncio.sleep(req.timeout)
            self._originate_failed(call, "NOANSWER", NO_ANSWER_CAUSE, 3)
            return
        await asyncio.sleep(ring_time)
        engine.set_state(ch, ChannelState.UP)
        engine.emit(d.dial_end_leg(None, ch, "ANSWER"))
        waiting, call.originating = call.originating, None
        ch.has_pbx = True
        engine.calls_processed += 1
        waiting.report(OriginateOutcome(True, 4, ch))
        if req.application:
            ch.application, ch.app_data = req.application, req.app_data
            call.last_app, call.last_data = req.application, req.app_data
            if self.features is not None and self.features.application(
                call, req.application, req.app_data
            ):
                return
            await _sleep(self.timing.talk_time)
            engine.hangup_caller(call, NORMAL_CLEARING)
            return
        self._enter_dialplan(call, req.context, req.exten, self.timing.talk_time)

    def _originate_failed(self, call: Call, status: str, cause: int, reason: int) -> None:
        waiting, call.originating = call.originating, None
        self.engine.emit(self.engine.d.dial_end_leg(None, call.caller, status))
        self.engine.discard(call, cause)
        if waiting is not None:
            waiting.report(OriginateOutcome(False, reason, None))

    # -- interventions (AMI actions) -------------------------------------------------------
    def hangup(self, ch: Channel, cause: int) -> None:
        """``Action: Hangup``: end whatever the channel takes part in."""
        engine = self.engine
        owner = engine.owners.get(ch)
        if owner is not None:
            owner.hangup(ch, cause)
            return
        call = engine.calls.get(ch)
        if call is not None:
            self._stop_driver(call)
            if call.originating is not None:
                waiting, call.originating = call.originating, None
                engine.discard(call, cause)
                waiting.report(OriginateOutcome(False, 1, None))
            elif call.dial is not None and call.dial.answered is not None:
                engine.finish_answered(call, ch, cause)
            elif call.dial is not None and call.dial.legs:
                engine.finish_unanswered(call, "CANCEL", NORMAL_CLEARING, cause)
            else:
                engine.hangup_caller(call, cause)
            return
        call = engine.leg_calls.get(ch)
        dial = call.dial if call is not None else None
        if call is None or dial is None:
            engine.destroy(ch, cause)
            return
        if dial.answered is not None and dial.answered.channel is ch:
            self._stop_driver(call)
            engine.finish_answered(call, ch, cause)
            return
        leg = next((x for x in dial.legs if x.channel is ch), None)
        if leg is None:  # no longer part of that Dial (a feature moved it): just hang up
            engine.destroy(ch, cause)
            return
        engine.drop_leg(call, leg, cause)
        if not dial.legs:
            self._stop_driver(call)
            engine.finish_unanswered(
                call,
                "BUSY" if dial.busy else "NOANSWER",
                cause,
                USER_BUSY if dial.busy else NORMAL_CLEARING,
            )

    def redirect(self, ch: Channel, context: str, exten: str) -> bool:
        """``Action: Redirect``. A dialed leg transfers its caller (the seed's §1.5)."""
        call = self.engine.calls.get(ch) or self.engine.leg_calls.get(ch)
        if call is None or call.originating is not None or ch in self.engine.owners:
            return False
        self._redirect(call, context, exten, self.timing.talk_time)
        return True

    def _redirect(self, call: Call, context: str, exten: str, talk_time: float) -> None:
        self._stop_driver(call)
        self.engine.leave_dial(call)
        call.on_leg = call.on_bridge = call.on_end = None  # the old feature is done with it
        self._enter_dialplan(call, context, exten, talk_time)

    def stop_driver(self, call: Call) -> None:
        """A feature takes the call over: its timed flow (talk time, Dial timeout) stops."""
        self._stop_driver(call)

    def send(self, call: Call, context: str, exten: str) -> None:
        """The caller leaves its Dial (the callee hangs up) and runs ``exten@context``."""
        self._redirect(call, context, exten, self.timing.talk_time)

    def enter_dialplan(self, call: Call, context: str, exten: str) -> None:
        """Run ``exten@context`` for the caller of ``call`` (a blind transfer, a comeback)."""
        self._enter_dialplan(call, context, exten, self.timing.talk_time)

    def drive(self, call: Call, plan: Plan) -> None:
        """Drive a Dial a feature started (its phones answer, time out, hang up)."""
        self._drive_in_background(call, plan)

    def talk(self, call: Call, talk_time: float | None = None) -> None:
        """An answered call (a pickup, a transfer) lasts ``talk_time``, then the caller ends it."""
        dial = call.dial
        after = self.timing.talk_time if talk_time is None else talk_time

        async def run() -> None:
            await _sleep(after)
            if call.dial is dial and dial is not None and call.caller in self.engine.calls:
                self.engine.finish_answered(call, call.caller, NORMAL_CLEARING)

        self._stop_driver(call)
        call.task = self._spawn(run(), f"sim-talk-{call.caller.name}")

    def plan_for(self, targets: list[Target], talk_time: float, timeout: float) -> Plan:
        plan = self._plan_for(targets, talk_time)
        plan.timeout = timeout
        return plan

    def _stop_driver(self, call: Call) -> None:
        task, call.task = call.task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()


async def _sleep(seconds: float) -> None:
    if math.isinf(seconds):
        await asyncio.Event().wait()
    else:
        await asyncio.sleep(seconds)
