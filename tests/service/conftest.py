"""Fixtures for the console's service tests: a simulated PBX per dialect, a desk on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from mypbxdesk.sim import SimulatedPbx

from .consoledesk import DIALECTS, Desk, console_pbx, open_desk


@pytest_asyncio.fixture(params=DIALECTS)
async def sim(request: pytest.FixtureRequest) -> AsyncIterator[SimulatedPbx]:
    """The simulated MyPBX (1.8) and the simulated Asterisk 22, one test each."""
    async with console_pbx(request.param) as pbx:
        yield pbx


@pytest_asyncio.fixture
async def desk(sim: SimulatedPbx) -> AsyncIterator[Desk]:
    """474 logged in as ``admin`` (all rights), resynced."""
    d = await open_desk(sim)
    try:
        yield d
    finally:
        await d.aclose()
