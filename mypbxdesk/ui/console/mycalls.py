"""Her own live calls (the current one marked), and the attended-transfer banner.

Layer 4 (``mypbxdesk.ui``). :class:`MyCallsModel` is the call panel's model
with the current call — the one Enter, F2 and F3 act on
(``ConsoleService.current_call``) — in bold, tinted and marked "▶", and said
so to a screen reader. :class:`TransferBanner` appears while an attended
transfer is under way: to whom, what is happening (the service's sentence for
the stage), and Complete / Back to the caller.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...service.attended import Stage, TransferProgress
from ..bridge import PbxBridge
from ..callpanel import COLUMNS, DIRECTION, NUMBER, CallTableModel, ViaColumn
from ..i18n import tr_text
from ..plaintext import plain_label, plain_tip
from ..transfer import named

Index = QModelIndex | QPersistentModelIndex

CURRENT_TINT = "#e8f0fe"


class MyCallsModel(CallTableModel):
    """The call panel's rows; the current call stands out."""

    def __init__(self, bridge: PbxBridge, parent: QObject | None = None) -> None:
        super().__init__(bridge, parent)
        self.current_id = ""

    def set_current(self, call_id: str) -> None:
        if call_id != self.current_id:
            self.current_id = call_id
            if self.rowCount():
                self.dataChanged.emit(
                    self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1)
                )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        view = self.view_at(index.row()) if index.isValid() else None
        current = view is not None and view.call_id == self.current_id
        if current and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if current and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(CURRENT_TINT))
        if current and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#202124"))
        value = super().data(index, role)
        if current and role == Qt.ItemDataRole.DisplayRole and index.column() == NUMBER:
            return f"▶ {value}"
        if current and role == Qt.ItemDataRole.AccessibleTextRole:
            text = super().data(index, Qt.ItemDataRole.DisplayRole)
            return self.tr("Current call: {text}").format(text=text)
        return value


class CompactTable(QTableView):
    """A table that asks for a few rows only (it grows into whatever room there is)."""

    rows = 4

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        line = self.fontMetrics().height()
        header = self.horizontalHeader().sizeHint().height()
        return QSize(super().sizeHint().width(), header + self.rows * round(line * 1.6) + 4)


def calls_table(model: MyCallsModel) -> QTableView:
    """A compact table of ``model`` (number, name, via, state, duration)."""
    table = named(CompactTable(), "consoleCalls")
    table.setModel(model)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.setColumnHidden(DIRECTION, True)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    ViaColumn(table)  # the name stretches; Via fits its text, sharing the room with it
    return table


class TransferBanner(QFrame):
    """An attended transfer in progress. Its Complete (Ctrl+Enter) and Back to
    the caller (Esc) buttons are the console window's commands.

    Object names: ``transferBanner``, ``transferStage``, ``completeButton``, ``backButton``.
    """

    def __init__(self, bridge: PbxBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.progress: TransferProgress | None = None
        self.setObjectName("transferBanner")
        self.setAccessibleName(self.tr("Attended transfer"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#transferBanner { background: #fef7e0; border: 1px solid #f9ab00;"
            " border-radius: 4px; } #transferBanner QLabel { color: #202124; }"
        )
        self.title = named(plain_label(), "transferTitle")  # a colleague's name
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.stage = named(plain_label(), "transferStage", self.tr("Transfer progress"))
        self.stage.setWordWrap(True)
        self.complete_button = named(
            QPushButton(self.tr("Complete (Ctrl+Enter)")),
            "completeButton",
            self.tr("Complete the transfer"),
        )
        self.complete_button.setAutoDefault(False)
        self.back_button = named(
            QPushButton(self.tr("Back to the caller (Esc)")),
            "backButton",
            self.tr("Back to the caller"),
        )
        self.back_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.complete_button)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.stage)
        layout.addLayout(buttons)
        self.hide()

    @property
    def active(self) -> bool:
        return self.progress is not None and not self.progress.final

    def why_not(self) -> str:
        """Why Complete / Back cannot be used now ("" when they can)."""
        progress = self.progress
        if progress is None or progress.final:
            return self.tr("No attended transfer is under way")
        if progress.stage not in (Stage.CALLING, Stage.CONSULTING):
            return self.tr("Wait until {target} is being called").format(target=progress.target)
        return ""

    def show_progress(self, progress: TransferProgress) -> None:
        """Show a step; a final one hides the banner (the status line tells the end)."""
        if progress.final:
            if self.progress is None or self.progress.transfer_id == progress.transfer_id:
                self.progress = None
                self.hide()
            return
        self.progress = progress
        name = self._bridge.colleague_name(progress.target)
        who = f"{progress.target} {name}" if name else progress.target
        self.title.setText(self.tr("Attended transfer to {target}").format(target=who))
        self.stage.setText(tr_text(progress.text))
        # Until the PBX has started calling the colleague, a Complete or a Back
        # would race the request still under way.
        why = self.why_not()
        for button in (self.complete_button, self.back_button):
            button.setEnabled(not why)
            button.setToolTip(plain_tip(why))  # names the target
        self.setAccessibleDescription(f"{self.title.text()}. {self.stage.text()}")
        self.show()
