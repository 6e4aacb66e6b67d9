"""One AMI session over a stream: read, frame, route, dispatch, answer actions.

Layer 2 (``mypbxdesk.driver``): asyncio + ``mypbxdesk.ami``; no Qt.

Two tasks per session, and the protocol object between them:

* the **reader** reads up to 256 KiB at a time, feeds :class:`AmiProtocol`,
  completes the futures of answered actions at once (a ``Ping`` answer is never
  stuck behind events that were read before it) and queues the wanted events;
* the **dispatcher** hands the queued events to the subscribers in batches of
  ``dispatch_batch``, yielding to the loop between batches, so the Qt GUI (which
  shares this thread under qasync) repaints during a burst.

Flow control that cannot wedge: the reader stops reading while
``pause_events`` events wait for the dispatcher (TCP then tells the PBX to
wait) and reads on once half of them are handled. It never stops for a message
in progress — an unfinished message either completes or breaks the link at
``max_message`` bytes. :attr:`AmiConnection.last_progress` moves whenever a
message is framed *or* a batch is dispatched: the keepalive counts a paused
reader as "we are behind", not as "the PBX is fine" and not as "the PBX is dead".

When the link drops, every pending action fails with
:class:`~mypbxdesk.ami.errors.ConnectionLost` and is **never re-sent**: an
Originate must never ring twice (ami-protocol.md §7.5 pitfall 25).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import ssl as ssl_module
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..ami import actions
from ..ami.actions import Action
from ..ami.correlation import Acknowledged, ActionResult, Completed, Unmatched
from ..ami.errors import (
    ActionFailed,
    ActionTimeout,
    AmiError,
    ConnectionLost,
    ProtocolError,
)
from ..ami.framing import Banner
from ..ami.message import Kind, Message
from ..ami.protocol import AmiProtocol, Greeting, LoggedIn, LoginFailed, ProtocolEvent
from ..base.text import Msg, template
from .clock import Clock, SystemClock, wait_for
from .errors import map_connect_errors, redact
from .transport import READ_SIZE, Stream, TcpTransport, Transport

log = logging.getLogger("mypbxdesk.ami")
wire_log = logging.getLogger("mypbxdesk.ami.wire")

EventCallback = Callable[[Message], None]
#: ``(direction, frames)``: ``"sent"`` or ``"received"``, and the messages as
#: raw bytes (parse with :meth:`Message.from_frame`) or :class:`Message`.
WireCallback = Callable[[str, Sequence[bytes | Message]], None]

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

__all__ = [
    "ORIGINATE_REASONS",
    "AmiConnection",
    "EventCallback",
    "SessionInfo",
    "WireCallback",
    "describe_failure",
    "raise_for_result",
]


@dataclass(slots=True)
class SessionInfo:
    """What we learned while connecting: banner, auth method used."""

    product: str = ""
    version: str = ""
    auth: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Waiter:
    done: asyncio.Future[ActionResult]
    on_ack: Callable[[Message], None] | None = None


class AmiConnection:
    """A single AMI session. Make one with :meth:`open`, then :meth:`login`.

    Attributes:
        info: banner and auth details once known.
        closed: a future resolved (with the reason) when the link is gone.
        events_received: events queued for the subscribers so far.
        pauses: how often reading waited for the dispatcher to catch up.
        last_progress: clock time a message was last framed or a batch of
            events last dispatched.
    """

    def __init__(
        self,
        stream: Stream,
        *,
        clock: Clock | None = None,
        protocol: AmiProtocol | None = None,
        dispatch_batch: int = 200,
        pause_events: int = 2_000,
        secrets: Iterable[str] = (),
    ) -> None:
        self._stream = stream
        self._clock = clock or SystemClock()
        self._proto = protocol or AmiProtocol()
        self._batch = dispatch_batch
        self._pause_events = pause_events
        self._secrets = tuple(s for s in secrets if s)
        self._waiters: dict[str, _Waiter] = {}
        self._events: collections.deque[Message] = collections.deque()
        self._event_ready = asyncio.Event()
        self._resume = asyncio.Event()
        self._resume.set()
        self._subscribers: list[EventCallback] = []
        self._wire_listeners: list[WireCallback] = []
        self._banner: asyncio.Future[Banner] = asyncio.get_running_loop().create_future()
        self._login: asyncio.Future[str] | None = None
        self._lost_reason: AmiError | None = None
        self._goodbye = False
        self.info = SessionInfo()
        self.closed: asyncio.Future[AmiError] = asyncio.get_running_loop().create_future()
        self.events_received = 0
        self.pauses = 0  # how often reading waited for the dispatcher
        self.last_progress = self._clock.monotonic()
        if wire_log.isEnabledFor(logging.DEBUG):
            self._proto.set_keep_wire(True)
        self._reader = asyncio.create_task(self._read_loop(), name="ami-read")
        self._dispatcher = asyncio.create_task(self._dispatch_loop(), name="ami-dispatch")

    # -- making one ----------------------------------------------------------------------
    @classmethod
    async def open(
        cls,
        host: str,
        port: int,
        *,
        transport: Transport | None = None,
        clock: Clock | None = None,
        timeout: float = 10.0,
        ssl: ssl_module.SSLContext | None = None,
        protocol: AmiProtocol | None = None,
        dispatch_batch: int = 200,
        pause_events: int = 2_000,
        subscribers: Sequence[EventCallback] = (),
        wire_listeners: Sequence[WireCallback] = (),
    ) -> AmiConnection:
        """Connect and read the banner.

        Raises:
            PbxUnreachable: refused, unreachable, timed out.
            ConnectionLost: closed before the banner (the PBX's "permit" list
                excludes us), TLS failure.
            ProtocolError: the service on that port is not AMI.
            ConfigurationError: a host name that is not a name.
        """
        clock = clock or SystemClock()
        transport = transport or TcpTransport()
        with map_connect_errors(host, port, timeout):
            stream = await wait_for(transport.connect(host, port, ssl=ssl), timeout, clock)
        conn = cls(
            stream,
            clock=clock,
            protocol=protocol,
            dispatch_batch=dispatch_batch,
            pause_events=pause_events,
        )
        for callback in subscribers:
            conn.subscribe(callback)
        for listener in wire_listeners:
            conn.add_wire_listener(listener)
        try:
            with map_connect_errors(host, port, timeout):
                banner = await wait_for(asyncio.shield(conn._banner), timeout, clock)
        except BaseException:
            conn.abort()
            raise
        conn.info.product, conn.info.version = banner.product, banner.version
        return conn

    # -- subscriptions -------------------------------------------------------------------
    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        """Call ``callback(event)`` for every wanted event. Returns an unsubscribe."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def add_wire_listener(self, callback: WireCallback) -> None:
        """See every message in both directions (the AMI log window). Secrets
        included: listeners must redact (``Message.redacted_headers``)."""
        self._wire_listeners.append(callback)
        self._proto.set_keep_wire(True)

    @property
    def protocol(self) -> AmiProtocol:
        return self._proto

    # -- login -------------------------------------------------------------------------
    async def login(
        self,
        username: str,
        secret: str,
        *,
        events: str = actions.DEFAULT_EVENT_MASK,
        plain_allowed: bool = False,
        md5_seen: bool = False,
        timeout: float = 10.0,
    ) -> None:
        """Log in through the protocol's login table (MD5 challenge first).

        Raises:
            AuthenticationFailed: wrong username or secret.
            ConfigurationError: no MD5 and plain login not allowed; a line
                break in the secret.
            ActionFailed: another refusal (e.g. ``Login Already In Use``).
            ConnectionLost, ActionTimeout.
        """
        self._secrets = (*self._secrets, secret) if secret else self._secrets
        self._login = asyncio.get_running_loop().create_future()
        if self.closed.done():  # greeted, then dropped at once
            self._login.set_exception(self.closed.result())
            self._login.exception()
        self._proto.start_login(
            username, secret, events=events, plain_allowed=plain_allowed, md5_seen=md5_seen
        )
        self._flush()
        try:
            self.info.auth = await wait_for(asyncio.shield(self._login), timeout, self._clock)
        except TimeoutError:
            self.abort()
            raise ActionTimeout(
                Msg.of(
                    "the PBX did not answer the login within {seconds} s", seconds=f"{timeout:g}"
                )
            ) from None
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

    @property
    def md5_offered(self) -> bool:
        return self._proto.md5_offered

    async def logoff(self, timeout: float = 2.0) -> None:
        """Say goodbye politely, then close. Never raises."""
        if self.is_open:
            self._goodbye = True
            with contextlib.suppress(AmiError):
                await self.send(actions.logoff(), timeout=timeout, check=False)
        self.abort()
        await self.wait_closed()

    def abort(self, reason: AmiError | None = None) -> None:
        """Close the link at once; pending actions fail with ConnectionLost."""
        if reason is not None and self._lost_reason is None:
            self._lost_reason = reason
        self._stream.abort()
        self._reader.cancel()
        self._on_lost(None)

    async def wait_closed(self) -> None:
        await asyncio.shield(self.closed)
        await asyncio.gather(self._reader, self._dispatcher, return_exceptions=True)

    @property
    def is_open(self) -> bool:
        return not self.closed.done()

    @property
    def messages_received(self) -> int:
        """Every message framed so far (banner and login answers included)."""
        return self._proto.messages_received

    @property
    def events_pending(self) -> int:
        """Events queued for the subscribers and not handed over yet."""
        return len(self._events)

    # -- actions ---------------------------------------------------------------------
    def send_nowait(
        self, action: Action, on_ack: Callable[[Message], None] | None = None
    ) -> tuple[str, asyncio.Future[ActionResult]]:
        """Send ``action``; returns its ActionID and the future of its answer.

        Raises:
            InvalidAction: unsafe header values; nothing was sent.
            ConnectionLost: the link is gone.
        """
        out = self._proto.send(action)  # may raise InvalidAction
        if not self.is_open:
            self._proto.cancel(out.action_id)
            raise self._lost_reason or ConnectionLost(Msg.of("not connected to the PBX"))
        done: asyncio.Future[ActionResult] = asyncio.get_running_loop().create_future()
        self._waiters[out.action_id] = _Waiter(done, on_ack)
        self._stream.write(out.data)
        self._flush_wire()
        return out.action_id, done

    async def send(
        self,
        action: Action,
        *,
        timeout: float | None = 10.0,
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
        action_id, done = self.send_nowait(action, on_ack)
        try:
            result = await wait_for(asyncio.shield(done), timeout, self._clock)
        except TimeoutError:
            self.forget(action_id)
            raise ActionTimeout(
                Msg.of(
                    "the PBX did not answer {action} within {seconds} s",
                    action=action.name,
                    seconds=f"{timeout:g}",
                )
            ) from None
        if check:
            raise_for_result(action, result, self._secrets)
        return result

    def forget(self, action_id: str) -> None:
        """Stop waiting for an action; a late answer is ignored."""
        self._proto.cancel(action_id)
        waiter = self._waiters.pop(action_id, None)
        if waiter is not None and not waiter.done.done():
            waiter.done.cancel()

    def pending_actions(self) -> list[str]:
        return self._proto.pending()

    # -- reading -----------------------------------------------------------------------
    async def _read_loop(self) -> None:
        stream, proto = self._stream, self._proto
        try:
            while True:
                if not self._resume.is_set():
                    await self._resume.wait()
                data = await stream.read(READ_SIZE)
                proto.receive_data(data)
                framed = proto.messages_received
                events, others = proto.next_batch()
                if proto.messages_received != framed:
                    self.last_progress = self._clock.monotonic()
                self._handle(events, others)
                if not data:
                    self._on_lost(None)
                    return
                self._flush()
        except ProtocolError as exc:
            log.error("AMI protocol error, closing the connection: %s", exc)
            self._lost_reason = self._lost_reason or exc
            self._stream.abort()
            self._on_lost(exc)
        except (OSError, EOFError) as exc:
            self._on_lost(exc)
        except asyncio.CancelledError:
            self._on_lost(None)
            raise
        except Exception as exc:  # a bug: never leave the session half-alive
            log.exception("unexpected error while reading from the PBX")
            self._lost_reason = self._lost_reason or ConnectionLost(
                Msg.of("unexpected error: {reason}", reason=type(exc).__name__)
            )
            self._stream.abort()
            self._on_lost(exc)

    def _handle(self, events: list[Message], others: list[ProtocolEvent]) -> None:
        if self._wire_listeners or wire_log.isEnabledFor(logging.DEBUG):
            self._flush_wire()
        for item in others:
            if isinstance(item, Completed):
                self._complete(item.result)
            elif isinstance(item, Acknowledged):
                self._acknowledged(item)
            elif isinstance(item, Greeting):
                if not self._banner.done():
                    self._banner.set_result(item.banner)
            elif isinstance(item, LoggedIn):
                if self._login is not None and not self._login.done():
                    self._login.set_result(item.auth)
            elif isinstance(item, LoginFailed):
                self._login_failed(item.error)
            elif isinstance(item, Unmatched):
                msg = item.message
                if msg.kind is Kind.UNKNOWN:
                    log.warning("unexpected message from the PBX: %r", msg)
                else:
                    log.debug("answer for no pending action: %r", msg)
        if events:
            queue = self._events
            queue.extend(events)
            self.events_received += len(events)
            self._event_ready.set()
            if len(queue) >= self._pause_events and self._resume.is_set():
                self._resume.clear()  # TCP backpressure until the dispatcher catches up
                self.pauses += 1

    def _complete(self, result: ActionResult) -> None:
        waiter = self._waiters.pop(result.action_id, None)
        if waiter is not None and not waiter.done.done():
            waiter.done.set_result(self._redacted(result))

    def _acknowledged(self, ack: Acknowledged) -> None:
        waiter = self._waiters.get(ack.action_id)
        if waiter is not None and waiter.on_ack is not None:
            try:
                waiter.on_ack(ack.response)
            except Exception:
                log.exception("error in an action acknowledgement callback")

    def _login_failed(self, error: AmiError) -> None:
        self._lost_reason = self._lost_reason or error
        if self._login is not None and not self._login.done():
            self._login.set_exception(error)
            self._login.exception()  # login() re-raises it

    def _redacted(self, result: ActionResult) -> ActionResult:
        """The result with the secret cut out of anything the PBX said back."""
        if not self._secrets:
            return result
        msgs = [result.response, *result.events, *([result.final] if result.final else [])]
        if not any(self._echoes_secret(m) for m in msgs):
            return result

        def clean(m: Message) -> Message:
            return (
                Message(m.redacted_headers(self._secrets), m.body) if self._echoes_secret(m) else m
            )

        return ActionResult(
            result.action_id,
            clean(result.response),
            [clean(m) for m in result.events],
            clean(result.final) if result.final is not None else None,
        )

    def _echoes_secret(self, msg: Message) -> bool:
        return any(s in v for _, v in msg.headers for s in self._secrets) or any(
            s in line for line in msg.body for s in self._secrets
        )

    def _flush(self) -> None:
        data = self._proto.data_to_send()
        if data:
            self._stream.write(data)
            self._flush_wire()

    def _flush_wire(self) -> None:
        frames = self._proto.take_wire()
        if not frames:
            return
        if wire_log.isEnabledFor(logging.DEBUG):
            for direction, frame in frames:
                msg = Message.from_frame(frame) if type(frame) is bytes else frame
                text = redact(msg.to_text(self._secrets), self._secrets)  # type: ignore[union-attr]
                wire_log.debug("%s %s", ">>" if direction == "sent" else "<<", text)
        for direction in ("sent", "received"):
            batch = [f for d, f in frames if d == direction]
            if not batch:
                continue
            for listener in self._wire_listeners:
                try:
                    listener(direction, batch)
                except Exception:
                    log.exception("error in an AMI wire listener")

    # -- dispatching ---------------------------------------------------------------------
    async def _dispatch_loop(self) -> None:
        events = self._events
        popleft = events.popleft
        clock = self._clock
        resume_at = self._pause_events // 2
        while True:
            await self._event_ready.wait()
            self._event_ready.clear()
            while events:
                subscribers = tuple(self._subscribers)
                for _ in range(min(self._batch, len(events))):
                    msg = popleft()
                    for callback in subscribers:
                        try:
                            callback(msg)
                        except Exception:
                            log.exception("error in an AMI event handler (event %s)", msg.name)
                self.last_progress = clock.monotonic()
                if not self._resume.is_set() and len(events) <= resume_at:
                    self._resume.set()
                if events:
                    await asyncio.sleep(0)  # let the socket and the UI breathe
            if self.closed.done():
                return

    # -- the end -----------------------------------------------------------------------
    def _on_lost(self, exc: BaseException | None) -> None:
        if self.closed.done():
            return
        self._stream.abort()  # the peer may have closed; our side closes too
        self._resume.set()
        reason = self._lost_reason
        if reason is None:
            if self._goodbye:
                reason = ConnectionLost(Msg.of("logged off"))
            elif self._proto.buffered:
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
        if not self._banner.done():
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
        if self._login is not None and not self._login.done():
            self._login.set_exception(reason)
            self._login.exception()
        lost = ConnectionLost(Msg.of("{reason}; the action was not re-sent", reason=str(reason)))
        for action_id in self._proto.connection_lost():
            waiter = self._waiters.pop(action_id, None)
            if waiter is not None and not waiter.done.done():
                waiter.done.set_exception(lost)
                waiter.done.exception()  # retrieved by send(); avoid "never retrieved"
        for waiter in self._waiters.values():
            if not waiter.done.done():
                waiter.done.set_exception(lost)
                waiter.done.exception()
        self._waiters.clear()
        self.closed.set_result(reason)
        self._event_ready.set()


def describe_failure(action: Action, result: ActionResult, secrets: Iterable[str] = ()) -> str:
    """The PBX's reason for a failed action, in plain words (the PBX's own, or a
    :class:`~mypbxdesk.base.text.Msg`)."""
    if not result.response.is_success:
        text = result.response.message_text
        if text:
            return redact(text, secrets)
        return Msg.of("{action} failed (no reason given)", action=action.name)
    final = result.final
    if final is not None and final.is_event("OriginateResponse"):
        reason = final.get("Reason") or ""
        channel: str = action_header(action, "Channel") or Msg.of("the phone")
        text = ORIGINATE_REASONS.get(reason, _OTHER_REASON)
        return Msg.of(text, channel=channel, reason=reason or Msg.of("unknown"))
    return Msg.of("{action} failed", action=action.name)


def action_header(action: Action, name: str) -> str | None:
    lname = name.lower()
    return next((v for n, v in action.headers if n.lower() == lname), None)


def raise_for_result(action: Action, result: ActionResult, secrets: Iterable[str] = ()) -> None:
    """Raise :class:`ActionFailed` unless ``result`` is a success."""
    if not result.ok:
        raise ActionFailed(describe_failure(action, result, secrets), result.response)
