"""DAHDI look-ups answered: classify the port, release the dials held for it.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

The client runs each look-up the tracker asked for (``ports.py``) and hands
the output to ``CallTracker.resolve_dahdi``. A port found to be the user's
phone releases its held dials as incoming calls, replayed with what was noted
while they waited (answered at ``up_at``, hung up at ``gone_at``); held dials
of any other port are dropped as not the user's. Unreadable output leaves the
port unknown: the next call to it asks again.
"""

from __future__ import annotations

from collections.abc import Iterable

from .book import CallBook
from .channels import dahdi_port_of
from .dahdi import PortKind, parse_port_info
from .dialing import DialHandler
from .model import CallChange, CallState, Direction
from .phone import PhoneChannels
from .ports import PortBook
from .records import HeldDial
from .routes import Routes


class PortLookups:
    """Answers to DAHDI look-ups: ``resolve`` (``CallTracker.resolve_dahdi``)."""

    __slots__ = ("_book", "_dialing", "_phone", "_ports", "_routes")

    def __init__(
        self,
        book: CallBook,
        ports: PortBook,
        phone: PhoneChannels,
        dialing: DialHandler,
        routes: Routes,
    ) -> None:
        self._book = book
        self._routes = routes
        self._ports = ports
        self._phone = phone
        self._dialing = dialing

    def resolve(self, port: str | int, output_lines: Iterable[str]) -> list[CallChange]:
        port = str(port).strip()
        ports = self._ports
        info = parse_port_info(output_lines)
        ports.answered(port)
        if info.kind is not PortKind.UNKNOWN:
            ports.remember(port, info)
        out: list[CallChange] = []
        for uid, held in list(ports.held.items()):
            if held.port != port:
                continue
            del ports.held[uid]
            if self._phone.owns(held.dial.dest):
                self._release(out, uid, held)
        for call in self._book.calls.values():
            peer = call.peer
            if peer is not None and call.trunk is None and dahdi_port_of(peer.name) == port:
                call.trunk = ports.trunk(peer.name)
                if call.via is None and call.direction is Direction.INCOMING:
                    # A call from an analog line: the number dialled on it is a DID.
                    own = self._phone.extension
                    call.via = self._routes.via_of_trunk(peer.uid, call.trunk, own)
        return out

    def _release(self, out: list[CallChange], uid: str, held: HeldDial) -> None:
        """A held dial turned out to ring the user's analog phone: the call, replayed."""
        book = self._book
        leg = book.my_leg(uid, held.dial.dest)
        call = self._dialing.incoming(out, leg, held.dial, started_at=held.started_at)
        if call is None:
            return
        if held.up_at is not None:
            book.answer(out, call, at=held.up_at)
        if held.gone_at is not None:
            leg.alive = False
            book.legs.pop(uid, None)
            elsewhere = held.cause == "26" and call.state is CallState.RINGING
            book.finish(out, call, "answered_elsewhere" if elsewhere else None, at=held.gone_at)
