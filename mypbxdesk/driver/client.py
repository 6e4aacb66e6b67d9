"""The long-lived AMI client: stays connected, or says precisely why not.

Layer 2 (``mypbxdesk.ami`` client): asyncio + the protocol modules; no Qt.

:class:`AmiClient` owns the reconnect loop around :class:`AmiConnection`:
connect → banner → login → "connected" hooks (the call model's resync) →
keepalive → on loss, backoff (1 s → 30 s with jitter) → again, forever. The
one exception is a refused login: retrying a wrong password every few seconds
only fills the PBX's security log (and 1.8 makes each attempt cost a second),
so the client stops in ``AUTH_FAILED`` until it is given new settings or told
to retry.

Keepalive: a ``Ping`` every ``ping_interval`` seconds; no answer within
``ping_timeout`` *and* no byte at all meanwhile declares the link dead (a
half-open TCP connection otherwise looks alive for hours). A link that keeps
delivering events is alive even when the answer is stuck behind them.

Sleep and resume: ``time.monotonic`` stops while a laptop sleeps but the wall
clock does not. A watchdog compares the two every ``resume_check_interval``
seconds; when the wall clock ran ``resume_threshold`` seconds ahead of the
monotonic one, the machine was asleep (or the clock was stepped), so the
session is most likely dead: it is dropped and the client reconnects at
once, skipping any backoff, and resyncs the calls.

State is observable through :meth:`AmiClient.on_status` callbacks that get a
:class:`ConnectionStatus` with a human-readable ``detail``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl as ssl_module
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from ..ami import actions
from ..ami.actions import Action
from ..ami.correlation import ActionResult
from ..ami.errors import (
    ActionFailed,
    ActionTimeout,
    AmiError,
    AuthenticationFailed,
    ConnectionLost,
    NotConnected,
    ProtocolError,
)
from ..ami.message import Message
from ..base.text import Msg
from .backoff import Backoff
from .connection import AmiConnection, EventCallback, WireCallback

log = logging.getLogger("mypbxdesk.ami")


class ConnectionState(Enum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECT_WAIT = "reconnect-wait"
    AUTH_FAILED = "auth-failed"


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
    """How to reach and log in to the PBX. ``secret`` never shows in ``repr``."""

    host: str
    port: int = 5038
    username: str = "admin"
    secret: str = field(default="", repr=False)
    tls: bool = False
    tls_verify: bool = True
    events: str = actions.DEFAULT_EVENT_MASK
    auth: str = "auto"
    connect_timeout: float = 10.0
    action_timeout: float = 10.0
    ping_interval: float = 20.0
    ping_timeout: float = 10.0
    fallback_encoding: str = "latin-1"
    dispatch_batch: int = 200
    resume_check_interval: float = 5.0
    resume_threshold: float = 10.0

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def ssl_context(self) -> ssl_module.SSLContext | None:
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
) -> AmiConnection:
    """Open one logged-in session (for one-shot commands and "Test connection").

    ``subscribers`` are attached before the login, so no event that follows
    the login answer (FullyBooted, a call already ringing) can slip past them.

    Raises:
        AuthenticationFailed, ConnectionLost, ProtocolError, ActionTimeout, ActionFailed.
    """
    conn = AmiConnection(
        fallback_encoding=options.fallback_encoding, dispatch_batch=options.dispatch_batch
    )
    for callback in subscribers:
        conn.subscribe(callback)
    for listener in wire_listeners:
        conn.add_wire_listener(listener)
    try:
        await conn.open(
            options.host,
            options.port,
            timeout=options.connect_timeout,
            ssl=options.ssl_context(),
        )
        await conn.login(
            options.username,
            options.secret,
            events=options.events,
            auth=options.auth,
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
    """

    def __init__(
        self,
        options: AmiOptions,
        *,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.options = options
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._wall_clock = wall_clock
        self._drift = self._wall_clock() - self._clock()
        self._watchdog: asyncio.Task[None] | None = None
        self.resumes = 0
        self._skip_next_wait = False
        self._status = ConnectionStatus(ConnectionState.DISCONNECTED, Msg.of("not started"))
        self._status_callbacks: list[StatusCallback] = []
        self._subscribers: list[EventCallback] = []
        self._wire_listeners: list[WireCallback] = []
        self._connected_hooks: list[ConnectedHook] = []
        self._conn: AmiConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        self._connected = asyncio.Event()
        self._ready = asyncio.Event()  # connected and the after-login hooks are done

    # -- observation -------------------------------------------------------------
    @property
    def status(self) -> ConnectionStatus:
        return self._status

    @property
    def connection(self) -> AmiConnection | None:
        """The live session, if any (for wire-level diagnostics)."""
        return self._conn

    def on_status(self, callback: StatusCallback) -> None:
        self._status_callbacks.append(callback)

    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        """``callback(event)`` for every event of every session. Returns an unsubscribe."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

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
            self._task = asyncio.create_task(self._run(), name="ami-client")
        if self._watchdog is None or self._watchdog.done():
            self._drift = self._wall_clock() - self._clock()
            self._watchdog = asyncio.create_task(self._watch_resume(), name="ami-resume-watch")

    async def aclose(self) -> None:
        """Log off cleanly and stop reconnecting."""
        self._stopping = True
        self._wake.set()
        conn = self._conn
        if conn is not None:
            await conn.logoff()
        for task in (self._watchdog, self._task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._conn = None
        self._connected.clear()
        self._ready.clear()
        self._set_status(ConnectionStatus(ConnectionState.DISCONNECTED, Msg.of("stopped")))

    def reconnect_now(self) -> None:
        """Skip the rest of the backoff wait (after resume from sleep, or a user's click)."""
        self._backoff.reset()
        self._wake.set()

    def check_resume(self) -> bool:
        """Whether the machine slept (or the wall clock jumped) since the last check.

        If so, the session is dropped and the client reconnects at once: after a
        sleep the TCP link is most likely gone, and waiting for the keepalive (or
        a backoff of up to 30 s) would leave the receptionist without pops.
        """
        drift = self._wall_clock() - self._clock()
        jumped = abs(drift - self._drift) >= self.options.resume_threshold
        self._drift = drift
        if not jumped or self._stopping or self._status.state is ConnectionState.AUTH_FAILED:
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

    async def _watch_resume(self) -> None:
        while not self._stopping:
            await asyncio.sleep(self.options.resume_check_interval)
            self.check_resume()

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
            attempt = self._backoff.failures
            self._set_status(
                ConnectionStatus(
                    ConnectionState.CONNECTING,
                    Msg.of("connecting to {address}", address=opts.address),
                    attempt=attempt,
                )
            )
            try:
                conn = await connect(
                    opts, subscribers=[self._fan_out], wire_listeners=self._wire_listeners
                )
            except AuthenticationFailed:
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
                continue
            except (ConnectionLost, ProtocolError, ActionTimeout, ActionFailed) as exc:
                await self._backoff_wait(str(exc))
                continue
            if self.stopping:
                await conn.logoff()
                return
            reason = await self._serve(conn)
            if not self.stopping:
                await self._backoff_wait(Msg.of("connection lost: {reason}", reason=reason))

    async def _serve(self, conn: AmiConnection) -> str:
        """Run one logged-in session until it ends; returns why it ended."""
        self._conn = conn
        self._backoff.reset()
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
        for callback in tuple(self._subscribers):
            try:
                callback(event)
            except Exception:
                log.exception("error in an AMI event subscriber (event %s)", event.name)

    async def _keepalive(self, conn: AmiConnection) -> None:
        opts = self.options
        while conn.is_open:
            await asyncio.sleep(opts.ping_interval)
            try:
                await conn.send(actions.ping(), timeout=opts.ping_timeout, check=False)
            except ActionTimeout:
                if conn.idle_for < opts.ping_timeout:
                    # Bytes keep arriving: the link is alive, the answer is only
                    # queued behind a flood of events (they come in order).
                    continue
                conn.abort(
                    ConnectionLost(
                        Msg.of(
                            "the PBX did not answer a keepalive ping within {seconds} s",
                            seconds=f"{opts.ping_timeout:g}",
                        )
                    )
                )
                return
            except AmiError:
                return

    async def _backoff_wait(self, why: str) -> None:
        if self._skip_next_wait:  # resumed from sleep: straight back in
            self._skip_next_wait = False
            self._set_status(ConnectionStatus(ConnectionState.RECONNECT_WAIT, why, retry_in=0.0))
            return
        delay = self._backoff.next_delay()
        self._set_status(
            ConnectionStatus(
                ConnectionState.RECONNECT_WAIT, why, retry_in=delay, attempt=self._backoff.failures
            )
        )
        await self._wait(delay)

    async def _wait(self, delay: float | None) -> None:
        """Sleep ``delay`` seconds (forever if None) or until woken."""
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):
                await self._wake.wait()


def with_secret(options: AmiOptions, secret: str) -> AmiOptions:
    return replace(options, secret=secret)
