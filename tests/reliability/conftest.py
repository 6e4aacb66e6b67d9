"""Fixtures for the fault, load and abuse tests: a restartable simulated PBX,
fake non-AMI services, and a service built the way the app builds it."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest_asyncio

from mypbxdesk.calls import History
from mypbxdesk.driver.backoff import Backoff
from mypbxdesk.driver.client import AmiClient, AmiOptions
from mypbxdesk.service.phone import PhoneService, ami_options
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx

from ..simpbx import fast_pbx


def new_sim() -> SimulatedPbx:
    return fast_pbx()


@pytest_asyncio.fixture
async def rsim() -> AsyncIterator[SimulatedPbx]:
    pbx = new_sim()
    await pbx.start()
    try:
        yield pbx
    finally:
        await pbx.stop()


def fast_backoff() -> Backoff:
    return Backoff(base=0.05, cap=0.2, rng=random.Random(3))


def settings_for(
    port: int, extension: str = "474", username: str = "admin", **kw: object
) -> Settings:
    return Settings(host="127.0.0.1", port=port, username=username, extension=extension, **kw)  # type: ignore[arg-type]


def make_service(
    port: int, tmp_path: Path, *, secret: str = "password", username: str = "admin", **opts: object
) -> PhoneService:
    settings = settings_for(port, username=username)
    options = ami_options(settings, secret)
    if opts:
        from dataclasses import replace

        options = replace(options, **opts)  # type: ignore[arg-type]
    client = AmiClient(options, backoff=fast_backoff())
    return PhoneService(
        settings, secret, history=History.open(tmp_path / "history.sqlite3"), client=client
    )


async def eventually(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Poll until ``predicate()`` is truthy, or fail with TimeoutError."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


class FakeService:
    """A TCP listener on loopback that is not a (working) AMI: it sends ``greeting``
    (or nothing), then closes at once or after ``linger`` seconds. Counts accepts."""

    def __init__(self, greeting: bytes | None, linger: float = 0.0) -> None:
        self.greeting = greeting
        self.linger = linger
        self.accepted = 0
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        self._writers.append(writer)
        if self.greeting:
            writer.write(self.greeting)
        try:
            if self.linger:
                await asyncio.sleep(self.linger)
        except asyncio.CancelledError:
            pass  # stopped with the loop: quietly (a cancelled handler is logged as an error)
        finally:
            writer.close()

    async def __aenter__(self) -> FakeService:
        self._server = await asyncio.start_server(self._on_client, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for w in self._writers:
            w.close()
        await self._server.wait_closed()


def options(port: int, secret: str = "password", **kw: object) -> AmiOptions:
    return AmiOptions("127.0.0.1", port, "admin", secret, **kw)  # type: ignore[arg-type]
