"""A dialled number is cleaned once, at the edge, and reaches the Originate as a DialNumber.

Every module that imported ``clean_number`` gets a counting wrapper, and
``build_originate`` a spy: from the dialer, a hand-over, the clipboard, a
queued number and ``mypbxdesk dial``, the typed text is cleaned exactly once
and what reaches the Originate is the :class:`DialNumber` that came of it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from pytestqt.qtbot import QtBot

import mypbxdesk.cli.main
import mypbxdesk.ui.app
import mypbxdesk.ui.dialer
from mypbxdesk.base import numbers
from mypbxdesk.base.numbers import DialNumber
from mypbxdesk.service import clicktodial
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import Windows
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.dialer import DialerWindow
from mypbxdesk.ui.singleinstance import make_request

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


@pytest.fixture
def cleanings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``clean_number`` was asked to clean, wherever it was imported."""
    seen: list[str] = []
    real = numbers.clean_number

    def counting(text: str) -> DialNumber:
        seen.append(text)
        return real(text)

    patched = 0
    for name, module in list(sys.modules.items()):
        if name.startswith("mypbxdesk") and getattr(module, "clean_number", None) is real:
            monkeypatch.setattr(module, "clean_number", counting)
            patched += 1
    assert patched >= 4  # numbers, the dialer, the app, the command line (at least)
    return seen


@pytest.fixture
def originated(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The numbers ``build_originate`` received."""
    seen: list[object] = []
    real: Callable[[Settings, DialNumber], object] = clicktodial.build_originate

    def spy(settings: Settings, number: DialNumber) -> object:
        seen.append(number)
        return real(settings, number)

    monkeypatch.setattr(clicktodial, "build_originate", spy)
    return seen


def exten(sim: SimulatedPbx) -> list[str]:
    return [m["Exten"] for m in sim.actions_received if m.name.lower() == "originate"]


def dial_numbers(seen: list[object]) -> list[str]:
    assert all(type(n) is DialNumber for n in seen), seen
    return [str(n) for n in seen]


async def test_typed_in_the_dialer(
    qtbot: QtBot,
    sim: SimulatedPbx,
    bridge: PbxBridge,
    cleanings: list[str],
    originated: list[object],
) -> None:
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.open_with()
    win.number.setText("tel:+1 (555) 010-9999")
    qtbot.keyClick(win.number, Qt.Key.Key_Return)
    await until(lambda: win.message.text().startswith("Connected"))
    assert exten(sim) == ["+15550109999"]
    assert cleanings == ["tel:+1 (555) 010-9999"]
    assert dial_numbers(originated) == ["+15550109999"]


async def test_handed_over_and_from_the_clipboard(
    qtbot: QtBot,
    sim: SimulatedPbx,
    bridge: PbxBridge,
    tmp_path: Path,
    cleanings: list[str],
    originated: list[object],
) -> None:
    windows = Windows(bridge, tmp_path / "config.toml")
    windows.handle_request(make_request("dial", "tel:+1-555-010-9999"))
    dialer = windows._made["dialer"]
    assert isinstance(dialer, DialerWindow)
    qtbot.addWidget(dialer)
    await until(lambda: exten(sim) == ["+15550109999"])
    assert cleanings == ["tel:+1-555-010-9999"]
    await until(lambda: not dialer.busy)

    cleanings.clear()
    board = QGuiApplication.clipboard()
    board.setText("mobile 138 0601 2345, after 3 pm", QClipboard.Mode.Clipboard)
    if board.supportsSelection():
        board.setText("", QClipboard.Mode.Selection)
    assert windows.dial_clipboard() == "13806012345"
    await until(lambda: len(exten(sim)) == 2)
    assert exten(sim)[1] == "13806012345"
    # number_in_text tried the whole text (refused), then cleaned the number it found;
    # nothing cleaned it again on its way to the Originate
    assert cleanings == ["mobile 138 0601 2345, after 3 pm", "138 0601 2345"]
    assert dial_numbers(originated) == ["+15550109999", "13806012345"]
    await until(lambda: not dialer.busy)


async def test_queued_while_a_dial_is_under_way(
    qtbot: QtBot,
    sim: SimulatedPbx,
    bridge: PbxBridge,
    cleanings: list[str],
    originated: list[object],
) -> None:
    sim.timing.ring_time = 0.6
    win = DialerWindow(bridge)
    qtbot.addWidget(win)
    win.dial_number("306")
    await until(lambda: len(exten(sim)) == 1)
    win.dial_number("+1 555-010-9999")
    assert "Next: +1 555 010 9999" in win.message.text()
    await until(lambda: len(exten(sim)) == 2, timeout=10)
    assert exten(sim) == ["306", "+15550109999"]
    assert cleanings == ["306", "+1 555-010-9999"]  # the queued one when it was queued
    assert dial_numbers(originated) == ["306", "+15550109999"]
    await until(lambda: not win.busy, timeout=10)


async def test_mypbxdesk_dial(
    sim: SimulatedPbx,
    monkeypatch: pytest.MonkeyPatch,
    cleanings: list[str],
    originated: list[object],
) -> None:
    monkeypatch.setenv("MYPBXDESK_SECRET", "password")
    cli = mypbxdesk.cli.main
    args = cli.build_parser().parse_args(
        [
            *("dial", "--host", "127.0.0.1", "--port", str(sim.port), "--extension", "503"),
            *("--no-wait", "tel:+1 (555) 010-9999"),
        ]
    )
    assert await cli.run_dial(args) == cli.EXIT_OK
    assert exten(sim) == ["+15550109999"]
    assert cleanings == ["tel:+1 (555) 010-9999"]
    assert dial_numbers(originated) == ["+15550109999"]


async def test_an_uncleaned_string_never_reaches_the_pbx(
    sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    for text in ("306", "306\r\nAction: Hangup"):
        with pytest.raises(TypeError, match="DialNumber"):
            await bridge.service.dial(text)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="DialNumber"):
            clicktodial.build_originate(bridge.settings, text)  # type: ignore[arg-type]
    assert exten(sim) == []
    assert bridge.service.status.state.value == "connected"
