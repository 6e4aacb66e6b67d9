"""Masquerades and transfers: the user's call moves to another party or another channel.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

* 1.8 ``Rename`` during a masquerade (ami-protocol.md §3.6): the *original*
  keeps its Uniqueid and takes the *clone's* name, so the leg named ``N`` that
  was just renamed ``N<MASQ>`` moves to the Uniqueid of the next ``Rename`` to
  ``N``. The ``<ZOMBIE>`` left behind is then unknown and its Hangup ignored:
  no lost call, no ghost call.
* Transfers: 1.8 ``Transfer`` (SIP REFER only), 12+ ``BlindTransfer`` and
  ``AttendedTransfer``; a 1.8 DTMF transfer shows only as the other party being
  bridged with (or dialling) someone else after the user left (``bridges.py``,
  ``dialing.py``).
* The user transferred the call away: it ends as transferred when the user's
  phone has left it already, else the target is remembered for when it does
  (``rules.LEAVE_RULES``). The user is the target of an attended transfer: the
  transferee becomes the other party of the user's call, transferred by the
  original transferer. The target may be the ``;1`` half of a Local channel
  whose ``;2`` half rang the user (an AMI ``Atxfer`` dials through one).
* Who transferred whom (``routes.py``): every successful 12+ transfer is
  remembered for the transferee, which dials the target next (a blind
  transfer to the user rings with ``transferred_by`` set); a 1.8 masquerade
  carries what is remembered to the channel's new Uniqueid.

Each handler first looks up the Uniqueid(s) that could make the event the
user's, and reads nothing more when none is followed; the transfer events,
rare, are read for the transferee and transferer first, and ``Rename`` is
looked up in ``routes.py``'s memories.
"""

from __future__ import annotations

from ..ami.message import Message
from .book import CallBook
from .channels import clean_number, extension_of, phone_extension_of, strip_masquerade
from .dialect import Dialect
from .model import CallChange, Direction, Transferer
from .phone import PhoneChannels
from .ports import PortBook
from .records import Leg, LiveCall
from .routes import Routes


