"""How a call reached the user (queue, ring group, DID) and who transferred it to them.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

When the user's phone starts ringing, the event that says so rarely says why.
:class:`Routes` remembers, about *every* channel of the PBX while it lives,
the little that tells it later. Each memory is forgotten at the channel's
``Hangup`` (or when a channel list after a login no longer shows it) and holds
at most :data:`MAX_REMEMBERED` channels, oldest forgotten first (Hangups lost
while the link was down):

* ``dialled``: the number a channel was created for (``Newchannel`` ``Exten``:
  what a phone dialled, the DID of a trunk call). 1.8's ``Dial`` does not say
  which extension the caller dialled, so this is how a 1.8 ring group shows
  (the caller dialled ``600``, ``Dial`` rings ``SIP/474&SIP/475``). A dial to
  exactly that number (the caller dialled ``305``, ``SIP/305-…`` is rung)
  *uses it up*: when the same channel dials someone else later, a Redirect or
  a transfer moved it, and 12+ ``DialBegin`` tells the number it runs now
  (``Exten``). ``Newexten`` is never read: a flood (every dialplan step).
* ``queued``: callers that went through a queue (``Join``,
  ``QueueCallerJoin``), until they hang up: a queue call transferred to the
  user still says which queue it came from.
* ``partners``: the channel each channel was last bridged with (1.8 ``Bridge``
  Link, 12+ ``BridgeEnter``). A caller that talked to a colleague and then
  dials the user was transferred by that colleague: a Redirect (the app's own
  transfer) or a 1.8 DTMF transfer sends no transfer event at all.
* ``transfers``: 12+ ``BlindTransfer``/``AttendedTransfer``: transferee →
  the colleague who transferred it.
* ``masq``: 1.8 masquerades give a redirected channel a new Uniqueid (the
  ``AsyncGoto`` clone); what was remembered moves along with it.

Remembering is cheap, because nearly every channel is somebody else's: the
``Join`` and bridge events are kept as they came and read only for a caller
that rings the user; a ``Newchannel`` costs its ``Exten`` (and its Uniqueid
when it has a number), an ``AgentCalled`` one header.

:class:`QueueHandler` handles the queue events: ``AgentCalled`` names the
member's ringing channel, which ties a 1.8 queue (its member rings without any
``Dial``) to the ring exactly; with ``eventwhencalled=no`` (no ``AgentCalled``)
the caller's number in ``Join`` does.

Which route wins (:meth:`Routes.via_of_dial`): queue, then DID (the caller is a
trunk and the number dialled on it is known, and is not the user's own), then
ring group (the caller dialled another number than the user's extension, or
the dial string rings several phones), else None: a direct call.
"""

from __future__ import annotations

from collections.abc import Container
from typing import TypeVar

from ..ami.message import Message
from .channels import (
    clean_name,
    clean_number,
    clean_text,
    number_from_dialstring,
    phone_extension_of,
    strip_masquerade,
)
from .dialect import Dialect
from .model import CallChange, Direction, Route, Transferer
from .phone import PhoneChannels
from .records import Leg

#: How many channels each memory keeps at most (oldest forgotten first).
MAX_REMEMBERED = 2048

#: A bridge partner as remembered: (event or None, channel header or the
#: channel's name, name header or the name, names C-escaped). Read by
#: :func:`partner_of` only when asked for.
PartnerRef = tuple[Message | None, str, str, bool]

_T = TypeVar("_T")


def _remember(store: dict[str, _T], key: str, value: _T) -> None:
    """Insert as the most recent entry; forget the oldest beyond :data:`MAX_REMEMBERED`."""
    store.pop(key, None)
    store[key] = value
    if len(store) > MAX_REMEMBERED:
        del store[next(iter(store))]


def _move(store: dict[str, _T], old: str, new: str) -> None:
    value = store.pop(old, None)
    if value is not None:
        _remember(store, new, value)


def partner_of(ref: PartnerRef) -> tuple[str, str]:
    """(channel name, caller-ID name or "") of a remembered bridge partner."""
    msg, channel, name, escaped = ref
    if msg is None:
        return channel, name
    return msg.get(channel) or "", clean_name(msg.get(name), escaped=escaped) if name else ""


def _rings_others(dialstring: str, own: str) -> bool:
    """``SIP/474&SIP/475`` rings another number than ``own`` (not a fork to the
    user's own devices, ``SIP/474&IAX2/474``)."""
    targets = dialstring.split(",", 1)[0].split("&")
    return any(number_from_dialstring(target) not in ("", own) for target in targets)


def _queue_of(join: Message) -> str:
    return clean_text(join.get("Queue"))


