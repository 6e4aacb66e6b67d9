"""Bridges that no ``Dial()`` owns, and 1.8's masquerade.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

After a park, a pickup or a transfer, two channels talk that no ``Dial()`` connected
(the retriever and the parked call, the transferee and the target). A :class:`Link`
owns such a pair: it announces nothing itself (the feature has written the bridge's
opening events in its own order) but it ends it like the real PBX does: 1.8 ``Unlink``,
the Cdr, both Hangups (capture c2a); 22 ``BridgeLeave`` x2, ``BridgeDestroy``, the
Hangups, then the Cdr. A link can end on its own after a talk time (demo calls).

:func:`masquerade` is 1.8's way to move a call onto another channel (capture c2a: park,
c3a: pickup): ``Masquerade`` and three ``Rename``; the *original* ends up with the
*clone*'s name, technology, caller ids and state but keeps its own Uniqueid, and the
clone becomes ``<original name><ZOMBIE>`` and hangs up.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from .callmodel import Call
from .dialects import NORMAL_CLEARING
from .engine import Engine
from .ev_chan import ChanEvents
from .model import Channel

if TYPE_CHECKING:
    from .kit import Kit

Spawn = Callable[[Coroutine[Any, Any, None], str], "asyncio.Task[None]"]


class Link:
    """Two channels bridged outside a ``Dial()``; the owner of both."""

    def __init__(
        self, engine: Engine, chan: ChanEvents, a: Channel, b: Channel, bridge_id: str
    ) -> None:
        self.engine = engine
        self.chan = chan
        self.a, self.b = a, b
        self.bridge_id = bridge_id
        self.task: asyncio.Task[None] | None = None
        self.on_end: Callable[[Channel], None] | None = None
        a.bridged, b.bridged = b, a
        a.bridge_id = b.bridge_id = bridge_id
        engine.owners[a] = engine.owners[b] = self
        self.ended = False

    def expire(self, spawn: Spawn, after: float) -> None:
        """End the link after ``after`` seconds (``a`` hangs up), unless it ends before."""
        if not math.isinf(after):
            self.task = spawn(self._expire(after), f"sim-link-{self.a.name}")

    async def _expire(self, after: float) -> None:
        await asyncio.sleep(after)
        self.task = None
        self.hangup(self.a, NORMAL_CLEARING)

    def release(self) -> tuple[Channel, Channel]:
        """Forget the link without events (a feature moves the channels on)."""
        self.ended = True
        for ch in (self.a, self.b):
            if self.engine.owners.get(ch) is self:
                del self.engine.owners[ch]
            ch.bridged, ch.bridge_id = None, ""
        self._cancel()
        return self.a, self.b

    def hangup(self, ch: Channel, cause: int) -> None:
        """``ch`` hangs up: the link ends and the other party is hung up too."""
        if self.ended:
            return
        self.ended = True
        self._cancel()
        engine, d = self.engine, self.engine.d
        first = ch
        other = self.b if ch is self.a else self.a
        calls = [engine.calls[x] for x in (self.a, self.b) if x in engine.calls]
        if d.legacy:
            engine.emit(d.bridge_down(self.a, self.b, first, self.bridge_id))
        else:
            engine.emit(self.chan.bridge_leave(self.bridge_id, 1, first))
            engine.emit(self.chan.bridge_leave(self.bridge_id, 0, other))
            engine.emit(self.chan.bridge_destroy(self.bridge_id))
        for x in (self.a, self.b):
            x.bridged, x.bridge_id = None, ""
        if self.on_end is not None:
            self.on_end(first)
        if d.legacy:
            engine.emit([engine.cdr(c, "ANSWER") for c in calls])
        for x, why in ((first, cause), (other, NORMAL_CLEARING)):
            call = engine.calls.get(x)
            if call is not None:
                if not d.legacy and call.dial is not None and not call.dial.quiet:
                    engine.emit(d.dial_end(x, "ANSWER"))
                engine.close(call, why)
            else:
                engine.destroy(x, why)
        if not d.legacy:
            engine.emit([engine.cdr(c, "ANSWER") for c in calls])

    def hold_timer(self) -> None:
        """A feature took both channels over for a while: the talk time stops."""
        self._cancel()

    def _cancel(self) -> None:
        task, self.task = self.task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()


def masquerade(engine: Engine, chan: ChanEvents, clone: Channel, original: Channel) -> None:
    """1.8: ``original`` takes over ``clone``; ``clone`` becomes the zombie (not hung up)."""
    clone_name, original_name = clone.name, original.name
    engine.emit(chan.masquerade(clone, original, clone.state.desc))
    engine.rename(clone, f"{clone_name}<MASQ>")
    engine.emit(chan.rename(clone_name, clone.name, clone.uniqueid))
    engine.rename(original, clone_name)
    engine.emit(chan.rename(original_name, clone_name, original.uniqueid))
    zombie = f"{original_name}<ZOMBIE>"
    engine.emit(chan.rename(clone.name, zombie, clone.uniqueid))
    engine.rename(clone, zombie)
    for attr in (
        "endpoint",
        "tech",
        "caller_num",
        "caller_name",
        "connected_num",
        "connected_name",
        "state",
    ):
        mine, theirs = getattr(original, attr), getattr(clone, attr)
        setattr(original, attr, theirs)
        setattr(clone, attr, mine)
    engine.on_device(original)
    engine.on_device(clone)


def close_quietly(engine: Engine, call: Call) -> None:
    """A call whose channel another call took over: no Cdr, no more events."""
    task, call.task = call.task, None
    if task is not None and task is not asyncio.current_task():
        task.cancel()
    engine.calls.pop(call.caller, None)
    call.done.set()
    engine.on_change()


def end_channel(kit: Kit, ch: Channel, cause: int = NORMAL_CLEARING) -> None:
    """``ch`` hangs up; the call it ran as the caller (if any) ends with it, Cdr included."""
    engine = kit.engine
    call = engine.calls.get(ch)
    if call is None:
        engine.destroy(ch, cause)
        return
    kit.calls.stop_driver(call)
    if engine.d.legacy:
        engine.emit([engine.cdr(call, "ANSWER")])
    engine.close(call, cause)
    if not engine.d.legacy:
        engine.emit([engine.cdr(call, "ANSWER")])
