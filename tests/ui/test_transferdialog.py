"""The transfer dialog: names with the numbers, word-only buttons, no blank rows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import Call, CallState, Direction
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.transfer import TransferDialog

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


def ringing() -> Call:
    return Call(
        call_id="t-1",
        direction=Direction.INCOMING,
        number="13806012345",
        name="Bob Smith",
        extension="474",
        state=CallState.RINGING,
        my_channel="SIP/474-00000099",
        peer_channel="SIP/trunk-sps-test1-00000098",
        trunk="trunk-sps-test1",
        started_at=time.time(),
    )


async def test_targets_have_names_buttons_no_icons_and_no_blank_rows(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    book = tmp_path / "team.csv"
    book.write_text("Name,Phone\nAlice Wong,306\n", encoding="utf-8")
    bridge.import_contacts(book)
    bridge.service.extensions = ["306", "470"]  # as the PBX's peer list would fill it
    dialog = TransferDialog(bridge, bridge.service.resolver.view(ringing()))
    qtbot.addWidget(dialog)
    dialog.show()
    await until(dialog.isVisible)
    labels = [dialog.target.itemText(i) for i in range(dialog.target.count())]
    assert "306 — Alice Wong" in labels  # not a bare number
    assert "470" in labels  # no name known: the number alone
    # Picking the entry sends only the number.
    dialog.target.setCurrentIndex(labels.index("306 — Alice Wong"))
    assert dialog.ok_button.isEnabled() and dialog._typed() == "306"
    for button in dialog.findChild(QDialogButtonBox).buttons():  # type: ignore[union-attr]
        assert button.icon().isNull(), button.text()
    # Nothing to say: neither the error nor the status line takes a row.
    assert not dialog.error.isVisible() and not dialog.status.isVisible()
    dialog.set_target("474")  # her own extension: the error shows
    assert dialog.error.isVisible() and not dialog.ok_button.isEnabled()
    dialog.set_target("")
    assert not dialog.error.isVisible()
    dialog.reject()
