"""A small AMI test client: real loopback sockets and the project's own Parser.

Used by the simulator tests only. It records every byte and every message it
receives, so a test can assert on raw bytes (line endings) as well as on the
sequence of events.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from collections.abc import Callable, Sequence

from mypbxdesk.ami.framing import Banner, Parser, Signal
from mypbxdesk.ami.message import Kind, Message
from mypbxdesk.ami.writer import encode_message

Pairs = Sequence[tuple[str, str]]
_ids = itertools.count(1)


class AmiClient:
    """One client connection.

    Attributes:
        banner: the greeting line as parsed.
        raw: every byte received, banner included.
        messages: every message received, in order (read or not).
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.parser = Parser(expect_banner=True)
        self.banner: Banner | None = None
        self.raw = bytearray()
        self.messages: list[Message] = []
        self._unread: deque[Message] = deque()
        self.eof = False

    @classmethod
    async def connect(cls, port: int, *, read_banner: bool = True) -> AmiClient:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        client = cls(reader, writer)
        if read_banner:
            await client.read_banner()
        return client

    async def close(self) -> None:
        if not self.writer.is_closing():
            self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()

    # -- input ------------------------------------------------------------------------
    async def _fill(self, timeout: float) -> None:
        """Read once more from the socket (or note EOF)."""
        data = await asyncio.wait_for(self.reader.read(65536), timeout)
        if not data:
            self.eof = True
        self.raw += data
        self.parser.feed(data)
        while True:
            item = self.parser.next()
            if isinstance(item, Signal):
                break
            if isinstance(item, Banner):
                self.banner = item
            else:
                self.messages.append(item)
                self._unread.append(item)

    async def read_banner(self, timeout: float = 2.0) -> Banner:
        while self.banner is None:
            if self.eof:
                raise ConnectionError("EOF before the banner")
            await self._fill(timeout)
        return self.banner

    async def next(self, timeout: float = 2.0) -> Message:
        """The next message not yet returned."""
        while not self._unread:
            if self.eof:
                raise ConnectionError("EOF")
            await self._fill(timeout)
        return self._unread.popleft()

    async def until(
        self, predicate: Callable[[Message], bool], timeout: float = 3.0
    ) -> list[Message]:
        """Messages up to and including the first one matching ``predicate``."""
        out: list[Message] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            msg = await self.next(max(0.001, deadline - loop.time()))
            out.append(msg)
            if predicate(msg):
                return out

    async def until_event(self, name: str, timeout: float = 3.0, **fields: str) -> list[Message]:
        """Messages up to the event ``name`` whose headers match ``fields``."""

        def match(m: Message) -> bool:
            return m.is_event(name) and all(m.get(k) == v for k, v in fields.items())

        return await self.until(match, timeout)

    async def events_for(self, seconds: float) -> list[Message]:
        """Everything that arrives within ``seconds``."""
        out: list[Message] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (left := deadline - loop.time()) > 0:
            try:
                out.append(await self.next(left))
            except (TimeoutError, ConnectionError):
                break
        return out

    async def expect_eof(self, timeout: float = 2.0) -> None:
        while not self.eof:
            await self._fill(timeout)

    # -- output -----------------------------------------------------------------------
    async def send(self, name: str, *pairs: tuple[str, str], action_id: str | None = None) -> str:
        aid = action_id if action_id is not None else f"t{next(_ids)}"
        head = [("Action", name)] + ([("ActionID", aid)] if aid else [])
        await self.send_raw(encode_message([*head, *pairs]))
        return aid

    async def send_raw(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def action(
        self, name: str, *pairs: tuple[str, str], timeout: float = 3.0, action_id: str | None = None
    ) -> Message:
        """Send an action and return its response (events before it stay readable)."""
        aid = await self.send(name, *pairs, action_id=action_id)
        msgs = await self.until(lambda m: m.kind is Kind.RESPONSE and m.action_id == aid, timeout)
        self._unread.extendleft(reversed(msgs[:-1]))  # earlier events stay unread
        return msgs[-1]

    async def login(
        self, user: str = "admin", secret: str = "password", events: str | None = None
    ) -> Message:
        pairs = [("Username", user), ("Secret", secret)]
        if events is not None:
            pairs.append(("Events", events))
        return await self.action("Login", *pairs)


#: BLF events: they come with every call (hints, device states, queue members),
#: so sequence assertions about the calls themselves leave them out.
BLF_EVENTS = frozenset({"ExtensionStatus", "DeviceStateChange", "QueueMemberStatus"})


def names(messages: Sequence[Message], *, blf: bool = False) -> list[str]:
    """``Dial/Begin``-style labels of the events, for sequence assertions (without
    the BLF events unless ``blf``)."""
    out = []
    for m in messages:
        if m.kind is not Kind.EVENT or (not blf and m.name in BLF_EVENTS):
            continue
        sub = m.get("SubEvent")
        out.append(f"{m.name}/{sub}" if sub else m.name)
    return out
