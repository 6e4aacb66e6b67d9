"""The phone service: AMI client + call model + history, for one user's extension.

Application layer (asyncio, no Qt). ``mypbxdesk monitor`` and the GUI's bridge
both run on this, so a call looks the same in a JSON line and in a screen-pop.

What it adds on top of its parts:

* every AMI event goes through :class:`CallTracker`; each change is written to
  the history (when there is one) *before* observers hear of it, so a crash
  right after a pop still leaves the call on record;
* observers get each change with its :class:`~mypbxdesk.service.view.CallView`
  (the name from the contacts, the PBX or the history; the formatted number),
  resolved once by the :class:`~mypbxdesk.service.view.CallResolver`, so the
  pop, the call panel, the CRM action and ``monitor`` agree on who is calling;
* after every (re)login the live calls are rebuilt from ``CoreShowChannels``
  (events sent while we were offline are lost, ami-protocol.md pitfall 27);
* a call that rings with no change for longer than any PBX rings is checked
  against the PBX's channel list and ended if its channel is gone (events in
  an order the model cannot read left it "ringing" forever, ``calls/ghosts.py``);
* the seed's DAHDI look-up (``Action: Command``) runs when the tracker asks,
  once per port, in the background;
* transfer (``Redirect`` of the other party's channel into
  ``DLPN_DialPlan<target>``, seed §1.5) and hang-up act on a ``call_id``, so
  the UI never handles channel names.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from ..ami import actions
from ..ami.errors import ActionFailed, AmiError, InvalidAction
from ..ami.message import Message
from ..base.numbers import DialNumber, InvalidNumber, validate_extension
from ..base.text import Msg
from ..calls import Call, CallChange, CallTracker, History, MyPhone
from ..calls.directory import DIRECTORY_COMMANDS, parse_extensions
from ..calls.ghosts import RingWatch
from ..calls.history import STOP_WAIT
from ..contacts.book import ContactBook
from ..driver.client import AmiClient, AmiOptions, ConnectionStatus
from ..driver.connection import AmiConnection
from ..settings.config import Settings
from .clicktodial import DialResult, dial
from .view import CallResolver, CallView, ResolvedChange

log = logging.getLogger("mypbxdesk.service")

ChangeCallback = Callable[[ResolvedChange], None]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of an action (transfer, hang-up, park …), in words for the user
    (a :class:`~mypbxdesk.base.text.Msg`, or the PBX's own words).

    Attributes:
        slot: the parking slot, for a park that worked.
    """

    ok: bool
    message: str
    slot: str = ""


def ami_options(settings: Settings, secret: str) -> AmiOptions:
    return AmiOptions(
        host=settings.host,
        port=settings.port,
        username=settings.username,
        secret=secret,
        tls=settings.tls,
        tls_verify=settings.tls_verify,
        plain_login=settings.plain_login,
        fallback_encoding=settings.fallback_encoding,
    )


def my_phone(settings: Settings) -> MyPhone:
    port = settings.dahdi_port if settings.phone_type == "dahdi" else None
    return MyPhone(settings.extension, dahdi_port=port)


def redirect_channel(call: Call, target: str, my_extension: str) -> str | Outcome:
    """The channel a Redirect sends to ``target`` (``call``'s other party), or the
    refusal saying why it cannot: the call panel's transfer and the console's."""
    if not call.peer_channel:
        return Outcome(
            False,
            Msg.of(
                "the other party's channel is not known, so the call "
                "cannot be transferred from here"
            ),
        )
    if target == my_extension:
        return Outcome(False, Msg.of("that is your own extension"))
    return call.peer_channel


def refusal(exc: AmiError) -> Outcome:
    """An action that did not go, in words for the user: the call panel's and the
    console's (which first checks for ``Permission denied``)."""
    if isinstance(exc, ActionFailed):
        return Outcome(False, Msg.of("the PBX refused: {reason}", reason=exc.message))
    if isinstance(exc, InvalidAction):
        return Outcome(False, Msg.of("not sent: {reason}", reason=str(exc)))
    return Outcome(False, str(exc))  # NotConnected and the rest say it themselves


