"""Widgets against the real bridge, service and simulated PBX, on a qasync loop.

Mark async GUI tests with ``@pytest.mark.qt`` and ``@pytest.mark.asyncio``:
they then run on a qasync loop inside the QApplication (see the
``pytest_asyncio_loop_factories`` hook in tests/conftest.py), so Qt timers,
signals and painting keep working while the test awaits.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Generic, TypeVar

import pytest
import pytest_asyncio
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import History
from mypbxdesk.service.console import ConsoleService
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui import i18n
from mypbxdesk.ui.bridge import PbxBridge

from ..simpbx import fast_pbx
from .xserver import keyboard, xdisplay  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _tray_app_semantics(qapp: QApplication) -> None:
    """As in the app: closing the last window must not end the (qasync) loop."""
    qapp.setQuitOnLastWindowClosed(False)


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[SimulatedPbx]:
    async with fast_pbx(seed=11) as pbx:
        yield pbx


def settings_for(pbx: SimulatedPbx, extension: str = "474", **kw: object) -> Settings:
    return Settings(host="127.0.0.1", port=pbx.port, username="admin", extension=extension, **kw)  # type: ignore[arg-type]


@pytest_asyncio.fixture
async def bridge(qtbot: QtBot, sim: SimulatedPbx, tmp_path: Path) -> AsyncIterator[PbxBridge]:
    # Requesting qtbot first makes pytest-qt close the test's widgets *after*
    # this fixture has shut the service down inside the loop: Qt events
    # processed outside the qasync loop must find no AMI work in flight.
    history = History.open(tmp_path / "history.sqlite3")
    service = PhoneService(settings_for(sim), "password", history=history)
    b = PbxBridge(service, config_path=tmp_path / "config.toml")
    service.start()
    await service.client.wait_ready(5)
    try:
        yield b
    finally:
        await b.aclose()


async def console_bridge_for(
    pbx: SimulatedPbx, tmp_path: Path, username: str = "admin", secret: str = "password"
) -> PbxBridge:
    """A bridge with a :class:`ConsoleService`, logged in and resynced (close it with aclose)."""
    history = History.open(tmp_path / f"history-{username}.sqlite3")
    settings = Settings(host="127.0.0.1", port=pbx.port, username=username, extension="474")
    service = PhoneService(settings, secret, history=history)
    b = PbxBridge(service, console=ConsoleService(service), config_path=tmp_path / "config.toml")
    service.start()
    await service.client.wait_ready(5)
    assert b.console is not None
    await b.console.wait_resynced(5)
    return b


@pytest_asyncio.fixture
async def console_bridge(
    qtbot: QtBot, sim: SimulatedPbx, tmp_path: Path
) -> AsyncIterator[PbxBridge]:
    """Like ``bridge``, with the receptionist's console (colleagues, parking, queues)."""
    b = await console_bridge_for(sim, tmp_path)
    try:
        yield b
    finally:
        await b.aclose()


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[str]:
    """The Simplified Chinese translation installed for one test (then removed)."""
    locale = i18n.install_translator(qapp, "zh_CN")
    try:
        yield locale
    finally:
        i18n.remove_translators(qapp)


async def until(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Wait (letting Qt and asyncio run) until ``predicate()`` is truthy, or fail."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


_Q = TypeVar("_Q", bound=QObject)
_T = TypeVar("_T")


class Record(Generic[_T]):
    """A callback that records its argument and returns True (it stands in for
    ``open_url``, ``start_detached`` …). Compares equal to the list of what it got;
    always truthy, so ``callback or default`` keeps it."""

    def __init__(self) -> None:
        self.items: list[_T] = []

    def __call__(self, item: _T) -> bool:
        self.items.append(item)
        return True

    def __eq__(self, other: object) -> bool:
        return self.items == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Record({self.items!r})"


def child(parent: QObject, kind: type[_Q], name: str) -> _Q:
    """``parent``'s child ``name`` of type ``kind``; fails the test when there is none."""
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found
