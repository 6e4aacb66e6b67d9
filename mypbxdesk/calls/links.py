"""Bridges, masquerades and transfers: who talks to whom, and when that changes.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

* 1.8 ``Bridge`` (``Bridgestate: Link``, may repeat for one pair: pitfall 21)
  and 12+ ``BridgeEnter``/``BridgeLeave`` (two parties share a
  ``BridgeUniqueid``) both come down to :meth:`LinkTracker.linked`.
* 1.8 ``Rename`` during a masquerade (ami-protocol.md §3.6): the *original*
  keeps its Uniqueid and takes the *clone's* name, so the leg named ``N`` that
  was just renamed ``N<MASQ>`` moves to the Uniqueid of the next ``Rename`` to
  ``N``. The ``<ZOMBIE>`` left behind is then unknown and its Hangup ignored:
  no lost call, no ghost call.
* Transfers: 1.8 ``Transfer`` (SIP REFER only), 12+ ``BlindTransfer`` and
  ``AttendedTransfer``; a 1.8 DTMF transfer shows only as the other party being
  bridged with (or dialling) someone else after the user left.
"""

from __future__ import annotations

from typing import NamedTuple

from ..ami.message import Message
from .channels import clean_number, extension_of, strip_masquerade
from .core import TrackerCore
from .model import CallChange, CallState
from .state import HUNTING_STATUSES, Leg, LiveCall


class Party(NamedTuple):
    """One side of a bridge as an event describes it."""

    uid: str
    name: str
    number: str
    cname: str


