""""Dial clipboard": the tray action reads the selection/clipboard on demand and dials."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QClipboard, QGuiApplication
from pytestqt.qtbot import QtBot

from mypbxdesk.contacts import number_in_text
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import Windows
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.tray import build_menu

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


def originates(sim: SimulatedPbx) -> list[str]:
    return [m["Exten"] for m in sim.actions_received if m.name.lower() == "originate"]


@pytest.mark.parametrize(("text", "number"), [
    ("Call me on 020 7946 0018 or +1 650-253-0000", "02079460018"),
    ("Tel: +86 138-0601-2345, thanks", "+8613806012345"),
    ("  306\n", "306"),
    ("*72#", "*72#"),
    ("no number here", None),
    ("", None),
])
async def test_number_in_text(text: str, number: str | None) -> None:
    assert number_in_text(text, "GB") == number


async def test_tray_action_dials_the_clipboard(qtbot: QtBot, sim: SimulatedPbx,
                                               bridge: PbxBridge, tmp_path: Path) -> None:
    windows = Windows(bridge, tmp_path / "config.toml")
    menu = build_menu(None, bridge, windows.openers(), lambda: None)
    act = menu.findChild(QAction, "actDialClipboard")
    assert act is not None
    board = QGuiApplication.clipboard()
    board.setText("Mr Smith — mobile 138 0601 2345 (after 3 pm)", QClipboard.Mode.Clipboard)
    if board.supportsSelection():  # X11: the highlighted text wins over the clipboard
        board.setText("", QClipboard.Mode.Selection)
    act.trigger()
    qtbot.addWidget(windows._made["dialer"])
    await until(lambda: originates(sim))
    assert originates(sim) == ["13806012345"]
    assert windows._made["dialer"].number.text() == "13806012345"  # type: ignore[attr-defined]


async def test_no_number_in_the_clipboard_is_said_not_dialled(
        qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path) -> None:
    windows = Windows(bridge, tmp_path / "config.toml")
    QGuiApplication.clipboard().setText("see you at lunch")
    assert windows.dial_clipboard() is None
    dialer = windows._made["dialer"]
    qtbot.addWidget(dialer)
    assert dialer.number.text() == "see you at lunch"  # type: ignore[attr-defined]
    assert "Cannot dial this" in dialer.message.text()  # type: ignore[attr-defined]
    assert originates(sim) == []
