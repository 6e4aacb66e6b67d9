"""The receptionist's console: colleagues, parked calls, queues, voicemail — and acting on them.

Application layer (asyncio, no Qt). :class:`ConsoleService` sits beside
:class:`~mypbxdesk.service.phone.PhoneService` on the same AMI client:

* it feeds the console's pure models (``mypbxdesk.console``: presence, parking
  lot, queues, mailbox) the events they declare — the protocol drops the rest
  before parsing them — and hands each change to its observers;
* after every (re)login it fetches the full state, because events sent while we
  were away are lost: the extensions and their names (``SIPpeers`` on 1.8 /
  MyPBX, ``PJSIPShowEndpoints`` on 12+, names from ``VoicemailUsersList``), every
  line's state (``ExtensionStateList`` on 13+; on 1.8 one ``ExtensionState`` per
  extension, all sent at once), the parked calls, the queues and the mailbox;
* it acts: blind transfer to a colleague, an external number or a parking
  slot; park and retrieve; pick up a colleague's ringing call; pause herself in
  her queues, join and leave them; dial the voicemail. Attended transfers are in
  ``attended.py``.

Every refusal comes back in plain words (:class:`Outcome`), and a ``Permission
denied`` turns the feature off with the reason (``permissions.py``): disabled and
explained in the UI, never hidden.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from ..ami import actions
from ..ami.actions import Action
from ..ami.correlation import ActionResult
from ..ami.errors import ActionFailed, AmiError
from ..ami.message import Message
from ..base.numbers import InvalidNumber, clean_number, is_extension
from ..base.text import Msg
from ..calls import Call, CallState, Direction
from ..console import (
    Colleague,
    MailboxCount,
    MailboxWatch,
    ParkChange,
    ParkedCall,
    ParkingLot,
    PresenceBook,
    PresenceChange,
    QueueBoard,
    QueueState,
    extensions_from,
    names_from,
)
from ..driver.connection import AmiConnection
from .attended import AttendedTransfer, TransferProgress
from .permissions import Feature, Permissions, is_denial
from .phone import Outcome, PhoneService, redirect_channel, refusal

log = logging.getLogger("mypbxdesk.service.console")
_T = TypeVar("_T")

__all__ = ["ConsoleService", "TargetKind", "classify_target"]

#: How long a parked call waits before it rings the receptionist again (ms).
PARK_TIMEOUT_MS = 120_000


class TargetKind:
    EXTENSION = "extension"
    EXTERNAL = "external"
    SLOT = "slot"


def classify_target(number: str, extensions: Iterable[str], slots: Iterable[str]) -> str:
    """What a transfer target is: a parked call's slot, an extension (the PBX
    listed it, or up to 6 digits when the list is unknown), or an external number."""
    if number in set(slots):
        return TargetKind.SLOT
    known = set(extensions)
    if number in known or (not known and is_extension(number) and len(number) <= 6):
        return TargetKind.EXTENSION
    return TargetKind.EXTERNAL


@dataclass(frozen=True, slots=True)
class ParkResult:
    """A park that worked: the slot to retrieve the call from."""

    slot: str
    call: ParkedCall


class ConsoleService:
    """Colleagues' lines, parked calls, queues and voicemail for the user of ``phone``.

    Attributes:
        presence, parking, queues, mailbox: the console's models (read them freely).
        permissions: which features this AMI user may use, and why not.
        extensions: the PBX's extensions, learnt after each login.
    """

    def __init__(self, phone: PhoneService, *, clock: Callable[[], float] = time.time) -> None:
        self.phone = phone
        self.client = phone.client
        self._clock = clock
        self.presence = PresenceBook(clock)
        self.parking = ParkingLot(clock)
        self.queues = QueueBoard(clock)
        self.mailbox = MailboxWatch()
        self.permissions = Permissions()
        self.extensions: list[str] = []
        self._presence_callbacks: list[Callable[[PresenceChange], None]] = []
        self._park_callbacks: list[Callable[[ParkChange], None]] = []
        self._queue_callbacks: list[Callable[[QueueState], None]] = []
        self._mailbox_callbacks: list[Callable[[MailboxCount], None]] = []
        self._transfer_callbacks: list[Callable[[TransferProgress], None]] = []
        #: Who waits for a ``Pickup`` event (the PBX says whose call was taken).
        self._pickup_watchers: list[Callable[[Message], None]] = []
        #: Attended transfers in progress, by the call they transfer.
        self.transfers: dict[str, AttendedTransfer] = {}
        #: Whether to try Atxfer first (False once the PBX refused it).
        self.atxfer_usable = True
        self._resynced = asyncio.Event()
        wanted = (
            PresenceBook.wanted_events
            | ParkingLot.wanted_events
            | QueueBoard.wanted_events
            | MailboxWatch.wanted_events
        )
        self.client.subscribe(self._on_event, wanted)
        self.client.on_connected(self._after_login)

    # -- observation ---------------------------------------------------------------
    def on_presence(self, callback: Callable[[PresenceChange], None]) -> None:
        self._presence_callbacks.append(callback)

    def on_park(self, callback: Callable[[ParkChange], None]) -> None:
        self._park_callbacks.append(callback)

    def on_queue(self, callback: Callable[[QueueState], None]) -> None:
        self._queue_callbacks.append(callback)

    def on_mailbox(self, callback: Callable[[MailboxCount], None]) -> None:
        self._mailbox_callbacks.append(callback)

    def on_transfer(self, callback: Callable[[TransferProgress], None]) -> None:
        """``callback(progress)`` for every step of every attended transfer."""
        self._transfer_callbacks.append(callback)

    def forget_observer(self, callback: object) -> None:
        """Stop calling ``callback`` (for any kind of change)."""
        for callbacks in (
            self._presence_callbacks,
            self._park_callbacks,
            self._queue_callbacks,
            self._mailbox_callbacks,
            self._transfer_callbacks,
        ):
            while callback in callbacks:
                callbacks.remove(callback)  # type: ignore[arg-type]

    @property
    def my_extension(self) -> str:
        return str(self.phone.settings.extension)

    @property
    def my_interface(self) -> str:
        """Her phone as a queue member names it (``SIP/474``, ``PJSIP/474``)."""
        return str(self.phone.settings.dial_channel)

    def colleagues(self) -> list[Colleague]:
        """Every extension but hers, with name and state (names from contacts first)."""
        mine = self.my_extension
        return [c for c in self.presence.colleagues if c.extension != mine]

    def my_queues(self) -> list[QueueState]:
        """The queues her phone is a member of."""
        mine = {m.queue for m in self.queues.memberships(self.my_interface)}
        return [q for q in self.queues.queues if q.name in mine]

    def my_mailbox(self) -> MailboxCount | None:
        return self.mailbox.count(self.mailbox_name)

    @property
    def mailbox_name(self) -> str:
        return f"{self.my_extension}@default"

    async def wait_resynced(self, timeout: float | None = None) -> None:
        """Until the state after the last login is loaded."""
        async with asyncio.timeout(timeout):
            await self._resynced.wait()

    # -- events --------------------------------------------------------------------------
    def _on_event(self, msg: Message) -> None:
        name = msg.name.lower()
        if name == "pickup":
            for watcher in tuple(self._pickup_watchers):
                watcher(msg)
        if name in _PRESENCE:
            self._emit(self._presence_callbacks, self.presence.apply(msg))
        if name in _PARKING:
            self._emit(self._park_callbacks, self.parking.apply(msg))
        if name in _QUEUES:
            self._emit(self._queue_callbacks, self.queues.apply(msg))
        if name in _MAILBOX:
            self._emit(self._mailbox_callbacks, self.mailbox.apply(msg))

    @staticmethod
    def _emit(callbacks: list[Callable[[_T], None]], changes: Iterable[_T]) -> None:
        for change in changes:
            for callback in tuple(callbacks):
                try:
                    callback(change)
                except Exception:
                    log.exception("error in a console observer")

    # -- after every login -------------------------------------------------------------
    async def _after_login(self, conn: AmiConnection) -> None:
        self._resynced.clear()
        self.permissions.reset()
        self.atxfer_usable = True
        await self._load_extensions(conn)
        await asyncio.gather(
            self._resync_presence(conn),
            self._resync_parking(conn),
            self._resync_queues(conn),
            self._resync_mailbox(conn),
        )
        self._resynced.set()

    async def _list(self, conn: AmiConnection, action: Action) -> ActionResult | None:
        """A list action's answer, or None when the PBX does not know it or refused."""
        try:
            result = await conn.send(action, timeout=15, check=False)
        except AmiError as exc:
            log.info("%s after login failed: %s", action.name, exc)
            return None
        return result if result.response.is_success else None

    async def _load_extensions(self, conn: AmiConnection) -> None:
        """The PBX's extensions (its peer/endpoint list) and their caller-ID names."""
        found: list[str] = []
        modern = False
        for action in (actions.pjsip_show_endpoints(), actions.sip_peers()):
            result = await self._list(conn, action)
            if result is not None:
                found += extensions_from(result.events)
                modern = modern or action.name == "PJSIPShowEndpoints"
        if found:
            self.extensions = sorted(set(found), key=lambda n: (len(n), n))
        names: dict[str, str] = {}
        result = await self._list(conn, actions.voicemail_users_list())
        if result is not None:
            names.update(names_from(result.events))
        missing = [ext for ext in self.extensions if ext not in names]
        if missing:
            # One look-up per extension, all sent at once: the peer or endpoint
            # detail carries its caller ID ("Ext 474" <474>).
            detail = actions.pjsip_show_endpoint if modern else actions.sip_show_peer
            replies = await asyncio.gather(
                *(conn.send(detail(ext), timeout=15, check=False) for ext in missing),
                return_exceptions=True,
            )
            items: list[Message] = []
            for reply in replies:
                if isinstance(reply, ActionResult):
                    items += [reply.response, *reply.events]
            names.update(names_from(items))
        if names:
            self._emit(self._presence_callbacks, self.presence.set_names(names))

    async def _resync_presence(self, conn: AmiConnection) -> None:
        # Who talks to whom: the channel list the phone service just fetched
        # (its after-login step runs before this one).
        channels = self.phone.channel_list
        result = await self._list(conn, actions.extension_state_list())
        if result is not None:  # Asterisk 13+
            changes = self.presence.resync([*result.events, *channels])
            self._emit(self._presence_callbacks, changes)
            return
        # Asterisk 1.8 (MyPBX): one ExtensionState per extension, all sent at once
        # (Asterisk answers them in order; 200 extensions take one round trip).
        context_for = self.phone.settings.context_for
        exts = self.extensions or sorted({c.extension for c in self.presence.colleagues})
        replies = await asyncio.gather(
            *(
                conn.send(actions.extension_state(ext, context_for(ext)), timeout=15, check=False)
                for ext in exts
            ),
            return_exceptions=True,
        )
        answers = [r.response for r in replies if isinstance(r, ActionResult)]
        if any(is_denial(a.message_text) for a in answers):
            self.permissions.deny(Feature.PRESENCE)
            return
        self._emit(self._presence_callbacks, self.presence.resync([*answers, *channels]))

    async def _resync_parking(self, conn: AmiConnection) -> None:
        result = await self._list(conn, actions.parked_calls())
        if result is not None:
            self._emit(self._park_callbacks, self.parking.resync(result.events))

    async def _resync_queues(self, conn: AmiConnection) -> None:
        try:
            result = await conn.send(actions.queue_status(), timeout=15, check=False)
        except AmiError as exc:
            log.info("QueueStatus after login failed: %s", exc)
            return
        if is_denial(result.response.message_text):
            self.permissions.deny(Feature.QUEUES)
        elif result.response.is_success:
            self._emit(self._queue_callbacks, self.queues.resync(result.events))

    async def _resync_mailbox(self, conn: AmiConnection) -> None:
        try:
            result = await conn.send(
                actions.mailbox_count(self.mailbox_name), timeout=15, check=False
            )
        except AmiError as exc:
            log.info("MailboxCount after login failed: %s", exc)
            return
        if is_denial(result.response.message_text):
            self.permissions.deny(Feature.VOICEMAIL)
        elif result.response.is_success:
            self._emit(self._mailbox_callbacks, self.mailbox.resync([result.response]))

    # -- what "the current call" is --------------------------------------------------------
    def current_call(self) -> Call | None:
        """Her call to act on: the latest answered one, else the latest ringing incoming one."""
        calls = self.phone.calls
        answered = [c for c in calls if c.state is CallState.ANSWERED]
        if answered:
            return max(answered, key=lambda c: c.answered_at or 0.0)
        ringing = [
            c for c in calls if c.state is CallState.RINGING and c.direction is Direction.INCOMING
        ]
        return max(ringing, key=lambda c: c.started_at) if ringing else None

    def _call(self, call_id: str | None) -> Call | None:
        return self.phone.find(call_id) if call_id else self.current_call()

    def is_extension(self, number: str) -> bool:
        """Whether ``number`` is a colleague's extension (not a slot or an outside number)."""
        return classify_target(number, self.extensions, ()) == TargetKind.EXTENSION

    # -- acting ---------------------------------------------------------------------
    async def _act(self, feature: Feature, action: Action, success: str) -> Outcome:
        """Send ``action``; a refusal in plain words, and ``Permission denied`` turns
        ``feature`` off with the reason."""
        if not self.permissions.allowed(feature):
            return Outcome(False, self.permissions.reason(feature))
        try:
            await self.client.send(action)
        except ActionFailed as exc:
            if is_denial(exc.message):
                return Outcome(False, self.permissions.deny(feature))
            return refusal(exc)
        except AmiError as exc:
            return refusal(exc)
        return Outcome(True, success)

    async def transfer(self, target: str, call_id: str | None = None) -> Outcome:
        """Blind transfer: the other party of the call goes to ``target`` — a
        colleague, an external number (any length: mobiles have 11+ digits) or a
        parked call's slot. ``Redirect`` into the target's own dial plan for an
        extension (the seed's way), else into hers."""
        try:
            number = clean_number(target)
        except InvalidNumber as exc:
            return Outcome(False, str(exc))
        call = self._call(call_id)
        if call is None:
            return Outcome(False, Msg.of("there is no call to transfer"))
        channel = redirect_channel(call, number, self.my_extension)
        if isinstance(channel, Outcome):
            return channel
        kind = classify_target(number, self.extensions, (p.slot for p in self.parking.calls))
        settings = self.phone.settings
        context = settings.context_for(
            number if kind == TargetKind.EXTENSION else self.my_extension
        )
        done = (
            Msg.of("Transferred to {target}", target=number)
            if kind != TargetKind.SLOT
            else Msg.of("Transferred to parked call {slot}", slot=number)
        )
        return await self._act(Feature.TRANSFER, actions.redirect(channel, context, number), done)

    async def park(self, call_id: str | None = None, *, timeout: float = 10.0) -> Outcome:
        """Park the other party of the call; the outcome names the slot.

        1.8 hangs up her phone (``Channel2``); 22 tells her the slot and then
        hangs up. A parked call nobody takes rings her again after
        ``PARK_TIMEOUT_MS``.
        """
        call = self._call(call_id)
        if call is None:
            return Outcome(False, Msg.of("there is no call to park"))
        if not call.peer_channel or not call.my_channel:
            return Outcome(
                False, Msg.of("the call's channels are not known, so it cannot be parked")
            )
        result = await self.park_channel(call.peer_channel, call.my_channel, timeout=timeout)
        if isinstance(result, Outcome):
            return result
        return Outcome(True, Msg.of("Parked on {slot}", slot=result.slot), slot=result.slot)

    async def park_channel(
        self, channel: str, parker: str, *, timeout: float = 10.0
    ) -> ParkResult | Outcome:
        """Park ``channel``; the slot once the PBX reported it (``ParkedCall``)."""
        loop = asyncio.get_running_loop()
        parked: asyncio.Future[ParkedCall] = loop.create_future()

        def watch(change: ParkChange) -> None:
            if change.call.channel == channel and not parked.done():
                parked.set_result(change.call)

        self._park_callbacks.append(watch)
        try:
            outcome = await self._act(
                Feature.PARK,
                actions.park(channel, parker, timeout_ms=PARK_TIMEOUT_MS),
                Msg.of("Parked"),
            )
            if not outcome.ok:
                return outcome
            try:
                async with asyncio.timeout(timeout):
                    call = await parked
            except TimeoutError:
                return Outcome(False, Msg.of("the PBX accepted the park but did not say the slot"))
            return ParkResult(call.slot, call)
        finally:
            with contextlib.suppress(ValueError):
                self._park_callbacks.remove(watch)

    async def retrieve(self, slot: str) -> Outcome:
        """Take a parked call back: her phone rings, and when she answers it is
        connected to the call in ``slot``."""
        if not self.parking.get(slot):
            return Outcome(False, Msg.of("no call is parked on {slot}", slot=slot))
        return await self.ring_me(
            slot, Msg.of("Your phone rings: pick it up for the call on {slot}", slot=slot)
        )

    async def pickup(self, extension: str, *, confirm: float = 3.0) -> Outcome:
        """Take the call ringing a colleague's phone: her phone rings first.

        ``Originate`` of her phone with ``PickupChan(<the ringing channel>)``. The
        PBX's ``Pickup`` event (1.8 and 22 name the ringing channel in
        ``TargetChannel``) says it worked. A pickup that finds nothing ringing any
        more (the caller gave up) is no error for the PBX, in either dialect:
        when no ``Pickup`` follows within ``confirm`` seconds of her answering, it
        says so; and when the colleague answered it meanwhile, it says that.
        """
        channel = self.presence.ringing_channel(extension)
        if channel is None:
            return Outcome(False, Msg.of("nothing is ringing on {ext}", ext=extension))
        if not self.permissions.allowed(Feature.PICKUP):
            return Outcome(False, self.permissions.reason(Feature.PICKUP))
        settings = self.phone.settings
        action = actions.originate_application(
            settings.dial_channel,
            "PickupChan",
            channel,
            timeout_ms=settings.originate_timeout_ms,
            caller_id=settings.caller_id or settings.extension,
        )
        loop = asyncio.get_running_loop()
        #: True: the PBX handed the call to her; False: the colleague answered it.
        picked: asyncio.Future[bool] = loop.create_future()

        def taken(msg: Message) -> None:
            if (msg.get("TargetChannel") or "").strip() == channel and not picked.done():
                picked.set_result(True)

        def watch(change: PresenceChange) -> None:
            if change.extension != extension or picked.done():
                return
            if channel in self.presence.answered_channels(extension):
                picked.set_result(False)

        self._pickup_watchers.append(taken)
        self._presence_callbacks.append(watch)
        try:
            try:
                await self.client.send(action, timeout=settings.originate_timeout_ms / 1000 + 10)
            except ActionFailed as exc:
                if is_denial(exc.message):
                    return Outcome(False, self.permissions.deny(Feature.PICKUP))
                return Outcome(False, Msg.of("the pickup failed: {reason}", reason=exc.message))
            except AmiError as exc:
                return Outcome(False, str(exc))
            try:
                async with asyncio.timeout(confirm):
                    ours = await picked
            except TimeoutError:
                return Outcome(
                    False,
                    Msg.of(
                        "the call on {ext} was not picked up: it stopped ringing", ext=extension
                    ),
                )
            if not ours:
                return Outcome(
                    False,
                    Msg.of("{ext} answered the call before you could pick it up", ext=extension),
                )
            return Outcome(True, Msg.of("Picked up the call for {ext}", ext=extension))
        finally:
            with contextlib.suppress(ValueError):
                self._pickup_watchers.remove(taken)
            with contextlib.suppress(ValueError):
                self._presence_callbacks.remove(watch)

    async def dial_voicemail(self) -> Outcome:
        """Her phone rings; when she answers, the PBX connects her to her voicemail."""
        number = self.phone.settings.voicemail_number
        return await self.ring_me(number, Msg.of("Your phone rings: pick it up for your voicemail"))

    async def ring_me(self, exten: str, success: str, *, wait: bool = False) -> Outcome:
        """Click-to-dial ``exten`` from her phone (Originate, Async). ``wait``: until
        she picked up (the OriginateResponse), else until the PBX accepted it."""
        settings = self.phone.settings
        action = actions.originate(
            settings.dial_channel,
            settings.dial_context,
            exten,
            timeout_ms=settings.originate_timeout_ms,
            caller_id=settings.caller_id or settings.extension,
        )
        if not self.permissions.allowed(Feature.DIAL):
            return Outcome(False, self.permissions.reason(Feature.DIAL))
        accepted: asyncio.Future[ActionResult] = asyncio.get_running_loop().create_future()

        def ack(msg: Message) -> None:
            if msg.is_success:
                # Accepted: her phone's next call is this one. Untold, the call
                # tracker takes her phone's ringing for no call of hers (a retrieved
                # parked call was not among her calls). Told only now: a refused
                # Originate leaves no hint to mislabel the next call she dials.
                self.phone.expect_originate(exten)
            if not accepted.done():
                accepted.set_result(ActionResult("", msg))

        sent = asyncio.ensure_future(
            self.client.send(action, timeout=settings.originate_timeout_ms / 1000 + 10, on_ack=ack)
        )
        try:
            if not wait:
                await asyncio.wait({sent, accepted}, return_when=asyncio.FIRST_COMPLETED)
                if not sent.done():
                    sent.add_done_callback(_quiet)  # its end is reported elsewhere
                    return Outcome(True, success)
            await sent
        except ActionFailed as exc:
            if is_denial(exc.message):
                return Outcome(False, self.permissions.deny(Feature.DIAL))
            return Outcome(False, Msg.of("the PBX refused: {reason}", reason=exc.message))
        except AmiError as exc:
            return Outcome(False, str(exc))
        return Outcome(True, success)

    # -- attended transfer ------------------------------------------------------------
    async def transfer_attended(self, target: str, call_id: str | None = None) -> Outcome:
        """Consult ``target`` while the caller waits; then :meth:`complete_transfer`
        or :meth:`cancel_transfer` (or the colleague does not answer: back)."""
        try:
            number = clean_number(target)
        except InvalidNumber as exc:
            return Outcome(False, str(exc))
        call = self._call(call_id)
        if call is None or call.state is not CallState.ANSWERED:
            return Outcome(False, Msg.of("there is no answered call to transfer"))
        if number == self.my_extension:
            return Outcome(False, Msg.of("that is your own extension"))
        if call.call_id in self.transfers and not self.transfers[call.call_id].stage.final:
            return Outcome(False, Msg.of("this call is already being transferred"))
        flow = AttendedTransfer(self, call, str(number), self._transfer_progress)
        self.transfers[call.call_id] = flow
        return await flow.start()

    def _transfer_progress(self, progress: TransferProgress) -> None:
        if progress.final:
            self.transfers.pop(progress.call_id, None)
        self._emit(self._transfer_callbacks, [progress])

    def transfer_of(self, call_id: str | None = None) -> AttendedTransfer | None:
        """The attended transfer in progress (of ``call_id``, or the only/last one)."""
        if call_id is not None:
            return self.transfers.get(call_id)
        return next(reversed(self.transfers.values()), None)

    async def complete_transfer(self, call_id: str | None = None) -> Outcome:
        flow = self.transfer_of(call_id)
        if flow is None:
            return Outcome(False, Msg.of("there is no consultation to complete"))
        return await flow.complete()

    async def cancel_transfer(self, call_id: str | None = None) -> Outcome:
        flow = self.transfer_of(call_id)
        if flow is None:
            return Outcome(False, Msg.of("there is no consultation to go back from"))
        return await flow.back()

    # -- queues ---------------------------------------------------------------------
    async def pause(self, paused: bool, *, queue: str | None = None, reason: str = "") -> Outcome:
        """Pause (or unpause) her phone in one queue, or in all of hers."""
        done = Msg.of("Paused") if paused else Msg.of("Back in the queue")
        return await self._act(
            Feature.QUEUES,
            actions.queue_pause(self.my_interface, paused, queue=queue, reason=reason),
            done,
        )

    async def join_queue(self, queue: str) -> Outcome:
        return await self._act(
            Feature.QUEUES,
            actions.queue_add(queue, self.my_interface, member_name=self.my_extension),
            Msg.of("Joined {queue}", queue=queue),
        )

    async def leave_queue(self, queue: str) -> Outcome:
        return await self._act(
            Feature.QUEUES,
            actions.queue_remove(queue, self.my_interface),
            Msg.of("Left {queue}", queue=queue),
        )


def _quiet(task: asyncio.Future[ActionResult]) -> None:
    """Retrieve a background action's exception (it is reported through events)."""
    if not task.cancelled():
        task.exception()


_PRESENCE = frozenset(n.lower() for n in PresenceBook.wanted_events)
_PARKING = frozenset(n.lower() for n in ParkingLot.wanted_events)
_QUEUES = frozenset(n.lower() for n in QueueBoard.wanted_events)
_MAILBOX = frozenset(n.lower() for n in MailboxWatch.wanted_events)
