"""Tray icon / status window: the connection state is always visible."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from mypbxdesk.driver.client import ConnectionState, ConnectionStatus
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import follow_hotkey_setting
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.hotkey import GlobalHotkey
from mypbxdesk.ui.tray import Openers, TrayController, status_text

from .conftest import child, until
from .fakehotkey import FakeBackend

S = Settings(host="pbx.local", port=5038, extension="474")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            ConnectionStatus(ConnectionState.CONNECTED, "x"),
            "Connected as extension 474 (pbx.local:5038)",
        ),
        (ConnectionStatus(ConnectionState.CONNECTING), "Connecting to the PBX at pbx.local:5038…"),
        (
            ConnectionStatus(ConnectionState.AUTH_FAILED),
            "Wrong AMI username or password — open Settings to fix it",
        ),
        (
            ConnectionStatus(
                ConnectionState.RECONNECT_WAIT,
                "pbx.local:5038 refused the connection (is AMI enabled…)",
                retry_in=8.2,
            ),
            "PBX unreachable: pbx.local:5038 refused the connection (is AMI enabled…) "
            "— reconnecting in 8 s",
        ),
        (ConnectionStatus(ConnectionState.DISCONNECTED), "Not connected"),
    ],
)
def test_status_text(status: ConnectionStatus, expected: str) -> None:
    assert status_text(status, S) == expected


def test_countdown() -> None:
    status = ConnectionStatus(ConnectionState.RECONNECT_WAIT, "connection lost", retry_in=10)
    assert status_text(status, S, now=103.0, since=100.0).endswith("reconnecting in 7 s")
    assert (
        status_text(ConnectionStatus(ConnectionState.DISCONNECTED), Settings())
        == "Not set up yet — open Settings"
    )


class Opened:
    def __init__(self) -> None:
        self.log: list[str] = []

    def openers(self) -> Openers:
        return Openers(
            *(
                lambda n=n: self.log.append(n)
                for n in ("dialer", "calls", "history", "settings", "amilog")
            )
        )


@pytest.mark.qt
@pytest.mark.asyncio
async def test_tray_tooltip_follows_reconnects(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    opened = Opened()
    tray = TrayController(bridge, opened.openers(), use_tray=True)
    assert tray.tray is not None
    assert tray.tray.toolTip() == f"mypbxdesk — Connected as extension 474 (127.0.0.1:{sim.port})"
    await sim.stop()
    await until(lambda: "reconnecting in" in tray.tray.toolTip())  # type: ignore[union-attr]
    assert "PBX unreachable" in tray.tray.toolTip() or "Disconnected" in tray.tray.toolTip()
    tray._on_activated(QSystemTrayIcon.ActivationReason.Trigger)
    assert opened.log == ["dialer"]
    names = [a.objectName() for a in tray.menu.actions() if a.objectName()]
    assert names == [
        "actDial",
        "actCalls",
        "actHistory",
        "actDnd",
        "actSettings",
        "actAmiLog",
        "actReconnect",
        "actQuit",
    ]
    dnd = next(a for a in tray.menu.actions() if a.objectName() == "actDnd")
    dnd.trigger()
    assert bridge.dnd is True
    assert "do not disturb" in tray.tray.toolTip()
    tray.hide()


@pytest.mark.qt
@pytest.mark.asyncio
async def test_without_a_tray_a_status_window_offers_the_menu(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    opened = Opened()
    quits: list[int] = []
    tray = TrayController(bridge, opened.openers(), use_tray=False)
    tray.quit_requested.connect(lambda: quits.append(1))
    window = tray.window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    assert window.text_label.text().startswith("Connected as extension 474")
    for name in ("btnDial", "btnCalls", "btnHistory", "btnSettings", "btnAmiLog"):
        child(window, QPushButton, name).click()
    assert opened.log == ["dialer", "calls", "history", "settings", "amilog"]
    window.close()
    assert window.isMinimized() or not window.isHidden()  # closing never loses the app
    child(window, QPushButton, "btnQuit").click()
    assert quits == [1]
    await sim.drop_clients()
    await until(lambda: not window.text_label.text().startswith("Connected"))
    assert "reconnecting in" in window.text_label.text()
    await until(lambda: window.text_label.text().startswith("Connected"), timeout=5)
    await bridge.service.client.wait_ready(5)  # no AMI work left in flight


@pytest.mark.expect_log("global dial hotkey")
@pytest.mark.qt
@pytest.mark.asyncio
@pytest.mark.parametrize("use_tray", [True, False])
async def test_active_hotkey_is_shown_next_to_dial_clipboard(
    qtbot: QtBot, bridge: PbxBridge, use_tray: bool
) -> None:
    opened = Opened()
    openers = replace(opened.openers(), dial_clipboard=lambda: opened.log.append("clipboard"))
    tray = TrayController(bridge, openers, use_tray=use_tray)
    hotkey = GlobalHotkey(FakeBackend)
    notes: list[tuple[str, str]] = []
    follow_hotkey_setting(hotkey, bridge, lambda t, m: notes.append((t, m)), tray.show_hotkey)

    def shown() -> str:
        if tray.tray is not None:
            act = tray.menu.findChild(QAction, "actDialClipboard")
            assert act is not None
            return act.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        assert tray.window is not None
        qtbot.addWidget(tray.window)
        return child(tray.window, QPushButton, "btnDialClipboard").toolTip()

    assert shown() == ""  # no hotkey configured
    bridge.settings_changed.emit(replace(bridge.settings, dial_hotkey="Ctrl+Alt+D"))
    assert "Ctrl+Alt+D" in shown()
    bridge.settings_changed.emit(replace(bridge.settings, dial_hotkey="Shift+D"))  # refused
    assert shown() == "" and len(notes) == 1
    if tray.tray is not None:
        act = tray.menu.findChild(QAction, "actDialClipboard")
        assert act is not None and act.shortcutContext() is Qt.ShortcutContext.WidgetShortcut
    hotkey.close()
    tray.hide()
