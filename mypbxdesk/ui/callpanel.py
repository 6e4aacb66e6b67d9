"""The call panel: the user's live calls, with transfer and hang-up.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

The table is a small :class:`CallTableModel` of call views kept in sync from
``bridge.call_changed`` (insert, update, remove by ``call_id``) and seeded from
``bridge.views``; a one-second timer repaints the duration column only. The
"Via" column says how a call came in and who transferred it, compactly
(``reception queue · transferred by Maria Garcia``, elided when the
table is narrow); its tooltip has it in full, a line each.
Transfer opens a :class:`~mypbxdesk.ui.transfer.TransferDialog` (re-exported
here); hang-up asks first (the question is injectable for tests). Closing the
window only hides it: the app quits from the tray.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..calls import Call, CallEvent, CallState, Direction
from ..service.view import CallView, NameSource, ResolvedChange
from .bridge import PbxBridge
from .callinfo import (
    ERROR_COLOUR,
    SUCCESS_COLOUR,
    call_facts,
    describe_party,
    format_duration,
    is_withheld_call,
    not_connected,
    number_region,
    real_name,
    route_cell,
    withheld_text,
)
from .i18n import QT_TRANSLATE_NOOP, tr_text
from .icons import app_icon
from .plaintext import plain_label, plain_question, plain_tip
from .transfer import TransferDialog, async_slot, named

__all__ = ["CallPanel", "CallTableModel", "TransferDialog", "ViaColumn"]

Confirm = Callable[[str], bool]
Index = QModelIndex | QPersistentModelIndex

translate = QCoreApplication.translate

COLUMNS = (
    QT_TRANSLATE_NOOP("CallTableModel", "Number"),
    QT_TRANSLATE_NOOP("CallTableModel", "Name"),
    QT_TRANSLATE_NOOP("CallTableModel", "Via"),
    QT_TRANSLATE_NOOP("CallTableModel", "Direction"),
    QT_TRANSLATE_NOOP("CallTableModel", "State"),
    QT_TRANSLATE_NOOP("CallTableModel", "Duration"),
)
NUMBER, NAME, VIA, DIRECTION, STATE, DURATION = range(len(COLUMNS))


def _alignment(column: int) -> Qt.AlignmentFlag:
    side = Qt.AlignmentFlag.AlignRight if column == DURATION else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignVCenter


class CallTableModel(QAbstractTableModel):
    """The live calls as table rows, one per ``call_id``, oldest first.

    Each row is the :class:`CallView` the service resolved for the call's last
    change: nothing is looked up on a repaint.
    """

    def __init__(self, bridge: PbxBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._views: list[CallView] = []

    # -- Qt model interface ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._views)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return translate("CallTableModel", COLUMNS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_alignment(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._views):
            return None
        view, column = self._views[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tip(view, column)
            return plain_tip(tip) if tip else None  # names and numbers: never rich text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_alignment(column))
        return None

    def _tip(self, view: CallView, column: int) -> str:
        if column == NUMBER:
            return "" if is_withheld_call(view) else view.call.number
        if column == NAME:
            if view.name_source is NameSource.HISTORY:
                return self.tr("The PBX sent no name; this name is from your call history")
            if view.name_source is NameSource.CONTACTS:
                return (
                    self.tr("From your contacts; the PBX calls it “{name}”").format(
                        name=view.pbx_name
                    )
                    if view.pbx_name
                    else self.tr("From your contacts")
                )
        if column == VIA:
            return "\n".join(call_facts(view, region=number_region(self._bridge)))
        return ""

    def _text(self, view: CallView, column: int) -> str:
        call = view.call
        if column == NUMBER:
            return withheld_text() if is_withheld_call(view) else view.formatted_number
        if column == NAME:
            return self._name(view)
        if column == VIA:
            return route_cell(view.via, view.transferred_by, region=number_region(self._bridge))
        if column == DIRECTION:
            return (
                self.tr("Incoming") if call.direction is Direction.INCOMING else self.tr("Outgoing")
            )
        if column == STATE:
            if call.state is CallState.RINGING:
                return self.tr("Ringing")
            return self.tr("Answered") if call.state is CallState.ANSWERED else self.tr("Ended")
        since = call.answered_at if call.state is CallState.ANSWERED else call.started_at
        now = time.time()
        return format_duration(now - (since or now))

    def _name(self, view: CallView) -> str:
        """The name beside the Number column: "" when there is none to tell (a
        withheld or an outgoing call: the Number column says it all), "Unknown
        caller" for an incoming call from a number nobody named."""
        name = real_name(view.name, view.call.number)
        if name and view.name_source is NameSource.HISTORY:
            return self.tr("{name} (earlier call)").format(name=name)
        if name or is_withheld_call(view) or view.call.direction is Direction.OUTGOING:
            return name
        return translate("CallInfo", "Unknown caller")

    # -- updates ------------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        return [v.call for v in self._views]

    def row_of(self, call_id: str) -> int:
        return next((i for i, v in enumerate(self._views) if v.call_id == call_id), -1)

    def call_at(self, row: int) -> Call | None:
        view = self.view_at(row)
        return None if view is None else view.call

    def view_at(self, row: int) -> CallView | None:
        return self._views[row] if 0 <= row < len(self._views) else None

    def reset(self, views: list[CallView]) -> None:
        self.beginResetModel()
        self._views = [v for v in views if v.call.is_live]
        self.endResetModel()

    def apply(self, change: ResolvedChange) -> None:
        call, row = change.call, self.row_of(change.call.call_id)
        if change.event is CallEvent.ENDED or not call.is_live:
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._views[row]
                self.endRemoveRows()
        elif row >= 0:
            self._views[row] = change.view
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        else:
            self.beginInsertRows(QModelIndex(), len(self._views), len(self._views))
            self._views.append(change.view)
            self.endInsertRows()

    def tick(self) -> None:
        if self._views:
            self.dataChanged.emit(
                self.index(0, DURATION),
                self.index(len(self._views) - 1, DURATION),
                [Qt.ItemDataRole.DisplayRole],
            )


