"""Fixtures: a simulated MyPBX on a free loopback port, fast timings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest_asyncio

from mypbxdesk.ami.client import AmiOptions
from mypbxdesk.sim import SimulatedPbx


@pytest_asyncio.fixture(params=["mypbx", "asterisk"])
async def pbx(request: object) -> AsyncIterator[SimulatedPbx]:
    dialect = request.param  # type: ignore[attr-defined]
    sim = SimulatedPbx(dialect, auth_fail_delay=0.0, ring_time=0.05, talk_time=0.2,
                       answer_delay=0.02, seed=7)
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


@pytest_asyncio.fixture
async def mypbx() -> AsyncIterator[SimulatedPbx]:
    sim = SimulatedPbx("mypbx", auth_fail_delay=0.0, ring_time=0.05, talk_time=0.2,
                       answer_delay=0.02, seed=7)
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


def options(pbx: SimulatedPbx, username: str = "admin", secret: str | None = None,
            **kwargs: object) -> AmiOptions:
    return AmiOptions("127.0.0.1", pbx.port, username,
                      pbx.users[username] if secret is None else secret, **kwargs)  # type: ignore[arg-type]


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait until ``predicate()`` holds (polling the loop), or fail."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)
