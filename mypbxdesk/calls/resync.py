"""Rebuilding the live calls after a (re)login from ``Status`` / ``CoreShowChannels``.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

Events sent while the client was offline are lost (ami-protocol.md pitfall 27),
so after every login the client lists the channels and hands the list items to
``CallTracker.resync``. Both actions and both dialects are read
(ami-protocol.md §2.11, §2.14, captures 8-status-coreshowchannels and the
asterisk22 scenario (e)):

* 1.8 ``CoreShowChannel``: ``UniqueID``, ``Extension``, ``Application``,
  ``CallerIDnum``, ``BridgedChannel``/``BridgedUniqueID``, ``Duration: HH:MM:SS``;
* 1.8 ``Status``: two shapes: with a PBX thread (``Context``, ``Extension``,
  ``Seconds``: the calling side) or without (``State: Up``: a dialled leg);
  ``BridgedUniqueid``;
* 12+ items: the channel snapshot (``Uniqueid``, ``Linkedid``, ``Exten``),
  ``Application``, ``BridgeId`` (CoreShowChannel) or ``BridgeID`` (Status).

Calls that are gone end; channels of the user that the tracker did not know
become calls; known calls keep their ``call_id`` (and how they came). An
incoming call found this way tells how it came from its caller's item (in a
``Queue`` application: the queue is its first argument; else its ``Exten``,
read as a ``DialBegin``'s by ``routes.py``). ``routes.py`` forgets the
channels the list no longer shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..ami.message import Message
from .book import CallBook, Clock
from .bridges import Bridges, Party
from .channels import clean_name, clean_number, clean_text
from .dialect import Dialect
from .model import UNKNOWN_NAME, CallChange, CallState, Direction, Route
from .phone import PhoneChannels
from .ports import PortBook
from .records import Leg
from .routes import Routes

_ITEM_EVENTS = frozenset({"coreshowchannel", "status"})
_DIALLED_APPS = frozenset({"appdial", "appdial2", "appqueue", "(none)"})


@dataclass(slots=True)
class ChannelSnap:
    """One channel as a list item shows it."""

    uid: str
    name: str
    up: bool
    number: str
    cname: str
    conn_number: str
    conn_name: str
    bridged_uid: str
    bridge_id: str
    linkedid: str
    exten: str
    caller_side: bool
    seconds: float | None
    app: str = ""
    app_data: str = ""


def _seconds(msg: Message) -> float | None:
    text = msg.get("Seconds")
    if text and text.strip().isdigit():
        return float(text.strip())
    duration = (msg.get("Duration") or "").strip()
    parts = duration.split(":")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return float(int(parts[0]) * 3600 + int(parts[1]) * 60 + int(parts[2]))
    return None


def read_item(msg: Message, escaped: bool) -> ChannelSnap | None:
    """A :class:`ChannelSnap` from a ``CoreShowChannel`` or ``Status`` item, else None."""
    if msg.name.lower() not in _ITEM_EVENTS:
        return None
    uid = msg.first("Uniqueid", "UniqueID")
    name = msg.get("Channel") or ""
    if not uid or not name:
        return None
    state = msg.first("ChannelStateDesc", "State").strip().lower()
    up = state == "up" or msg.get("ChannelState") == "6"
    app = msg.get("Application")
    if app is None:
        # 1.8 Status: only the shape with a PBX thread has Context/Extension.
        caller_side = "Context" in msg and "Extension" in msg
    else:
        caller_side = app.strip().lower() not in _DIALLED_APPS and app.strip() != ""
    return ChannelSnap(
        uid=uid,
        name=name,
        up=up,
        number=clean_number(msg.get("CallerIDNum")),
        cname=clean_name(msg.get("CallerIDName"), escaped=escaped),
        conn_number=clean_number(msg.get("ConnectedLineNum")),
        conn_name=clean_name(msg.get("ConnectedLineName"), escaped=escaped),
        bridged_uid=msg.get("BridgedUniqueID") or "",
        bridge_id=msg.get("BridgeId") or "",
        linkedid=msg.get("Linkedid") or "",
        exten=clean_number(msg.first("Exten", "Extension")),
        caller_side=caller_side,
        seconds=_seconds(msg),
        app=(app or "").strip(),
        app_data=clean_text(msg.get("ApplicationData")),
    )


def read_items(
    items: Iterable[object], escaped: Callable[[Message], bool]
) -> dict[str, ChannelSnap]:
    snaps: dict[str, ChannelSnap] = {}
    for msg in items:
        if not isinstance(msg, Message):
            continue
        snap = read_item(msg, escaped(msg))
        if snap is not None:
            snaps[snap.uid] = snap
    return snaps


def find_peer(snap: ChannelSnap, snaps: dict[str, ChannelSnap]) -> ChannelSnap | None:
    """The other party of ``snap``: bridged partner, same bridge, or same Linkedid."""
    peer = snaps.get(snap.bridged_uid) if snap.bridged_uid else None
    if peer is not None and peer.uid != snap.uid:
        return peer
    if snap.bridge_id:
        for other in snaps.values():
            if other.bridge_id == snap.bridge_id and other.uid != snap.uid:
                return other
    if snap.linkedid:
        if snap.linkedid != snap.uid:
            origin = snaps.get(snap.linkedid)
            if origin is not None:
                return origin
        for other in snaps.values():
            if other.linkedid == snap.uid and other.uid != snap.uid:
                return other
    return None


def is_bridged(snap: ChannelSnap, peer: ChannelSnap | None) -> bool:
    if peer is None:
        return False
    return bool(snap.bridged_uid or (snap.bridge_id and snap.bridge_id == peer.bridge_id))


def queue_of_item(peer: ChannelSnap) -> Route | None:
    """The queue a caller's list item shows it in (``Application: Queue``), if any."""
    if peer.app.lower() != "queue":
        return None
    queue = peer.app_data.split(",", 1)[0].strip()
    return Route("queue", queue) if queue else None


