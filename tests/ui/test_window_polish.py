"""Issue 13, part 2: the Calls panel, the history, a withheld caller, numbers by region.

Real widgets over the real bridge (the simulated MyPBX behind it); calls are the
service's own resolved changes. Set MYPBXDESK_SHOTS to keep screenshots
(``i13b-*.png``; run once more with QT_SCALE_FACTOR=2 and LANG=zh_CN.UTF-8).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from mypbxdesk.calls import CallChange, CallEvent, CallState, Direction, Route, Transferer
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callpanel import DIRECTION, NAME, NUMBER, CallPanel
from mypbxdesk.ui.historywindow import HistoryWindow
from mypbxdesk.ui.screenpop import PopManager

from .conftest import child, until
from .test_screenpop import emit, fake_call, with_settings

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


HISTORY_NUMBER, HISTORY_NAME, HISTORY_DIRECTION = 2, 3, 1


@pytest.fixture(autouse=True)
def _language(request: pytest.FixtureRequest) -> None:
    """Run in Chinese when LANG says so (for the zh screenshots)."""
    if os.environ.get("LANG", "").startswith("zh"):
        request.getfixturevalue("zh")


def shot(widget: QWidget, name: str) -> None:
    """Keep a screenshot as $MYPBXDESK_SHOTS/i13b-<name>-<scale>-<language>.png."""
    target = os.environ.get("MYPBXDESK_SHOTS")
    if not target:
        return
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    language = "zh" if os.environ.get("LANG", "").startswith("zh") else "en"
    Path(target).mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(Path(target) / f"i13b-{name}-{scale}x-{language}.png"))


def panel_for(qtbot: QtBot, bridge: PbxBridge) -> CallPanel:
    panel = CallPanel(bridge, confirm=lambda _q: False)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def cell(panel: CallPanel, row: int, column: int) -> str:
    return str(panel.model.index(row, column).data())


def fits(table: QTableView, column: int) -> bool:
    """Every text of ``column`` shown whole (no "Bob Smith (ea…")."""
    return table.columnWidth(column) >= table.sizeHintForColumn(column)


# -- the Calls panel ----------------------------------------------------------------------
async def test_an_outgoing_call_shows_the_person_called_not_an_unknown_caller(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    manager = PopManager(bridge, pop_outgoing=True)
    panel = panel_for(qtbot, bridge)
    call = fake_call("o-1", number="13806012345", name="", direction=Direction.OUTGOING)
    emit(bridge, CallChange(CallEvent.RINGING, call))
    assert cell(panel, 0, NUMBER) == "138 0601 2345"
    assert cell(panel, 0, NAME) == ""  # the Number column says who: no "Unknown caller"
    pop = manager.pop_for("o-1")
    assert pop is not None
    assert child(pop, QLabel, "popName").text() == "138 0601 2345"
    assert not child(pop, QLabel, "popNumber").isVisible()  # not said twice
    unknown = QCoreApplication.translate("CallInfo", "Unknown caller")
    assert unknown not in pop.accessibleName()
    named = fake_call("o-2", number="305", name="Maria Garcia", direction=Direction.OUTGOING)
    emit(bridge, CallChange(CallEvent.RINGING, named))
    assert cell(panel, 1, NAME) == "Maria Garcia"
    manager.close_all()


async def test_a_status_goes_with_its_call_and_never_sits_beside_another(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    panel = panel_for(qtbot, bridge)
    first, second = fake_call("s-1"), fake_call("s-2", number="02079460018", name="Alice")
    emit(bridge, CallChange(CallEvent.RINGING, first))
    emit(bridge, CallChange(CallEvent.RINGING, second))
    panel.select_call("s-1")
    panel.show_message("Could not hang up: busy", False, "s-1")
    assert panel.message.text() == "Could not hang up: busy"
    panel.select_call("s-2")  # another call selected: the words were about s-1
    assert panel.message.text() == ""

    panel.select_call("s-1")
    panel.show_message("Transferred to 306", True, "s-1")
    ended = fake_call("s-1", state=CallState.ENDED, outcome="transferred", transferred_to="306")
    emit(bridge, CallChange(CallEvent.ENDED, ended))
    assert panel.model.rowCount() == 1 and panel.selected_call() is not None
    assert panel.selected_call().call_id == "s-2"  # type: ignore[union-attr]
    assert panel.message.text() == ""  # gone with its call, not beside s-2

    # An answer that comes after its call went is not shown at all.
    panel.show_message("Hung up", True, "s-1")
    assert panel.message.text() == ""


async def test_tab_leaves_the_table_for_the_buttons_and_esc_closes(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    panel = panel_for(qtbot, bridge)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("t-1")))
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("t-2", number="305", name="Maria")))
    panel.activateWindow()
    panel.table.setFocus()
    await until(lambda: QApplication.focusWidget() is panel.table)
    qtbot.keyClick(panel.table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton) and focused is panel.transfer_button
    qtbot.keyClick(focused, Qt.Key.Key_Escape)
    assert not panel.isVisible()


async def test_the_name_column_fits_a_long_name_at_the_default_size(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    history = bridge.history
    assert history is not None
    history.record(CallChange(CallEvent.RINGING, fake_call("h-0", name="Bob Smith")))
    panel = panel_for(qtbot, bridge)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("n-1", name="")))  # "(earlier call)"
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("n-2", number="5550100", name="")))
    via = Route("queue", "reception")
    by = Transferer("305", "Maria Garcia")
    emit(
        bridge,
        CallChange(
            CallEvent.RINGING,
            fake_call(
                "n-3",
                number="+15550109999",
                name="Bob Smith (external)",
                via=via,
                transferred_by=by,
            ),
        ),
    )
    emit(
        bridge,
        CallChange(CallEvent.RINGING, fake_call("n-4", number="anonymous", name="Anonymous")),
    )
    emit(
        bridge,
        CallChange(
            CallEvent.RINGING,
            fake_call("n-5", number="0033612345678", name="", direction=Direction.OUTGOING),
        ),
    )
    earlier = QCoreApplication.translate("CallTableModel", "{name} (earlier call)")
    assert cell(panel, 0, NAME) == earlier.format(name="Bob Smith")
    assert cell(panel, 1, NAME) == QCoreApplication.translate("CallInfo", "Unknown caller")
    await until(lambda: fits(panel.table, NAME))
    assert fits(panel.table, NUMBER) and fits(panel.table, DIRECTION)
    assert panel.table.horizontalScrollBar().maximum() == 0
    shot(panel, "callpanel")


# -- a withheld caller ----------------------------------------------------------------------
async def test_a_withheld_caller_is_one_line_with_nothing_to_copy_or_look_up(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    with_settings(bridge, crm_url="https://crm.example.com/?q={number}", crm_mode="button")
    manager = PopManager(bridge)
    panel = panel_for(qtbot, bridge)
    emit(
        bridge,
        CallChange(CallEvent.RINGING, fake_call("w-1", number="anonymous", name="Anonymous")),
    )
    pop = manager.pop_for("w-1")
    assert pop is not None
    withheld = QCoreApplication.translate("CallInfo", "Withheld number")
    assert child(pop, QLabel, "popName").text() == withheld  # not "Anonymous"
    assert not child(pop, QLabel, "popNumber").isVisible()  # no "anonymous" under it
    assert not pop.copy_button.isVisible() and not pop.crm_button.isVisible()
    assert pop.transfer_button.isVisible()  # the call itself can still be passed on
    assert "anonymous" not in pop.accessibleName().casefold()
    assert (cell(panel, 0, NUMBER), cell(panel, 0, NAME)) == (withheld, "")
    assert panel.model.index(0, NUMBER).data(Qt.ItemDataRole.ToolTipRole) is None
    shot(pop, "pop-withheld")

    # A caller with a number still has them.
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("w-2")))
    known = manager.pop_for("w-2")
    assert known is not None
    assert known.copy_button.isVisible() and known.crm_button.isVisible()
    assert child(known, QLabel, "popNumber").text() == "138 0601 2345"
    manager.close_all()


async def test_history_a_withheld_caller_cannot_be_called_back(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    history = bridge.history
    assert history is not None
    history.record(
        CallChange(CallEvent.RINGING, fake_call("hw-1", number="anonymous", name="Anonymous"))
    )
    window = HistoryWindow(bridge)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    table = window.table
    withheld = QCoreApplication.translate("CallInfo", "Withheld number")
    assert table.item(0, HISTORY_NUMBER).text() == withheld  # type: ignore[union-attr]
    assert table.item(0, HISTORY_NAME).text() == ""  # type: ignore[union-attr]
    table.selectRow(0)
    assert window.selected_number() == "" and not window.call_back.isEnabled()
    asked: list[str] = []
    window.dial_requested.connect(asked.append)
    window._dial_row(0)  # a double-click
    assert asked == []


# -- the history window ------------------------------------------------------------------
async def test_history_names_fit_and_every_column_has_a_header(
    qtbot: QtBot, bridge: PbxBridge
) -> None:
    bridge.service.resolver.contacts.set_region("CN")  # the default country: 00 dials abroad
    history = bridge.history
    assert history is not None
    now = time.time()
    calls = [
        fake_call("h-1", number="0033612345678", name="Zoë Ångström-Lefèvre"),
        fake_call("h-2", number="004930123456", name="Jürgen Weißenbach"),
        fake_call("h-3", number="4008001234", name="中国银行客服"),
        fake_call("h-4", number="anonymous", name="Anonymous"),
        fake_call(
            "h-5",
            number="+15550109999",
            name="Bob Smith (external)",
            direction=Direction.OUTGOING,
            via=None,
        ),
        fake_call(
            "h-6",
            number="13806012345",
            name="Alice Wong",
            via=Route("queue", "reception"),
            transferred_by=Transferer("305", "Maria Garcia"),
        ),
    ]
    for call in calls:
        history.record(CallChange(CallEvent.RINGING, call, now))
    window = HistoryWindow(bridge)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    table = window.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
    assert all(headers), headers
    assert headers[HISTORY_DIRECTION] == QCoreApplication.translate("HistoryWindow", "Direction")
    await until(lambda: fits(table, HISTORY_NAME))
    assert fits(table, HISTORY_NUMBER)
    assert table.horizontalScrollBar().maximum() == 0
    shot(window, "history")


# -- numbers by the Settings region --------------------------------------------------------
@pytest.mark.parametrize(
    ("region", "number"),
    [
        ("CN", "0033612345678"),
        ("DE", "0033612345678"),
        ("US", "01133612345678"),
        ("JP", "01033612345678"),
        ("AU", "001133612345678"),
    ],
)
async def test_every_window_reads_numbers_in_the_settings_region(
    qtbot: QtBot, bridge: PbxBridge, region: str, number: str
) -> None:
    bridge.service.resolver.contacts.set_region(region)  # what a Settings save does
    panel = panel_for(qtbot, bridge)
    via = Route("did", number)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("r-1", number=number, via=via)))
    assert cell(panel, 0, NUMBER) == "+33 6 12 34 56 78"
    assert panel.model.index(0, 2).data() == "+33 6 12 34 56 78 (DID)"
    history = bridge.history
    assert history is not None
    history.record(CallChange(CallEvent.RINGING, fake_call("r-2", number=number)))
    window = HistoryWindow(bridge)
    qtbot.addWidget(window)
    window.refresh()
    assert window.table.item(0, HISTORY_NUMBER).text() == "+33 6 12 34 56 78"  # type: ignore[union-attr]
    assert window.selected_number() == ""
    window.table.selectRow(0)
    assert window.selected_number() == number  # what is dialled back is what came in


async def test_a_china_service_number_reads_400_800_1234(qtbot: QtBot, bridge: PbxBridge) -> None:
    bridge.service.resolver.contacts.set_region("CN")
    panel = panel_for(qtbot, bridge)
    emit(bridge, CallChange(CallEvent.RINGING, fake_call("c-1", number="4008001234")))
    assert cell(panel, 0, NUMBER) == "400 800 1234"