class TransferHandler:
    """Handlers for 1.8 ``Rename`` and ``Transfer``, 12+ ``BlindTransfer``/``AttendedTransfer``."""

    __slots__ = ("_book", "_dialect", "_legs", "_masq", "_phone", "_ports", "_routes")

    def __init__(
        self,
        book: CallBook,
        ports: PortBook,
        phone: PhoneChannels,
        dialect: Dialect,
        routes: Routes,
    ) -> None:
        self._book = book
        self._routes = routes
        self._legs = book.legs
        self._masq = book.masq
        self._ports = ports
        self._phone = phone
        self._dialect = dialect

    # -- 1.8 masquerades ----------------------------------------------------------------
    def on_rename(self, msg: Message, out: list[CallChange]) -> None:
        uid = msg.get("Uniqueid") or ""
        new = msg.get("Newname") or ""
        self._routes.renamed(uid, new)
        leg = self._legs.get(uid)
        if leg is not None:
            if new.endswith("<MASQ>"):
                self._masq[strip_masquerade(new)] = leg
            leg.name = new
            if leg.mine and leg.call is not None and not new.endswith(">"):
                leg.call.my_channel = new
            return
        if self._masq:
            taken = self._masq.pop(new, None)
            if taken is not None:
                self._book.rekey(taken, uid, new)
                return
        if uid and self._phone.owns(new):
            self._book.my_leg(uid, new)

    # -- transfers -----------------------------------------------------------------------
    def _my_call_leg(self, uid: str) -> Leg | None:
        """The user's leg ``uid`` if it is in a call, else None."""
        leg = self._legs.get(uid)
        if leg is None or not leg.mine or leg.call is None:
            return None
        return leg

    def _transfer_away(self, out: list[CallChange], leg: Leg, target: str) -> None:
        call = leg.call
        if call is None:
            return
        if call.my_gone_at is not None:
            self._book.finish(out, call, "transferred", target)
        else:
            call.transfer_hint = target

    def on_transfer(self, msg: Message, out: list[CallChange]) -> None:
        """1.8 ``Transfer`` (SIP REFER): ``Channel`` is the transferring party."""
        leg = self._my_call_leg(msg.get("Uniqueid") or "")
        if leg is None:
            return
        target = clean_number(msg.get("TransferExten"))
        if not target:
            target = extension_of(msg.get("TargetChannel") or "") or ""
        self._transfer_away(out, leg, target)

    def _transferer(self, msg: Message, prefix: str) -> Transferer:
        """``<prefix>CallerIDNum``/``Name`` of a transfer event (the number falls
        back to the extension of ``<prefix>Channel``)."""
        number = clean_number(msg.get(prefix + "CallerIDNum"))
        if not number:
            number = phone_extension_of(msg.get(prefix + "Channel") or "") or ""
        return Transferer(number, self._dialect.name_of(msg, prefix + "CallerIDName"))

    def on_blind_transfer(self, msg: Message, out: list[CallChange]) -> None:
        self._dialect.modern = True
        if (msg.get("Result") or "").lower() != "success":
            return
        transferee = msg.get("TransfereeUniqueid") or ""
        if transferee:
            self._routes.transferred(transferee, self._transferer(msg, "Transferer"))
        leg = self._my_call_leg(msg.get("TransfererUniqueid") or "")
        if leg is None:
            return
        self._transfer_away(out, leg, clean_number(msg.get("Extension")))

    def _local_target(self, channel: str) -> Leg | None:
        """The user's leg rung by the ``;2`` half of the Local channel ``channel`` (``;1``)."""
        if not channel.endswith(";1") or channel[:6].lower() != "local/":
            return None
        other = channel[:-1] + "2"
        for call in self._book.calls.values():
            peer = call.peer
            if call.direction is Direction.INCOMING and peer is not None and peer.name == other:
                return next((leg for leg in call.my_legs if leg.alive), None)
        return None

    def on_attended_transfer(self, msg: Message, out: list[CallChange]) -> None:
        self._dialect.modern = True
        if (msg.get("Result") or "").lower() != "success":
            return
        transferee_uid = msg.get("TransfereeUniqueid") or ""
        transferer = self._transferer(msg, "OrigTransferer")
        if not transferer.number:
            transferer = self._transferer(msg, "SecondTransferer")
        if transferee_uid:
            self._routes.transferred(transferee_uid, transferer)
        away = self._my_call_leg(msg.get("OrigTransfererUniqueid") or "")
        target_uid = msg.get("TransferTargetUniqueid") or ""
        mine = self._my_call_leg(target_uid)
        if mine is None and self._book.calls:
            mine = self._local_target(msg.get("TransferTargetChannel") or "")
        if away is None and mine is None:
            return
        if away is not None:
            target = clean_number(msg.get("TransferTargetCallerIDNum")) or (
                extension_of(msg.get("TransferTargetChannel") or "") or ""
            )
            self._transfer_away(out, away, target)
        # The user is the target: the other party becomes the transferee (looked
        # up again: ending the transferer's call above may have released the leg).
        leg = self._my_call_leg(target_uid) if mine is not None else None
        if leg is None and mine is not None and mine.uid != target_uid:
            leg = mine if mine.call is not None else None  # through a Local channel
        if leg is not None and leg.call is not None and transferee_uid:
            call: LiveCall = leg.call
            peer = self._book.peer_leg(transferee_uid, msg.get("TransfereeChannel") or "", call)
            self._book.change_party(
                out,
                call,
                peer,
                clean_number(msg.get("TransfereeCallerIDNum")),
                self._dialect.name_of(msg, "TransfereeCallerIDName"),
                self._ports.trunk(peer.name),
                transferer if transferer.number else None,
            )
            # Where the transferee was in the dialplan (it dialled the
            # transferer): leaving the bridge from there is no Redirect.
            call.peer_exten = msg.get("TransfereeExten") or ""
