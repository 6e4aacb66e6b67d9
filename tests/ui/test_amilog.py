"""The AMI log window: live traffic, filters, copy, pause, and no secrets anywhere."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from mypbxdesk.ami.message import Message
from mypbxdesk.service.phone import PhoneService
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.amilog import AmiLogWindow
from mypbxdesk.ui.bridge import WIRE_LOG_SIZE, PbxBridge, WireEntry

from .conftest import settings_for, until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

SHOTS = Path("/tmp/shots")


def shot(widget: QWidget, name: str) -> None:
    """Save a screenshot for a human to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def make_window(qtbot: QtBot, bridge: PbxBridge) -> AmiLogWindow:
    window = AmiLogWindow(bridge)
    qtbot.addWidget(window)
    window.show()
    return window


def text_of(window: AmiLogWindow) -> str:
    return window.view.toPlainText()


async def test_traffic_appears_newest_last_with_secrets_redacted(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    window = make_window(qtbot, bridge)
    assert window.objectName() == "amiLog"
    assert window.windowTitle() == "AMI log — mypbxdesk"
    note = window.findChild(QLabel, "amiRedactionNote")
    assert note is not None and "redacted" in note.text()
    assert "→ sent Login" in text_of(window)
    assert "Key: ********" in text_of(window)  # the fixture logs in with MD5

    await sim.incoming_call(
        caller="13806012345", caller_name="Bob Smith", to="474", outcome="missed", ring_time=0.2
    )
    await until(lambda: "SIP/474" in text_of(window) and "← received" in text_of(window))
    await until(lambda: "Hangup" in text_of(window))
    text = text_of(window)
    assert text.index("Login") < text.index("Hangup")  # newest at the bottom
    bar = window.view.verticalScrollBar()
    assert bar.value() == bar.maximum()  # follows the traffic
    window.resize(900, 560)
    shot(window, "amilog-traffic.png")

    window.copy()
    copied = QGuiApplication.clipboard().text()
    assert copied == window.visible_text() and "Hangup" in copied
    for shown in (text, copied):
        assert "password" not in shown


async def test_plain_text_login_secret_is_redacted(
    qtbot: QtBot, sim: SimulatedPbx, tmp_path: Path
) -> None:
    sim.offers_md5 = False  # a PBX without MD5 login: the Secret goes on the wire
    settings = replace(settings_for(sim), plain_login=True)
    service = PhoneService(settings, "password")
    bridge = PbxBridge(service, config_path=tmp_path / "config.toml")
    window = make_window(qtbot, bridge)
    service.start()
    try:
        await until(lambda: "Secret: ********" in text_of(window), timeout=5)
        await until(lambda: bridge.connected)
        _assert_secret_redacted(window, bridge)
    finally:
        await bridge.aclose()


def _assert_secret_redacted(window: AmiLogWindow, bridge: PbxBridge) -> None:
    assert any("Secret: ********" in e.text for e in bridge.wire_log)
    window.copy()
    for shown in (text_of(window), QGuiApplication.clipboard().text()):
        assert "password" not in shown
        assert "Secret: ********" in shown


async def test_filter_direction_and_copy(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    window = make_window(qtbot, bridge)
    await sim.incoming_call(caller="13806012345", to="474", outcome="missed", ring_time=0.1)
    await until(lambda: "Hangup" in text_of(window))
    everything = len(window._shown)

    search = window.findChild(QLineEdit, "amiFilter")
    assert search is not None
    QTest.keyClicks(search, "login")  # case-insensitive, over name and text
    await until(lambda: len(window._shown) < everything)
    assert window._shown
    assert all("login" in (e.name + e.text).lower() for e in window._shown)
    assert "Hangup" not in text_of(window)
    window.resize(900, 420)
    shot(window, "amilog-filter-login.png")

    window.direction.setCurrentIndex(window.direction.findData("received"))
    assert window._shown == [] and text_of(window) == ""  # the Login was sent
    search.setText("AUTHENTICATION accepted")
    window.rebuild()  # what the debounce timer does
    assert window._shown
    assert all(e.direction == "received" for e in window._shown)
    assert "→ sent" not in text_of(window)
    copy = window.findChild(QPushButton, "amiCopy")
    assert copy is not None
    QTest.mouseClick(copy, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == text_of(window)
    assert "Action: Login" not in copied and "← received" in copied

    search.setText("474")
    window.direction.setCurrentIndex(0)
    await until(lambda: all("474" in e.text or "474" in e.name for e in window._shown))
    assert "SIP/474-" in text_of(window) and "Action: Login" not in text_of(window)
    search.clear()
    window.rebuild()
    assert len(window._shown) == len(bridge.wire_log)


async def test_pause_clear_and_close(qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge) -> None:
    window = make_window(qtbot, bridge)
    window.pause.setChecked(True)
    before = text_of(window)
    await sim.incoming_call(caller="13806012345", to="474", outcome="missed", ring_time=0.1)
    await until(lambda: "new" in window.count.text())
    assert text_of(window) == before  # frozen while reading
    window.pause.setChecked(False)
    assert "Newchannel" in text_of(window)

    window.clear_view()
    assert text_of(window) == ""
    bridge.reconnect_now()
    await sim.drop_clients()
    await until(lambda: "Login" in text_of(window))  # new traffic shows again

    window.close()
    assert window.isHidden()
    window.show()
    assert window.isVisible()


async def test_five_thousand_entries_stay_responsive(qtbot: QtBot, bridge: PbxBridge) -> None:
    window = make_window(qtbot, bridge)
    now = time.time()
    for i in range(WIRE_LOG_SIZE):
        msg = Message(
            [
                ("Event", "Newchannel"),
                ("Channel", f"SIP/{300 + i % 200}-{i:08x}"),
                ("Uniqueid", str(i)),
            ]
        )
        bridge.wire_log.append(WireEntry(now, "received", msg))
    window.update_log()
    assert len(window._shown) == WIRE_LOG_SIZE
    window.filter.setText("SIP/474-")
    window.rebuild()
    assert 0 < len(window._shown) < WIRE_LOG_SIZE

    window.filter.clear()
    window.rebuild()
    blocks = window.view.document().blockCount()
    for i in range(300):  # the log wraps: the oldest leave the view as well
        bridge.wire_log.append(WireEntry(now, "received", Message([("Event", "X"), ("N", str(i))])))
    window.update_log()
    assert len(window._shown) == WIRE_LOG_SIZE
    assert window._shown[-1] is bridge.wire_log[-1]
    assert window.view.document().blockCount() < blocks  # 4-line entries → 3-line ones
    assert text_of(window) == window.visible_text()


class _Chinese(QTranslator):
    """Only the two header words, as the zh_CN catalogue will have them."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        words = {"sent": "发送", "received": "收到"}
        return words.get(source, "") if context == "AmiLogWindow" else ""


async def test_header_direction_words_are_translatable(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    """zh_CN showed "← received Dial": the direction word is the user's language."""
    now = time.time()
    bridge.wire_log.append(WireEntry(now, "received", Message([("Event", "Dial")])))
    bridge.wire_log.append(WireEntry(now, "sent", Message([("Action", "Ping")])))
    translator = _Chinese()
    app = QCoreApplication.instance()
    assert app is not None and app.installTranslator(translator)
    try:
        window = make_window(qtbot, bridge)
        window.rebuild()
        text = text_of(window)
        assert "← 收到 Dial" in text and "→ 发送 Ping" in text
        assert "received Dial" not in text
    finally:
        app.removeTranslator(translator)
