"""Settings → Import contacts with a file that is not UTF-8: the user picks the reading
where the names look right; nothing is stored until she does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel
from pytestqt.qtbot import QtBot

from mypbxdesk.contacts.encoding import EncodingUncertain
from mypbxdesk.ui.bridge import PbxBridge

from .test_settingsdialog import make_dialog, memory_keyring  # noqa: F401 - a fixture

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

FRENCH = "Nom,Tel\nFrançois Lefèvre,0123\n".encode("cp1252")


async def test_the_user_picks_the_reading_of_an_uncertain_file(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    bridge.contacts.set_region("PL")  # cp1250 and cp1252 both read it: è or č
    path = tmp_path / "fr.csv"
    path.write_bytes(FRENCH)
    dialog.more._pick_file = lambda: str(path)
    shown: list[EncodingUncertain] = []

    def cancel(uncertain: EncodingUncertain) -> str | None:
        shown.append(uncertain)
        return None

    dialog.more._pick_encoding = cancel
    assert dialog.more.import_contacts().startswith("Nothing was imported")
    (uncertain,) = shown
    assert {r.encoding: r.samples for r in uncertain.readings} == {
        "cp1250": ("François Lefčvre,0123",),
        "cp1252": ("François Lefèvre,0123",),
    }
    assert len(bridge.contacts) == 0

    dialog.more._pick_encoding = lambda uncertain: "cp1252"
    assert "Imported 1 contacts" in dialog.more.import_contacts()
    assert bridge.contacts.entries() == [("0123", "François Lefèvre")]


async def test_the_real_question_lists_both_readings(
    qtbot: QtBot, bridge: PbxBridge, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, bridge, tmp_path)
    bridge.contacts.set_region("PL")
    path = tmp_path / "fr.csv"
    path.write_bytes(FRENCH)
    dialog.more._pick_file = lambda: str(path)
    offered: list[list[str]] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog))
        offered.append(box.comboBoxItems())
        box.setTextValue(box.comboBoxItems()[1])
        box.accept()

    QTimer.singleShot(0, answer)
    message = dialog.more.import_contacts()
    assert offered == [["cp1250: François Lefčvre,0123", "cp1252: François Lefèvre,0123"]]
    assert "Imported 1 contacts" in message
    count = dialog.findChild(QLabel, "contactsCount")
    assert count is not None and "1 contact stored" in count.text()
    assert bridge.contact_name("0123") == "François Lefèvre"
