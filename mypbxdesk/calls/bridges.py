"""Bridges: who talks to whom, and what it means when that changes.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

* 1.8 ``Bridge`` (``Bridgestate: Link``, may repeat for one pair: pitfall 21)
  and 12+ ``BridgeEnter``/``BridgeLeave`` (two parties share a
  ``BridgeUniqueid``) both come down to :meth:`BridgeHandler.linked`.
* The user's channel linked: the call is answered; to a third party while the
  other one waits, that is an atxfer consultation; to someone new, the user now
  talks to them (a transfer to the user).
* The other party linked to a third channel: ``rules.when_peer_bridged``.
* The user's channel, in no call, linked after it picked up a colleague's
  ringing call (``pickups.py``): a new incoming call, answered.
* 12+ bridges are remembered by member (:class:`Bridges`) because a followed
  channel may enter a bridge others are already in. A member's caller ID is
  read from its ``BridgeEnter`` only when the bridge turns out to matter.
* Any two channels linked: ``routes.py`` remembers each one's partner (a
  caller that talked to a colleague and then rings the user was transferred
  by that colleague): the event, whose names are read only if that happens.
"""

from __future__ import annotations

from typing import NamedTuple

from ..ami.message import Message
from .book import CallBook
from .channels import clean_name, clean_number, extension_of
from .dialect import Dialect
from .model import CallChange, CallState, Direction
from .phone import PhoneChannels
from .ports import PortBook
from .records import Leg, LiveCall
from .routes import PartnerRef, Routes
from .rules import when_peer_bridged


class Party(NamedTuple):
    """One side of a bridge as an event describes it."""

    uid: str
    name: str
    number: str
    cname: str
    #: Where it is in the dialplan (12+ ``BridgeEnter`` ``Exten``), when told.
    exten: str = ""


class Member:
    """A channel in a 12+ bridge; its :class:`Party` is read from its event on demand."""

    __slots__ = ("_escaped", "_msg", "_party", "uid")

    def __init__(
        self,
        uid: str,
        msg: Message | None = None,
        escaped: bool = False,
        party: Party | None = None,
    ) -> None:
        self.uid = uid
        self._msg = msg
        self._escaped = escaped
        self._party = party

    def party(self) -> Party:
        party = self._party
        if party is None:
            msg = self._msg
            assert msg is not None
            party = self._party = Party(
                self.uid,
                msg.get("Channel") or "",
                clean_number(msg.get("CallerIDNum")),
                clean_name(msg.get("CallerIDName"), escaped=self._escaped),
                msg.get("Exten") or "",
            )
            self._msg = None
        return party

    def partner(self) -> PartnerRef:
        """This member as somebody's partner (``routes.py``), read only if asked for."""
        party = self._party
        if party is not None:
            return None, party.name, party.cname, False
        return self._msg, "Channel", "CallerIDName", self._escaped


class Bridges:
    """12+ bridge membership: ``BridgeUniqueid`` → Uniqueid → :class:`Member`."""

    __slots__ = ("members",)

    def __init__(self) -> None:
        self.members: dict[str, dict[str, Member]] = {}

    def reset(self, parties: list[tuple[str, Party]]) -> None:
        """Start over from a channel list: (bridge id, party) per bridged channel."""
        self.members.clear()
        for bridge, party in parties:
            self.members.setdefault(bridge, {})[party.uid] = Member(party.uid, party=party)


