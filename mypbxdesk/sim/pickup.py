"""Call pickup: ``PickupChan(<channel>)`` (AMI Originate or ``**<ext>``) and ``Pickup()``
(``*8``, every phone is in call and pickup group 1).

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

Asterisk 1.8 (capture c3a): ``Pickup`` (Channel, TargetChannel), then a masquerade: the
ringing ``SIP/474-…`` is renamed to the picker's name and keeps 474's Uniqueid; the
picker's own channel hangs up as ``SIP/474-…<ZOMBIE>``; the caller is bridged with the
renamed leg. Asterisk 22 (console-pickup): ``Pickup`` with both snapshots, the ringing
leg hangs up with Cause 26 (``Answered elsewhere``) and the picker becomes the answered
destination of the caller's Dial. When nothing rings the application just returns:
the picker hangs up and no error is reported (an Originate of it still succeeds).
"""

from __future__ import annotations

from .bridging import close_quietly, masquerade
from .callmodel import Call, Leg, Target
from .dialects import ANSWERED_ELSEWHERE, NORMAL_CLEARING
from .kit import Kit
from .model import Channel, ChannelState


class Pickups:
    def __init__(self, kit: Kit) -> None:
        self.kit = kit

    def ringing(self, prefix: str, picker: Channel) -> Leg | None:
        """The oldest ringing leg whose channel name starts with ``prefix`` (any phone
        when ``prefix`` is empty), never the picker's own phone."""
        engine = self.kit.engine
        wanted = prefix.lower()
        for ch, call in engine.leg_calls.items():
            if ch.state is not ChannelState.RINGING or ch.endpoint is picker.endpoint:
                continue
            if ch in engine.owners:  # a queue member's leg: the queue decides
                continue
            if not ch.endpoint.is_phone or not ch.name.lower().startswith(wanted):
                continue
            dial = call.dial
            leg = next((x for x in dial.legs if x.channel is ch), None) if dial else None
            if leg is not None and dial is not None and dial.answered is None:
                return leg
        return None

    def run(self, picker_call: Call, app: str, data: str, announce: bool) -> None:
        """The picker (up, running ``app``) takes the call ringing at ``data``."""
        kit = self.kit
        engine = kit.engine
        picker = picker_call.caller
        kit.calls.stop_driver(picker_call)
        kit.up(picker)
        picker.application, picker.app_data = app, data
        picker_call.last_app, picker_call.last_data = app, data
        if announce:
            engine.emit(engine.d.newexten(picker, app, data))
        prefix = data.split(",")[0] if app.lower() == "pickupchan" else ""
        leg = self.ringing(prefix, picker)
        if leg is None:
            engine.hangup_caller(picker_call, NORMAL_CLEARING)
            return
        target_call = engine.leg_calls[leg.channel]
        kit.calls.stop_driver(target_call)
        if kit.legacy:
            self._masquerade(picker_call, target_call, leg)
        else:
            self._move(picker_call, target_call, leg)
        kit.calls.talk(target_call)

    def _masquerade(self, picker_call: Call, target_call: Call, leg: Leg) -> None:
        kit, engine = self.kit, self.kit.engine
        picker, target = picker_call.caller, leg.channel
        engine.emit(kit.chan.pickup(picker, target))
        masquerade(engine, kit.chan, clone=picker, original=target)
        engine.emit(engine.d.newcallerid(target))
        close_quietly(engine, picker_call)
        engine.destroy(picker, NORMAL_CLEARING)  # the zombie
        engine.answer(target_call, leg)

    def _move(self, picker_call: Call, target_call: Call, leg: Leg) -> None:
        kit, engine = self.kit, self.kit.engine
        picker, target = picker_call.caller, leg.channel
        caller = target_call.caller
        picker.connected_num, picker.connected_name = caller.caller_num, caller.caller_name
        engine.emit(kit.chan.pickup(picker, target))
        for attr in ("context", "exten", "priority"):  # ast_do_pickup's channel move
            mine, theirs = getattr(picker, attr), getattr(target, attr)
            setattr(picker, attr, theirs)
            setattr(target, attr, mine)
        dial = target_call.dial
        assert dial is not None
        dial.legs.remove(leg)
        engine.destroy(target, ANSWERED_ELSEWHERE)
        close_quietly(engine, picker_call)
        picker.has_pbx = False
        picker.application, picker.app_data = "AppDial", "(Outgoing Line)"
        new = Leg(picker, Target(picker.endpoint, picker.endpoint.peer, leg.target.number))
        dial.legs.append(new)
        engine.leg_calls[picker] = target_call
        engine.answer(target_call, new)
