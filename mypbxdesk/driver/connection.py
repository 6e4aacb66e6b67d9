"""One AMI session over asyncio: connect, banner, login, actions, events.

Layer 2 (``mypbxdesk.ami`` client): asyncio + the sans-IO protocol modules; no Qt.

The socket is read by an :class:`asyncio.Protocol`, so reading never waits
for anyone: ``data_received`` frames messages (cheap), completes the futures
of pending actions and appends events to a queue. A separate dispatcher task
hands the events to subscribers in small batches, yielding to the loop
between batches, so a slow subscriber (the Qt GUI under qasync shares this
thread) delays the screen-pop by a batch at most and never stalls the socket
— Asterisk drops a client whose socket stalls for ~100 ms (ami-protocol.md
§1.7). The queue is bounded twice: at ``pause_events`` queued events reading
pauses (TCP backpressure) until half are handled, so a flood costs a bounded
amount of memory and loses nothing; and past ``max_queued_events`` the session
is declared overloaded and closed; the reconnect and resync that follow rebuild
the state, which is better than unbounded memory.

When the link drops, every pending action fails with :class:`ConnectionLost`
and is **never re-sent**: an Originate must never ring twice
(ami-protocol.md §7.5 pitfall 25).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import secrets
import ssl as ssl_module
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count

from ..ami import actions
from ..ami.actions import Action
from ..ami.correlation import (
    Acknowledged,
    ActionResult,
    Collected,
    Completed,
    Correlator,
    Expect,
    Unmatched,
)
from ..ami.errors import (
    ActionFailed,
    ActionTimeout,
    AmiError,
    AuthenticationFailed,
    ConnectionLost,
    InvalidAction,
    ProtocolError,
)
from ..ami.framing import Banner, Parser
from ..ami.message import Message
from ..ami.writer import encode_message
from ..base.text import Msg, template

log = logging.getLogger("mypbxdesk.ami")
wire_log = logging.getLogger("mypbxdesk.ami.wire")

EventCallback = Callable[[Message], None]
#: ``(direction, message)`` with direction ``"sent"`` or ``"received"``.
WireCallback = Callable[[str, Message], None]

#: Words for the ``Reason`` of a failed OriginateResponse (ami-protocol.md §2.6.3).
#: Templates for :class:`~mypbxdesk.base.text.Msg` with ``{channel}`` (and ``{reason}``).
ORIGINATE_REASONS = {
    "0": template("{channel} could not be reached (no such phone, or it is not registered)"),
    "1": template("{channel} hung up or rejected the call"),
    "3": template("{channel} rang but nobody picked it up"),
    "4": template("answered"),
    "5": template("{channel} is busy"),
    "8": template("the PBX could not place the call (congestion)"),
}
_OTHER_REASON = template("the call failed (reason {reason})")


def session_id_factory() -> Callable[[], str]:
    """ActionIDs ``<8 hex>-<n>``: unique per connection, short (pitfall 13a)."""
    prefix = secrets.token_hex(4)
    counter = count(1)
    return lambda: f"{prefix}-{next(counter)}"


@dataclass(slots=True)
class _Waiter:
    done: asyncio.Future[ActionResult]
    on_ack: Callable[[Message], None] | None = None


@dataclass(slots=True)
class SessionInfo:
    """What we learned while connecting: banner, auth method used."""

    product: str = ""
    version: str = ""
    auth: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class _AmiProtocol(asyncio.Protocol):
    """Socket side of :class:`AmiConnection`: parse, route, never block."""

    def __init__(self, conn: AmiConnection) -> None:
        self._conn = conn

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._conn._transport = transport

    def data_received(self, data: bytes) -> None:
        self._conn._on_data(data)

    def eof_received(self) -> bool | None:
        self._conn._on_data(b"")
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        self._conn._on_lost(exc)


class AmiConnection:
    """A single AMI session. Use :meth:`open`, then :meth:`login`.

    Attributes:
        info: banner and auth details once known.
        closed: a future resolved (with the reason) when the link is gone.
    """

    def __init__(
        self,
        *,
        fallback_encoding: str = "latin-1",
        action_id_factory: Callable[[], str] | None = None,
        max_queued_events: int = 200_000,
        dispatch_batch: int = 200,
        parse_slice: int | None = 500,
        max_backlog: int = 64 << 20,
        pause_events: int = 2_000,
        pause_bytes: int = 1 << 20,
    ) -> None:
        self._parser = Parser(expect_banner=True, fallback_encoding=fallback_encoding)
        self._correlator = Correlator()
        self._next_id = action_id_factory or session_id_factory()
        self._waiters: dict[str, _Waiter] = {}
        self._transport: asyncio.Transport | None = None
        self._banner: asyncio.Future[Banner] | None = None
        self._events: collections.deque[Message] = collections.deque()
        self._event_ready = asyncio.Event()
        self._subscribers: list[EventCallback] = []
        self._wire_listeners: list[WireCallback] = []
        self._max_queued = max_queued_events
        self._batch = dispatch_batch
        self._parse_slice = parse_slice
        self._max_backlog = max_backlog
        self._pumping = False
        self._pause_events = pause_events
        self._pause_bytes = pause_bytes
        self._stalled = False  # parsing waits for the subscribers to catch up
        self._reading_paused = False
        self._dispatcher: asyncio.Task[None] | None = None
        self._lost_reason: AmiError | None = None
        self._goodbye = False
        self.info = SessionInfo()
        self.closed: asyncio.Future[AmiError] = asyncio.get_running_loop().create_future()
        self.events_received = 0
        self._last_received = time.monotonic()

    # -- subscriptions ----------------------------------------------------------
    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        """Call ``callback(event)`` for every unsolicited event. Returns an unsubscribe."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def add_wire_listener(self, callback: WireCallback) -> None:
        """See every message in both directions (the AMI log window). Secrets included:
        listeners must redact, e.g. with :meth:`Message.redacted_headers`."""
        self._wire_listeners.append(callback)

    # -- lifecycle --------------------------------------------------------------
    async def open(
        self,
        host: str,
        port: int,
        *,
        timeout: float = 10.0,
        ssl: ssl_module.SSLContext | None = None,
    ) -> Banner:
        """Connect and read the banner.

        Raises:
            ConnectionLost: refused, unreachable, timed out, or closed before
                the banner (e.g. the PBX's AMI "permit" list excludes us).
            ProtocolError: the service on that port is not AMI.
        """
        loop = asyncio.get_running_loop()
        self._banner = loop.create_future()
        where = f"{host}:{port}"
        try:
            async with asyncio.timeout(timeout):
                await loop.create_connection(
                    lambda: _AmiProtocol(self),
                    host,
                    port,
                    ssl=ssl,
                    server_hostname=host if ssl is not None else None,
                )
                banner = await self._banner
        except TimeoutError:
            self.abort()
            raise ConnectionLost(
                Msg.of(
                    "no AMI greeting from {address} within {seconds} s",
                    address=where,
                    seconds=f"{timeout:g}",
                )
            ) from None
        except ssl_module.SSLError as exc:
            self.abort()
            raise ConnectionLost(
                Msg.of(
                    "TLS handshake with {address} failed: {reason}",
                    address=where,
                    reason=str(exc.reason),
                )
            ) from None
        except ConnectionRefusedError:
            raise ConnectionLost(
                Msg.of(
                    "{address} refused the connection "
                    "(is AMI enabled on the PBX, and the port right?)",
                    address=where,
                )
            ) from None
        except OSError as exc:
            raise ConnectionLost(
                Msg.of(
                    "cannot reach {address}: {reason}",
                    address=where,
                    reason=str(exc.strerror or exc),
                )
            ) from None
        self.info.product, self.info.version = banner.product, banner.version
        self._dispatcher = asyncio.create_task(self._dispatch(), name="ami-dispatch")
        return banner

    async def login(
        self,
        username: str,
        secret: str,
        *,
        events: str = actions.DEFAULT_EVENT_MASK,
        auth: str = "auto",
        timeout: float = 10.0,
    ) -> None:
        """Log in: MD5 challenge when the PBX offers it (``auth="auto"``), else plain.

        Raises:
            AuthenticationFailed: wrong username or secret.
            ActionFailed: another refusal (e.g. ``Login Already In Use``).
            ConnectionLost, ActionTimeout.
        """
        try:
            await self._login_steps(username, secret, events, auth, timeout)
        except ConnectionLost as exc:
            if self._goodbye or "closed the connection" not in str(exc):
                raise
            # Greeted, then dropped without an answer: the PBX's "permit" list
            # (or a firewall in front of it) excludes this computer.
            raise ConnectionLost(
                Msg.of(
                    "the PBX closed the connection during login (is this computer's address "
                    "permitted in the PBX's AMI settings?)"
                )
            ) from None

    async def _login_steps(
        self, username: str, secret: str, events: str, auth: str, timeout: float
    ) -> None:
        if auth in ("auto", "md5"):
            result = await self.send(actions.challenge(), timeout=timeout, check=False)
            text = result.response.get("Challenge")
            if result.response.is_success and text:
                self.info.auth = "md5"
                await self._login(actions.login_md5(username, text, secret, events), timeout)
                return
            if auth == "md5":
                raise ActionFailed(Msg.of("the PBX does not offer MD5 login"), result.response)
        self.info.auth = "plain"
        await self._login(actions.login(username, secret, events), timeout)

    async def _login(self, action: Action, timeout: float) -> None:
        result = await self.send(action, timeout=timeout, check=False)
        if result.response.is_success:
            return
        text = result.response.message_text
        if "authentication" in text.lower():
            # 1.8 closes the socket right after this answer (§1.7).
            error = AuthenticationFailed(Msg.of("the PBX refused the AMI username or secret"))
            self._lost_reason = error
            raise error
        raise ActionFailed(
            Msg.of("login refused: {reason}", reason=text or Msg.of("no reason given")),
            result.response,
        )

    async def logoff(self, timeout: float = 2.0) -> None:
        """Say goodbye politely, then close. Never raises."""
        if self.is_open:
            self._goodbye = True
            with contextlib.suppress(AmiError):
                await self.send(actions.logoff(), timeout=timeout, check=False)
        self.abort()
        await self.wait_closed()

    def abort(self, reason: AmiError | None = None) -> None:
        """Close the socket at once; pending actions fail with ConnectionLost."""
        if reason is not None and self._lost_reason is None:
            self._lost_reason = reason
        if self._transport is not None:
            self._transport.abort()
        else:
            self._on_lost(None)

    async def wait_closed(self) -> None:
        await asyncio.shield(self.closed)
        if self._dispatcher is not None:
            await asyncio.gather(self._dispatcher, return_exceptions=True)

    @property
    def is_open(self) -> bool:
        return self._transport is not None and not self.closed.done()

    # -- actions ------------------------------------------------------------------
    async def send(
        self,
        action: Action,
        *,
        timeout: float = 10.0,
        check: bool = True,
        on_ack: Callable[[Message], None] | None = None,
    ) -> ActionResult:
        """Send ``action`` and wait for its complete answer.

        ``timeout`` covers the whole answer (for an Async Originate, until the
        ``OriginateResponse``). ``on_ack`` is called with the first response of
        a list or an Originate.

        Raises:
            InvalidAction: unsafe header values; nothing was sent.
            ActionFailed: the PBX answered with an error (only when ``check``).
            ActionTimeout, ConnectionLost.
        """
        action_id = self._next_id()
        data = encode_message(action.wire_headers(action_id))  # may raise InvalidAction
        if not self.is_open or self._transport is None:
            raise self._lost_reason or ConnectionLost(Msg.of("not connected to the PBX"))
        done: asyncio.Future[ActionResult] = asyncio.get_running_loop().create_future()
        self._correlator.expect(action_id, action.expect)
        self._waiters[action_id] = _Waiter(done, on_ack)
        self._transport.write(data)
        if wire_log.isEnabledFor(logging.DEBUG) or self._wire_listeners:
            self._notify_wire("sent", Message(action.wire_headers(action_id)))
        try:
            async with asyncio.timeout(timeout):
                result = await asyncio.shield(done)
        except TimeoutError:
            self._correlator.cancel(action_id)
            self._waiters.pop(action_id, None)
            raise ActionTimeout(
                Msg.of(
                    "the PBX did not answer {action} within {seconds} s",
                    action=action.name,
                    seconds=f"{timeout:g}",
                )
            ) from None
        if check:
            raise_for_result(action, result)
        return result

    # -- socket callbacks ---------------------------------------------------------
    @property
    def idle_for(self) -> float:
        """Seconds since the PBX last sent a byte; 0 while we hold it back (then a
        silence is ours, not the PBX's)."""
        if self._reading_paused or self._stalled:
            return 0.0
        return time.monotonic() - self._last_received

    def _on_data(self, data: bytes) -> None:
        self._last_received = time.monotonic()
        self._parser.feed(data)
        if not self._pumping and not self._stalled:
            self._pump()
        self._check_flow()

    def _pump(self) -> None:
        """Frame and route what has arrived, ``parse_slice`` messages at a time.

        One read can hold a thousand messages; handling them all at once
        would freeze the Qt thread for as long. After each slice the rest is
        left to a ``call_soon``, so timers and repaints run in between while
        the socket keeps being read into the buffer. A backlog the machine
        cannot work off (``max_backlog`` bytes) ends the session instead of
        growing without bound; the reconnect and resync rebuild the state.
        """
        self._pumping = False
        parser = self._parser
        try:
            items = parser.drain(self._parse_slice)
        except ProtocolError as exc:
            log.error("AMI protocol error, closing the connection: %s", exc)
            if self._banner is not None and not self._banner.done():
                self._banner.set_exception(exc)
                self._banner.exception()  # mark retrieved; open() re-raises it
            self.abort(exc)
            return
        for item in items:
            if isinstance(item, Message):
                self._route(item)
            elif self._banner is not None and not self._banner.done():
                self._banner.set_result(item)
        if (
            self._parse_slice is not None
            and len(self._events) >= self._pause_events
            and not self.closed.done()
        ):
            self._stalled = True  # the dispatcher resumes parsing
            self._check_flow()
            return
        if (
            self._parse_slice is not None
            and len(items) >= self._parse_slice
            and not self.closed.done()
        ):
            if parser.buffered > self._max_backlog:
                self.abort(
                    ConnectionLost(
                        Msg.of("the PBX sends events faster than this computer can handle them")
                    )
                )
                return
            self._pumping = True
            asyncio.get_running_loop().call_soon(self._pump)
        self._check_flow()

    def _check_flow(self) -> None:
        """Backpressure: with ``pause_events`` events queued or ``pause_bytes``
        unparsed, stop reading (TCP tells the PBX to wait) until both are down
        to half.

        Memory stays bounded by these two, not by how far the PBX is ahead. A
        pause lasts a few dozen milliseconds (the dispatcher handles tens of
        thousands of events a second), far below what makes Asterisk drop us,
        and the kernel's socket buffers absorb the PBX's writes meanwhile.
        """
        queued, buffered = len(self._events), self._parser.buffered
        transport = self._transport
        if transport is None or transport.is_closing():
            return
        if not self._reading_paused:
            if queued >= self._pause_events or buffered >= self._pause_bytes:
                self._reading_paused = True
                transport.pause_reading()
        elif queued <= self._pause_events // 2 and buffered <= self._pause_bytes // 2:
            self._reading_paused = False
            transport.resume_reading()

    def _caught_up(self) -> None:
        """The dispatcher handled half of the queue: parse on, read on."""
        if self._stalled and len(self._events) <= self._pause_events // 2:
            self._stalled = False
            if not self._pumping:
                self._pump()
        self._check_flow()

    def _pump_all(self) -> None:
        """Handle everything still buffered (the link is closing: nothing may be lost)."""
        self._parse_slice, slice_ = None, self._parse_slice
        try:
            self._pump()
        finally:
            self._parse_slice = slice_

    def _route(self, msg: Message) -> None:
        if self._wire_listeners or wire_log.isEnabledFor(logging.DEBUG):
            self._notify_wire("received", msg)
        outcome = self._correlator.route(msg)
        if isinstance(outcome, Message):
            self._queue_event(outcome)
        elif isinstance(outcome, Collected):
            return
        elif isinstance(outcome, Completed):
            waiter = self._waiters.pop(outcome.result.action_id, None)
            if waiter is not None and not waiter.done.done():
                waiter.done.set_result(outcome.result)
        elif isinstance(outcome, Acknowledged):
            waiter = self._waiters.get(outcome.action_id)
            if waiter is not None and waiter.on_ack is not None:
                try:
                    waiter.on_ack(outcome.response)
                except Exception:
                    log.exception("error in an action acknowledgement callback")
        elif isinstance(outcome, Unmatched):
            if outcome.message.is_event("Shutdown") or outcome.message.name == "":
                log.warning("unexpected message from the PBX: %r", outcome.message)
            else:
                log.debug("response for no pending action: %r", outcome.message)

    def _queue_event(self, msg: Message) -> None:
        self.events_received += 1
        if msg.is_event("Shutdown"):
            log.warning("the PBX is shutting down (%s)", msg.get("Shutdown", "?"))
        if len(self._events) >= self._max_queued:
            self.abort(
                ConnectionLost(
                    Msg.of(
                        "more than {count} events waiting to be handled; reconnecting",
                        count=self._max_queued,
                    )
                )
            )
            return
        self._events.append(msg)
        self._event_ready.set()

    def _on_lost(self, exc: Exception | None) -> None:
        if self.closed.done():
            return
        if (self._pumping or self._stalled) and self._lost_reason is None:
            self._pump_all()  # e.g. "Authentication failed" right before the close
        reason = self._lost_reason
        if reason is None:
            if self._goodbye:
                reason = ConnectionLost(Msg.of("logged off"))
            elif self._parser.buffered:
                reason = ConnectionLost(
                    Msg.of("the PBX closed the connection in the middle of a message")
                )
            elif exc is not None:
                reason = ConnectionLost(
                    Msg.of("connection to the PBX lost: {reason}", reason=str(exc))
                )
            else:
                reason = ConnectionLost(Msg.of("the PBX closed the connection"))
        self._lost_reason = reason
        if self._banner is not None and not self._banner.done():
            self._banner.set_exception(
                reason
                if isinstance(reason, ProtocolError)
                else ConnectionLost(
                    Msg.of(
                        "the PBX closed the connection before greeting us "
                        "(is this computer's address permitted in the PBX's AMI settings?)"
                    )
                )
            )
            self._banner.exception()  # open() may be gone already; never "not retrieved"
        lost = ConnectionLost(Msg.of("{reason}; the action was not re-sent", reason=str(reason)))
        for action_id in self._correlator.clear():
            waiter = self._waiters.pop(action_id, None)
            if waiter is not None and not waiter.done.done():
                waiter.done.set_exception(lost)
                waiter.done.exception()  # retrieved by send(); avoid "never retrieved"
        self._waiters.clear()
        self.closed.set_result(reason)
        self._event_ready.set()

    # -- dispatch -------------------------------------------------------------------
    async def _dispatch(self) -> None:
        events = self._events
        while True:
            await self._event_ready.wait()
            self._event_ready.clear()
            while events:
                for _ in range(min(self._batch, len(events))):
                    msg = events.popleft()
                    for callback in tuple(self._subscribers):
                        try:
                            callback(msg)
                        except Exception:
                            log.exception("error in an AMI event handler (event %s)", msg.name)
                if self._stalled or self._reading_paused:
                    self._caught_up()
                if events:
                    await asyncio.sleep(0)  # let the socket and the UI breathe
            if self.closed.done():
                return

    def _notify_wire(self, direction: str, msg: Message) -> None:
        if wire_log.isEnabledFor(logging.DEBUG):
            wire_log.debug("%s %s", ">>" if direction == "sent" else "<<", msg.to_text())
        for listener in self._wire_listeners:
            try:
                listener(direction, msg)
            except Exception:
                log.exception("error in an AMI wire listener")

    def pending_actions(self) -> Iterator[str]:
        return iter(self._correlator.pending())


