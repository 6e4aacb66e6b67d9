"""Settings: country for numbers, CRM mode/command, contacts import, start at login."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from mypbxdesk.settings.config import load_settings
from mypbxdesk.ui.app import follow_hotkey_setting
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.hotkey import GlobalHotkey, HotkeyState

from .conftest import until
from .fakehotkey import FakeBackend
from .test_settingsdialog import (  # noqa: F401 - memory_keyring is a fixture
    MemoryKeyring,
    error,
    make_dialog,
    memory_keyring,
    reconnected,
    save_button,
    watch_states,
)

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


async def test_bad_region_and_unbalanced_command_are_shown_inline(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    dialog.more.region.setText("XX")
    assert "not a country code" in error(dialog, "default_region").text()
    assert not save_button(dialog).isEnabled()
    dialog.more.region.setText("de")
    assert error(dialog, "default_region").isHidden()
    dialog.more.crm_command.setText('/usr/bin/crm "{name}')
    assert "unbalanced quotes" in error(dialog, "crm_command").text()
    assert not save_button(dialog).isEnabled()
    dialog.more.crm_command.setText("{number} /usr/bin/crm")
    assert "start with a program" in error(dialog, "crm_command").text()
    dialog.more.crm_command.setText("'/opt/My CRM/lookup' --tel {number} {name}")
    assert save_button(dialog).isEnabled()
    settings = dialog.form_settings()
    assert settings.crm_command == ("/opt/My CRM/lookup", "--tel", "{number}", "{name}")
    assert settings.default_region == "DE"


async def test_save_stores_crm_settings_and_toggles_start_at_login(
    qtbot: QtBot,
    bridge: PbxBridge,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(bridge, "_manage_autostart", True)
    entry = tmp_path / "xdg" / "autostart" / "mypbxdesk.desktop"
    dialog = make_dialog(qtbot, bridge, tmp_path)
    dialog.more.crm_mode.setCurrentIndex(dialog.more.crm_mode.findData("auto"))
    dialog.more.crm_command.setText("/usr/bin/crm {number}")
    dialog.start_at_login.setChecked(True)
    first = watch_states(bridge)
    QTest.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    await until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    stored = load_settings(tmp_path / "config.toml")
    assert stored.crm_mode == "auto"
    assert stored.crm_command == ("/usr/bin/crm", "{number}")
    assert bridge.settings.crm_mode == "auto"
    await until(entry.exists)
    assert "--autostart" in entry.read_text()
    await reconnected(bridge, first)

    dialog = make_dialog(qtbot, bridge, tmp_path)
    assert dialog.more.crm_command.text() == "/usr/bin/crm '{number}'"
    dialog.start_at_login.setChecked(False)
    states = watch_states(bridge)
    QTest.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    await until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    await until(lambda: not entry.exists())
    await reconnected(bridge, states)  # do not tear down in the middle of a login


async def test_import_contacts_from_settings_all_or_nothing(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    bridge.contacts.set_region("CN")
    good = tmp_path / "good.csv"
    good.write_text("Name,Mobile\nAlice Wong,+86 138 0601 2345\n", encoding="utf-8")
    bad = tmp_path / "bad.vcf"
    bad.write_text("BEGIN:VCARD\nFN:Bob\nTEL:306\n", encoding="utf-8")
    count = dialog.findChild(QLabel, "contactsCount")
    assert count is not None and count.text().startswith("0 contacts")

    dialog.more._pick_file = lambda: str(bad)
    message = dialog.more.import_contacts()
    assert message.startswith("Nothing was imported")
    assert "bad.vcf, line 1" in count.text()
    assert len(bridge.contacts) == 0

    dialog.more._pick_file = lambda: str(good)
    assert "Imported 1 contacts" in dialog.more.import_contacts()
    assert "1 contact stored" in count.text()
    assert bridge.contact_name("013806012345") == "Alice Wong"  # before the history


async def test_hotkey_says_why_it_is_not_available(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path, hotkey=GlobalHotkey())  # offscreen
    assert not dialog.more.hotkey_edit.isEnabled()
    assert "Not available here" in dialog.more.hotkey.text()
    assert "offscreen" in dialog.more.hotkey.text()
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "wayland"))
    dialog = make_dialog(qtbot, bridge, tmp_path, hotkey=GlobalHotkey())
    assert not dialog.more.hotkey_edit.isEnabled()
    text = dialog.more.hotkey.text()
    assert "Wayland" in text and "mypbxdesk --dial-clipboard" in text and "Dial clipboard" in text


async def test_hotkey_is_recorded_checked_and_saved(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    backend = FakeBackend()
    hotkey = GlobalHotkey(lambda: backend)
    follow_hotkey_setting(hotkey, bridge, lambda _t, _m: None)
    dialog = make_dialog(qtbot, bridge, tmp_path, hotkey=hotkey)
    edit = dialog.more.hotkey_edit
    assert edit.isEnabled() and dialog.more.hotkey_text() == ""
    assert "press keys such as Ctrl+Alt+D" in dialog.more.hotkey.text()
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
    await until(lambda: dialog.more.hotkey_text() == "Shift+D")
    assert "ordinary typing" in error(dialog, "dial_hotkey").text()
    assert not save_button(dialog).isEnabled()
    edit.clear()
    QTest.keyClick(
        edit, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    await until(lambda: dialog.more.hotkey_text() == "Ctrl+Alt+D")
    assert error(dialog, "dial_hotkey").isHidden()
    assert "Save to start using Ctrl+Alt+D" in dialog.more.hotkey.text()
    first = watch_states(bridge)
    QTest.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    await until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert load_settings(tmp_path / "config.toml").dial_hotkey == "Ctrl+Alt+D"
    assert backend.grabbed == ["Ctrl+Alt+D"] and hotkey.status.state is HotkeyState.ACTIVE
    await reconnected(bridge, first)
    dialog = make_dialog(qtbot, bridge, tmp_path, hotkey=hotkey)
    assert dialog.more.hotkey_text() == "Ctrl+Alt+D"
    assert "Active: select or copy a number anywhere" in dialog.more.hotkey.text()
