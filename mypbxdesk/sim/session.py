"""One AMI client connection of the simulated PBX: bytes in, actions handled, bytes out.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

What a session copies from Asterisk's ``session_do`` (ami-protocol.md §1.2, §1.7):

* Input passes :class:`InputGuard` before the project's :class:`~mypbxdesk.ami.Parser`:
  a line of 1024 bytes or more without a line end is thrown away, a NUL ends a line,
  and an action keeps at most 128 lines. The guard leaves a marker line in place of
  what it dropped, so the action can be answered ``line too long`` / ``Too many lines``.
* One action at a time: the next one is read only when the previous one has been
  answered (a synchronous Originate blocks the session, Ping included). Events that
  arrive meanwhile are held and written after the response.
* Writes never wait for the client. A client whose unsent data passes
  ``max_buffer`` is disconnected, as Asterisk drops a reader that stalls.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Protocol

from mypbxdesk.ami.errors import InvalidAction, ProtocolError
from mypbxdesk.ami.framing import Parser, Signal
from mypbxdesk.ami.message import Message

from .accounts import FULL_RIGHTS, Rights
from .dialects import PbxEvent, encode_pairs

log = logging.getLogger(__name__)

MAX_INPUT_LINE = 1024  # inbuf[1025] in main/manager.c
MAX_HEADERS = 128  # AST_MAX_MANHEADERS
LINE_TOO_LONG = "\0line too long"
TOO_MANY_LINES = "\0too many lines"
NOT_FOLLOWS = "\0not a Command answer"


class InputGuard:
    """Asterisk's ``get_input`` rules, applied to the raw bytes a client sends.

    Returns the bytes the parser may see. A dropped line is replaced by a line that
    holds only a NUL marker: no client line can contain a NUL after this filter.

    One more marker protects the parser: it reads a message that *starts* with
    ``Response: Follows`` as 1.8 Command output and would swallow every later
    action until ``--END COMMAND--``. A client sending that gets ``Missing action``
    from Asterisk, so such a message is prefixed with a marker line.
    """

    def __init__(self) -> None:
        self._line = bytearray()
        self._dropping = False
        self._lines = 0
        self._overflow = False

    def feed(self, data: bytes) -> bytes:
        out = bytearray()
        pos = 0
        while pos < len(data):
            nl = data.find(b"\n", pos)
            chunk = data[pos:] if nl < 0 else data[pos:nl]
            pos = len(data) if nl < 0 else nl + 1
            if not self._dropping:
                self._line += chunk
                if len(self._line) >= MAX_INPUT_LINE:
                    self._line.clear()
                    self._dropping = True
            if nl >= 0:
                self._end_line(out)
        return bytes(out)

    def _end_line(self, out: bytearray) -> None:
        if self._dropping:
            line = LINE_TOO_LONG.encode()
            self._dropping = False
        else:
            line = bytes(self._line)
            nul = line.find(b"\0")
            if nul >= 0:
                line = line[:nul]
        self._line.clear()
        if line in (b"", b"\r"):
            if self._overflow:
                out += TOO_MANY_LINES.encode() + b"\n"
            out += b"\r\n"
            self._lines, self._overflow = 0, False
            return
        self._lines += 1
        if self._lines > MAX_HEADERS:
            self._overflow = True
            return
        if self._lines == 1 and line[:17].lower() == b"response: follows":
            out += NOT_FOLLOWS.encode() + b"\r\n"
        out += line + (b"" if line.endswith(b"\r") else b"\r") + b"\n"


class SessionHost(Protocol):
    """What a session needs from the PBX that owns it."""

    @property
    def silent(self) -> bool: ...

    max_buffer: float
    auth_timeout: float

    def banner(self) -> bytes: ...

    def record(self, data: bytes) -> None: ...

    def record_action(self, message: Message) -> None: ...

    async def handle(self, session: Session, message: Message) -> bool: ...

    def forget(self, session: Session) -> None: ...


def split_markers(message: Message) -> tuple[Message, set[str]]:
    """The action without the guard's marker lines, and the markers found."""
    markers = {v for n, v in message.headers if not n and v.startswith("\0")}
    if not markers:
        return message, markers
    kept = [(n, v) for n, v in message.headers if n or not v.startswith("\0")]
    return Message(kept), markers


