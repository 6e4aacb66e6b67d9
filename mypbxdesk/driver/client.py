"""The long-lived AMI client: stays connected, or says precisely why not.

Layer 2 (``mypbxdesk.driver``): asyncio + ``mypbxdesk.ami``; no Qt.

:class:`AmiClient` owns the reconnect loop around :class:`AmiConnection`:
connect → banner → login → "connected" hooks (the call model's resync) →
keepalive → on loss, wait (``backoff.py``) → again, for ever. Two kinds of
failure stop the loop until the user acts: a refused login (retrying a wrong
password only fills the PBX's security log, and 1.8 makes each attempt cost a
second) and settings that cannot work (``SETTINGS_ERROR``: a line break in the
secret, a host name that is not one, a PBX without MD5 login while plain-text
login is not allowed). Everything any step raises goes through
``driver.errors.classify``; nothing ends the loop by accident.

Keepalive: the session wakes every ``ping_interval`` seconds — and only then,
when nothing happens — to send a ``Ping``. No answer within ``ping_timeout``
and no progress meanwhile (no message framed, no event handled) declares the
link dead: a half-open TCP connection otherwise looks alive for hours. Progress
without an answer means the answer is queued behind a flood: the client waits,
but not for more than ``max_behind`` seconds — then it is too far behind to
show calls in time and reconnects (the resync rebuilds the calls).

Sleep and resume: ``monotonic`` stops while a laptop sleeps but the wall clock
does not. At every keepalive wake (and every ``resume_check_interval`` while
waiting to reconnect) the two are compared; when the wall clock ran
``resume_threshold`` seconds ahead, the machine was asleep (or the clock was
stepped), so the session is most likely dead: it is dropped and the client
reconnects at once, skipping any backoff, and resyncs the calls.

State is observable through :meth:`AmiClient.on_status` callbacks that get a
:class:`ConnectionStatus` with a human-readable ``detail``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl as ssl_module
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ..ami import actions
from ..ami.actions import Action
from ..ami.correlation import ActionResult
from ..ami.errors import AmiError, ConnectionLost, NotConnected
from ..ami.message import Message
from ..ami.protocol import AmiProtocol
from ..base.text import Msg
from .backoff import Backoff
from .clock import Clock, SystemClock, wait_for
from .connection import AmiConnection, EventCallback, WireCallback
from .errors import Outcome, classify
from .transport import Transport

log = logging.getLogger("mypbxdesk.ami")

__all__ = [
    "AmiClient",
    "AmiOptions",
    "ConnectionState",
    "ConnectionStatus",
    "connect",
]

#: Events the client itself reacts to, whatever the subscribers want.
CLIENT_EVENTS = frozenset({"Shutdown"})


class ConnectionState(Enum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECT_WAIT = "reconnect-wait"
    AUTH_FAILED = "auth-failed"
    SETTINGS_ERROR = "settings-error"


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    """A snapshot of the client's state for the tray, the CLI and logs.

    Attributes:
        state: where the client is.
        detail: one sentence for a human (never contains the secret); a
            :class:`~mypbxdesk.base.text.Msg` the UI translates.
        retry_in: seconds until the next attempt (``RECONNECT_WAIT`` only).
        attempt: consecutive failed attempts so far.
    """

    state: ConnectionState
    detail: str = ""
    retry_in: float | None = None
    attempt: int = 0


@dataclass(frozen=True, slots=True)
class AmiOptions:
    """How to reach and log in to the PBX. ``secret`` never shows in ``repr``.

    ``plain_login`` lets the secret cross the network in plain text when the
    PBX offers no MD5 challenge — an explicit choice, off by default, and
    refused anyway once this PBX has offered MD5 (a downgrade attempt).
    """

    host: str
    port: int = 5038
    username: str = "admin"
    secret: str = field(default="", repr=False)
    tls: bool = False
    tls_verify: bool = True
    events: str = actions.DEFAULT_EVENT_MASK
    plain_login: bool = False
    connect_timeout: float = 10.0
    action_timeout: float = 10.0
    ping_interval: float = 20.0
    ping_timeout: float = 10.0
    max_behind: float = 60.0
    fallback_encoding: str = "latin-1"
    dispatch_batch: int = 200
    pause_events: int = 2_000
    resume_check_interval: float = 5.0
    resume_threshold: float = 10.0

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def ssl_context(self) -> ssl_module.SSLContext | None:
        """The TLS context (None without TLS). Reads and parses the system's CA
        bundle (~20 ms of file I/O): :func:`connect` calls it in a worker thread."""
        if not self.tls:
            return None
        ctx = ssl_module.create_default_context()
        if not self.tls_verify:
            ctx.check_hostname = False
            ctx.verify_mode = ssl_module.CERT_NONE
        return ctx


async def connect(
    options: AmiOptions,
    *,
    subscribers: Sequence[EventCallback] = (),
    wire_listeners: Sequence[WireCallback] = (),
    wanted_events: Iterable[str] | None = None,
    transport: Transport | None = None,
    clock: Clock | None = None,
    md5_seen: bool = False,
) -> AmiConnection:
    """Open one logged-in session (for one-shot commands and "Test connection").

    ``subscribers`` are attached before the login, so no event that follows
    the login answer (FullyBooted, a call already ringing) can slip past them.
    ``wanted_events`` (None: all) are the events they get.

    Raises:
        AuthenticationFailed, ConfigurationError, ConnectionLost (PbxUnreachable),
        ProtocolError, ActionTimeout, ActionFailed.
    """
    protocol = AmiProtocol(
        wanted_events=None if wanted_events is None else {*wanted_events, *CLIENT_EVENTS},
        fallback_encoding=options.fallback_encoding,
    )
    # Off the loop: loading the CA bundle would stall the GUI at every attempt.
    ssl = await asyncio.to_thread(options.ssl_context) if options.tls else None
    conn = await AmiConnection.open(
        options.host,
        options.port,
        transport=transport,
        clock=clock,
        timeout=options.connect_timeout,
        ssl=ssl,
        protocol=protocol,
        dispatch_batch=options.dispatch_batch,
        pause_events=options.pause_events,
        subscribers=subscribers,
        wire_listeners=wire_listeners,
    )
    try:
        await conn.login(
            options.username,
            options.secret,
            events=options.events,
            plain_allowed=options.plain_login,
            md5_seen=md5_seen,
            timeout=options.action_timeout,
        )
    except BaseException:
        conn.abort()
        raise
    return conn


StatusCallback = Callable[[ConnectionStatus], None]
ConnectedHook = Callable[[AmiConnection], Awaitable[None]]


class AmiClient:
    """Keeps one AMI session alive and fans its events out.

    Subscriptions and wire listeners survive reconnects. :meth:`send` fails
    fast with :class:`NotConnected` while there is no session: a GUI shows
    why instead of queueing a call that might ring minutes later.

    Args:
        options: where and who.
        backoff: the reconnect policy.
        clock: monotonic and wall time and ``sleep`` (tests inject a fake).
        transport: opens the streams (tests inject in-memory or hostile ones).
        wall_clock: shortcut for ``SystemClock(wall=wall_clock)``.
    """

    def __init__(
        self,
        options: AmiOptions,
        *,
        backoff: Backoff | None = None,
        clock: Clock | None = None,
        transport: Transport | None = None,
        wall_clock: Callable[[], float] | None = None,
    ) -> None:
        self.options = options
        self._backoff = backoff or Backoff()
        self._clock: Clock = clock or (
            SystemClock(wall=wall_clock) if wall_clock else SystemClock()
        )
        self._transport = transport
        self._drift = self._clock.wall() - self._clock.monotonic()
        self.resumes = 0
        self._skip_next_wait = False
        self._status = ConnectionStatus(ConnectionState.DISCONNECTED, Msg.of("not started"))
        self._status_callbacks: list[StatusCallback] = []
        #: (callback, the lower-case event names it gets, or None for all)
        self._subscribers: list[tuple[EventCallback, frozenset[str] | None]] = []
        self._wanted: set[str] | None = set()
        self._wire_listeners: list[WireCallback] = []
        self._connected_hooks: list[ConnectedHook] = []
        self._conn: AmiConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        self._connected = asyncio.Event()
        self._ready = asyncio.Event()  # connected and the after-login hooks are done
        self._md5_seen: set[str] = set()

    # -- observation -------------------------------------------------------------
    @property
    def status(self) -> ConnectionStatus:
        return self._status

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def connection(self) -> AmiConnection | None:
        """The live session, if any (for wire-level diagnostics)."""
        return self._conn

    def on_status(self, callback: StatusCallback) -> None:
        self._status_callbacks.append(callback)

    def subscribe(
        self, callback: EventCallback, events: Iterable[str] | None = None
    ) -> Callable[[], None]:
        """``callback(event)`` for the events of every session.

        ``events`` names what ``callback`` handles (compared case-insensitively;
        None: everything): it gets those and no others. The union over all
        subscribers is what the protocol keeps; every other event is dropped
        before its headers are parsed. Returns an unsubscribe.
        """
        entry = (callback, None if events is None else frozenset(e.lower() for e in events))
        self._subscribers.append(entry)
        if events is None:
            self._wanted = None
        elif self._wanted is not None:
            self._wanted.update(events)
        conn = self._conn
        if conn is not None:
            conn.protocol.set_wanted_events(self._wanted_events())

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(entry)

        return unsubscribe

    def _wanted_events(self) -> set[str] | None:
        return None if self._wanted is None else self._wanted | CLIENT_EVENTS

    def add_wire_listener(self, callback: WireCallback) -> None:
        self._wire_listeners.append(callback)
        if self._conn is not None:
            self._conn.add_wire_listener(callback)

    def on_connected(self, hook: ConnectedHook) -> None:
        """``await hook(connection)`` after every successful (re)login, e.g. a resync."""
        self._connected_hooks.append(hook)

    def _set_status(self, status: ConnectionStatus) -> None:
        if status == self._status:
            return
        self._status = status
        log.info("AMI %s: %s", status.state.value, status.detail)
        for callback in tuple(self._status_callbacks):
            try:
                callback(status)
            except Exception:
                log.exception("error in a connection status callback")

    @property
    def stopping(self) -> bool:
        return self._stopping

    # -- control -------------------------------------------------------------------
    def start(self) -> None:
        """Begin connecting in the background (idempotent)."""
        if self._task is None or self._task.done():
            self._stopping = False
            self._drift = self._clock.wall() - self._clock.monotonic()
            self._task = asyncio.create_task(self._run(), name="ami-client")

    async def aclose(self) -> None:
        """Log off cleanly and stop reconnecting."""
        self._stopping = True
        self._wake.set()
        conn = self._conn
        if conn is not None:
            await conn.logoff()
        task = self._task
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._conn = None
        self._connected.clear()
        self._ready.clear()
        self._set_status(ConnectionStatus(ConnectionState.DISCONNECTED, Msg.of("stopped")))

    def reconnect_now(self) -> None:
        """Skip the rest of the wait (after resume from sleep, or a user's click)."""
        self._backoff.reset()
        self._wake.set()

    def check_resume(self) -> bool:
        """Whether the machine slept (or the wall clock jumped) since the last check.

        If so, the session is dropped and the client reconnects at once: after a
        sleep the TCP link is most likely gone, and waiting for the keepalive (or
        a backoff of up to 30 s) would leave the receptionist without pops.
        """
        drift = self._clock.wall() - self._clock.monotonic()
        jumped = abs(drift - self._drift) >= self.options.resume_threshold
        self._drift = drift
        if not jumped or self._stopping or self._status.state in _STOPPED:
            return False
        self.resumes += 1
        log.info("the clock jumped (sleep/resume?): reconnecting to the PBX now")
        conn = self._conn
        if conn is not None:
            self._skip_next_wait = True
            conn.abort(ConnectionLost(Msg.of("the computer resumed from sleep; reconnecting")))
        else:
            self.reconnect_now()
        return True

    def reconfigure(self, options: AmiOptions) -> None:
        """Use new settings: drop the current session and connect with them at once."""
        self.options = options
        self._backoff.reset()
        if self._conn is not None:
            self._conn.abort(ConnectionLost(Msg.of("settings changed; reconnecting")))
        self._wake.set()

    async def wait_ready(self, timeout: float | None = None) -> None:
        """Until logged in *and* the after-login steps (resync, directory) are done."""
        async with asyncio.timeout(timeout):
            await self._ready.wait()

    async def wait_connected(self, timeout: float | None = None) -> None:
        async with asyncio.timeout(timeout):
            await self._connected.wait()

    async def send(
        self,
        action: Action,
        *,
        timeout: float | None = None,
        check: bool = True,
        on_ack: Callable[[Message], None] | None = None,
    ) -> ActionResult:
        """Send through the live session (see :meth:`AmiConnection.send`).

        Raises:
            NotConnected: no session right now; the status says why.
        """
        conn = self._conn
        if conn is None or not conn.is_open:
            raise NotConnected(
                Msg.of("not connected to the PBX ({detail})", detail=self._status.detail)
            )
        return await conn.send(
            action,
            timeout=timeout if timeout is not None else self.options.action_timeout,
            check=check,
            on_ack=on_ack,
        )

    # -- the loop ---------------------------------------------------------------------
    async def _run(self) -> None:
        while not self._stopping:
            opts = self.options
            self._set_status(
                ConnectionStatus(
                    ConnectionState.CONNECTING,
                    Msg.of("connecting to {address}", address=opts.address),
                    attempt=self._backoff.failures,
                )
            )
            try:
                conn = await self._connect(opts)
            except Exception as exc:
                await self._after_failure(exc, opts)
                continue
            if self.stopping:  # (the property: the loop condition was read before the await)
                await conn.logoff()
                return
            started = self._clock.monotonic()
            reason = await self._serve(conn)
            self._backoff.session_ended(self._clock.monotonic() - started)
            if not self._stopping:
                await self._backoff_wait(
                    Msg.of("connection lost: {reason}", reason=reason), self._backoff.next_delay()
                )

    async def _connect(self, opts: AmiOptions) -> AmiConnection:
        conn = await connect(
            opts,
            subscribers=[self._fan_out],
            wire_listeners=self._wire_listeners,
            wanted_events=self._wanted_events(),
            transport=self._transport,
            clock=self._clock,
            md5_seen=opts.address in self._md5_seen,
        )
        if conn.md5_offered:
            self._md5_seen.add(opts.address)
        return conn

    async def _after_failure(self, exc: Exception, opts: AmiOptions) -> None:
        failure = classify(exc, (opts.secret,))
        detail = str(failure.error)
        if failure.outcome is Outcome.AUTH:
            self._set_status(
                ConnectionStatus(
                    ConnectionState.AUTH_FAILED,
                    Msg.of(
                        "wrong AMI username or secret for {username}@{address}",
                        username=opts.username,
                        address=opts.address,
                    ),
                )
            )
            await self._wait(None)
        elif failure.outcome is Outcome.SETTINGS:
            self._set_status(ConnectionStatus(ConnectionState.SETTINGS_ERROR, detail))
            await self._wait(None)
        elif failure.outcome is Outcome.UNREACHABLE:
            await self._backoff_wait(detail, self._backoff.unreachable_delay())
        else:
            await self._backoff_wait(detail, self._backoff.next_delay())

    async def _serve(self, conn: AmiConnection) -> str:
        """Run one logged-in session until it ends; returns why it ended."""
        self._conn = conn
        self._connected.set()
        info = conn.info
        self._set_status(
            ConnectionStatus(
                ConnectionState.CONNECTED,
                Msg.of(
                    "connected to {address} as {username} (AMI {version}, {auth} login)",
                    address=self.options.address,
                    username=self.options.username,
                    version=info.version,
                    auth=info.auth,
                ),
            )
        )
        keepalive = asyncio.create_task(self._keepalive(conn), name="ami-keepalive")
        try:
            for hook in tuple(self._connected_hooks):
                try:
                    await hook(conn)
                except AmiError as exc:
                    log.warning("after-login step failed: %s", exc)
            self._ready.set()
            reason = await asyncio.shield(conn.closed)
        finally:
            self._ready.clear()
            keepalive.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keepalive
            self._connected.clear()
            self._conn = None
        return str(reason)

    def _fan_out(self, event: Message) -> None:
        if event.is_event("Shutdown"):
            conn = self._conn
            if conn is not None:
                restart = (event.get("Restart") or "").lower() == "true"
                conn.abort(
                    ConnectionLost(
                        Msg.of("the PBX is restarting")
                        if restart
                        else Msg.of("the PBX is shutting down")
                    )
                )
        name = event.name.lower()
        for callback, events in tuple(self._subscribers):
            if events is not None and name not in events:
                continue
            try:
                callback(event)
            except Exception:
                log.exception("error in an AMI event subscriber (event %s)", event.name)

    async def _keepalive(self, conn: AmiConnection) -> None:
        opts, clock = self.options, self._clock
        while conn.is_open:
            await clock.sleep(opts.ping_interval)
            if self.check_resume() or not conn.is_open:
                return
            try:
                action_id, answer = conn.send_nowait(actions.ping())
            except AmiError:
                return
            sent_at = checked = clock.monotonic()
            while not answer.done():
                with contextlib.suppress(TimeoutError, AmiError):
                    await wait_for(asyncio.shield(answer), opts.ping_timeout, clock)
                if answer.done() or not conn.is_open:
                    break
                now = clock.monotonic()
                if conn.last_progress <= checked:
                    conn.forget(action_id)
                    conn.abort(
                        ConnectionLost(
                            Msg.of(
                                "the PBX did not answer a keepalive ping within {seconds} s",
                                seconds=f"{opts.ping_timeout:g}",
                            )
                        )
                    )
                    return
                if now - sent_at >= opts.max_behind:
                    conn.forget(action_id)
                    conn.abort(
                        ConnectionLost(
                            Msg.of(
                                "more than {seconds} s behind the PBX's events; reconnecting",
                                seconds=f"{opts.max_behind:g}",
                            )
                        )
                    )
                    return
                # Messages keep coming: the answer is queued behind them.
                checked = now

    async def _backoff_wait(self, why: str, delay: float) -> None:
        if self._skip_next_wait:  # resumed from sleep: straight back in
            self._skip_next_wait = False
            self._set_status(ConnectionStatus(ConnectionState.RECONNECT_WAIT, why, retry_in=0.0))
            return
        self._set_status(
            ConnectionStatus(
                ConnectionState.RECONNECT_WAIT, why, retry_in=delay, attempt=self._backoff.failures
            )
        )
        await self._wait(delay)

    async def _wait(self, delay: float | None) -> None:
        """Wait ``delay`` seconds (for ever if None) or until woken. While waiting
        to reconnect, look for a resume every ``resume_check_interval``."""
        self._wake.clear()
        if delay is None:
            await self._wake.wait()  # stopped: only new settings or a click go on
            return
        clock = self._clock
        deadline = clock.monotonic() + delay
        while not self._wake.is_set():
            left = deadline - clock.monotonic()
            if left <= 0:
                return
            with contextlib.suppress(TimeoutError):
                await wait_for(
                    self._wake.wait(), min(left, self.options.resume_check_interval), clock
                )
            if self.check_resume():
                return


_STOPPED = frozenset({ConnectionState.AUTH_FAILED, ConnectionState.SETTINGS_ERROR})
