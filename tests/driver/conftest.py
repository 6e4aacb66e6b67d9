"""Fixtures: a simulated MyPBX on a free loopback port, fast timings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest_asyncio

from mypbxdesk.driver.client import AmiOptions
from mypbxdesk.sim import SimulatedPbx

from ..simpbx import fast_pbx


@pytest_asyncio.fixture(params=["mypbx", "asterisk"])
async def pbx(request: object) -> AsyncIterator[SimulatedPbx]:
    dialect = request.param  # type: ignore[attr-defined]
    async with fast_pbx(dialect, ring_time=0.05, talk_time=0.2, seed=7) as sim:
        yield sim


@pytest_asyncio.fixture
async def mypbx() -> AsyncIterator[SimulatedPbx]:
    async with fast_pbx(ring_time=0.05, talk_time=0.2, seed=7) as sim:
        yield sim


def options(
    pbx: SimulatedPbx, username: str = "admin", secret: str | None = None, **kwargs: Any
) -> AmiOptions:
    chosen = pbx.users[username] if secret is None else secret
    return AmiOptions("127.0.0.1", pbx.port, username, chosen, **kwargs)


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait until ``predicate()`` holds (polling the loop), or fail."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)