class BridgeHandler:
    """Handlers for ``Bridge`` (1.8), ``BridgeEnter``/``BridgeLeave``/``BridgeDestroy`` (12+)."""

    __slots__ = ("_book", "_bridges", "_dialect", "_legs", "_phone", "_ports", "_routes")

    def __init__(
        self,
        book: CallBook,
        ports: PortBook,
        phone: PhoneChannels,
        dialect: Dialect,
        bridges: Bridges,
        routes: Routes,
    ) -> None:
        self._book = book
        self._routes = routes
        self._legs = book.legs
        self._ports = ports
        self._phone = phone
        self._dialect = dialect
        self._bridges = bridges.members

    # -- who is connected -----------------------------------------------------------
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
        elif self._book.pickups:
            if la is not None and self._book.take_pickup(la) is not None:
                self._picked_up(out, la, b)
            elif lb is not None and self._book.take_pickup(lb) is not None:
                self._picked_up(out, lb, a)

    def _picked_up(self, out: list[CallChange], mine: Leg, caller: Party) -> None:
        """The user's phone picked up a colleague's ringing call and now talks to its
        caller (``pickups.py``): her incoming call, answered already."""
        book = self._book
        trunk = self._ports.trunk(caller.name)
        own = self._phone.extension
        call = book.create(
            out,
            direction=Direction.INCOMING,
            my_leg=mine,
            number=caller.number or extension_of(caller.name) or "",
            name=caller.cname,
            key=caller.uid,
            peer=book.party(caller.uid, caller.name),
            trunk=trunk,
            answered=True,
            via=self._routes.via_of_pickup(caller.uid, trunk, own),
            transferred_by=self._routes.transferer_of(caller.uid, own),
        )
        # Where the caller sat (it dialled the colleague): leaving the bridge
        # from there is no Redirect (on_bridge_leave).
        call.peer_exten = caller.exten

    def _mine_linked(
        self, out: list[CallChange], call: LiveCall, other: Party, leg: Leg | None
    ) -> None:
        book = self._book
        if leg is not None and leg.mine:
            return
        if leg is not None and leg is call.peer:
            book.answer(out, call)
            return
        if leg is not None and leg.call is call and call.state is CallState.RINGING:
            # One of several destinations of the user's forked dial answered.
            call.peer = leg
            call.trunk = self._ports.trunk(leg.name)
            book.answer(out, call)
            return
        if call.peer_alive and call.state is CallState.ANSWERED:
            # The user talks to a third party while the other one waits: a
            # consultation before an attended transfer (1.8 atxfer).
            consult = book.peer_leg(other.uid, other.name, call)
            call.consult = consult
            return
        peer = book.peer_leg(other.uid, other.name, call)
        number = other.number or extension_of(other.name) or ""
        name = other.cname if number else call.name
        book.change_party(out, call, peer, number, name, self._ports.trunk(peer.name))

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
        outcome = when_peer_bridged(call, my_phone_in)
        if outcome is None:
            call.transfer_hint = target
        else:
            self._book.finish(out, call, outcome, target)

    # -- 1.8 Bridge -------------------------------------------------------------------
    def on_bridge(self, msg: Message, out: list[CallChange]) -> None:
        dialect = self._dialect
        if dialect.modern is None:
            dialect.modern = False
        u1, u2 = msg.get("Uniqueid1") or "", msg.get("Uniqueid2") or ""
        # Remembered before anything else is read (an Unlink names the same pair).
        self._routes.bridged(u1, (msg, "Channel2", "", False), u2, (msg, "Channel1", "", False))
        if u1 not in self._legs and u2 not in self._legs:
            return
        if (msg.get("Bridgestate") or "Link").lower() != "link":
            return
        a = Party(u1, msg.get("Channel1") or "", clean_number(msg.get("CallerID1")), "")
        b = Party(u2, msg.get("Channel2") or "", clean_number(msg.get("CallerID2")), "")
        self.linked(out, a, b)

    # -- 12+ bridges ------------------------------------------------------------------
    def on_bridge_enter(self, msg: Message, out: list[CallChange]) -> None:
        self._dialect.modern = True
        bridge = msg.get("BridgeUniqueid") or ""
        uid = msg.get("Uniqueid") or ""
        if not bridge or not uid:
            return
        members = self._bridges.setdefault(bridge, {})
        me = Member(uid, msg, self._dialect.names_escaped(msg))
        others = [p for p in members.values() if p.uid != uid]
        members[uid] = me
        if not others:
            return
        legs = self._legs
        routes = self._routes
        for other in others:
            routes.bridged(uid, other.partner(), other.uid, me.partner())
            if uid in legs or other.uid in legs:
                self.linked(out, me.party(), other.party())

    def on_bridge_leave(self, msg: Message, out: list[CallChange]) -> None:
        self._dialect.modern = True
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
            and exten not in (call.peer_exten, self._phone.extension)
        ):
            call.transfer_hint = exten

    def on_bridge_destroy(self, msg: Message, out: list[CallChange]) -> None:
        self._bridges.pop(msg.get("BridgeUniqueid") or "", None)
