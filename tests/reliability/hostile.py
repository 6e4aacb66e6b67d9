"""A hostile (or just broken) PBX on loopback: logs the client in, then plays a script.

Each connection gets a :class:`HostileSession`. The session answers ``Challenge``
and ``Login`` itself (MD5, or plain when asked), then runs the test's
``scenario(session)``, which may read the client's actions and write whatever
bytes it likes. Everything the client sent is kept (``pbx.received``), so a test
can assert on what did — or did not — cross the wire.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from mypbxdesk.ami import Message, Parser, encode_message
from mypbxdesk.ami.actions import md5_key
from mypbxdesk.ami.framing import NEED_DATA

Scenario = Callable[["HostileSession"], Awaitable[None]]

BANNER = b"Asterisk Call Manager/1.1\r\n"


class HostileSession:
    def __init__(
        self, pbx: HostilePbx, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.pbx = pbx
        self.reader = reader
        self.writer = writer
        self._parser = Parser(expect_banner=False, command_output=False)
        self._challenge = "0123456789"

    def send(self, data: bytes) -> None:
        self.writer.write(data)

    def send_message(self, *headers: tuple[str, str]) -> None:
        self.send(encode_message(headers, max_headers=None))

    def reply(self, action: Message, *headers: tuple[str, str]) -> None:
        action_id = action.get("ActionID")
        extra = [("ActionID", action_id)] if action_id else []
        self.send_message(headers[0], *extra, *headers[1:])

    async def next_action(self) -> Message:
        while True:
            item = self._parser.next()
            if item is not NEED_DATA:
                assert isinstance(item, Message)
                self.pbx.actions.append(item)
                return item
            data = await self.reader.read(65536)
            if not data:
                raise ConnectionResetError("the client closed the connection")
            self.pbx.received += data
            self._parser.feed(data)

    async def login(self) -> bool:
        """Answer Challenge/Login as the PBX is scripted to; True once logged in."""
        while True:
            action = await self.next_action()
            name = action.name.lower()
            if name == "challenge":
                if self.pbx.offers_md5:
                    self.reply(action, ("Response", "Success"), ("Challenge", self._challenge))
                else:
                    self.reply(
                        action, ("Response", "Error"), ("Message", "Invalid/unknown command")
                    )
            elif name == "login":
                if (action.get("AuthType") or "").lower() == "md5":
                    ok = action.get("Key") == md5_key(self._challenge, self.pbx.secret)
                else:
                    ok = action.get("Secret") == self.pbx.secret
                if self.pbx.login_reply is not None:
                    self.reply(action, *self.pbx.login_reply)
                    return False
                if ok:
                    self.reply(
                        action, ("Response", "Success"), ("Message", "Authentication accepted")
                    )
                    return True
                self.reply(action, ("Response", "Error"), ("Message", "Authentication failed"))
                return False
            else:
                self.reply(action, ("Response", "Error"), ("Message", "Permission denied"))

    async def serve_pings(self) -> None:
        """Answer every Ping (and acknowledge anything else) until the client leaves."""
        while True:
            action = await self.next_action()
            if action.name.lower() == "ping":
                self.reply(action, ("Response", "Success"), ("Ping", "Pong"))
            elif action.name.lower() == "logoff":
                self.reply(action, ("Response", "Goodbye"))
                return
            else:
                self.reply(action, ("Response", "Success"))


class HostilePbx:
    """``async with HostilePbx(scenario) as pbx:`` listens on a free loopback port."""

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        secret: str = "password",
        offers_md5: bool = True,
        login_reply: tuple[tuple[str, str], ...] | None = None,
    ) -> None:
        self.scenario = scenario
        self.secret = secret
        self.offers_md5 = offers_md5
        self.login_reply = login_reply
        self.received = bytearray()
        self.actions: list[Message] = []
        self.sessions = 0
        self.logins = 0
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._tasks.add(asyncio.current_task())  # type: ignore[arg-type]
        self.sessions += 1
        session = HostileSession(self, reader, writer)
        try:
            writer.write(BANNER)
            if await session.login():
                self.logins += 1
                if self.scenario is not None:
                    await self.scenario(session)
                else:
                    await session.serve_pings()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass  # the client left, or the PBX is stopped (quietly: asyncio logs a cancelled one)
        finally:
            writer.transport.abort()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening (the port then refuses) and drop every session."""
        if self._server is not None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> HostilePbx:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
