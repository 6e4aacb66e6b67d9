"""Call pickup: the user's phone takes a colleague's ringing call, or a colleague takes hers.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

``Event: Pickup`` comes in both dialects, whatever started the pickup (the
console's ``Originate … Application: PickupChan``, a directed ``**474`` or a
group ``*8`` in the dialplan): ``Channel`` is the picker, ``TargetChannel``
the ringing channel; 12+ adds both Uniqueids (``TargetUniqueid``), 1.8 names
only the channels (captures18 ``c3a-pickupchan``).

* The picker is the user's phone: no Dial ever rang it for this call, so the
  call starts when her channel is connected to the caller (1.8 ``Bridge``,
  12+ ``BridgeEnter``; ``bridges.py`` asks :meth:`CallBook.take_pickup`): an
  incoming call, answered at once (she answered before the pickup ran). On
  1.8 her channel first changes Uniqueid: the masquerade gives the ringing
  leg her channel's name (``transfers.py`` follows it).
* The ringing channel is the user's: a colleague answered her call. Her
  phone is out of the call now (on 1.8 the ringing leg even lives on as the
  colleague's channel), so it ends as answered elsewhere — not later, as
  answered, when the colleague hangs up.
"""

from __future__ import annotations

from ..ami.message import Message
from .book import CallBook
from .channels import extension_of
from .model import CallChange, CallState
from .phone import PhoneChannels


class PickupHandler:
    """Handler for ``Pickup`` (1.8 and 12+)."""

    __slots__ = ("_book", "_phone")

    def __init__(self, book: CallBook, phone: PhoneChannels) -> None:
        self._book = book
        self._phone = phone

    def on_pickup(self, msg: Message, out: list[CallChange]) -> None:
        picker = msg.get("Channel") or ""
        target = msg.get("TargetChannel") or ""
        phone = self._phone
        if phone.owns(picker):
            # The call is made when her channel meets the caller (bridges.py).
            self._book.expect_pickup(picker, extension_of(target) or "")
            return
        if not phone.owns(target):
            return
        book = self._book
        leg = book.legs.get(msg.get("TargetUniqueid") or "")
        if leg is None:  # 1.8 names no Uniqueid
            leg = next((g for g in book.legs.values() if g.mine and g.name == target), None)
        if leg is None or not leg.mine:
            return
        call = leg.call
        book.drop(leg.uid)
        if call is None:
            return
        if leg in call.my_legs:
            call.my_legs.remove(leg)
        if call.state is CallState.RINGING and not any(my.alive for my in call.my_legs):
            # Cause 26, "answered elsewhere": what 12+ says in the Hangup that follows.
            book.my_leg_gone(out, call, "26")
