"""The operator-console part of the dialplan: what 600, 610, 700, 701-720, ``**<ext>``,
``*8``, ``*<ext>``, ``*02``/``*97`` do, and the applications an Originate may run.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

``calls.py`` hands a caller over when its extension is one of these (``RouteKind``);
this module picks the feature. Ring group 600 is ``Dial(<474>&<305>,20,tT)``; the rest
lives in ``queues``, ``parking``, ``pickup`` and ``voicemail``.
"""

from __future__ import annotations

from .callmodel import Call
from .kit import Kit
from .model import RING_GROUP_MEMBERS, Behaviour, Route, RouteKind
from .parking import ParkingLot
from .pickup import Pickups
from .queues import CallQueue
from .voicemail import Voicemail

RING_GROUP_TIMEOUT = 20.0


class ConsoleDialplan:
    """Implements ``calls.Features``."""

    def __init__(
        self,
        kit: Kit,
        parking: ParkingLot,
        pickups: Pickups,
        queue: CallQueue,
        voicemail: Voicemail,
    ) -> None:
        self.kit = kit
        self.parking = parking
        self.pickups = pickups
        self.queue = queue
        self.voicemail = voicemail

    def enter(self, call: Call, route: Route, talk_time: float) -> None:
        kind = route.kind
        if kind is RouteKind.RING_GROUP:
            self._ring_group(call, talk_time)
        elif kind is RouteKind.QUEUE:
            self.queue.enter(call, talk_time)
        elif kind is RouteKind.PARK:
            self.parking.park_self(call)
        elif kind is RouteKind.PARKED:
            self.parking.retrieve(call, route.arg, talk_time)
        elif kind is RouteKind.PICKUP:
            phone = self.kit.engine.directory.phone(route.arg)
            assert phone is not None
            self.pickups.run(call, "PickupChan", f"{self.kit.base(phone)}-", announce=True)
        elif kind is RouteKind.GROUP_PICKUP:
            self.pickups.run(call, "Pickup", "", announce=True)
        elif kind is RouteKind.VOICEMAIL:
            self.voicemail.record(call, route.arg)
        elif kind is RouteKind.VOICEMAIL_MAIN:
            self.voicemail.main(call, talk_time)

    def application(self, call: Call, app: str, data: str) -> bool:
        """An Originate with ``Application``: the console applications run for real."""
        name = app.lower()
        if name in ("pickupchan", "pickup"):
            self.pickups.run(call, app, data, announce=False)
        elif name == "park":
            self.parking.park_self(call)
        elif name == "parkedcall":
            slots = [x for x in data.split(",") if x.isdigit()]
            self.parking.retrieve(call, slots[0] if slots else "", self.kit.calls.timing.talk_time)
        elif name == "voicemail":
            self.voicemail.record(call, data.split("@")[0].split(",")[0], "u")
        elif name == "voicemailmain":
            self.voicemail.main(call, self.kit.calls.timing.talk_time)
        else:
            return False
        return True

    def voicemail_after(self, call: Call, extension: str) -> None:
        """An unanswered call goes on to the callee's mailbox (``VoiceMail(…,u)``)."""
        self.voicemail.record(call, extension, "u")

    def _ring_group(self, call: Call, talk_time: float) -> None:
        kit, engine = self.kit, self.kit.engine
        behaviour = engine.directory.behaviour
        members = [m for m in RING_GROUP_MEMBERS if behaviour(m) is not Behaviour.OFFLINE]
        targets = [t for t in (kit.phone_target(m) for m in members) if t is not None]
        plan = kit.calls.plan_for(targets, talk_time, RING_GROUP_TIMEOUT)
        engine.start_dial(call, targets, plan.busy, timeout=RING_GROUP_TIMEOUT)
        if not targets:
            engine.finish_unanswered(call, "CHANUNAVAIL")
            return
        kit.calls.drive(call, plan)