class Routes:
    """What tells later how a call reached the user: see the module docstring.

    Attributes:
        dialled: Uniqueid → (the ``Exten`` the channel was created for, as
            sent; used up by a dial to exactly that number).
        queued: Uniqueid of a caller → its ``Join``/``QueueCallerJoin``.
        partners: Uniqueid → the channel it was last bridged with.
        transfers: Uniqueid of a transferee → who transferred it (12+ events).
        masq: 1.8 channel name → the Uniqueid it had before its masquerade.
    """

    __slots__ = ("dialled", "masq", "partners", "queued", "transfers")

    def __init__(self) -> None:
        self.dialled: dict[str, tuple[str, bool]] = {}
        self.queued: dict[str, Message] = {}
        self.partners: dict[str, PartnerRef] = {}
        self.transfers: dict[str, Transferer] = {}
        self.masq: dict[str, str] = {}

    # -- remembering ----------------------------------------------------------------
    def created(self, uid: str, exten: str) -> None:
        """A channel was created for ``exten`` (``Newchannel``; the caller skips ``s``
        and ""). Kept as sent: cleaned only if it is ever asked for."""
        if uid:
            _remember(self.dialled, uid, (exten, False))

    def dial_seen(self, uid: str, dest: str) -> None:
        """A dial from ``uid`` to the channel ``dest`` began: the number the caller
        was created for is used up when this dial rings exactly that number
        (``SIP/305-…``, ``Local/305@…``). A trunk's number stays its DID."""
        entry = self.dialled.get(uid)
        if entry is None or entry[1]:
            return
        number = entry[0]
        if f"/{number}-" in dest or f"/{number}@" in dest:
            self.dialled[uid] = (number, True)

    def joined(self, uid: str, join: Message) -> None:
        """``uid`` joined a queue (its ``Join``/``QueueCallerJoin``, read when asked)."""
        if uid:
            _remember(self.queued, uid, join)

    def bridged(self, a: str, partner_of_a: PartnerRef, b: str, partner_of_b: PartnerRef) -> None:
        """Channels ``a`` and ``b`` (Uniqueids) talk now; each one's partner."""
        if a and b and a != b:
            _remember(self.partners, a, partner_of_a)
            _remember(self.partners, b, partner_of_b)

    def transferred(self, uid: str, transferer: Transferer) -> None:
        """A transfer event: ``uid`` (the transferee) was transferred by ``transferer``."""
        if uid and transferer.number:
            _remember(self.transfers, uid, transferer)

    def renamed(self, uid: str, new_name: str) -> None:
        """1.8 ``Rename``: carry what is remembered across a masquerade (``transfers.py``).

        ``X`` → ``X<MASQ>`` (old Uniqueid), then another Uniqueid is renamed ``X``:
        that one is the same line to the caller now.
        """
        if new_name.endswith("<MASQ>"):
            if uid and (
                uid in self.partners
                or uid in self.transfers
                or uid in self.dialled
                or uid in self.queued
            ):
                _remember(self.masq, strip_masquerade(new_name), uid)
            return
        masq = self.masq
        if not masq or not uid:
            return
        old = masq.pop(new_name, None)
        if old is None or old == uid:
            return
        _move(self.dialled, old, uid)
        _move(self.partners, old, uid)
        _move(self.transfers, old, uid)
        _move(self.queued, old, uid)

    # -- forgetting -----------------------------------------------------------------
    def forget(self, uid: str) -> None:
        """The channel ``uid`` hung up."""
        self.dialled.pop(uid, None)
        self.partners.pop(uid, None)
        if self.transfers:
            self.transfers.pop(uid, None)
        if self.queued:
            self.queued.pop(uid, None)

    def prune(self, alive: Container[str]) -> None:
        """Keep only the channels a complete channel list still shows (after a login)."""
        for store in (self.dialled, self.partners, self.transfers, self.queued):
            for uid in [u for u in store if u not in alive]:
                del store[uid]
        self.masq.clear()

    # -- telling --------------------------------------------------------------------
    def _dialled_by(self, uid: str) -> str:
        """The number ``uid`` was created for, unless a dial to it used it up."""
        entry = self.dialled.get(uid)
        return "" if entry is None or entry[1] else clean_number(entry[0])

    def created_for(self, uid: str) -> str:
        """The number the channel ``uid`` was created for (used up or not), or ""."""
        entry = self.dialled.get(uid)
        return clean_number(entry[0]) if entry is not None else ""

    def via_of_dial(
        self,
        caller_uid: str,
        key: str,
        exten: str,
        dialstring: str,
        trunk: str | None,
        own: str,
    ) -> Route | None:
        """How a dial from the caller ``caller_uid`` to the user's phone came.

        Args:
            caller_uid: the dialling channel.
            key: its Linkedid if another channel's (12+: the caller behind a
                Local channel), else "".
            exten: the caller channel's ``Exten`` now (12+ ``DialBegin``), or "".
            dialstring: the dial string.
            trunk: the trunk the caller's channel belongs to, or None.
            own: the user's extension.
        """
        queued = self.queued
        if queued:
            join = queued.get(caller_uid) or (queued.get(key) if key else None)
            if join is not None:
                queue = _queue_of(join)
                if queue:
                    return Route("queue", queue)
        current = "" if exten == "s" else clean_number(exten)
        if trunk is not None:
            did = self.created_for(caller_uid) or current
            if did:
                # A DID that is the user's own extension: dialled directly.
                return None if did == own else Route("did", did)
        number = self._dialled_by(caller_uid) or current
        if key and number in ("", own):
            number = self._dialled_by(key) or number  # the caller behind a Local channel
        if number:
            return None if number == own else Route("group", number)
        if "&" in dialstring and _rings_others(dialstring, own):
            return Route("group", "")
        return None

    def via_of_pickup(self, caller_uid: str, trunk: str | None, own: str) -> Route | None:
        """How a call the user picked up from a colleague came: its queue or DID (the
        number it was dialled for is the colleague's, not a ring group)."""
        join = self.queued.get(caller_uid) if self.queued else None
        if join is not None and (queue := _queue_of(join)):
            return Route("queue", queue)
        return self.via_of_trunk(caller_uid, trunk, own)

    def queue_of_caller(self, number: str) -> tuple[str, Route] | None:
        """(Uniqueid, queue) of the most recent caller with this number that went
        through a queue, if any.

        For a 1.8 queue that sends no ``AgentCalled`` (``eventwhencalled=no``):
        the member's ring names the caller only by its number.
        """
        if not number or not self.queued:
            return None
        for uid, join in reversed(self.queued.items()):
            if clean_number(join.get("CallerIDNum")) == number:
                queue = _queue_of(join)
                if queue:
                    return uid, Route("queue", queue)
        return None

    def via_of_trunk(self, uid: str, trunk: str | None, own: str) -> Route | None:
        """A DID route for a caller whose channel turned out to be a trunk (DAHDI look-up)."""
        number = self.created_for(uid) if trunk is not None else ""
        return Route("did", number) if number and number != own else None

    def transferer_of(self, uid: str, own: str) -> Transferer | None:
        """Who transferred the channel ``uid`` (a transfer event, else the colleague
        it was last bridged with); None if nobody or the user themself."""
        if not uid:
            return None
        transferer = self.transfers.get(uid)
        if transferer is None:
            ref = self.partners.get(uid)
            if ref is None:
                return None
            channel, name = partner_of(ref)
            number = phone_extension_of(channel)
            if number is None:
                return None
            transferer = Transferer(number, name)
        return None if transferer.number == own else transferer


