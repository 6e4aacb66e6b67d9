"""The call history window (tray menu "History").

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

A table of the latest calls from ``bridge.history``, newest first, refreshed
(debounced) when a call changes and whenever the window is shown. A row's name
is resolved as a live call's is (``bridge.name_for``: the imported contact,
then the name the PBX sent for that call, then an earlier call's), so a call
reads the same here as it did in its pop. The last column says how a call came
in and who transferred it, as the Calls panel does (the colleague named the
same way: contacts, the PBX's name, the console's directory), in full in its
tooltip. "Call back"
or a double-click asks the app to dial the number through ``dial_requested``;
the window itself never dials.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..base.numberformat import format_number, is_withheld
from ..calls import Transferer
from ..calls.history import HistoryEntry
from .bridge import PbxBridge
from .callinfo import number_region, real_name, route_cell, route_facts, withheld_text
from .callpanel import ViaColumn
from .i18n import QT_TRANSLATE_NOOP, tr_text
from .plaintext import plain_label, plain_tip

LIMIT = 200
MISSED_COLOUR = QColor("#c5221f")
COLUMNS = (
    QT_TRANSLATE_NOOP("HistoryWindow", "Time"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Direction"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Number"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Name"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Result"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Duration"),
    QT_TRANSLATE_NOOP("HistoryWindow", "Via"),
)
VIA = len(COLUMNS) - 1
NUMBER_ROLE = Qt.ItemDataRole.UserRole
OUTCOME_WORDS = {
    "answered": QT_TRANSLATE_NOOP("HistoryWindow", "Answered"),
    "missed": QT_TRANSLATE_NOOP("HistoryWindow", "Missed"),
    "answered_elsewhere": QT_TRANSLATE_NOOP("HistoryWindow", "Answered elsewhere"),
    "transferred": QT_TRANSLATE_NOOP("HistoryWindow", "Transferred"),
    "failed": QT_TRANSLATE_NOOP("HistoryWindow", "Failed"),
    "busy": QT_TRANSLATE_NOOP("HistoryWindow", "Busy"),
    "ringing": QT_TRANSLATE_NOOP("HistoryWindow", "Ringing…"),
    "app_stopped": QT_TRANSLATE_NOOP("HistoryWindow", "App stopped"),  # calls.history.STOPPED
}
translate = QCoreApplication.translate


def _word(key: str) -> str | None:
    word = OUTCOME_WORDS.get(key)
    return translate("HistoryWindow", word) if word is not None else None


def outcome_text(entry: HistoryEntry) -> str:
    """The result of a call in words: ``Missed``, ``Transferred to 306`` …"""
    if entry.outcome is None:
        if entry.state == "answered":
            return translate("HistoryWindow", "In call")
        return _word(entry.state) or entry.state.capitalize()
    if entry.outcome == "transferred" and entry.transferred_to:
        return translate("HistoryWindow", "Transferred to {target}").format(
            target=entry.transferred_to
        )
    if entry.outcome == "missed" and entry.direction == "outgoing":
        return translate("HistoryWindow", "No answer")
    return _word(entry.outcome) or entry.outcome.replace("_", " ").capitalize()


def when_text(started_at: float, now: float | None = None) -> str:
    """Local time: ``14:03`` today, ``Yesterday 14:03``, else ``2026-11-27 14:03``."""
    local = time.localtime(started_at)
    today = time.localtime(now if now is not None else time.time())
    clock = time.strftime("%H:%M", local)
    if local[:3] == today[:3]:
        return clock
    yesterday = time.localtime(time.mktime((*today[:3], 12, 0, 0, 0, 0, -1)) - 86400)
    if local[:3] == yesterday[:3]:
        return translate("HistoryWindow", "Yesterday {time}").format(time=clock)
    return time.strftime("%Y-%m-%d %H:%M", local)


def duration_text(entry: HistoryEntry) -> str:
    """Talk time as ``mm:ss`` (minutes may exceed 59); empty when never answered."""
    if entry.duration is None or (entry.answered_at is None and not entry.duration):
        return ""
    seconds = int(entry.duration)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class HistoryWindow(QWidget):
    """The latest calls, a "Missed only" switch and "Call back".

    Signals:
        dial_requested(str): the user wants to call this (raw, dialable) number back.
    """

    dial_requested = Signal(str)

    def __init__(self, bridge: PbxBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("historyWindow")
        self.setWindowTitle(self.tr("Call history — mypbxdesk"))
        self._bridge = bridge

        self.missed_only = QCheckBox(self.tr("&Missed only"))
        self.missed_only.setObjectName("missedOnly")
        self.call_back = QPushButton(self.tr("&Call back"))
        self.call_back.setObjectName("callBack")
        self.call_back.setEnabled(False)
        self.warning = plain_label()  # may quote the file's path or contents
        self.warning.setObjectName("historyWarning")
        self.warning.setWordWrap(True)
        self.warning.hide()

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setStyleSheet("QTableView::item { padding: 0 0.6em; }")  # scales with font
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The name stretches; Via fits its text, sharing the room (elided, in the tooltip).
        self._via_column = ViaColumn(self.table, name=3, via=VIA, follow_model=False)
        self.empty = plain_label()
        self.empty.setObjectName("historyEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        bar = QHBoxLayout()
        bar.addWidget(self.missed_only)
        bar.addStretch(1)
        bar.addWidget(self.call_back)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        metrics = self.fontMetrics()
        self.resize(metrics.height() * 58, metrics.height() * 26)  # a long name, and room for Via

        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.refresh)
        bridge.call_changed.connect(lambda _change: self._debounce.start())
        bridge.settings_changed.connect(lambda _settings: self._debounce.start())
        self.missed_only.toggled.connect(lambda _on: self.refresh())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda item: self._dial_row(item.row()))
        self.call_back.clicked.connect(self._on_call_back)
        self.refresh()

    # -- content ---------------------------------------------------------------------------
    def _entries(self) -> list[HistoryEntry] | None:
        history = self._bridge.history
        if history is None:
            return None
        if history.warning:
            self.warning.setText(f"⚠ {tr_text(history.warning)}")
            self.warning.show()
        return history.recent(LIMIT, missed_only=self.missed_only.isChecked())

    def refresh(self) -> None:
        """Reload the table from the history, keeping the selected call selected."""
        self._debounce.stop()
        selected = self._selected_call_id()
        entries = self._entries()
        self.table.setRowCount(0)
        if not entries:
            self.empty.setText(self._empty_text(entries is None))
            self.stack.setCurrentWidget(self.empty)
            self._update_buttons()
            return
        self.table.setRowCount(len(entries))
        now = time.time()
        bold = QFont(self.table.font())
        bold.setBold(True)
        names: dict[tuple[str, str], str] = {}  # one look-up per number and PBX name
        colleagues: dict[Transferer, Transferer | None] = {}
        region = number_region(self._bridge)
        for row, entry in enumerate(entries):
            key = (entry.number, entry.name)
            if key not in names:
                names[key] = real_name(
                    self._bridge.name_for(entry.number, entry.name).name, entry.number
                )
            by = entry.transferred_by
            if by is not None and by not in colleagues:
                colleagues[by] = self._bridge.service.resolver.transferer(by)
            by = None if by is None else colleagues[by]
            missed = entry.outcome == "missed" and entry.direction == "incoming"
            incoming = entry.direction == "incoming"
            withheld = is_withheld(entry.number)  # "anonymous": no number, nothing to call back
            number = "" if withheld else entry.number
            cells = (
                when_text(entry.started_at, now),
                self.tr("↙ In") if incoming else self.tr("↗ Out"),
                withheld_text() if withheld else format_number(number, region),
                names[key],
                outcome_text(entry),
                duration_text(entry),
                route_cell(entry.via, by, region=region),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(NUMBER_ROLE, number)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole + 1, entry.call_id)
                    item.setToolTip(
                        time.strftime("%A %d %B %Y, %H:%M:%S", time.localtime(entry.started_at))
                    )
                if column == 1:
                    item.setToolTip(
                        self.tr("Incoming call") if incoming else self.tr("Outgoing call")
                    )
                if column == VIA and text:
                    item.setToolTip(plain_tip("\n".join(route_facts(entry.via, by, region=region))))
                if column == 5:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if missed:
                    item.setForeground(QBrush(MISSED_COLOUR))
                    if column == 4:
                        item.setFont(bold)
                self.table.setItem(row, column, item)
            if entry.call_id == selected:
                self.table.selectRow(row)
        self._via_column.fit()
        self.stack.setCurrentWidget(self.table)
        self._update_buttons()

    def _empty_text(self, unavailable: bool) -> str:
        if unavailable:
            return self.tr("The call history is not available on this computer.")
        if self.missed_only.isChecked():
            return self.tr("No missed calls.")
        extension = self._bridge.settings.extension
        if extension:
            return self.tr(
                "No calls yet.\nCalls to and from extension {extension} will appear here."
            ).format(extension=extension)
        return self.tr("No calls yet.\nCalls to and from your phone will appear here.")

    def _selected_call_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole + 1))

    def selected_number(self) -> str:
        """The raw number of the selected call ("" when none or withheld)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return ""
        item = self.table.item(rows[0].row(), 0)
        return "" if item is None else str(item.data(NUMBER_ROLE) or "")

    def _update_buttons(self) -> None:
        self.call_back.setEnabled(bool(self.selected_number()))

    # -- actions ---------------------------------------------------------------------------
    def _dial_row(self, row: int) -> None:
        item = self.table.item(row, 0)
        number = "" if item is None else str(item.data(NUMBER_ROLE) or "")
        if number:
            self.dial_requested.emit(number)

    def _on_call_back(self) -> None:
        if number := self.selected_number():
            self.dial_requested.emit(number)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()
        event.ignore()
