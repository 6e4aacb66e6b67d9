"""``CallTracker``: the AMI event stream in, the user's call changes out.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

The tracker is a thin facade over composed pieces; no piece inherits from another:

* state: :class:`~.book.CallBook` (followed legs, live calls, the call rules),
  :class:`~.ports.PortBook` (DAHDI ports, held dials), :class:`~.bridges.Bridges`
  (12+ bridge members), :class:`~.routes.Routes` (what tells how a call came
  and who transferred it: bounded memories of every channel),
  :class:`~.hints.OriginateHints`, :class:`~.phone.PhoneChannels` and
  :class:`~.dialect.Dialect`;
* handlers, each given the state it works on: :class:`~.lifecycle.ChannelLifecycle`,
  :class:`~.dialing.DialHandler`, :class:`~.bridges.BridgeHandler`,
  :class:`~.transfers.TransferHandler`, :class:`~.routes.QueueHandler`,
  :class:`~.pickups.PickupHandler`,
  :class:`~.resync.Resync`, :class:`~.lookups.PortLookups`.

The PBX broadcasts every event to every client; 99 % of them concern other
extensions. :meth:`CallTracker.apply` dispatches on the event name through a
dict, and each handler bails out after one or two dict look-ups (reading one
or two headers) unless the event names a followed Uniqueid or a channel of the
user's phone. Only the events in :attr:`CallTracker.wanted_events` have any
effect: a client may drop all others unparsed.

Which events mean what (seed §1.3–1.5, ami-protocol.md §3, §4):

* incoming: ``Dial``/``SubEvent: Begin`` (1.8) or ``DialBegin`` (12+) whose
  destination is the user's channel; the caller ID is the caller's. A 12+
  ``DialBegin`` with no caller half is the first leg of an Originate.
* outgoing: the same events with the user's channel as caller (dialled from
  the phone, or the second half of a click-to-dial Originate).
* answered: ``Newstate Up`` of the ringing side, 12+ ``DialEnd ANSWER``,
  1.8 ``Bridge`` Link, 12+ ``BridgeEnter`` of both parties.
* ended: ``Hangup`` of the user's channel, with the lingering rule of ``rules.py``.
* pickup (``pickups.py``): ``Pickup`` of a colleague's ringing call by the
  user's phone makes her an answered incoming call once she is bridged with
  the caller; of her ringing call by a colleague ends it, answered elsewhere.
* how it came (``Call.via``, ``routes.py``): ``Join``/``QueueCallerJoin``/
  ``AgentCalled`` (queues), the caller's ``Newchannel`` ``Exten`` and 12+
  ``DialBegin`` ``Exten`` (ring groups, DIDs); who transferred it
  (``Call.transferred_by``): ``BlindTransfer``, ``AttendedTransfer``, or whom
  the caller was last bridged with. ``Newexten`` is not read: a flood on 1.8
  (every dialplan step), and not needed; nor ``Leave``: a queue call
  transferred to the user still came through its queue.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import ClassVar

from ..ami.message import Kind, Message
from .book import CallBook, Clock
from .bridges import BridgeHandler, Bridges
from .channels import clean_number
from .dahdi import DahdiLookup
from .dialect import Dialect
from .dialing import DialHandler
from .ghosts import channels_in
from .hints import OriginateHints
from .lifecycle import ChannelLifecycle
from .lookups import PortLookups
from .model import Call, CallChange, CallState, MyPhone
from .phone import PhoneChannels
from .pickups import PickupHandler
from .ports import PortBook
from .records import LiveCall
from .resync import Resync
from .routes import QueueHandler, Routes
from .transfers import TransferHandler

Handler = Callable[[Message, list[CallChange]], None]

#: Frequent events that never matter for call state: found in one exact-case
#: dict look-up instead of a ``lower()`` and a miss (an unfiltered stream is
#: three quarters ``VarSet``).
_NOISE = (
    "VarSet",
    "Newexten",
    "NewExten",
    "RTCPSent",
    "RTCPReceived",
    "NewAccountCode",
    "NewConnectedLine",
    "DialState",
    "Unlink",
    "Masquerade",
    "BridgeCreate",
    "ExtensionStatus",
    "PeerStatus",
    "DeviceStateChange",
    "HangupRequest",
    "SoftHangupRequest",
    "Registry",
    "ContactStatus",
    "CoreShowChannel",
    "CoreShowChannelsComplete",
    "Status",
    "StatusComplete",
    "MusicOnHoldStart",
    "MusicOnHoldStop",
    "Hold",
    "Unhold",
    "DTMF",
    "DTMFBegin",
    "DTMFEnd",
    "LocalBridge",
    "FullyBooted",
    "SuccessfulAuth",
    "ChallengeSent",
    "OriginateResponse",
    "PeerEntry",
    "PeerlistComplete",
    "QueueMemberStatus",
    "Leave",
    "QueueCallerLeave",
    "AgentConnect",
    "AgentComplete",
    "AgentRingNoAnswer",
    "QueueCallerAbandon",
    "ChanSpyStart",
    "ChanSpyStop",
    "UserEvent",
    "ReceivedSMS",
)


class CallTracker:
    """Follows the user's calls from the AMI events a PBX broadcasts.

    Args:
        phone: the user's extension (and analog port).
        clock: wall-clock seconds, injected (``time.time``), for timestamps.
        deadline_clock: seconds for timeouts (linger, Originate hints); default
            ``time.monotonic`` with the real wall clock, else ``clock`` itself.
        linger: how long a call may wait after the user's phone left it for
            the other party to tell how it ended (retry, colleague, transfer);
            0 ends calls at once. See ``rules.py``.
        escaped_names: whether caller names are C-escaped (Asterisk 13.5+);
            None detects it (``Linkedid`` in events means 13.5+).

    Pure: no I/O. The client feeds the events named in :attr:`wanted_events`
    (or simply every event) to :meth:`apply`, runs the look-ups of
    :meth:`lookups_needed` and feeds their output to :meth:`resolve_dahdi`,
    calls :meth:`resync` with the channel list after each login, and calls
    :meth:`tick` when :meth:`next_deadline` comes.
    """

    #: The AMI event names the tracker handles (canonical case; the tracker
    #: compares case-insensitively). Every other event leaves it unchanged.
    wanted_events: ClassVar[frozenset[str]] = frozenset(
        {
            "Newchannel",
            "Newstate",
            "NewCallerid",
            "Dial",
            "DialBegin",
            "DialEnd",
            "Hangup",
            "Bridge",
            "BridgeEnter",
            "BridgeLeave",
            "BridgeDestroy",
            "Rename",
            "Transfer",
            "BlindTransfer",
            "AttendedTransfer",
            "Cdr",
            "Join",
            "QueueCallerJoin",
            "AgentCalled",
            "Pickup",
        }
    )

    def __init__(
        self,
        phone: MyPhone,
        clock: Clock = time.time,
        *,
        linger: float = 5.0,
        escaped_names: bool | None = None,
        deadline_clock: Clock | None = None,
    ) -> None:
        self.phone = phone
        # Timeouts must not follow the wall clock: stepped back an hour (NTP, a
        # user fixing the time), a lingering call would stay "ringing" for an
        # hour. The real wall clock gets a monotonic partner; an injected test
        # clock drives both.
        if deadline_clock is None:
            deadline_clock = time.monotonic if clock is time.time else clock
        self._deadline_clock = deadline_clock
        # State.
        self._channels = PhoneChannels(phone)
        self._dialect = Dialect(escaped_names)
        self._book = CallBook(phone.extension, clock, deadline_clock, linger)
        self._ports = PortBook(self._channels)
        self._bridges = Bridges()
        self._hints = OriginateHints(deadline_clock)
        self._routes = routes = Routes()
        # Handlers.
        book, ports, channels, dialect = self._book, self._ports, self._channels, self._dialect
        lifecycle = ChannelLifecycle(book, ports, channels, dialect, self._hints, clock, routes)
        dialing = DialHandler(book, ports, channels, dialect, clock, routes)
        bridging = BridgeHandler(book, ports, channels, dialect, self._bridges, routes)
        transfers = TransferHandler(book, ports, channels, dialect, routes)
        queues = QueueHandler(book.legs, channels, dialect, routes)
        pickups = PickupHandler(book, channels)
        self._resync = Resync(book, ports, channels, dialect, self._bridges, clock, routes)
        self._lookups = PortLookups(book, ports, channels, dialing, routes)
        handlers: dict[str, Handler] = {
            "Newchannel": lifecycle.on_newchannel,
            "Newstate": lifecycle.on_newstate,
            "NewCallerid": lifecycle.on_newcallerid,
            "Hangup": lifecycle.on_hangup,
            "Cdr": lifecycle.on_cdr,
            "Dial": dialing.on_dial,
            "DialBegin": dialing.on_dial_begin,
            "DialEnd": dialing.on_dial_end,
            "Bridge": bridging.on_bridge,
            "BridgeEnter": bridging.on_bridge_enter,
            "BridgeLeave": bridging.on_bridge_leave,
            "BridgeDestroy": bridging.on_bridge_destroy,
            "Rename": transfers.on_rename,
            "Transfer": transfers.on_transfer,
            "BlindTransfer": transfers.on_blind_transfer,
            "AttendedTransfer": transfers.on_attended_transfer,
            "Join": queues.on_join,
            "QueueCallerJoin": queues.on_join,
            "AgentCalled": queues.on_agent_called,
            "Pickup": pickups.on_pickup,
        }
        self._dispatch: dict[str, Handler | None] = dict.fromkeys(_NOISE)
        self._dispatch.update(handlers)
        self._dispatch_lower: dict[str, Handler] = {k.lower(): v for k, v in handlers.items()}

    # -- events ----------------------------------------------------------------------
    def apply(self, msg: Message) -> list[CallChange]:
        """Feed one AMI message (any kind); returns what changed for the user.

        Only events named in :attr:`wanted_events` (any case) do anything.
        Never raises for unknown events or missing, empty or odd headers.
        """
        if msg.kind is not Kind.EVENT:
            return []
        name = msg.name
        handler = self._dispatch.get(name)
        if handler is None:
            if name in self._dispatch:
                return []  # known noise
            handler = self._dispatch_lower.get(name.lower())
            if handler is None:
                return []
        out: list[CallChange] = []
        book = self._book
        if book.lingering:
            book.expire(out)
        handler(msg, out)
        return out

    def apply_all(self, msgs: Iterable[Message]) -> list[CallChange]:
        out: list[CallChange] = []
        for msg in msgs:
            out.extend(self.apply(msg))
        return out

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
        return self._resync.resync(items)

    # -- time ------------------------------------------------------------------------
    def next_deadline(self) -> float | None:
        """When :meth:`tick` has something to do next, in deadline-clock seconds.

        The earliest moment a lingering call or an Originate hint expires
        (possibly already past); None while nothing is pending. Events may
        change it: ask again after each :meth:`apply`, :meth:`resync`,
        :meth:`resolve_dahdi`, :meth:`expect_originate` and :meth:`tick`.
        """
        linger = self._book.next_deadline()
        hint = self._hints.next_deadline()
        if linger is None:
            return hint
        if hint is None:
            return linger
        return min(linger, hint)

    def deadline_now(self) -> float:
        """Now, on the clock :meth:`next_deadline` counts in."""
        return self._deadline_clock()

    def tick(self) -> list[CallChange]:
        """Release what is due: lingering calls whose time is up, expired Originate hints.

        ``apply`` ends due lingering calls before each event it handles too.
        """
        out: list[CallChange] = []
        if self._book.lingering:
            self._book.expire(out)
        self._hints.expire()
        return out

    def expect_originate(self, number: str, within: float = 15.0) -> None:
        """The client is about to Originate a call from the user's phone to ``number``.

        The next new channel of the user's phone within ``within`` seconds is
        that call: it is reported as OUTGOING RINGING as soon as the phone
        rings, with the number (1.8 tells it only once the user answered).
        """
        self._hints.add(clean_number(number), within)

    def end_gone(self, call_ids: Iterable[str], items: Iterable[Message]) -> list[CallChange]:
        """End the ringing calls among ``call_ids`` that the PBX no longer has.

        ``items``: the PBX's channel list (``CoreShowChannels``/``Status``), asked
        because these calls rang too long with no change (``ghosts.py``). A call
        ends (as missed) when none of its channels of the user's phone is in the
        list; a call still in it, or answered or ended meanwhile, is left alone.
        Only these calls are judged: a call that began while the list was on its
        way is not in it and must not end.
        """
        names, uids = channels_in(items)
        out: list[CallChange] = []
        book = self._book
        for call_id in call_ids:
            call = book.calls.get(call_id)
            if call is None or call.state is not CallState.RINGING:
                continue
            if call.my_channel in names or any(
                leg.uid in uids or leg.name in names for leg in call.my_legs
            ):
                continue
            for leg in call.my_legs:
                leg.alive = False
            book.finish(out, call, None)
        return out

    # -- DAHDI look-ups --------------------------------------------------------------
    def lookups_needed(self) -> list[DahdiLookup]:
        """DAHDI ports to look up (each once until resolved); the list is handed over."""
        return self._ports.take_lookups()

    def resolve_dahdi(self, port: str | int, output_lines: Iterable[str]) -> list[CallChange]:
        """The output of a look-up (``Message.output``); releases the calls it held back.

        Unreadable output (or ``[]`` when the command failed) leaves the port
        unknown: the held calls are dropped as not the user's, and the next
        call to that port asks again.
        """
        return self._lookups.resolve(port, output_lines)

    # -- queries ---------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        """The user's live calls now (lingering ones included), oldest first."""
        return self._book.snapshots()

    @property
    def followed(self) -> int:
        """How many channels the tracker follows now (for tests and diagnostics)."""
        return len(self._book.legs) + len(self._ports.held)

    @property
    def modern(self) -> bool | None:
        """Asterisk 12+ events seen (True), 1.8 / MyPBX ones (False), or not yet told."""
        return self._dialect.modern

    def owns(self, channel: str) -> bool:
        """True for a channel of the user's phone (``SIP/474-…``, ``DAHDI/<port>-…``)."""
        return self._channels.owns(channel)

    @property
    def _lingering(self) -> dict[str, LiveCall]:
        """The lingering calls (tests/reliability looks at it)."""
        return self._book.lingering
