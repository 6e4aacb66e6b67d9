"""Parked calls: slot, caller, who parked it, how long it waits, when it rings back.

Layer 4 (``mypbxdesk.ui``). :class:`ParkedModel` mirrors
``bridge.console.parking.calls`` (reloaded on every ``park_changed``); a
one-second tick repaints the two clocks: the waiting time counts up, the time
left before the call rings its parker again counts down (red in the last
20 seconds).
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...console import ParkedCall
from ..bridge import PbxBridge
from ..callinfo import ERROR_COLOUR, format_duration, shown_number
from ..i18n import QT_TRANSLATE_NOOP
from ..plaintext import plain_tip
from ..transfer import named
from .look import party_text
from .mycalls import CompactTable

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("ParkedModel", "Slot"),
    QT_TRANSLATE_NOOP("ParkedModel", "Caller"),
    QT_TRANSLATE_NOOP("ParkedModel", "Parked by"),
    QT_TRANSLATE_NOOP("ParkedModel", "Waiting"),
    QT_TRANSLATE_NOOP("ParkedModel", "Rings back in"),
)
SLOT, CALLER, PARKED_BY, WAITING, LEFT = range(len(COLUMNS))
#: Seconds before the ring-back from which the countdown turns red.
SOON = 20


class ParkedModel(QAbstractTableModel):
    """The parked calls of every lot, by slot."""

    def __init__(self, bridge: PbxBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._calls: list[ParkedCall] = []
        self.clock = time.time
        bridge.park_changed.connect(self._on_park)
        self.reload()

    def _on_park(self, *_: object) -> None:
        self.reload()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._calls)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return QCoreApplication.translate("ParkedModel", COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        call = self.call_at(index.row()) if index.isValid() else None
        if call is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(call, column, spoken=role != Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ForegroundRole and column == LEFT:
            left = self._left(call)
            if left is not None and left <= SOON:
                return QBrush(QColor(ERROR_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (WAITING, LEFT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:  # the caller's name: never rich text
            return plain_tip(self.describe(call))
        return None

    def _left(self, call: ParkedCall) -> float | None:
        at = call.times_out_at
        return None if at is None else max(0.0, at - self.clock())

    def caller(self, call: ParkedCall) -> str:
        name = self._bridge.colleague_name(call.number, call.name) if call.number else call.name
        shown = shown_number(self._bridge, call.number) if call.number else ""
        return party_text(shown, name) or self.tr("Unknown caller")

    def parker(self, call: ParkedCall) -> str:
        if not call.parked_by:
            return ""
        if call.parked_by == self._bridge.settings.extension:
            return self.tr("you")
        return party_text(call.parked_by, self._bridge.colleague_name(call.parked_by))

    def _text(self, call: ParkedCall, column: int, *, spoken: bool = False) -> str:
        if column == SLOT:
            return call.slot
        if column == CALLER:
            return self.caller(call)
        if column == PARKED_BY:
            return self.parker(call)
        if column == WAITING:
            return format_duration(self.clock() - call.parked_at)
        left = self._left(call)
        if left is None:
            return "—" if not spoken else self.tr("no ring-back time known")
        return format_duration(left)

    def describe(self, call: ParkedCall) -> str:
        """``Slot 701: 13806012345 Bob, waiting 01:10, rings back in 00:50``."""
        text = self.tr("Slot {slot}: {caller}, waiting {waiting}").format(
            slot=call.slot, caller=self.caller(call), waiting=self._text(call, WAITING)
        )
        left = self._left(call)
        if left is not None:
            text += self.tr(", rings back in {left}").format(left=format_duration(left))
        return text

    # -- rows -------------------------------------------------------------------------
    def call_at(self, row: int) -> ParkedCall | None:
        return self._calls[row] if 0 <= row < len(self._calls) else None

    @property
    def calls(self) -> list[ParkedCall]:
        return list(self._calls)

    def oldest(self) -> ParkedCall | None:
        return min(self._calls, key=lambda c: c.parked_at, default=None)

    def reload(self) -> None:
        console = self._bridge.console
        self.beginResetModel()
        self._calls = console.parking.calls if console is not None else []
        self.endResetModel()

    def tick(self) -> None:
        if self._calls:
            self.dataChanged.emit(
                self.index(0, WAITING),
                self.index(len(self._calls) - 1, LEFT),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole],
            )


def parked_table(model: ParkedModel) -> QTableView:
    table = named(CompactTable(), "parkedCalls")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(CALLER, QHeaderView.ResizeMode.Stretch)
    return table
