"""Imported contact names show in the pop, the call panel, the history and the dialer."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from mypbxdesk.contacts import Contact, ContactBook
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callpanel import CallPanel
from mypbxdesk.ui.dialer import DialerWindow
from mypbxdesk.ui.historywindow import HistoryWindow
from mypbxdesk.ui.screenpop import PopManager

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


@pytest.fixture
def with_contacts(bridge: PbxBridge) -> PbxBridge:
    bridge.contacts = ContactBook(None, "CN", [Contact("Alice Wong", ("+86 138 0601 2345",)),
                                               Contact("Reception", ("306",))])
    return bridge


async def test_caller_without_a_pbx_name_is_named_from_contacts(
        qtbot: QtBot, sim: SimulatedPbx, with_contacts: PbxBridge) -> None:
    bridge = with_contacts
    manager = PopManager(bridge, close_delay=0.05)
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    panel.show()
    await sim.incoming_call(caller="013806012345", caller_name="", outcome="missed",
                            ring_time=0.5)
    await until(lambda: manager.pops)
    (pop,) = manager.pops.values()
    name = pop.findChild(QLabel, "popName")
    assert name is not None and name.text() == "Alice Wong"
    source = pop.findChild(QLabel, "popSource")
    assert source is not None and source.text() == "name from your contacts"
    model = panel.model

    def panel_texts() -> str:
        return " ".join(str(model.data(model.index(r, c)) or "")
                        for r in range(model.rowCount()) for c in range(model.columnCount()))

    await until(lambda: "Alice Wong" in panel_texts())
    await sim.wait_idle()
    await until(lambda: not manager.pops)

    history = HistoryWindow(bridge)
    qtbot.addWidget(history)
    history.show()
    await until(lambda: history.table.rowCount() == 1)
    assert history.table.item(0, 3).text() == "Alice Wong"


async def test_dialer_completes_contact_names(qtbot: QtBot, sim: SimulatedPbx,
                                              with_contacts: PbxBridge) -> None:
    dialer = DialerWindow(with_contacts)
    qtbot.addWidget(dialer)
    dialer.open_with()
    items = dialer._completions.stringList()
    assert "+86 138 0601 2345 — Alice Wong" in items
    assert "306 — Reception" in items
