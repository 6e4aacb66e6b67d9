"""Hand-written fakes for the driver: a clock whose time moves only when told, and
an in-memory transport whose peer is a small scripted PBX that records every byte.

Timing rules (keepalive, backoff, resume) run on these in milliseconds instead of
real seconds. Nothing here is a mock: the peer speaks AMI through the same codec
the simulator and the client use, and everything written is kept for asserting.
"""

from __future__ import annotations

import asyncio
import collections
import heapq
import itertools
import ssl as ssl_module
from collections.abc import Callable
from dataclasses import dataclass, field

from mypbxdesk.ami import Message, Parser, encode_message
from mypbxdesk.ami.actions import md5_key
from mypbxdesk.ami.framing import NEED_DATA


class FakeClock:
    """Monotonic and wall time that move only in :meth:`advance`.

    ``sleep`` parks the caller until the clock is advanced past its deadline.
    Every sleep is recorded (``sleeps``), so a test can tell what woke the
    client up and how often.
    """

    def __init__(self, start: float = 1000.0, wall: float = 1_800_000_000.0) -> None:
        self.now = start
        self._wall_offset = wall - start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now + self._wall_offset

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._seq), fut))
        await fut

    def jump_wall(self, seconds: float) -> None:
        """The machine slept ``seconds``: the wall clock ran, the monotonic one did not."""
        self._wall_offset += seconds

    @property
    def next_wake(self) -> float | None:
        live = [when for when, _, fut in self._sleepers if not fut.done()]
        return min(live) if live else None

    async def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass, waking every sleeper on time, in order."""
        target = self.now + seconds
        while True:
            await settle()
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(self._sleepers)  # cancelled
            if not self._sleepers or self._sleepers[0][0] > target:
                break
            when, _, fut = heapq.heappop(self._sleepers)
            self.now = max(self.now, when)
            fut.set_result(None)
        self.now = target
        await settle()

    async def run_until(self, predicate: Callable[[], object], limit: float = 3600.0) -> float:
        """Advance in steps to each next wake until ``predicate()`` holds; returns the
        fake seconds it took. Fails after ``limit`` fake seconds."""
        began = self.now
        while not predicate():
            if self.now - began > limit:
                raise TimeoutError(f"not reached within {limit} fake seconds")
            await settle()
            if predicate():
                break
            wake = self.next_wake
            step = 0.001 if wake is None else max(0.0, wake - self.now)
            await self.advance(step)
        return self.now - began


async def settle(rounds: int = 30) -> None:
    """Let every ready task run (the in-memory transport needs no real time)."""
    for _ in range(rounds):
        await asyncio.sleep(0)


@dataclass
class PeerScript:
    """What the scripted PBX does. Change fields during a test to change it."""

    secret: str = "password"
    banner: bytes = b"Asterisk Call Manager/1.1\r\n"
    offers_md5: bool = True
    answer_pings: bool = True
    drop_after_login: bool = False
    on_action: Callable[[MemoryPeer, Message], bool] | None = None  # True: handled


class MemoryPeer:
    """The PBX end of one in-memory connection."""

    def __init__(self, script: PeerScript) -> None:
        self.script = script
        self.received = bytearray()
        self.actions: list[Message] = []
        self.closed = False
        self._parser = Parser(expect_banner=False, command_output=False)
        self._to_client: collections.deque[bytes] = collections.deque()
        self._ready = asyncio.Event()
        self._challenge = "1234567890"
        self.send(script.banner)

    # -- the client side calls these ------------------------------------------------------
    async def client_read(self, max_bytes: int) -> bytes:
        while not self._to_client:
            self._ready.clear()
            await self._ready.wait()
        data = self._to_client.popleft()  # b"": the PBX closed the connection
        if len(data) > max_bytes:
            self._to_client.appendleft(data[max_bytes:])
            data = data[:max_bytes]
        return data

    def client_write(self, data: bytes) -> None:
        if self.closed:
            return
        self.received += data
        self._parser.feed(data)
        while True:
            item = self._parser.next()
            if item is NEED_DATA:
                return
            assert isinstance(item, Message)
            self.actions.append(item)
            self._answer(item)

    def client_abort(self) -> None:
        self.close()

    # -- the PBX's behaviour --------------------------------------------------------------
    def send(self, data: bytes) -> None:
        if not self.closed:
            self._to_client.append(data)
            self._ready.set()

    def send_message(self, *headers: tuple[str, str]) -> None:
        self.send(encode_message(headers, max_headers=None))

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._to_client.append(b"")
            self._ready.set()

    def reply(self, action: Message, *headers: tuple[str, str]) -> None:
        action_id = action.get("ActionID")
        extra = [("ActionID", action_id)] if action_id else []
        self.send_message(headers[0], *extra, *headers[1:])

    def _answer(self, action: Message) -> None:
        script = self.script
        if script.on_action is not None and script.on_action(self, action):
            return
        name = action.name.lower()
        if name == "challenge":
            if not script.offers_md5:
                self.reply(action, ("Response", "Error"), ("Message", "Invalid/unknown command"))
            else:
                self.reply(action, ("Response", "Success"), ("Challenge", self._challenge))
        elif name == "login":
            if (action.get("AuthType") or "").lower() == "md5":
                ok = action.get("Key") == md5_key(self._challenge, script.secret)
            else:
                ok = action.get("Secret") == script.secret
            if ok:
                self.reply(action, ("Response", "Success"), ("Message", "Authentication accepted"))
                if script.drop_after_login:
                    self.close()
            else:
                self.reply(action, ("Response", "Error"), ("Message", "Authentication failed"))
                self.close()
        elif name == "ping":
            if script.answer_pings:
                self.reply(action, ("Response", "Success"), ("Ping", "Pong"))
        elif name in ("coreshowchannels", "status"):  # an empty channel list
            self.reply(
                action,
                ("Response", "Success"),
                ("EventList", "start"),
                ("Message", "Channels will follow"),
            )
            self.reply(
                action,
                ("Event", "CoreShowChannelsComplete" if name != "status" else "StatusComplete"),
                ("EventList", "Complete"),
                ("ListItems", "0"),
            )
        elif name == "logoff":
            self.reply(action, ("Response", "Goodbye"), ("Message", "Thanks for all the fish."))
            self.close()
        else:
            self.reply(action, ("Response", "Success"), ("Message", "OK"))


class MemoryStream:
    def __init__(self, peer: MemoryPeer) -> None:
        self.peer = peer

    async def read(self, max_bytes: int) -> bytes:
        return await self.peer.client_read(max_bytes)

    def write(self, data: bytes) -> None:
        self.peer.client_write(data)

    def abort(self) -> None:
        self.peer.client_abort()


@dataclass
class MemoryTransport:
    """Opens in-memory connections to scripted PBXs.

    ``refuse`` > 0 refuses that many connects (the PBX is down); ``down`` refuses
    them all while True.
    """

    script: PeerScript = field(default_factory=PeerScript)
    refuse: int = 0
    down: bool = False
    attempts: int = 0
    peers: list[MemoryPeer] = field(default_factory=list)

    async def connect(
        self, host: str, port: int, *, ssl: ssl_module.SSLContext | None = None
    ) -> MemoryStream:
        self.attempts += 1
        await asyncio.sleep(0)
        if self.down or self.refuse > 0:
            self.refuse = max(0, self.refuse - 1)
            raise ConnectionRefusedError(111, "Connection refused")
        peer = MemoryPeer(self.script)
        self.peers.append(peer)
        return MemoryStream(peer)

    @property
    def peer(self) -> MemoryPeer:
        return self.peers[-1]

    def logins(self) -> int:
        return sum(1 for p in self.peers for a in p.actions if a.name.lower() == "login")
