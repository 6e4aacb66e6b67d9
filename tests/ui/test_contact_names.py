"""Imported contact names show in the pop, the call panel, the history and the dialer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from mypbxdesk.contacts.book import Contact, ContactBook
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
    bridge.contacts = ContactBook(
        None, "CN", [Contact("Alice Wong", ("+86 138 0601 2345",)), Contact("Reception", ("306",))]
    )
    return bridge


async def test_caller_without_a_pbx_name_is_named_from_contacts(
    qtbot: QtBot, sim: SimulatedPbx, with_contacts: PbxBridge
) -> None:
    bridge = with_contacts
    manager = PopManager(bridge, close_delay=0.05)
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    panel.show()
    await sim.incoming_call(caller="013806012345", caller_name="", outcome="missed", ring_time=0.5)
    await until(lambda: manager.pops)
    (pop,) = manager.pops.values()
    name = pop.findChild(QLabel, "popName")
    assert name is not None and name.text() == "Alice Wong"
    source = pop.findChild(QLabel, "popSource")
    assert source is not None and source.text() == "name from your contacts"
    model = panel.model

    def panel_texts() -> str:
        return " ".join(
            str(model.data(model.index(r, c)) or "")
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        )

    await until(lambda: "Alice Wong" in panel_texts())
    await sim.wait_idle()
    await until(lambda: not manager.pops)

    history = HistoryWindow(bridge)
    qtbot.addWidget(history)
    history.show()
    await until(lambda: history.table.rowCount() == 1)
    item = history.table.item(0, 3)
    assert item is not None and item.text() == "Alice Wong"


async def test_contact_wins_over_the_pbx_name_which_stays_beside_it(
    qtbot: QtBot, sim: SimulatedPbx, with_contacts: PbxBridge
) -> None:
    """A trunk's caller-ID name ("SHENZHEN" / the number again) says less than
    the receptionist's own contact; the pop shows both, the panel explains."""
    bridge = with_contacts
    manager = PopManager(bridge, close_delay=0.05)
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    panel.show()
    await sim.incoming_call(
        caller="13806012345", caller_name="SHENZHEN MOBILE", outcome="missed", ring_time=1.0
    )
    await until(lambda: manager.pops)
    (pop,) = manager.pops.values()
    assert pop.findChild(QLabel, "popName").text() == "Alice Wong"  # type: ignore[union-attr]
    source = pop.findChild(QLabel, "popSource")
    assert source is not None and source.isVisible()
    assert source.text() == "from your contacts · caller ID “SHENZHEN MOBILE”"
    model = panel.model
    await until(lambda: model.rowCount() == 1)
    name_index = model.index(0, 1)
    assert model.data(name_index) == "Alice Wong"
    assert "SHENZHEN MOBILE" in model.data(name_index, Qt.ItemDataRole.ToolTipRole)
    await sim.wait_idle()
    await until(lambda: not manager.pops)


async def test_history_names_are_marked_and_pbx_names_are_plain(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    panel = CallPanel(bridge)
    qtbot.addWidget(panel)
    model = panel.model
    await sim.incoming_call(
        caller="13900001111", caller_name="Carol Chen", outcome="missed", ring_time=0.3
    )
    await sim.wait_idle()
    await until(lambda: bridge.history_name("13900001111") == "Carol Chen")
    await until(lambda: model.rowCount() == 0)
    await sim.incoming_call(caller="13900001111", caller_name="", outcome="missed", ring_time=1.0)
    await until(lambda: model.rowCount() == 1)
    assert model.data(model.index(0, 1)) == "Carol Chen (earlier call)"
    assert "call history" in model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    await sim.wait_idle()
    await until(lambda: model.rowCount() == 0)
    await sim.incoming_call(
        caller="13900002222", caller_name="Dan Wu", outcome="missed", ring_time=1.0
    )
    await until(lambda: model.rowCount() == 1)
    assert model.data(model.index(0, 1)) == "Dan Wu"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) is None
    await sim.wait_idle()


async def test_dialer_completes_contact_names(
    qtbot: QtBot, sim: SimulatedPbx, with_contacts: PbxBridge
) -> None:
    dialer = DialerWindow(with_contacts)
    qtbot.addWidget(dialer)
    dialer.open_with()
    items = dialer._completions.stringList()
    assert "+86 138 0601 2345 — Alice Wong" in items
    assert "306 — Reception" in items
