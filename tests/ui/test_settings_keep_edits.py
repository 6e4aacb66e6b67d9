"""Settings › Save while the admin edited config.toml: her edit stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from mypbxdesk.settings.config import load_settings, save_settings
from mypbxdesk.ui.bridge import PbxBridge

from .conftest import until
from .test_settingsdialog import (  # noqa: F401 - memory_keyring is a fixture
    MemoryKeyring,
    make_dialog,
    memory_keyring,
    reconnected,
    save_button,
    watch_states,
)

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


async def test_an_edit_made_while_the_window_was_open_survives_save(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    config = tmp_path / "config.toml"
    save_settings(bridge.settings, config)  # what the app wrote last time
    dialog = make_dialog(qtbot, bridge, tmp_path)
    # Meanwhile the admin (or a deployment script) changes another setting by hand.
    text = config.read_text("utf-8").replace(
        'crm_mode = "on_click"', 'crm_mode = "auto"  # set by IT, ticket 4711'
    )
    assert "ticket 4711" in text
    config.write_text(text, "utf-8")
    dialog.more.crm_command.setText("/usr/bin/crm {number}")  # what she changes
    states = watch_states(bridge)
    QTest.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    await until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    stored = load_settings(config)
    assert stored.crm_command == ("/usr/bin/crm", "{number}")
    assert stored.crm_mode == "auto"  # not put back to what the window showed
    assert "ticket 4711" in config.read_text("utf-8")
    await reconnected(bridge, states)