def describe_failure(action: Action, result: ActionResult) -> str:
    """The PBX's reason for a failed action, in plain words (the PBX's own, or a
    :class:`~mypbxdesk.base.text.Msg`)."""
    if not result.response.is_success:
        return result.response.message_text or Msg.of(
            "{action} failed (no reason given)", action=action.name
        )
    final = result.final
    if final is not None and final.is_event("OriginateResponse"):
        reason = final.get("Reason") or ""
        channel = action_header(action, "Channel") or Msg.of("the phone")
        text = ORIGINATE_REASONS.get(reason, _OTHER_REASON)
        return Msg.of(text, channel=channel, reason=reason or Msg.of("unknown"))
    return Msg.of("{action} failed", action=action.name)


def action_header(action: Action, name: str) -> str | None:
    lname = name.lower()
    return next((v for n, v in action.headers if n.lower() == lname), None)


def raise_for_result(action: Action, result: ActionResult) -> None:
    """Raise :class:`ActionFailed` unless ``result`` is a success."""
    if not result.ok:
        raise ActionFailed(describe_failure(action, result), result.response)


__all__ = [
    "ORIGINATE_REASONS",
    "AmiConnection",
    "EventCallback",
    "Expect",
    "InvalidAction",
    "SessionInfo",
    "WireCallback",
    "describe_failure",
    "raise_for_result",
]