class Session:
    """One connected client.

    Attributes:
        user: the login name once authenticated, else None.
        rights: read/write classes of that user.
        event_mask: the ``Events``/``EventMask`` classes (-1 = everything).
        challenge: the MD5 challenge of this session (made once, then reused).
    """

    def __init__(
        self, host: SessionHost, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._host = host
        self._reader = reader
        self._writer = writer
        self._guard = InputGuard()
        self._parser = Parser(expect_banner=False)
        self.user: str | None = None
        self.rights: Rights = FULL_RIGHTS
        self.event_mask = -1
        self.challenge = ""
        self.banner_sent = False
        self._busy = False
        self._held: list[bytes] = []
        self._held_size = 0
        self._auth_deadline = 0.0
        self.closed = False
        self.task: asyncio.Task[None] | None = None
        peer = writer.get_extra_info("peername")
        self.peer: str = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer)
        sock = writer.get_extra_info("sockname")
        self.local: str = f"{sock[0]}:{sock[1]}" if isinstance(sock, tuple) else str(sock)

    @property
    def authenticated(self) -> bool:
        return self.user is not None

    def __repr__(self) -> str:
        return f"<Session {self.peer} user={self.user!r}{' closed' if self.closed else ''}>"

    # -- the read loop ---------------------------------------------------------------------
    async def run(self) -> None:
        self.task = asyncio.current_task()
        self._auth_deadline = asyncio.get_running_loop().time() + self._host.auth_timeout
        try:
            self.send_banner()
            while not self.closed:
                data = await self._read()
                if not data:
                    break
                self._host.record(data)
                self._parser.feed(self._guard.feed(data))
                if not await self._process():
                    break
        except (ConnectionError, TimeoutError, ProtocolError) as exc:
            log.debug("session %s ends: %s", self.peer, exc)
        except Exception:  # a simulator bug must not kill the server silently
            log.exception("AMI session %s failed", self.peer)
        finally:
            await self.close()

    async def _read(self) -> bytes:
        if self.authenticated or self._host.auth_timeout <= 0:
            return await self._reader.read(65536)
        # authtimeout (manager.conf): counted from the connect, like session->authstart
        async with asyncio.timeout_at(self._auth_deadline):
            return await self._reader.read(65536)

    async def _process(self) -> bool:
        while True:
            item = self._parser.next()
            if isinstance(item, Signal):
                return True
            if not isinstance(item, Message):  # a Banner: impossible without expect_banner
                continue
            clean, _ = split_markers(item)
            self._host.record_action(clean)
            if self._host.silent:
                continue
            self._busy = True
            try:
                keep = await self._host.handle(self, item)
            finally:
                self._busy = False
            if not keep:  # Logoff, failed login: Asterisk closes without the queued events
                return False
            self._flush_held()

    # -- output ----------------------------------------------------------------------------
    def send_banner(self) -> None:
        if not self.banner_sent and not self._host.silent:
            self.banner_sent = True
            self._write(self._host.banner())

    def send(self, pairs: Sequence[tuple[str, str]]) -> None:
        """One message (a response or a list item) for this client."""
        self.send_bytes(encode_lenient(pairs))

    def send_bytes(self, data: bytes) -> None:
        if not self._host.silent:
            self._write(data)

    def send_unconditionally(self, data: bytes) -> None:
        """Raw bytes from a test (``send_raw``): sent even while the PBX is silent, and not
        counted against ``max_buffer`` (:meth:`drain` waits for the client instead)."""
        if not self.closed and not self._writer.is_closing():
            self._writer.write(data)

    async def drain(self, timeout: float) -> None:
        """Wait until the client has taken what was written; drop it if it does not."""
        if self.closed:
            return
        try:
            async with asyncio.timeout(timeout):
                await self._writer.drain()
        except TimeoutError:
            self.abort(f"the client read nothing for {timeout:g} s")
        except ConnectionError:
            self.abort("connection lost")

    def deliver(self, event: PbxEvent, data: bytes) -> None:
        """A broadcast event: sent if this session may see its class, held if busy."""
        if not self.authenticated or self.closed or self._host.silent:
            return
        perm = event.perm
        if (self.rights.read & perm) != perm or (self.event_mask & perm) != perm:
            return
        if self._busy:
            self._held.append(data)
            self._held_size += len(data)
            if self._held_size > self._host.max_buffer:
                self.abort("event backlog over the limit")
        else:
            self._write(data)

    def _flush_held(self) -> None:
        held, self._held, self._held_size = self._held, [], 0
        for data in held:
            self._write(data)

    def _write(self, data: bytes) -> None:
        if self.closed or self._writer.is_closing():
            return
        self._writer.write(data)
        if self._writer.transport.get_write_buffer_size() > self._host.max_buffer:
            self.abort("the client does not read (write buffer over the limit)")

    # -- closing ---------------------------------------------------------------------------
    def abort(self, why: str = "dropped") -> None:
        """Drop the connection at once (no FIN handshake wait, unsent data discarded)."""
        if self.closed:
            return
        log.info("closing AMI session %s: %s", self.peer, why)
        self.closed = True
        self._writer.transport.abort()
        task = self.task
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def close(self) -> None:
        """Close after writing what is queued (Logoff, failed login, EOF)."""
        self.closed = True
        self._host.forget(self)
        writer = self._writer
        if not writer.is_closing():
            writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await writer.wait_closed()


def encode_lenient(pairs: Sequence[tuple[str, str]]) -> bytes:
    """Encode a server message; a value the writer refuses goes out raw, as Asterisk would.

    Asterisk echoes what a client sent (an ActionID of 1013 bytes, a CR inside a
    value) without checks, and 1.8 prints a caller name with a CR/LF in it as it is
    (ami-protocol.md §1.6); ``encode_line`` is stricter because it guards *actions*.
    """
    try:
        return encode_pairs(pairs)
    except InvalidAction:
        text = "".join(f"{name}: {value}\r\n" for name, value in pairs) + "\r\n"
        return text.encode("utf-8", "surrogateescape")