class PhoneService:
    """Follows the calls of ``settings.extension`` and acts on them.

    Attributes:
        client: the AMI client (status, wire listeners).
        tracker: the call model.
        resolver: names calls (contacts, PBX, history) for the observers.
    """

    def __init__(
        self,
        settings: Settings,
        secret: str,
        *,
        history: History | None = None,
        contacts: ContactBook | None = None,
        clock: Callable[[], float] = time.time,
        client: AmiClient | None = None,
        load_directory: bool = False,
    ) -> None:
        self.settings = settings
        self.client = client or AmiClient(ami_options(settings, secret))
        self.tracker = CallTracker(my_phone(settings), clock=clock)
        book = contacts if contacts is not None else ContactBook(None, settings.default_region)
        self.resolver = CallResolver(book, history)
        self._clock = clock
        self._change_callbacks: list[ChangeCallback] = []
        self._tasks: set[asyncio.Task[None]] = set()
        # One timer for the tracker's next deadline (a lingering call ending,
        # an Originate hint expiring), never a periodic tick: an idle app sleeps.
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at: float | None = None
        # Ringing calls with no change for minutes are checked with the PBX: one
        # timer for the next such check, never a periodic poll.
        self._ring_watch = RingWatch()
        self._ghost_timer: asyncio.TimerHandle | None = None
        self._ghost_at: float | None = None
        #: The channel list of the last resync (``CoreShowChannel`` items), which the
        #: console reads too (who talks to whom) instead of asking again.
        self.channel_list: list[Message] = []
        #: Extensions the PBX knows (from its peer/endpoint list), for transfers;
        #: loaded after each login when ``load_directory`` (the GUI wants it).
        self.extensions: list[str] = []
        self._load_directory_on_login = load_directory
        self.client.subscribe(self._on_event, CallTracker.wanted_events)
        self.client.on_connected(self._resync)

    # -- observation --------------------------------------------------------------
    def forget_observer(self, callback: ChangeCallback) -> None:
        """Stop calling ``callback``."""
        while callback in self._change_callbacks:
            self._change_callbacks.remove(callback)

    def on_change(self, callback: ChangeCallback) -> None:
        """Call ``callback`` with each change of a call and its resolved view."""
        self._change_callbacks.append(callback)

    @property
    def history(self) -> History | None:
        """The call history, or None."""
        return self.resolver.history

    @property
    def contacts(self) -> ContactBook:
        """The user's imported contacts (names for caller numbers)."""
        return self.resolver.contacts

    @contacts.setter
    def contacts(self, book: ContactBook) -> None:
        self.resolver.contacts = book

    def on_status(self, callback: Callable[[ConnectionStatus], None]) -> None:
        self.client.on_status(callback)

    @property
    def status(self) -> ConnectionStatus:
        return self.client.status

    @property
    def calls(self) -> list[Call]:
        return list(self.tracker.calls)

    def views(self) -> list[CallView]:
        """The live calls as views (for a window that opens mid-call; changes
        after that come with their view)."""
        return [self.resolver.view(call) for call in self.tracker.calls]

    def find(self, call_id: str) -> Call | None:
        return next((c for c in self.tracker.calls if c.call_id == call_id), None)

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        self.client.start()

    def _arm(self) -> None:
        """Arm (or move) the one timer for the tracker's next deadline."""
        deadline = self.tracker.next_deadline()
        if deadline == self._timer_at:
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._timer_at = deadline
        if deadline is not None:
            delay = max(0.0, deadline - self.tracker.deadline_now())
            self._timer = asyncio.get_running_loop().call_later(delay, self._on_deadline)

    def _arm_ghost_check(self) -> None:
        """Arm (or move) the one timer for the next ringing call to check."""
        due = self._ring_watch.next_check()
        if due == self._ghost_at:
            return
        if self._ghost_timer is not None:
            self._ghost_timer.cancel()
            self._ghost_timer = None
        self._ghost_at = due
        if due is not None:
            delay = max(0.0, due - self.tracker.deadline_now())
            self._ghost_timer = asyncio.get_running_loop().call_later(delay, self._on_ghost_due)

    def _on_ghost_due(self) -> None:
        self._ghost_timer = None
        self._ghost_at = None
        self._spawn(self.check_ringing(), "check-ringing")

    async def check_ringing(self) -> None:
        """Ask the PBX about the calls that rang too long with no change; end the
        ones whose channel it no longer has (``calls/ghosts.py``)."""
        watch = self._ring_watch
        due = watch.due(self.tracker.deadline_now())
        if due:
            try:
                result = await self.client.send(actions.core_show_channels(), timeout=15)
            except AmiError as exc:  # offline: the resync after the next login settles it
                log.info("could not check %d long-ringing call(s): %s", len(due), exc)
                watch.checked(due, self.tracker.deadline_now(), answered=False)
            else:
                # Only calls still due: one that changed meanwhile is not a ghost.
                still = watch.due(self.tracker.deadline_now())
                ended = self.tracker.end_gone([c for c in due if c in still], result.events)
                for change in ended:
                    log.info(
                        "ended call %s: the PBX no longer has its channel", change.call.call_id
                    )
                self._publish(ended)
                watch.checked(due, self.tracker.deadline_now(), answered=True)
        self._arm_ghost_check()

    def _on_deadline(self) -> None:
        """A lingering call's grace period ran out (a quiet PBX sends no event
        that would end it)."""
        self._timer = None
        self._timer_at = None
        self._publish(self.tracker.tick())

    async def aclose(self) -> None:
        await self.client.aclose()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._ghost_timer is not None:
            self._ghost_timer.cancel()
            self._ghost_timer = None
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.history is not None:
            # Calls still open end as "app stopped"; waiting for the disk (a locked
            # file may take the whole STOP_WAIT) happens in a worker thread, so the
            # window stays responsive while the app quits.
            self.history.end_live_calls()
            written = await asyncio.to_thread(self.history.flush)
            self.history.close(timeout=STOP_WAIT if written else 0.2)

    def reconfigure(self, settings: Settings, secret: str) -> None:
        """New settings: a new identity for the tracker and a fresh login."""
        self.settings = settings
        self.tracker = CallTracker(my_phone(settings), clock=self._clock)
        self._ring_watch.forget()
        self.resolver.contacts.set_region(settings.default_region)
        self.client.reconfigure(ami_options(settings, secret))

    # -- events -------------------------------------------------------------------------
    def _on_event(self, msg: Message) -> None:
        self._publish(self.tracker.apply(msg))
        for lookup in self.tracker.lookups_needed():
            self._spawn(self._lookup_dahdi(lookup.port), f"dahdi-lookup-{lookup.port}")

    def _publish(self, changes: list[CallChange]) -> None:
        self._arm()
        if changes:
            self._ring_watch.note(changes, self.tracker.deadline_now())
            self._arm_ghost_check()
        for change in changes:
            if self.history is not None:
                try:
                    self.history.record(change)
                except Exception:  # a full disk must not cost the screen-pop
                    log.exception("could not record the call in the history")
            if not self._change_callbacks:
                continue
            resolved = self.resolver.resolve(change)  # once, for every observer
            for callback in tuple(self._change_callbacks):
                try:
                    callback(resolved)
                except Exception:
                    log.exception("error in a call change observer")

    async def _resync(self, conn: AmiConnection) -> None:
        try:
            result = await conn.send(actions.core_show_channels(), timeout=15)
        except AmiError as exc:
            log.warning("could not list the live channels after login: %s", exc)
        else:
            self.channel_list = list(result.events)
            self._publish(self.tracker.resync(result.events))
        if self._load_directory_on_login:
            await self._load_directory(conn)

    async def _load_directory(self, conn: AmiConnection) -> None:
        """The PBX's extensions, for the transfer list (needs the AMI 'command'
        permission; without it the list stays as it was and targets are typed)."""
        found: list[str] = []
        for cli in DIRECTORY_COMMANDS:
            try:
                result = await conn.send(actions.command(cli), timeout=10, check=False)
            except AmiError:
                return
            if result.response.is_success:
                found.extend(parse_extensions(result.response.output))
        if found:
            self.extensions = sorted(set(found), key=lambda n: (len(n), n))

    async def _lookup_dahdi(self, port: str) -> None:
        lines: list[str] = []
        try:
            result = await self.client.send(
                actions.command(f"dahdi show channel {port}"), timeout=10, check=False
            )
            lines = result.response.output
        except AmiError as exc:
            log.warning("DAHDI port %s look-up failed: %s", port, exc)
        self._publish(self.tracker.resolve_dahdi(port, lines))

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- actions ------------------------------------------------------------------------
    async def dial(
        self, number: DialNumber, *, on_phone_ringing: Callable[[str], None] | None = None
    ) -> DialResult:
        """Click-to-dial ``number`` from the user's phone (see
        :func:`mypbxdesk.service.clicktodial.dial`). The number was cleaned at the
        edge (:func:`~mypbxdesk.base.numbers.clean_number`) and is not cleaned again."""
        self.expect_originate(number)
        return await dial(
            self.client.send, self.settings, number, on_phone_ringing=on_phone_ringing
        )

    def expect_originate(self, number: str) -> None:
        """An Originate from the user's phone to ``number`` is about to be sent: the
        phone's next call is that one (reported as outgoing while it rings)."""
        self.tracker.expect_originate(number)
        self._arm()

    async def transfer(self, call_id: str, target: str) -> Outcome:
        """Redirect the other party of ``call_id`` to extension ``target`` (seed §1.5)."""
        try:
            target = validate_extension(target)
        except InvalidNumber as exc:
            return Outcome(False, str(exc))
        call = self.find(call_id)
        if call is None:
            return Outcome(False, Msg.of("that call has already ended"))
        channel = redirect_channel(call, target, self.settings.extension)
        if isinstance(channel, Outcome):
            return channel
        action = actions.redirect(channel, self.settings.context_for(target), target)
        return await self._act(action, Msg.of("Transferred to {target}", target=target))

    async def hangup(self, call_id: str) -> Outcome:
        """Hang up the user's side of ``call_id``."""
        call = self.find(call_id)
        if call is None:
            return Outcome(False, Msg.of("that call has already ended"))
        channel = call.my_channel or call.peer_channel
        if not channel:
            return Outcome(False, Msg.of("the call's channel is not known"))
        return await self._act(actions.hangup(channel), Msg.of("Hung up"))

    async def _act(self, action: actions.Action, success: Msg) -> Outcome:
        try:
            await self.client.send(action)
        except AmiError as exc:
            return refusal(exc)
        return Outcome(True, success)


async def check_connection(settings: Settings, secret: str) -> Outcome:
    """Log in once with ``settings`` and report precisely what happened."""
    from ..ami.errors import AuthenticationFailed
    from ..driver.client import connect

    try:
        conn = await connect(ami_options(settings, secret))
    except AuthenticationFailed:
        return Outcome(
            False,
            Msg.of(
                "the PBX refused user {username}: wrong username or secret",
                username=repr(settings.username),
            ),
        )
    except AmiError as exc:
        return Outcome(False, str(exc))
    with contextlib.suppress(AmiError):
        await conn.logoff()
    return Outcome(
        True,
        Msg.of(
            "Connected to {address} (AMI {version}, {auth} login)",
            address=f"{settings.host}:{settings.port}",
            version=conn.info.version,
            auth=conn.info.auth,
        ),
    )
