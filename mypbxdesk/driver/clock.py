"""Time for the driver: a clock the tests can replace (httpcore's injected ``sleep``).

Layer 2 (``mypbxdesk.driver``): asyncio + stdlib; no Qt.

Every wait of the driver — keepalive, ping deadline, backoff, connect and action
timeouts — goes through a :class:`Clock`, never through ``asyncio.sleep`` or
``asyncio.timeout`` directly. The app uses :class:`SystemClock`; the tests use a
fake one whose time moves only when told, so a 30 s backoff or a 20 s keepalive
is tested in milliseconds.

Two clocks in one: ``monotonic`` for every deadline (it does not jump when the
user or NTP sets the time, and on Linux it stops while the machine sleeps), and
``wall`` for timestamps and for noticing a sleep (the wall clock ran on while the
monotonic one stood still).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

T = TypeVar("T")

__all__ = ["Clock", "SystemClock", "wait_for"]


class Clock(Protocol):
    """What the driver needs of time."""

    def monotonic(self) -> float:
        """Seconds for deadlines (never jumps)."""
        ...

    def wall(self) -> float:
        """Seconds since the epoch (may jump: NTP, the user, a resume)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of :meth:`monotonic` time."""
        ...


class SystemClock:
    """The real clocks. ``wall`` may be replaced (a test stepping the wall clock)."""

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self._wall = wall

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return self._wall()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


async def wait_for(aw: Awaitable[T], seconds: float | None, clock: Clock) -> T:
    """``await aw``, or :class:`TimeoutError` after ``seconds`` of ``clock`` time
    (``aw`` is then cancelled). ``None`` waits for ever."""
    if seconds is None:
        return await aw
    if isinstance(clock, SystemClock):
        async with asyncio.timeout(max(0.0, seconds)):
            return await aw
    task = asyncio.ensure_future(aw)
    timer = asyncio.ensure_future(clock.sleep(seconds))
    try:
        await asyncio.wait({task, timer}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        timer.cancel()
    if task.done():
        return task.result()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    except Exception:  # it failed while being cancelled: the timeout still wins
        pass
    raise TimeoutError