class LinkTracker(TrackerCore):
    """Bridge, masquerade and transfer handling on top of :class:`TrackerCore`."""

    def _init_links(self) -> None:
        self._bridges: dict[str, dict[str, Party]] = {}
        self._masq: dict[str, Leg] = {}

    # -- who is connected -------------------------------------------------------------
    def linked(self, out: list[CallChange], a: Party, b: Party) -> None:
        """``a`` and ``b`` are now connected (1.8 Bridge Link, 12+ same bridge)."""
        la, lb = self._legs.get(a.uid), self._legs.get(b.uid)
        if la is not None and la.mine and la.call is not None:
            self._mine_linked(out, la.call, b, lb)
        elif lb is not None and lb.mine and lb.call is not None:
            self._mine_linked(out, lb.call, a, la)
        elif la is not None and la.call is not None and (lb is None or not lb.mine):
            self._peer_linked(out, la.call, la, b, lb)
        elif lb is not None and lb.call is not None and (la is None or not la.mine):
            self._peer_linked(out, lb.call, lb, a, la)

    def _mine_linked(
        self, out: list[CallChange], call: LiveCall, other: Party, leg: Leg | None
    ) -> None:
        if leg is not None and leg.mine:
            return
        if leg is not None and leg is call.peer:
            self.answer(out, call)
            return
        if leg is not None and leg.call is call and call.state is CallState.RINGING:
            # One of several destinations of the user's forked dial answered.
            call.peer = leg
            call.trunk = self.trunk(leg.name)
            self.answer(out, call)
            return
        if call.peer_alive and call.state is CallState.ANSWERED:
            # The user talks to a third party while the other one waits: a
            # consultation before an attended transfer (1.8 atxfer).
            consult = self.peer_leg(other.uid, other.name, call)
            call.consult = consult
            return
        peer = self.peer_leg(other.uid, other.name, call)
        number = other.number or extension_of(other.name) or ""
        self.change_party(out, call, peer, number, other.cname if number else call.name)

    def _peer_linked(
        self, out: list[CallChange], call: LiveCall, leg: Leg, other: Party, other_leg: Leg | None
    ) -> None:
        """The other party (or the consulted one) got connected to a third channel."""
        if leg is not call.peer:
            if other_leg is not None and other_leg is call.peer:
                leg, other = other_leg, Party(leg.uid, leg.name, "", "")
            else:
                return
        target = extension_of(other.name) or other.number
        my_phone_in = any(my.alive for my in call.my_legs)
        if call.state is CallState.ANSWERED:
            if my_phone_in:
                call.transfer_hint = target
            else:
                self.finish(out, call, "transferred", target)
        elif my_phone_in or call.dial_status.upper() in HUNTING_STATUSES or not call.dial_status:
            self.finish(out, call, "answered_elsewhere")
        else:
            self.finish(out, call, "transferred", target)

    # -- 1.8 Bridge -------------------------------------------------------------------
    def on_bridge(self, msg: Message, out: list[CallChange]) -> None:
        self.modern = False if self.modern is None else self.modern
        if (msg.get("Bridgestate") or "Link").lower() != "link":
            return
        u1, u2 = msg.get("Uniqueid1") or "", msg.get("Uniqueid2") or ""
        if u1 not in self._legs and u2 not in self._legs:
            return
        a = Party(u1, msg.get("Channel1") or "", clean_number(msg.get("CallerID1")), "")
        b = Party(u2, msg.get("Channel2") or "", clean_number(msg.get("CallerID2")), "")
        self.linked(out, a, b)

    # -- 12+ bridges ---------------------------------------------------------------------
    def on_bridge_enter(self, msg: Message, out: list[CallChange]) -> None:
        self.modern = True
        bridge = msg.get("BridgeUniqueid") or ""
        uid = msg.get("Uniqueid") or ""
        if not bridge or not uid:
            return
        members = self._bridges.setdefault(bridge, {})
        me = Party(
            uid,
            msg.get("Channel") or "",
            clean_number(msg.get("CallerIDNum")),
            self.name_of(msg, "CallerIDName"),
        )
        others = [p for p in members.values() if p.uid != uid]
        members[uid] = me
        for other in others:
            if uid in self._legs or other.uid in self._legs:
                self.linked(out, me, other)

    def on_bridge_leave(self, msg: Message, out: list[CallChange]) -> None:
        self.modern = True
        bridge = msg.get("BridgeUniqueid") or ""
        uid = msg.get("Uniqueid") or ""
        members = self._bridges.get(bridge)
        if members is not None:
            members.pop(uid, None)
            if not members:
                del self._bridges[bridge]
        leg = self._legs.get(uid)
        if leg is None or leg.mine or leg.call is None:
            return
        call = leg.call
        # A Redirect moves the channel to another extension before it leaves
        # the bridge: its snapshot already shows the new Exten (asterisk22-scenario A, (c)).
        exten = msg.get("Exten") or ""
        if (
            leg is call.peer
            and call.state is CallState.ANSWERED
            and exten.isdigit()
            and exten not in (call.peer_exten, self.phone.extension)
        ):
            call.transfer_hint = exten

    def on_bridge_destroy(self, msg: Message, out: list[CallChange]) -> None:
        self._bridges.pop(msg.get("BridgeUniqueid") or "", None)

    # -- 1.8 masquerades ----------------------------------------------------------------
    def on_rename(self, msg: Message, out: list[CallChange]) -> None:
        uid = msg.get("Uniqueid") or ""
        new = msg.get("Newname") or ""
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
                self.rekey(taken, uid, new)
                return
        if uid and self.owns(new):
            self.my_leg(uid, new)

    def forget_masq(self, leg: Leg) -> None:
        if self._masq:
            for name, masq_leg in list(self._masq.items()):
                if masq_leg is leg:
                    del self._masq[name]

    # -- transfers -----------------------------------------------------------------------
    def _transfer_away(self, out: list[CallChange], uid: str, target: str) -> None:
        leg = self._legs.get(uid)
        if leg is None or not leg.mine or leg.call is None:
            return
        call = leg.call
        if call.my_gone_at is not None:
            self.finish(out, call, "transferred", target)
        else:
            call.transfer_hint = target

    def on_transfer(self, msg: Message, out: list[CallChange]) -> None:
        """1.8 ``Transfer`` (SIP REFER): ``Channel`` is the transferring party."""
        target = clean_number(msg.get("TransferExten"))
        if not target:
            target = extension_of(msg.get("TargetChannel") or "") or ""
        self._transfer_away(out, msg.get("Uniqueid") or "", target)

    def on_blind_transfer(self, msg: Message, out: list[CallChange]) -> None:
        self.modern = True
        if (msg.get("Result") or "").lower() != "success":
            return
        self._transfer_away(
            out, msg.get("TransfererUniqueid") or "", clean_number(msg.get("Extension"))
        )

    def on_attended_transfer(self, msg: Message, out: list[CallChange]) -> None:
        self.modern = True
        if (msg.get("Result") or "").lower() != "success":
            return
        target = clean_number(msg.get("TransferTargetCallerIDNum")) or (
            extension_of(msg.get("TransferTargetChannel") or "") or ""
        )
        self._transfer_away(out, msg.get("OrigTransfererUniqueid") or "", target)
        # The user is the target: the other party becomes the transferee.
        leg = self._legs.get(msg.get("TransferTargetUniqueid") or "")
        transferee_uid = msg.get("TransfereeUniqueid") or ""
        if leg is not None and leg.mine and leg.call is not None and transferee_uid:
            call = leg.call
            peer = self.peer_leg(transferee_uid, msg.get("TransfereeChannel") or "", call)
            self.change_party(
                out,
                call,
                peer,
                clean_number(msg.get("TransfereeCallerIDNum")),
                self.name_of(msg, "TransfereeCallerIDName"),
            )
