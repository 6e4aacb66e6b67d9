"""The settings dialog: inline validation, Test connection, Save (keyring or file)."""

from __future__ import annotations

import itertools
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from mypbxdesk.driver.client import ConnectionState
from mypbxdesk.settings.config import Settings, load_settings
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.hotkey import GlobalHotkey
from mypbxdesk.ui.settingsdialog import WELCOME, SettingsDialog

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

SHOTS = Path("/tmp/shots")


def shot(widget: QWidget, name: str) -> None:
    """Save a screenshot for a human to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict, for tests."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def _keep_running_when_dialog_closes(qapp: QApplication) -> Iterator[None]:
    """A tray app does not quit when its last window closes; nor does the test loop."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def make_dialog(
    qtbot: QtBot,
    bridge: PbxBridge,
    tmp_path: Path,
    *,
    first_run: bool = False,
    answer: bool = True,
    questions: list[str] | None = None,
    hotkey: GlobalHotkey | None = None,
) -> SettingsDialog:
    asked = questions if questions is not None else []

    def confirm(question: str) -> bool:
        asked.append(question)
        return answer

    settings = Settings() if first_run else bridge.settings
    dialog = SettingsDialog(
        bridge,
        settings,
        first_run=first_run,
        confirm=confirm,
        config_path=tmp_path / "config.toml",
        current_secret="" if first_run else None,
        hotkey=hotkey,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def watch_states(bridge: PbxBridge) -> list[ConnectionState]:
    states: list[ConnectionState] = [bridge.status.state]
    bridge.status_changed.connect(lambda status: states.append(status.state))
    return states


async def reconnected(bridge: PbxBridge, states: list[ConnectionState], times: int = 1) -> None:
    """Until the bridge dropped its session ``times`` times and is logged in again."""

    def done() -> bool:
        drops = sum(
            1
            for a, b in itertools.pairwise(states)
            if a is ConnectionState.CONNECTED and b is not ConnectionState.CONNECTED
        )
        return drops >= times and bool(states) and states[-1] is ConnectionState.CONNECTED

    await until(done)
    await bridge.service.client.wait_ready(5)  # the after-login steps too


def error(dialog: SettingsDialog, name: str) -> QLabel:
    label = dialog.findChild(QLabel, f"error_{name}")
    assert label is not None
    return label


def save_button(dialog: SettingsDialog) -> QPushButton:
    button = dialog.findChild(QPushButton, "saveButton")
    assert button is not None
    return button


def result_label(dialog: SettingsDialog) -> QLabel:
    label = dialog.findChild(QLabel, "testResult")
    assert label is not None
    return label


@pytest.mark.parametrize(
    ("field", "bad", "good", "words"),
    [
        ("port", "0", "5038", "between 1 and 65535"),
        ("port", "99999", "5038", "between 1 and 65535"),
        ("host", "", "pbx.example.com", "host is empty"),
        ("extension", "50a", "503", "1 to 10 digits"),
        ("context", "DLPN DialPlan{extension}", "DLPN_DialPlan{extension}", "template is invalid"),
    ],
)
async def test_invalid_value_shows_inline_error_and_disables_save(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path, field: str, bad: str, good: str, words: str
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    target: QLineEdit = getattr(dialog, field)
    assert save_button(dialog).isEnabled()
    assert error(dialog, field).isHidden()

    target.clear()
    QTest.keyClicks(target, bad)
    assert not error(dialog, field).isHidden()
    assert words in error(dialog, field).text()
    assert not save_button(dialog).isEnabled()
    if field == "port":
        shot(dialog, f"settings-error-{field}-{bad}.png")

    target.setText(good)
    assert error(dialog, field).isHidden()
    assert save_button(dialog).isEnabled()


async def test_analog_phone_needs_and_enables_the_dahdi_port(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    assert not dialog.dahdi_port.isEnabled()
    dialog.phone_type.setCurrentIndex(dialog.phone_type.findData("dahdi"))
    assert dialog.dahdi_port.isEnabled()
    assert not error(dialog, "dahdi_port").isHidden()
    assert "DAHDI port" in error(dialog, "dahdi_port").text()
    assert not save_button(dialog).isEnabled()
    dialog.dahdi_port.setValue(5)
    assert error(dialog, "dahdi_port").isHidden()
    assert save_button(dialog).isEnabled()
    assert dialog.form_settings().dial_channel == "DAHDI/5"
    dialog.phone_type.setCurrentIndex(dialog.phone_type.findData("pjsip"))
    assert not dialog.dahdi_port.isEnabled()
    assert dialog.form_settings().dial_channel == "PJSIP/474"


async def test_first_run_welcomes_and_lists_what_is_missing(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path, sim: SimulatedPbx
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path, first_run=True)
    assert any(label.text() == WELCOME for label in dialog.findChildren(QLabel))
    # Nothing typed yet: no red, but Save waits and the status says why.
    assert error(dialog, "host").isHidden()
    assert not save_button(dialog).isEnabled()
    assert "PBX host" in dialog.status.text() and "my extension" in dialog.status.text()
    assert dialog.port.text() == "5038"
    assert dialog.context.text() == "DLPN_DialPlan{extension}"
    QTest.keyClicks(dialog.host, "127.0.0.1")
    dialog.port.setText(str(sim.port))
    QTest.keyClicks(dialog.extension, "503")
    assert not save_button(dialog).isEnabled()  # still no secret
    assert "DLPN_DialPlan503" in dialog.findChild(QLabel, "hint_context").text()  # type: ignore[union-attr]
    QTest.keyClicks(dialog.secret, "password")
    assert save_button(dialog).isEnabled()
    assert dialog.status.text() == ""
    shot(dialog, "settings-first-run.png")


async def test_secret_field_is_never_prefilled(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    assert dialog.secret.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.secret.text() == ""
    assert dialog.secret.placeholderText() == "unchanged"
    assert error(dialog, "secret").isHidden()
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert not any("password" in t for t in texts)


async def test_test_connection_reports_wrong_secret_then_success(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    button = dialog.findChild(QPushButton, "testButton")
    assert button is not None
    QTest.keyClicks(dialog.secret, "wrong")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.isEnabled()  # disabled while testing
    await until(lambda: "wrong username or secret" in result_label(dialog).text())
    await until(button.isEnabled)
    shot(dialog, "settings-test-wrong-secret.png")

    dialog.secret.setText("password")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    await until(lambda: "Connected" in result_label(dialog).text())
    assert "wrong" not in result_label(dialog).text()

    dialog.secret.clear()  # empty: tests with the secret in use
    dialog.port.setText("1")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    await until(
        lambda: (
            "Testing" not in result_label(dialog).text()
            and "Connected" not in result_label(dialog).text()
        )
    )
    assert result_label(dialog).text().startswith("✗")


async def test_save_with_keyring_keeps_secret_out_of_the_file(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    questions: list[str] = []
    dialog = make_dialog(qtbot, bridge, tmp_path, questions=questions)
    dialog.extension.setText("305")
    dialog.timeout.setValue(45)
    saved: list[str] = []
    dialog.saved.connect(saved.append)
    states = watch_states(bridge)
    QTest.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)  # secret "unchanged"
    await until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert questions == []
    key = ("mypbxdesk", f"admin@127.0.0.1:{bridge.settings.port}")
    assert memory_keyring.store == {key: "password"}
    path = tmp_path / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "password" not in text and "secret" not in text
    assert load_settings(path).extension == "305"
    assert bridge.settings == dialog.form_settings()
    assert bridge.settings.originate_timeout_ms == 45000
    assert saved and "keyring" in saved[0]
    await reconnected(bridge, states)


@pytest.fixture
def no_keyring(bridge: PbxBridge, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bridge, "keyring_available", lambda: False)


@pytest.mark.usefixtures("no_keyring")
async def test_save_without_keyring_asks_and_stores_in_file_on_yes(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    questions: list[str] = []
    dialog = make_dialog(qtbot, bridge, tmp_path, answer=True, questions=questions)
    QTest.keyClicks(dialog.secret, "password")
    states = watch_states(bridge)
    QTest.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    await until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    path = tmp_path / "config.toml"
    assert len(questions) == 1 and str(path) in questions[0]
    assert "no keyring" in questions[0]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert 'secret = "password"' in path.read_text()
    assert load_settings(path).secret == "password"
    assert f"stored in {path} (readable only by you)" in dialog.result_message
    assert bridge.settings == replace(dialog.form_settings(), secret="password")
    await reconnected(bridge, states)


@pytest.mark.usefixtures("no_keyring")
async def test_save_without_keyring_declined_keeps_secret_out(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    questions: list[str] = []
    dialog = make_dialog(qtbot, bridge, tmp_path, answer=False, questions=questions)
    QTest.keyClicks(dialog.secret, "password")
    dialog.extension.setText("306")
    states = watch_states(bridge)
    QTest.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    await until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert len(questions) == 1
    path = tmp_path / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "password" not in path.read_text()
    assert "give it again" in dialog.result_message
    assert "MYPBXDESK_SECRET" in dialog.result_message
    assert bridge.settings == dialog.form_settings()
    assert bridge.settings.extension == "306"
    await reconnected(bridge, states)  # this session still has the secret


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the user cancelled the unlock prompt")


@pytest.mark.expect_log("keyring refused to store")
async def test_keyring_that_refuses_offers_the_file(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(RefusingKeyring())
    try:
        questions: list[str] = []
        dialog = make_dialog(qtbot, bridge, tmp_path, answer=True, questions=questions)
        states = watch_states(bridge)
        QTest.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
        await until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        await reconnected(bridge, states)
    finally:
        keyring.set_keyring(previous)
    assert len(questions) == 1 and "keyring refused" in questions[0]
    path = tmp_path / "config.toml"
    assert load_settings(path).secret == "password"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "keyring refused it" in dialog.result_message