class Resync:
    """``CallTracker.resync``: the live calls reconciled with a channel list."""

    __slots__ = ("_book", "_bridges", "_clock", "_dialect", "_phone", "_ports", "_routes")

    def __init__(
        self,
        book: CallBook,
        ports: PortBook,
        phone: PhoneChannels,
        dialect: Dialect,
        bridges: Bridges,
        clock: Clock,
        routes: Routes,
    ) -> None:
        self._book = book
        self._routes = routes
        self._ports = ports
        self._phone = phone
        self._dialect = dialect
        self._bridges = bridges
        self._clock = clock

    def resync(self, items: Iterable[Message]) -> list[CallChange]:
        """Reconcile the live calls with a channel list (after a (re)login).

        Args:
            items: the ``CoreShowChannel`` and/or ``Status`` events of the list
                actions (other messages are skipped). An empty list means no
                channel is up: every live call ends.

        Returns:
            ENDED for calls that are gone, RINGING/ANSWERED for calls of the
            user found in the list that were not known, ANSWERED for known
            calls that were answered meanwhile.
        """
        out: list[CallChange] = []
        book = self._book
        snaps = read_items(items, self._dialect.names_escaped)
        self._routes.prune(snaps)
        self._bridges.reset(
            [
                (snap.bridge_id, Party(snap.uid, snap.name, snap.number, snap.cname))
                for snap in snaps.values()
                if snap.bridge_id
            ]
        )
        self._resync_known(out, snaps)
        held = self._ports.held
        for uid in [u for u in held if u not in snaps]:
            del held[uid]
        for uid, leg in list(book.legs.items()):
            if uid not in snaps:
                leg.alive = False
                del book.legs[uid]
        for snap in snaps.values():
            if self._phone.owns(snap.name):
                known = book.legs.get(snap.uid)
                if known is None or (known.call is None and not known.originate):
                    self._adopt(out, known or book.my_leg(snap.uid, snap.name), snap, snaps)
        return out

    def _resync_known(self, out: list[CallChange], snaps: dict[str, ChannelSnap]) -> None:
        book = self._book
        for call in list(book.calls.values()):
            present = [leg for leg in call.my_legs if leg.alive and leg.uid in snaps]
            if not present:
                if call.transfer_hint is not None:
                    book.finish(out, call, "transferred", call.transfer_hint)
                else:
                    book.finish(out, call, None)
                continue
            for leg in [leg for leg in call.my_legs if leg not in present]:
                call.my_legs.remove(leg)
                leg.alive = False
            snap = snaps[present[0].uid]
            peer = find_peer(snap, snaps)
            if call.peer is not None and call.peer.uid not in snaps:
                call.peer.alive = False
            moved = peer is not None and (call.peer is None or call.peer.uid != peer.uid)
            if peer is not None and moved and is_bridged(snap, peer):
                # The user now talks to someone else (transferred while offline).
                party = book.party(peer.uid, peer.name)
                trunk = self._ports.trunk(party.name)
                book.change_party(out, call, party, peer.number, peer.cname, trunk)
                continue
            bridged = is_bridged(snap, peer)
            if call.state is CallState.RINGING and (
                bridged or (call.direction is Direction.INCOMING and snap.up)
            ):
                book.answer(out, call)

    def _adopt(
        self,
        out: list[CallChange],
        leg: Leg,
        snap: ChannelSnap,
        snaps: dict[str, ChannelSnap],
    ) -> None:
        """A channel of the user the tracker did not know: a call that began offline."""
        peer = find_peer(snap, snaps)
        now = self._clock()
        started = now - snap.seconds if snap.seconds is not None else now
        mine = self._phone.extension
        trunk_of = self._ports.trunk
        if snap.caller_side:
            direction = Direction.OUTGOING
            number = snap.exten if snap.exten not in ("", "s") else ""
            if not number and peer is not None:
                number = peer.number
            trunk = trunk_of(peer.name) if peer is not None else None
            name = peer.cname if peer is not None and not trunk and peer.cname != number else ""
            answered = is_bridged(snap, peer)
            if not number and peer is None:
                return
        else:
            direction = Direction.INCOMING
            number = peer.number if peer is not None else snap.conn_number
            name = peer.cname if peer is not None else snap.conn_name
            trunk = trunk_of(peer.name) if peer is not None else None
            answered = snap.up
            if peer is None and (not number or number == mine):
                leg.originate = True
                return
        if not number and not name:
            name = UNKNOWN_NAME
        peer_leg = self._book.party(peer.uid, peer.name) if peer is not None else None
        key = ""
        via = None
        transferred_by = None
        if peer is not None and direction is Direction.INCOMING:
            key = peer.linkedid or peer.uid
            routes = self._routes
            via = queue_of_item(peer) or routes.via_of_dial(
                peer.uid,
                peer.linkedid if peer.linkedid != peer.uid else "",
                peer.exten,
                "",
                trunk,
                mine,
            )
            transferred_by = routes.transferer_of(peer.uid, mine)
        self._book.create(
            out,
            direction=direction,
            my_leg=leg,
            number=number,
            name=name,
            key=key,
            peer=peer_leg,
            trunk=trunk,
            started_at=started,
            answered=answered,
            via=via,
            transferred_by=transferred_by,
        )
