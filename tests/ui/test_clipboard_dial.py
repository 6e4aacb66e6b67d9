""" "Dial clipboard": the tray action reads the selection/clipboard on demand and dials."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QClipboard, QGuiApplication
from pytestqt.qtbot import QtBot

from mypbxdesk.contacts.book import number_in_text
from mypbxdesk.desktop.hotkeys import parse_chord
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import Windows, follow_hotkey_setting
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.hotkey import GlobalHotkey, HotkeyState
from mypbxdesk.ui.singleinstance import make_request
from mypbxdesk.ui.tray import build_menu

from .conftest import until
from .xserver import Keyboard

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


def originates(sim: SimulatedPbx) -> list[str]:
    return [m["Exten"] for m in sim.actions_received if m.name.lower() == "originate"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Call me on 020 7946 0018 or +1 650-253-0000", "02079460018"),
        ("Tel: +86 138-0601-2345, thanks", "+8613806012345"),
        ("  306\n", "306"),
        ("*72#", "*72#"),
        ("no number here", None),
        ("", None),
    ],
)
async def test_number_in_text(text: str, number: str | None) -> None:
    assert number_in_text(text, "GB") == number


async def test_tray_action_dials_the_clipboard(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
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
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    windows = Windows(bridge, tmp_path / "config.toml")
    QGuiApplication.clipboard().setText("see you at lunch")
    assert windows.dial_clipboard() is None
    dialer = windows._made["dialer"]
    qtbot.addWidget(dialer)
    assert dialer.number.text() == "see you at lunch"  # type: ignore[attr-defined]
    assert "Cannot dial this" in dialer.message.text()  # type: ignore[attr-defined]
    assert originates(sim) == []


@pytest.mark.expect_log(r"global dial hotkey Ctrl\+Alt\+E: taken")
async def test_hotkey_pressed_on_the_x_server_dials_the_clipboard(
    qtbot: QtBot,
    sim: SimulatedPbx,
    bridge: PbxBridge,
    tmp_path: Path,
    xdisplay: str,
    keyboard: Keyboard,
) -> None:
    """End to end: a chord saved in the settings, typed on a real X server,
    becomes an Originate of the copied number."""
    from mypbxdesk.ui.hotkey.x11 import X11Grabber

    hotkey = GlobalHotkey(lambda: X11Grabber(xdisplay))
    windows = Windows(bridge, tmp_path / "config.toml", hotkey)
    hotkey.activated.connect(windows.dial_clipboard)
    notes: list[tuple[str, str]] = []
    follow_hotkey_setting(hotkey, bridge, lambda title, text: notes.append((title, text)))
    states = [hotkey.status.state]  # nothing configured yet
    try:
        bridge.settings_changed.emit(replace(bridge.settings, dial_hotkey="Ctrl+Alt+D"))
        states.append(hotkey.status.state)
        assert states == [HotkeyState.OFF, HotkeyState.ACTIVE]
        board = QGuiApplication.clipboard()
        board.setText("Call Mr Smith back: 138 0601 2345", QClipboard.Mode.Clipboard)
        if board.supportsSelection():
            board.setText("", QClipboard.Mode.Selection)
        keyboard.press("Control_L", "Alt_L", "d")
        await until(lambda: originates(sim))
        qtbot.addWidget(windows._made["dialer"])
        assert originates(sim) == ["13806012345"]
        assert notes == []
        # Another program takes a chord we then choose: one notification says so.
        other = X11Grabber(xdisplay)
        chord = parse_chord("Ctrl+Alt+E")
        assert chord is not None
        other.grab(chord, lambda: None)
        try:
            changed = replace(bridge.settings, dial_hotkey="Ctrl+Alt+E")
            bridge.settings_changed.emit(changed)
            bridge.settings_changed.emit(changed)  # saved again: not said twice
            assert hotkey.status.state is HotkeyState.TAKEN
            assert len(notes) == 1 and "already used" in notes[0][1]
        finally:
            other.close()
    finally:
        hotkey.close()


async def test_handed_over_clipboard_request_dials(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    """``mypbxdesk --dial-clipboard`` (a desktop shortcut on Wayland) hands this over."""
    windows = Windows(bridge, tmp_path / "config.toml")
    QGuiApplication.clipboard().setText("+86 138-0601-2345")
    if QGuiApplication.clipboard().supportsSelection():
        QGuiApplication.clipboard().setText("", QClipboard.Mode.Selection)
    windows.handle_request(make_request("clipboard"))
    qtbot.addWidget(windows._made["dialer"])
    await until(lambda: originates(sim))
    assert originates(sim) == ["+8613806012345"]
