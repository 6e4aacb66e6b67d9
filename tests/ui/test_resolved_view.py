"""Every window shows the one name the service resolved for a call change.

A contact "Alice Wong" calls through a trunk whose caller-ID name is
"SHENZHEN MOBILE": the pop, its notification, the call panel (name cell and the
hang-up question), the transfer dialog, the CRM action and the history window
all say "Alice Wong", and the contact book is asked once per change, however
many windows read it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from mypbxdesk.contacts.book import Contact, ContactBook
from mypbxdesk.service.view import NameSource, ResolvedChange
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callpanel import CallPanel
from mypbxdesk.ui.crmaction import CrmLauncher
from mypbxdesk.ui.historywindow import HistoryWindow
from mypbxdesk.ui.screenpop import PopManager

from .conftest import Record, until
from .test_crm import configure

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


class CountingBook(ContactBook):
    def __init__(self) -> None:
        super().__init__(None, "CN", [Contact("Alice Wong", ("+86 138 0601 2345",))])
        self.lookups = 0

    def lookup(self, number: str) -> str | None:
        self.lookups += 1
        return super().lookup(number)


async def test_every_widget_shows_the_resolved_name(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    book = CountingBook()
    bridge.contacts = book
    assert bridge.service.contacts is book  # the service names callers with it
    configure(bridge, crm_mode="auto", crm_command=("/opt/crm", "{number}", "{name}"))
    notified: list[tuple[str, str]] = []
    manager = PopManager(bridge, close_delay=0.05, notify=lambda t, s: notified.append((t, s)))
    questions: list[str] = []

    def confirm(text: str) -> bool:
        questions.append(text)
        return False

    panel = CallPanel(bridge, confirm=confirm)
    qtbot.addWidget(panel)
    panel.show()
    ran: Record[list[str]] = Record()
    launcher = CrmLauncher(bridge, run=ran)
    launched: list[tuple[str, str]] = []
    launcher.launched.connect(lambda number, name: launched.append((number, name)))
    changes: list[ResolvedChange] = []
    bridge.call_changed.connect(changes.append)

    await sim.incoming_call(
        caller="13806012345", caller_name="SHENZHEN MOBILE", outcome="missed", ring_time=3.0
    )
    await until(lambda: manager.pops and panel.model.rowCount() == 1)
    (pop,) = manager.pops.values()
    view = changes[0].view
    assert (view.name, view.name_source, view.pbx_name) == (
        "Alice Wong",
        NameSource.CONTACTS,
        "SHENZHEN MOBILE",
    )
    # the pop and its notification
    assert pop.findChild(QLabel, "popName").text() == "Alice Wong"  # type: ignore[union-attr]
    assert pop.findChild(QLabel, "popNumber").text() == "138 0601 2345"  # type: ignore[union-attr]
    assert "Alice Wong" in pop.accessibleName()
    assert notified == [("Incoming call", "Alice Wong — 138 0601 2345")]
    # the CRM action, run once for the ringing call
    assert ran == [["/opt/crm", "13806012345", "Alice Wong"]]
    assert launched == [("13806012345", "Alice Wong")]
    # the call panel: its name cell and its hang-up question
    assert panel.model.index(0, 1).data() == "Alice Wong"
    panel.hangup_selected()
    assert questions == ["Hang up the call with Alice Wong (138 0601 2345)?"]
    # the transfer dialog, opened from the pop
    qtbot.mouseClick(pop.findChild(QPushButton, "popTransfer"), Qt.MouseButton.LeftButton)
    [dialog] = manager.transfer_dialogs
    heading = dialog.findChild(QLabel, "transferHeading")
    assert heading is not None and heading.text() == "Transfer Alice Wong (138 0601 2345) to:"
    # one look-up per change, not one per window
    assert book.lookups == len(changes) == 1
    dialog.reject()

    await sim.wait_idle()
    await until(lambda: not manager.pops and panel.model.rowCount() == 0)
    assert [c.event.value for c in changes] == ["ringing", "ended"]
    assert book.lookups == 2
    # the history keeps what the PBX said; the window shows it as the pop did
    assert bridge.history is not None
    assert bridge.history.recent(1)[0].name == "SHENZHEN MOBILE"
    history = HistoryWindow(bridge)
    qtbot.addWidget(history)
    history.show()
    await until(lambda: history.table.rowCount() == 1)
    assert history.table.item(0, 3).text() == "Alice Wong"  # type: ignore[union-attr]


async def test_a_withheld_caller_reads_the_same_everywhere(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    notified: list[tuple[str, str]] = []
    manager = PopManager(bridge, close_delay=0.05, notify=lambda t, s: notified.append((t, s)))
    panel = CallPanel(bridge, confirm=lambda _q: False)
    qtbot.addWidget(panel)
    await sim.incoming_call(caller="", caller_name="", outcome="missed", ring_time=1.0)
    await until(lambda: manager.pops and panel.model.rowCount() == 1)
    (pop,) = manager.pops.values()
    assert pop.view.name == "" and pop.view.name_source is None
    # One clear line, said once: no number line, no "Unknown caller" beside it.
    assert pop.findChild(QLabel, "popName").text() == "Withheld number"  # type: ignore[union-attr]
    assert not pop.findChild(QLabel, "popNumber").isVisible()  # type: ignore[union-attr]
    assert panel.model.index(0, 0).data() == "Withheld number"
    assert panel.model.index(0, 1).data() == ""
    assert notified == [("Incoming call", "Withheld number")]
    await sim.wait_idle()
    await until(lambda: not manager.pops)


async def test_unknown_caller_is_translated_in_every_widget(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, zh: str
) -> None:
    notified: list[tuple[str, str]] = []
    manager = PopManager(bridge, close_delay=0.05, notify=lambda t, s: notified.append((t, s)))
    panel = CallPanel(bridge, confirm=lambda _q: False)
    qtbot.addWidget(panel)
    await sim.incoming_call(caller="", caller_name="", outcome="missed", ring_time=1.0)
    await until(lambda: manager.pops and panel.model.rowCount() == 1)
    (pop,) = manager.pops.values()
    # A withheld caller: "Withheld number" in the user's language, said once.
    withheld = QCoreApplication.translate("CallInfo", "Withheld number")
    assert pop.findChild(QLabel, "popName").text() == withheld  # type: ignore[union-attr]
    assert panel.model.index(0, 0).data() == withheld
    assert panel.model.index(0, 1).data() == ""
    assert notified[0][1] == withheld  # the notification said it in English before
    await sim.wait_idle()
    await until(lambda: not manager.pops)
    # A caller with a number and no name is still the (translated) unknown caller.
    await sim.incoming_call(caller="13806012345", caller_name="", outcome="missed", ring_time=1.0)
    await until(lambda: manager.pops and panel.model.rowCount() == 1)
    (pop,) = manager.pops.values()
    assert pop.findChild(QLabel, "popName").text() == "未知来电"  # type: ignore[union-attr]
    assert panel.model.index(0, 1).data() == "未知来电"
    assert notified[1][1].startswith("未知来电")
    await sim.wait_idle()
    await until(lambda: not manager.pops)
