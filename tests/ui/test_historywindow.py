"""The call history window: calls from the simulated PBX, "Missed only", call back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from mypbxdesk.base.numberformat import format_number
from mypbxdesk.calls import CallEvent
from mypbxdesk.calls.history import HistoryEntry
from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.callinfo import number_region
from mypbxdesk.ui.historywindow import HistoryWindow, duration_text, outcome_text, when_text

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]

SHOTS = Path("/tmp/shots")


def shot(widget: QWidget, name: str) -> None:
    """Save a screenshot for a human to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def make_window(qtbot: QtBot, bridge: PbxBridge) -> HistoryWindow:
    window = HistoryWindow(bridge)
    qtbot.addWidget(window)
    window.show()
    return window


def rows(window: HistoryWindow) -> list[list[str]]:
    table = window.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def ended(bridge: PbxBridge, count: int) -> list[int]:
    seen: list[int] = []
    bridge.call_changed.connect(
        lambda change: seen.append(1) if change.event is CallEvent.ENDED else None
    )
    return seen


async def test_calls_appear_missed_only_filters_and_call_back(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge
) -> None:
    window = make_window(qtbot, bridge)
    assert window.objectName() == "historyWindow"
    assert window.windowTitle() == "Call history — mypbxdesk"
    assert window.stack.currentWidget() is window.empty
    assert "No calls yet" in window.empty.text() and "474" in window.empty.text()

    done = ended(bridge, 3)
    await sim.incoming_call(
        caller="13806012345",
        caller_name="Bob Smith",
        to="474",
        outcome="answered",
        ring_time=0.1,
        talk_time=0.3,
    )
    await sim.incoming_call(
        caller="02087654321", caller_name="Alice Jones", to="474", outcome="missed", ring_time=0.2
    )
    await until(lambda: len(done) >= 2)
    await sim.incoming_call(
        caller="+15550109999",
        caller_name="",
        to="474",
        outcome="transferred",
        transfer_to="306",
        ring_time=0.1,
    )
    await until(lambda: len(done) >= 3)
    await until(lambda: window.table.rowCount() == 3)  # debounced refresh
    table = rows(window)
    assert [r[4] for r in table] == ["Transferred to 306", "Missed", "Answered"]
    assert table[0][2] == "+1 555 010 9999"  # formatted for reading
    assert table[1][2] == format_number("02087654321", number_region(bridge)) != "02087654321"
    assert table[1][3] == "Alice Jones"
    assert table[2][3] == "Bob Smith" and table[2][1] == "↙ In"
    assert table[1][5] == ""  # never answered: no duration
    assert table[2][5] == "00:00"  # talked 0.3 s
    window.resize(760, 320)
    shot(window, "history-calls.png")

    missed_only = window.findChild(QCheckBox, "missedOnly")
    assert missed_only is not None
    missed_only.setChecked(True)
    assert [r[4] for r in rows(window)] == ["Missed"]
    missed_only.setChecked(False)
    assert window.table.rowCount() == 3

    requested: list[str] = []
    window.dial_requested.connect(requested.append)
    call_back = window.findChild(QPushButton, "callBack")
    assert call_back is not None and not call_back.isEnabled()
    window.table.selectRow(0)
    assert call_back.isEnabled()
    QTest.mouseClick(call_back, Qt.MouseButton.LeftButton)
    assert requested == ["+15550109999"]  # the raw number, not the formatted one
    rect = window.table.visualRect(window.table.model().index(1, 2))
    QTest.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )
    QTest.mouseDClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )
    assert requested == ["+15550109999", "02087654321"]

    missed_only.setChecked(True)
    await sim.incoming_call(
        caller="13806012345", to="474", outcome="answered", ring_time=0.1, talk_time=0.1
    )
    await until(lambda: len(done) >= 4)
    await until(lambda: window.table.rowCount() == 1 and not window._debounce.isActive())

    window.close()
    assert window.isHidden()


async def test_missed_only_empty_state(qtbot: QtBot, bridge: PbxBridge) -> None:
    window = make_window(qtbot, bridge)
    window.missed_only.setChecked(True)
    assert window.stack.currentWidget() is window.empty
    assert window.empty.text() == "No missed calls."
    assert not window.call_back.isEnabled()


def entry(**kw: object) -> HistoryEntry:
    base: dict[str, object] = dict(
        call_id="c1",
        direction="incoming",
        number="474",
        name="",
        extension="474",
        state="ended",
        outcome="answered",
        transferred_to=None,
        channel=None,
        trunk=None,
        started_at=1_700_000_000.0,
        answered_at=1_700_000_005.0,
        ended_at=None,
        duration=75.4,
    )
    base.update(kw)
    return HistoryEntry(**base)  # type: ignore[arg-type]


async def test_words_for_outcomes_durations_and_times() -> None:
    assert outcome_text(entry()) == "Answered"
    assert outcome_text(entry(outcome="answered_elsewhere")) == "Answered elsewhere"
    assert outcome_text(entry(outcome="transferred", transferred_to="306")) == "Transferred to 306"
    assert outcome_text(entry(outcome="transferred", transferred_to="")) == "Transferred"
    assert outcome_text(entry(outcome="busy", direction="outgoing")) == "Busy"
    assert outcome_text(entry(outcome="failed", direction="outgoing")) == "Failed"
    assert outcome_text(entry(outcome="missed", direction="outgoing")) == "No answer"
    assert outcome_text(entry(outcome=None, state="ringing")) == "Ringing…"
    assert outcome_text(entry(outcome=None, state="answered")) == "In call"
    assert duration_text(entry()) == "01:15"
    assert duration_text(entry(duration=3725.0)) == "62:05"
    assert duration_text(entry(outcome="missed", answered_at=None, duration=0.0)) == ""
    now = time.time()
    assert when_text(now, now) == time.strftime("%H:%M", time.localtime(now))
    assert when_text(now - 86400, now).startswith("Yesterday ")
    assert when_text(now - 10 * 86400, now) == time.strftime(
        "%Y-%m-%d %H:%M", time.localtime(now - 10 * 86400)
    )