class QueueHandler:
    """Handlers for ``Join`` (1.8), ``QueueCallerJoin`` (12+) and ``AgentCalled`` (both)."""

    __slots__ = ("_dialect", "_legs", "_phone", "_routes")

    def __init__(
        self, legs: dict[str, Leg], phone: PhoneChannels, dialect: Dialect, routes: Routes
    ) -> None:
        self._legs = legs
        self._phone = phone
        self._dialect = dialect
        self._routes = routes

    def on_join(self, msg: Message, out: list[CallChange]) -> None:
        self._routes.joined(msg.get("Uniqueid") or "", msg)

    def on_agent_called(self, msg: Message, out: list[CallChange]) -> None:
        """A queue rings a member: 12+ ``DestUniqueid``, 1.8 ``DestinationChannel``."""
        leg: Leg | None
        if self._dialect.modern is not False:
            dest_uid = msg.get("DestUniqueid")
            if dest_uid is not None:
                leg = self._legs.get(dest_uid)
                if leg is None or not leg.mine:
                    return
                self._ringing(msg, leg)
                return
        dest = msg.get("DestinationChannel") or ""
        if not self._phone.owns(dest):
            return
        leg = next((g for g in self._legs.values() if g.mine and g.name == dest), None)
        if leg is not None:
            self._ringing(msg, leg)

    def _ringing(self, msg: Message, leg: Leg) -> None:
        """The queue ``Queue`` rings the user's ``leg`` for the caller ``Uniqueid``."""
        queue = clean_text(msg.get("Queue"))
        if not queue:
            return
        leg.route = Route("queue", queue)
        leg.caller_uid = msg.get("Uniqueid") or ""
        call = leg.call
        if call is not None and call.direction is Direction.INCOMING and call.via is None:
            call.via = leg.route
