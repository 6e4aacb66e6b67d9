"""Tray icon / status window: the connection state is always visible."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSystemTrayIcon,
)
from pytestqt.qtbot import QtBot

from mypbxdesk.driver.client import ConnectionState, ConnectionStatus
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import follow_hotkey_setting
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.hotkey import GlobalHotkey
from mypbxdesk.ui.tray import Openers, TrayController, status_summary, status_text

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
            "Wrong AMI username or secret — open Settings to fix it",
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


def test_outage_summary_is_short_plain_words_with_the_detail_apart() -> None:
    """The tooltip said ~850 px of admin words; now a few plain words, and the
    detail (address, what the PBX said) is in status_text, one click away."""
    refused = ConnectionStatus(
        ConnectionState.RECONNECT_WAIT,
        "127.0.0.1:5038 refused the connection (is AMI enabled and the port right?)",
        retry_in=3,
    )
    summary = status_summary(refused, S)
    assert summary == "Phone system not reachable — trying again in 3 s"
    assert len(summary) <= 60
    for admin in ("AMI", "127.0.0.1", "5038", "refused"):
        assert admin not in summary
    assert "refused the connection" in status_text(refused, S)
    for state in ConnectionState:
        words = status_summary(ConnectionStatus(state, "x", retry_in=1), S).lower()
        assert "password" not in words and len(words) <= 60, state
        assert "password" not in status_text(ConnectionStatus(state, "x"), S).lower(), state
    assert status_summary(ConnectionStatus(ConnectionState.CONNECTED), S) == (
        "Connected as extension 474"
    )


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
    assert tray.tray.toolTip() == "mypbxdesk — Connected as extension 474"
    assert tray.detail == f"Connected as extension 474 (127.0.0.1:{sim.port})"
    await sim.stop()
    await until(lambda: "trying again in" in tray.tray.toolTip())  # type: ignore[union-attr]
    tip = tray.tray.toolTip()
    assert "Phone system not reachable" in tip or "Connection lost" in tip
    assert str(sim.port) not in tip and "reconnecting in" in tray.detail
    assert tray.tray.toolTip() and len(tip) < 80
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
        "actDetails",
        "actQuit",
    ]
    next(a for a in tray.menu.actions() if a.objectName() == "actDetails").trigger()
    box = tray._details_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.informativeText() == tray.detail and "reconnecting in" in tray.detail
    assert all(b.icon().isNull() for b in box.buttons())
    box.close()
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
    quit_button = child(window, QPushButton, "btnQuit")
    grid = window.findChild(QGridLayout)
    assert grid is not None
    in_grid = [item.widget() for i in range(grid.count()) if (item := grid.itemAt(i))]
    assert quit_button not in in_grid  # Quit stands apart from History and Settings
    assert (
        quit_button.geometry().top() > child(window, QPushButton, "btnSettings").geometry().bottom()
    )
    dnd = window.findChild(QCheckBox, "btnDnd")  # a state, shown as a check box
    assert dnd is not None and not dnd.isChecked()
    dnd.click()
    assert bridge.dnd is True
    dnd.click()
    quit_button.click()
    assert quits == [1]
    await sim.drop_clients()
    await until(lambda: not window.text_label.text().startswith("Connected"))
    assert "trying again in" in window.text_label.text()
    detail = child(window, QLabel, "statusDetail")
    assert detail.isHidden()
    child(window, QPushButton, "btnDetails").click()
    assert detail.isVisibleTo(window) and "reconnecting in" in detail.text()
    child(window, QPushButton, "btnReconnect").click()  # retries at once
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
