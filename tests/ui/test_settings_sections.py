"""Settings in sections: tabs, a short first run, focus, a test result that
belongs to its values, no growth, word-only buttons, and where the app went."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import Windows
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.settingsdialog import SettingsDialog

from .conftest import until
from .test_settingsdialog import (  # noqa: F401 - memory_keyring is a fixture
    MemoryKeyring,
    make_dialog,
    memory_keyring,
    reconnected,
    result_label,
    watch_states,
)

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

SECTIONS = ["Connection", "Phone", "Pop-up & CRM", "Contacts", "Shortcuts", "Advanced"]


def shown(dialog: SettingsDialog, widget: QWidget) -> bool:
    """Reachable by the user: on a tab of the dialog, not hidden."""
    return dialog.tabs.isAncestorOf(widget) and not widget.isHidden()


def title(dialog: SettingsDialog, i: int) -> str:
    """A tab's title as shown ("&&" is a literal "&")."""
    return dialog.tabs.tabText(i).replace("&&", "&")


def page(dialog: SettingsDialog, i: int) -> QWidget:
    widget = dialog.tabs.widget(i)
    assert widget is not None
    return widget


def tab_of(dialog: SettingsDialog, widget: QWidget) -> str:
    for i in range(dialog.tabs.count()):
        if page(dialog, i).isAncestorOf(widget):
            return title(dialog, i)
    return ""


async def test_sections_are_tabs_with_related_fields_together(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    assert [title(dialog, i) for i in range(dialog.tabs.count())] == SECTIONS
    assert dialog.tabs.tabBar().sizeHint().width() <= dialog.tabs.width()  # no scroll arrows
    assert dialog.tabs.tabBar().isVisible()
    assert tab_of(dialog, dialog.crm_url) == tab_of(dialog, dialog.more.crm_command)
    assert tab_of(dialog, dialog.crm_url) == "Pop-up & CRM"
    assert tab_of(dialog, dialog.start_at_login) != tab_of(dialog, dialog.pop_corner)
    assert tab_of(dialog, dialog.host) == tab_of(dialog, dialog.port) == "Connection"
    assert tab_of(dialog, dialog.more.hotkey_edit) == "Shortcuts"
    # Each section's labels line up in one column, and so do its fields.
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        shown_page = page(dialog, i)
        await until(shown_page.isVisible)
        [form] = shown_page.findChildren(QFormLayout)
        labels = set()
        fields = set()
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = label.widget() if label is not None else None
            if label is not None and isinstance(widget, QLabel) and widget.text():
                labels.add(label.geometry().left())
            if field is not None:
                fields.add(field.geometry().left())
        assert len(labels) <= 1 and len(fields) == 1, (title(dialog, i), labels, fields)
    for button in dialog.findChild(QDialogButtonBox).buttons():  # type: ignore[union-attr]
        assert button.icon().isNull(), button.text()


async def test_first_run_asks_only_what_it_must(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path, first_run=True)
    await until(dialog.isVisible)
    for needed in (dialog.host, dialog.port, dialog.username, dialog.secret, dialog.extension):
        assert shown(dialog, needed)
    assert shown(dialog, dialog.test_button)
    for admin in (
        dialog.dahdi_port,
        dialog.context,
        dialog.more.crm_command,
        dialog.more.region,
        dialog.crm_url,
        dialog.tls,
    ):
        assert not shown(dialog, admin)
    assert not dialog.tabs.tabBar().isVisible()
    # Typing right after it opens goes into the first empty field.
    assert dialog.focusWidget() is dialog.host
    QTest.keyClicks(dialog.focusWidget(), "pbx.example.com")
    assert dialog.host.text() == "pbx.example.com"


async def test_settings_focus_the_first_field_and_skip_the_kept_secret(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    await until(dialog.isVisible)
    assert dialog.secret.text() == ""  # never pre-filled, but it is not "empty"
    assert dialog.focusWidget() is dialog.host


async def test_a_test_result_goes_when_its_values_change_and_never_grows_the_window(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path, sim: SimulatedPbx
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    await until(dialog.isVisible)
    height = dialog.height()
    QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    await until(lambda: result_label(dialog).text().startswith("✓"))
    assert dialog.height() == height  # no blank space, no growth
    dialog.port.setText("99999")
    assert result_label(dialog).text() == ""  # "✓ Connected" no longer applies
    dialog.port.setText(str(sim.port))
    QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    await until(lambda: result_label(dialog).text().startswith("✓"))
    dialog.host.setText("localhost")
    assert result_label(dialog).text() == ""
    dialog.host.setText("127.0.0.1")
    QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    await until(lambda: result_label(dialog).text().startswith("✓"))
    dialog.tls.setChecked(True)
    assert result_label(dialog).text() == ""
    dialog.extension.setText("475")  # not part of the test: nothing to forget
    assert dialog.height() == height


async def test_after_the_first_save_it_says_where_the_app_went(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    windows = Windows(bridge, tmp_path / "config.toml")
    windows.settings(first_run=True)
    dialog = windows._made["settings"]
    assert isinstance(dialog, SettingsDialog)
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.port.setText(str(bridge.settings.port))
    dialog.username.setText("admin")
    dialog.secret.setText("password")
    dialog.extension.setText("474")
    states = watch_states(bridge)
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    await until(lambda: "where" in windows._made)
    box = windows._made["where"]
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "running in the tray" in box.text()
    assert all(b.icon().isNull() for b in box.buttons())
    box.close()
    await reconnected(bridge, states)