class ViaColumn(QObject):
    """Shares a call table's room between the name (stretched) and Via.

    The other columns take what their text needs; of the room they leave, Via
    gets what its widest text needs when the names fit beside it, else a fair
    share: the narrower of the two keeps its width if that is at most half, the
    other one gets the rest. Text that does not fit is elided (the cells'
    tooltips have it all) rather than pushing the table into a horizontal
    scroll bar.

    Args:
        table: the table (its model set).
        name, via: the two columns.
        follow_model: refit when rows come, go or change; a table that is
            refilled all at once passes False and calls :meth:`fit` after.
    """

    def __init__(
        self, table: QTableView, name: int = NAME, via: int = VIA, *, follow_model: bool = True
    ) -> None:
        super().__init__(table)
        self._table = table
        self._name, self._via = name, via
        header = table.horizontalHeader()
        header.setSectionResizeMode(name, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(via, QHeaderView.ResizeMode.Fixed)
        if follow_model:
            model = table.model()
            model.rowsInserted.connect(self.fit)
            model.rowsRemoved.connect(self.fit)
            model.modelReset.connect(self.fit)
            model.dataChanged.connect(self._on_data_changed)
        # The viewport's own resize: the table's comes before the viewport has its new
        # width, and a vertical scroll bar appearing narrows the viewport only.
        table.viewport().installEventFilter(self)
        table.installEventFilter(self)  # a font change
        self.fit()

    def _on_data_changed(self, first: QModelIndex, last: QModelIndex, *_: object) -> None:
        if first.column() <= self._via <= last.column():  # not the duration's tick
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if (kind == QEvent.Type.Resize and watched is self._table.viewport()) or (
            kind == QEvent.Type.FontChange and watched is self._table
        ):
            self.fit()
        return False

    def fit(self, *_: object) -> None:
        table, header = self._table, self._table.horizontalHeader()

        def wanted(column: int) -> int:
            return max(table.sizeHintForColumn(column), header.sectionSizeHint(column))

        fixed = sum(
            wanted(column)
            for column in range(header.count())
            if column not in (self._name, self._via) and not header.isSectionHidden(column)
        )
        room = table.viewport().width() - fixed
        name, via = wanted(self._name), wanted(self._via)
        if name + via > room:
            if name <= room // 2:
                via = room - name
            elif via > room // 2:
                via = room // 2
        table.setColumnWidth(self._via, max(header.sectionSizeHint(self._via), via))


def ask_hangup(parent: QWidget) -> Confirm:
    """The default confirmation: a Yes/No question, No being the default."""

    def confirm(text: str) -> bool:  # the text names the caller: plain text
        return plain_question(parent, translate("CallPanel", "Hang up — mypbxdesk"), text)

    return confirm


class CallPanel(QWidget):
    """The window listing the user's live calls.

    Args:
        bridge: the app's bridge.
        confirm: asks "Hang up …?" and returns True to go ahead; default a
            QMessageBox question. Tests pass ``lambda text: True``.

    Object names: ``callPanel``, ``callTable``, ``callPanelEmpty``,
    ``transferButton``, ``hangupButton``, ``callPanelMessage``.
    """

    def __init__(
        self, bridge: PbxBridge, *, confirm: Confirm | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._confirm = confirm or ask_hangup(self)
        self.transfer_dialog: TransferDialog | None = None
        self.setObjectName("callPanel")
        self.setWindowTitle(self.tr("Calls — mypbxdesk"))
        self.setWindowIcon(app_icon())
        self.setAccessibleName(self.tr("Calls"))

        self.model = CallTableModel(bridge, self)
        self.table = named(QTableView(), "callTable")
        self.table.setAccessibleName(self.tr("Live calls"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: to the buttons
        self.table.verticalHeader().hide()
        self.table.setStyleSheet(
            "QTableView::item { padding: 0.2em 0.6em; }"
            "QHeaderView::section { padding: 0.25em 0.6em; border: none;"
            " border-bottom: 1px solid palette(mid); background: palette(button); }"
        )
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.via_column = ViaColumn(self.table)

        self.heading = named(plain_label(), "callPanelHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.empty = named(plain_label(self.tr("No calls right now")), "callPanelEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #5f6368;")
        self._stack = QStackedLayout()
        self._stack.addWidget(self.empty)
        self._stack.addWidget(self.table)

        self.transfer_button = named(QPushButton(self.tr("Transfer…")), "transferButton")
        self.transfer_button.setAccessibleName(self.tr("Transfer the selected call"))
        self.transfer_button.clicked.connect(self.transfer_selected)
        self.hangup_button = named(QPushButton(self.tr("Hang up")), "hangupButton")
        self.hangup_button.setAccessibleName(self.tr("Hang up the selected call"))
        self.hangup_button.clicked.connect(self.hangup_selected)
        self.message = named(plain_label(), "callPanelMessage")
        self.message.setAccessibleName(self.tr("Last action result"))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message_call = ""  # the call the message is about: it goes with that call
        self._transfer_call = ""
        close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        close.activated.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.transfer_button)
        buttons.addWidget(self.hangup_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self._stack, 1)
        layout.addLayout(buttons)
        em = self.fontMetrics().height()
        self.resize(em * 56, em * 17)  # six columns, a long name and its Via beside it

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.model.tick)
        self._ticker.start()
        self.table.selectionModel().selectionChanged.connect(self._refresh_buttons)
        self.table.selectionModel().selectionChanged.connect(self._drop_stale_message)
        self.model.rowsInserted.connect(self._on_rows_changed)
        self.model.rowsRemoved.connect(self._on_rows_changed)
        self.model.modelReset.connect(self._on_rows_changed)
        bridge.call_changed.connect(self._on_call_changed)
        bridge.status_changed.connect(self._refresh_buttons)
        bridge.settings_changed.connect(self._on_settings_changed)
        self.model.reset(bridge.views)

    # -- state --------------------------------------------------------------------------
    def selected_call(self) -> Call | None:
        view = self.selected_view()
        return None if view is None else view.call

    def selected_view(self) -> CallView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.view_at(rows[0].row()) if rows else None

    def select_call(self, call_id: str) -> None:
        row = self.model.row_of(call_id)
        if row >= 0:
            self.table.selectRow(row)

    def show_message(self, text: str, ok: bool, call_id: str = "") -> None:
        """Show an action's result beside the buttons. A result about a call
        (``call_id``) belongs to it: it is not shown once that call is gone, and
        goes when the call ends or another call is selected."""
        self._message_call = call_id
        if call_id and self.model.row_of(call_id) < 0:
            text = ""
        self.message.setStyleSheet(f"color: {SUCCESS_COLOUR if ok else ERROR_COLOUR};")
        self.message.setText(text)

    def _drop_stale_message(self, *_: object) -> None:
        call_id = self._message_call
        if not call_id:
            return
        selected = self.selected_call()
        if self.model.row_of(call_id) < 0 or (selected is not None and selected.call_id != call_id):
            self._message_call = ""
            self.message.clear()

    def _on_call_changed(self, change: ResolvedChange) -> None:
        self.model.apply(change)
        self._refresh_buttons()

    def _on_settings_changed(self, *_: object) -> None:
        self.model.reset(self._bridge.views)  # a new extension: a new set of calls

    def _on_rows_changed(self, *_: object) -> None:
        self._drop_stale_message()
        has_calls = self.model.rowCount() > 0
        self._stack.setCurrentWidget(self.table if has_calls else self.empty)
        if has_calls and self.selected_call() is None:
            self.table.selectRow(0)  # the common case is one call: no click needed
        self._refresh_buttons()

    def _refresh_buttons(self, *_: object) -> None:
        call = self.selected_call()
        why = ""
        if not self._bridge.connected:
            detail = tr_text(self._bridge.status.detail)
            why = (
                self.tr("{not_connected}: {detail}").format(
                    not_connected=not_connected(), detail=detail
                )
                if detail
                else not_connected()
            )
        elif call is None:
            why = self.tr("Select a call first")
        self.hangup_button.setEnabled(not why)
        self.hangup_button.setToolTip(plain_tip(why) or self.tr("Hang up the selected call"))
        if not why and call is not None and not call.peer_channel:
            why = self.tr("The other party's channel is not known, so it cannot be transferred")
        self.transfer_button.setEnabled(not why)
        self.transfer_button.setToolTip(
            plain_tip(why) or self.tr("Send the selected call to another extension")
        )
        extension = self._bridge.settings.extension
        self.heading.setText(
            self.tr("Live calls on extension {extension}").format(extension=extension)
            if self._bridge.connected
            else self.tr("Live calls on extension {extension} — not connected").format(
                extension=extension
            )
        )

    # -- actions ------------------------------------------------------------------------
    def transfer_selected(self) -> None:
        view = self.selected_view()
        if view is None:
            return
        if self.transfer_dialog is not None:
            self.transfer_dialog.reject()
        dialog = TransferDialog(self._bridge, view, self)
        self._transfer_call = view.call_id
        dialog.transfer_finished.connect(self._on_transfer_finished)
        # A bound method, not a lambda holding the dialog: a closure that keeps the
        # dialog's wrapper alive until Qt destroys the dialog crashes PySide6.
        dialog.finished.connect(self._forget_dialogs)
        self.transfer_dialog = dialog
        dialog.open()

    def _on_transfer_finished(self, ok: bool, message: str) -> None:
        self.show_message(message, ok, self._transfer_call)

    def _forget_dialogs(self, *_: object) -> None:
        if self.transfer_dialog is not None and not self.transfer_dialog.isVisible():
            self.transfer_dialog = None  # it deletes itself

    def hangup_selected(self) -> None:
        view = self.selected_view()
        if view is None:
            return
        who = describe_party(view)
        if not self._confirm(self.tr("Hang up the call with {party}?").format(party=who)):
            return
        self._hangup(view.call_id)

    @async_slot
    async def _hangup(self, call_id: str) -> None:
        self.show_message(self.tr("Hanging up…"), True, call_id)
        try:
            outcome = await self._bridge.hangup(call_id)
            ok, text = outcome.ok, tr_text(outcome.message)
        except Exception as exc:
            ok, text = False, tr_text(str(exc)) or type(exc).__name__
        self.show_message(
            text if ok else self.tr("Could not hang up: {reason}").format(reason=text), ok, call_id
        )

    # -- window -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Hide instead of closing: the tray owns the app's lifetime."""
        event.ignore()
        self.hide()
