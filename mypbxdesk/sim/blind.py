"""22's ``BlindTransfer``: the transferer drops out, the transferee runs the target.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

console-blindxfer: ``Transfer succeeded``, ``Unhold`` of the transferer, ``BLINDTRANSFER``
on both channels, ``BlindTransfer`` (``Result: Success``, both snapshots, the bridge,
``IsExternal: Yes``), then the transferer hangs up and the transferee dials the target
from the transferer's context. A transfer to 700 parks the transferee (console-park).
1.8 has no such action (``Invalid/unknown command``).
"""

from __future__ import annotations

from . import ev_xfer
from .bridging import Link, end_channel
from .kit import Kit
from .model import Channel, RouteKind
from .parking import ParkingLot


class BlindTransfers:
    def __init__(self, kit: Kit, parking: ParkingLot) -> None:
        self.kit = kit
        self.parking = parking

    def blind(self, t: Channel, context: str, exten: str) -> None:
        """``BlindTransfer`` of a bridged ``t`` (the handler checked that)."""
        kit, engine = self.kit, self.kit.engine
        a = t.bridged
        assert a is not None
        engine.emit(kit.chan.hold(t, False))
        engine.set_variable(a, "BLINDTRANSFER", t.name)
        engine.set_variable(t, "BLINDTRANSFER", a.name)
        event = ev_xfer.blind_transfer("Success", t, a, (t.bridge_id, 2), context, exten)
        engine.emit([event])
        if engine.directory.route(context, exten).kind is RouteKind.PARK:
            self.parking.park(a, t)
            return
        self.hand_over(t, a, context, exten)

    def hand_over(self, t: Channel, a: Channel, context: str, exten: str) -> None:
        """``t`` drops out of its bridge with ``a``; ``a`` runs ``exten@context``."""
        kit, engine = self.kit, self.kit.engine
        link = engine.owners.get(a)
        bid = a.bridge_id
        if isinstance(link, Link):
            link.release()
        call = engine.calls.get(a)
        dial = call.dial if call is not None else None
        answered = dial.answered if dial is not None else None
        if link is None and call is not None and answered is not None and answered.channel is t:
            kit.calls.send(call, context, exten)
            return
        engine.emit(kit.chan.bridge_leave(bid, 1, t))
        engine.emit(kit.chan.bridge_leave(bid, 0, a))
        engine.emit(kit.chan.bridge_destroy(bid))
        a.bridged = t.bridged = None
        end_channel(self.kit, t)
        engine.leg_calls.pop(a, None)
        if call is None:
            a.has_pbx = True
            call = engine.open_call(a, exten)
        kit.calls.stop_driver(call)
        kit.calls.enter_dialplan(call, context, exten)
