"""The AMI listener of the simulated PBX: sessions, broadcast, recording, fault injection.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

:class:`AmiServer` accepts TCP clients on loopback, greets them with the banner of
its dialect, hands every action to :class:`~.handlers.Actions` and broadcasts the
engine's events to every session allowed to see them. It records every byte and
every action received, and offers the faults tests need: drop every client, go
silent (half-open), write raw bytes at awkward boundaries.

:class:`TaskSet` tracks every task the simulator starts, so that ``stop()`` can
cancel and await them all (no fire-and-forget tasks).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from typing import Any

from mypbxdesk.ami.message import Message
from mypbxdesk.ami.writer import encode_banner

from .accounts import FULL_RIGHTS, Rights
from .calls import CallManager
from .commands import Cli
from .dialects import Dialect, PbxEvent
from .engine import Engine
from .handlers import Actions, ActionSpec
from .session import Session, encode_lenient

log = logging.getLogger(__name__)


class TaskSet:
    """Tasks owned by the simulator: named, tracked, their failures logged, cancellable."""

    def __init__(self, on_done: Callable[[], None] = lambda: None) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._on_done = on_done

    def spawn(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        exc = None if task.cancelled() else task.exception()
        if isinstance(exc, RuntimeError) and str(exc) == "no running event loop":
            # Woken by a Qt-driven loop (qasync) between two runs of the loop, as when a
            # test ends with calls in flight: the host stopped, not a simulator bug.
            log.debug("simulator task %s ended outside its event loop", task.get_name())
        elif exc is not None:
            log.error("simulator task %s failed", task.get_name(), exc_info=exc)
        self._on_done()

    def __len__(self) -> int:
        return len(self._tasks)

    async def cancel_all(self) -> None:
        while self._tasks:
            tasks = list(self._tasks)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


class AmiServer:
    """Sessions and the listening socket. Implements the session and handler hosts."""

    def __init__(
        self,
        *,
        dialect: Dialect,
        engine: Engine,
        calls: CallManager,
        cli: Cli,
        users: Mapping[str, str],
        rights: Mapping[str, Rights],
        rng: random.Random,
        auth_fail_delay: float,
        auth_timeout: float,
        max_buffer: float,
    ) -> None:
        self.dialect = dialect
        self.engine = engine
        self.calls = calls
        self.cli = cli
        self.users = users
        self.rights = rights
        self.auth_fail_delay = auth_fail_delay
        self.auth_timeout = auth_timeout
        self.max_buffer = max_buffer
        self.silent = False
        #: False: answer ``Challenge`` like a PBX without MD5 login (or a man in the
        #: middle forcing a downgrade) would.
        self.offers_md5 = True
        self.sessions: list[Session] = []
        self.actions_received: list[Message] = []
        self.bytes_received = bytearray()
        self._rng = rng
        self._actions = Actions(self)
        self._server: asyncio.Server | None = None
        self._closing = False
        self._started = time.monotonic()
        self.port = 0

    def add_actions(self, specs: list[ActionSpec]) -> None:
        """Register more actions (the operator console's)."""
        self._actions.add(specs)

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self, host: str, port: int) -> int:
        if self._server is not None:
            raise RuntimeError("the simulated PBX is already running")
        self._closing = False
        self._server = await asyncio.start_server(self._on_client, host, port)
        self.port = self._server.sockets[0].getsockname()[1]
        self._started = time.monotonic()
        return self.port

    async def stop(self) -> None:
        self._closing = True
        server, self._server = self._server, None
        if server is not None:
            server.close()
        await self.drop_clients()
        await asyncio.sleep(0)  # connections accepted but not yet started see _closing
        if server is not None:
            await server.wait_closed()

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._closing:
            writer.transport.abort()
            return
        session = Session(self, reader, writer)
        self.sessions.append(session)
        # Dropped by drop_clients()/stop(), which await this task, it must still end
        # normally: 3.11's StreamReaderProtocol calls task.exception() on it, and that
        # raises for a cancelled task ("Exception in callback ...").
        with contextlib.suppress(asyncio.CancelledError):
            await session.run()

    # -- SessionHost -----------------------------------------------------------------------
    def banner(self) -> bytes:
        return encode_banner(self.dialect.banner_version)

    def record(self, data: bytes) -> None:
        self.bytes_received += data

    def record_action(self, message: Message) -> None:
        self.actions_received.append(message)

    async def handle(self, session: Session, message: Message) -> bool:
        return await self._actions.dispatch(session, message)

    def forget(self, session: Session) -> None:
        with contextlib.suppress(ValueError):
            self.sessions.remove(session)

    # -- PbxContext ------------------------------------------------------------------------
    def credentials(self, user: str) -> tuple[str, Rights] | None:
        if user not in self.users:
            return None
        return self.users[user], self.rights.get(user, FULL_RIGHTS)

    def new_challenge(self) -> str:
        return str(self._rng.randrange(1 << 31))

    def broadcast(self, events: Sequence[PbxEvent]) -> None:
        for ev in events:
            data = encode_lenient(ev.headers)
            for session in list(self.sessions):
                session.deliver(ev, data)

    def uptime(self) -> int:
        return int(time.monotonic() - self._started)

    # -- faults ----------------------------------------------------------------------------
    @property
    def clients(self) -> int:
        return sum(1 for s in self.sessions if not s.closed)

    async def drop_clients(self) -> None:
        """Reset every connection at once, as a crashed or rebooted PBX does."""
        sessions = list(self.sessions)
        tasks = [s.task for s in sessions if s.task is not None]
        for session in sessions:
            session.abort("drop_clients()")
        await asyncio.gather(*tasks, return_exceptions=True)

    def set_silent(self, silent: bool) -> None:
        """Half-open: keep sockets open and read, but answer nothing and send no events."""
        self.silent = silent
        if not silent:
            for session in self.sessions:
                session.send_banner()

    async def send_raw(
        self, data: bytes, split_at: Iterable[int] = (), pause: float = 0.02, timeout: float = 10.0
    ) -> None:
        """Write ``data`` to every client, in pieces cut at ``split_at`` offsets.

        Each piece is a separate write, ``pause`` seconds after the previous one, so the
        client receives it in a separate read (a message or a UTF-8 character cut in two).
        Every piece waits until the clients have read it (so a burst of any size arrives
        whole); a client that reads nothing for ``timeout`` seconds is dropped.
        """
        cuts = sorted({0, *[c for c in split_at if 0 < c < len(data)], len(data)})
        for i, (start, end) in enumerate(itertools.pairwise(cuts)):
            if i and pause > 0:
                await asyncio.sleep(pause)
            sessions = [s for s in self.sessions if not s.closed]
            for session in sessions:
                session.send_unconditionally(data[start:end])
            await asyncio.gather(*(s.drain(timeout) for s in sessions))
