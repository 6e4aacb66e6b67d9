"""Demo traffic of the rest of the office, so that a receptionist's console has a living
office to show: colleagues call each other and out, callers wait in the queue, calls get
parked and retrieved, voicemails arrive.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

:class:`OfficeLife` runs next to :class:`~.scenarios.CallSchedule` (``start_schedule``);
it never rings the receptionist's own extension directly, only through the queue, of
which it is a member. Every scene ends by itself (finite ring and talk times; a parked
call nobody retrieves comes back to its parker).
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import TYPE_CHECKING

from .model import ChannelState

if TYPE_CHECKING:
    from .pbx import SimulatedPbx

log = logging.getLogger(__name__)

#: (weight, kind) of the office scenes.
SCENES: tuple[tuple[int, str], ...] = (
    (35, "colleagues"),  # two colleagues talk: their lamps turn red
    (15, "outside"),  # a colleague calls a customer
    (20, "queue"),  # a caller waits in the queue reception (rings 474 and 305)
    (15, "park"),  # a colleague parks a customer, another one picks it up from 701
    (15, "voicemail"),  # nobody answers: the caller leaves a message
)

COLLEAGUES = ("503", "470", "303", "305", "306", "601")
CUSTOMERS: tuple[tuple[str, str], ...] = (
    ("13806012345", "Bob Smith"),
    ("+8613912345678", "张三"),
    ("004930123456", "Jürgen Müller"),
    ("4155550123", "Priya Patel"),
)


class OfficeLife:
    """One office scene every ``every`` seconds, avoiding the receptionist ``avoid``."""

    def __init__(self, pbx: SimulatedPbx, *, every: float, avoid: str, rng: random.Random) -> None:
        if every <= 0:
            raise ValueError("every must be positive")
        self.pbx = pbx
        self.every = every
        self.avoid = avoid
        self.rng = rng
        self.played = 0
        self._scenes: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        try:
            while True:
                await asyncio.sleep(self.every)
                scene = asyncio.create_task(self._scene(), name="sim-office-scene")
                self._scenes.add(scene)
                scene.add_done_callback(self._scenes.discard)
        finally:
            for scene in list(self._scenes):
                scene.cancel()
            await asyncio.gather(*self._scenes, return_exceptions=True)

    async def _scene(self) -> None:
        try:
            await self.play()
        except Exception:  # a simulator bug: say so, but keep the office going
            log.exception("office scene failed")

    def _idle(self) -> list[str]:
        return [
            e
            for e in COLLEAGUES
            if e != self.avoid and self.pbx.directory.phone(e) is not None
            if self.pbx.extension_state(e) == 0
        ]

    async def play(self, kind: str | None = None) -> None:
        """Play one scene (default: drawn by weight); a scene that cannot play is skipped."""
        if kind is None:
            kind = self.rng.choices([k for _, k in SCENES], [w for w, _ in SCENES])[0]
        idle = self._idle()
        number, name = self.rng.choice(CUSTOMERS)
        pbx = self.pbx
        self.played += 1
        try:
            if kind == "colleagues" and len(idle) >= 2:
                a, b = self.rng.sample(idle, 2)
                await pbx.colleague_call(a, b)
            elif kind == "outside" and idle:
                await pbx.outgoing_call(self.rng.choice(idle), number.lstrip("+"))
            elif kind == "queue":
                await pbx.queue_call(number, name)
            elif kind == "park" and idle:
                await self._park(idle, number, name)
            elif kind == "voicemail" and idle:
                await pbx.incoming_call(number, name, to=self.rng.choice(idle), outcome="voicemail")
        except ValueError as exc:  # a phone became busy meanwhile: skip the scene
            log.debug("office scene %s skipped: %s", kind, exc)

    async def _park(self, idle: list[str], number: str, name: str) -> None:
        """A colleague takes a customer's call and parks it; a little later whoever is
        free then picks it up from the slot (nobody free: it comes back by itself)."""
        pbx = self.pbx
        parker = self.rng.choice(idle)
        call = await pbx.incoming_call(number, name, to=parker, talk_time=self.every * 3)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + pbx.calls.ring_time(parker) + 5.0
        while loop.time() < deadline and not call.ended:
            ch = pbx.engine.find(call.channel)
            if ch is not None and ch.bridged is not None and ch.state is ChannelState.UP:
                break
            await asyncio.sleep(0.05)
        ch = pbx.engine.find(call.channel)
        if ch is None or ch.bridged is None:
            return
        slot = pbx.park(call.channel)
        await asyncio.sleep(self.every * 0.6)
        free = self._idle()
        if pbx.parked_calls().get(slot) == call.channel and free:
            await pbx.dial_extension(slot, self.rng.choice(free), "", via_trunk=False)
