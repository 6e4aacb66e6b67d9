"""The console window: her main window — colleagues, her calls, parked calls, queues.

Layer 4 (``mypbxdesk.ui``). Built from the parts of this package (the layout
is in ``panels.py``); this module is the keyboard and the decisions:

* the search field has the focus; typing filters the tiles, the best match is
  selected, Up/Down/Left/Right (and Page Up/Down) move in the grid without
  leaving the field; typing in the grid goes back to the field;
* **Enter**: transfer the current call to the selected colleague — or, when
  no colleague matches, to the number typed (an outside number, a parking
  slot); with no call, call the colleague or the number from her phone;
* **F2** attended transfer, **F3** park, **F4** pick up the selected
  colleague's ringing call, **F5** take back the selected (or the oldest)
  parked call, **F6** pause/resume herself in her queues, **F7** voicemail;
* during an attended transfer **Ctrl+Enter** completes and **Esc** goes back
  to the caller; otherwise Esc clears the search.

Each key runs the same :class:`~.commands.Command` as its button, so a key
that cannot act says why in the status line, as the disabled button's
tooltip does. Closing the window hides it; the tray opens it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from ...base.numbers import clean_number
from ...service.attended import Stage, TransferProgress
from ...service.permissions import Feature
from ..bridge import PbxBridge
from ..callinfo import ERROR_COLOUR, SUCCESS_COLOUR
from ..i18n import tr_text
from ..tray import Openers
from .actions import ConsoleActions
from .commands import Command, CommandSet, permissions_summary
from .rules import ConsoleRules

KEYS = {
    Qt.Key.Key_F2: "attended",
    Qt.Key.Key_F3: "park",
    Qt.Key.Key_F4: "pickup",
    Qt.Key.Key_F5: "retrieve",
    Qt.Key.Key_F6: "pause",
    Qt.Key.Key_F7: "voicemail",
}
_MOVES = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
)


class ConsoleWindow(ConsoleRules):
    """The receptionist's console. See the module docstring.

    Object names: ``consoleWindow``, ``consoleSearch``, ``colleagueGrid``,
    ``consoleStatus``, ``permissionsLine``, ``transferButton``, ``attendedButton``,
    ``parkButton``, ``pickupButton``, ``retrieveButton``, ``pauseButton``,
    ``voicemailButton``, ``transferBanner`` (and the panels' own).
    """

    def __init__(
        self, bridge: PbxBridge, openers: Openers | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(bridge, openers, parent)
        self.act = ConsoleActions(bridge, self)
        self.act.report.connect(self.show_status)
        self.act.finished.connect(self._on_change)
        self.commands = CommandSet(bridge, lambda text, ok: self.show_status(text, ok))
        self._add_commands()

        self.search.textChanged.connect(self._on_search)
        self.search.installEventFilter(self)
        self.grid.installEventFilter(self)
        self.grid.typed.connect(self._type_ahead)
        self.grid.selectionModel().currentChanged.connect(self._on_selection)
        self.filter.modelReset.connect(self._select_best)
        self.filter.rowsInserted.connect(self._select_if_none)
        for signal in (
            bridge.call_changed,
            bridge.presence_changed,
            bridge.park_changed,
            bridge.queue_changed,
            bridge.status_changed,
            bridge.settings_changed,
        ):
            signal.connect(self._on_change)
        bridge.transfer_progress.connect(self._on_progress)
        bridge.permission_changed.connect(self._on_change)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        self._select_best()
        self.refresh()

    # -- commands ----------------------------------------------------------------------
    def _add_commands(self) -> None:
        q = self.queues
        rows: list[tuple[str, QAbstractButton, Callable[[], None], Callable[[], str], Any, Any]]
        rows = [
            ("enter", self.transfer_button, self._enter, self._why_enter,
             self._enter_features, self._enter_tip),
            ("attended", self.attended_button, self._attended, self._why_attended,
             (Feature.ATTENDED,), self.tr("Talk to the colleague first while the caller waits")),
            ("park", self.park_button, self._park, self._why_call,
             (Feature.PARK,), self.tr("Park your current call; the status line names the slot")),
            ("pickup", self.pickup_button, self._pickup, self._why_pickup,
             (Feature.PICKUP,), self.tr("Take the call ringing on the selected colleague's phone")),
            ("retrieve", self.retrieve_button, self._retrieve, self._why_retrieve,
             (Feature.DIAL,), self.tr("Your phone rings; pick it up for the parked call")),
            ("pause", q.pause_button, self._pause, self._why_pause,
             (Feature.QUEUES,), self.tr("Stop (or start again) getting queue calls")),
            ("join", q.join_button, self._join, self._why_join,
             (Feature.QUEUES,), self.tr("Become a member of the chosen queue")),
            ("leave", q.leave_button, self._leave, self._why_leave,
             (Feature.QUEUES,), self.tr("Leave the chosen queue")),
            ("voicemail", self.voicemail, self._voicemail, lambda: "",
             (Feature.DIAL,), self._voicemail_tip),
            ("complete", self.banner.complete_button, self._complete, self._why_transfer,
             (), self.tr("Hand the caller over to the colleague")),
            ("back", self.banner.back_button, self._back, self._why_transfer,
             (), self.tr("End the consultation; you talk to the caller again")),
        ]  # fmt: skip
        for name, widget, run, why, features, tip in rows:
            self.commands.add(Command(name, [widget], run, why, features, tip))

    def _enter_features(self) -> tuple[Feature, ...]:
        return (Feature.TRANSFER,) if self.current_call() is not None else (Feature.DIAL,)

    def _enter_tip(self) -> str:
        if self.current_call() is not None:
            return self.tr("Send your current call to the selected colleague or number")
        return self.tr("Call the selected colleague or the number from your phone")

    # -- doing -----------------------------------------------------------------------------
    def _enter(self) -> None:
        target = self.target()
        if target is None:
            return
        number, shown = target
        call_id = self.current_call_id()
        if call_id:
            self.act.transfer(number, call_id, shown)
        else:
            self.act.dial(clean_number(number))

    def _attended(self) -> None:
        target = self.target()
        if target is not None:
            self.act.attended(target[0], self.current_call_id(), target[1])

    def _voicemail(self) -> None:
        self.act.voicemail()

    def _park(self) -> None:
        self.act.park(self.current_call_id())

    def _pickup(self) -> None:
        row = self.selected()
        if row is not None:
            self.act.pickup(row.extension)

    def _retrieve(self) -> None:
        rows = self.parked_table.selectionModel().selectedRows()
        call = self.parked_model.call_at(rows[0].row()) if rows else self.parked_model.oldest()
        if call is not None:
            self.act.retrieve(call.slot)

    def _pause(self) -> None:
        self.act.pause(not self.queues.paused(), self.queues.reason.text().strip())

    def _join(self) -> None:
        self.act.join(self.queues.chosen_queue())

    def _leave(self) -> None:
        self.act.leave(self.queues.chosen_queue())

    def _complete(self) -> None:
        progress = self.banner.progress
        self.act.complete(progress.call_id if progress is not None else "")

    def _back(self) -> None:
        progress = self.banner.progress
        self.act.back(progress.call_id if progress is not None else "")

    # -- keys ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._key(event, from_search=watched is self.search)
        ):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event, from_search=False):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent, *, from_search: bool) -> bool:
        key = Qt.Key(event.key())
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if mods == Qt.KeyboardModifier.ControlModifier:
                self.commands.trigger("complete")
            elif mods == Qt.KeyboardModifier.NoModifier:
                self.commands.trigger("enter")
            else:
                return False
            return True
        if key == Qt.Key.Key_Escape and mods == Qt.KeyboardModifier.NoModifier:
            if self.banner.active:
                self.commands.trigger("back")
            elif self.search.text():
                self.search.clear()
            return True
        if key in KEYS and mods == Qt.KeyboardModifier.NoModifier:
            self.commands.trigger(KEYS[key])
            return True
        if from_search and key in _MOVES and mods == Qt.KeyboardModifier.NoModifier:
            moved = QKeyEvent(event.type(), key, event.modifiers(), event.text())
            QApplication.sendEvent(self.grid, moved)
            return True
        return False

    def _type_ahead(self, text: str) -> None:
        self.search.setFocus()
        self.search.insert(text)

    # -- reacting --------------------------------------------------------------------------
    def _on_search(self, text: str) -> None:
        self.filter.set_text(text)
        self._select_best()

    def _select_best(self) -> None:
        if self.filter.rowCount():
            self.grid.setCurrentIndex(self.filter.index(0, 0))
            self.grid.scrollTo(self.filter.index(0, 0))
        self._on_selection()

    def _on_change(self, *_: object) -> None:
        # Every call, presence, park and queue event comes here: a hidden window
        # waits for its showEvent, which refreshes everything at once.
        if self.isVisible():
            self.refresh()

    def _select_if_none(self, *_: object) -> None:
        if not self.grid.currentIndex().isValid() and self.filter.rowCount():
            self.grid.selectionModel().setCurrentIndex(
                self.filter.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _on_selection(self, *_: object) -> None:
        row = self.selected()
        self.search.setAccessibleDescription(row.describe(self.model.clock()) if row else "")
        self.refresh()

    def _on_progress(self, progress: TransferProgress) -> None:
        self.banner.show_progress(progress)
        if progress.final:
            self.show_status(tr_text(progress.text), progress.stage is not Stage.FAILED)
        self.refresh()

    def show_status(self, text: str, ok: bool | None) -> None:
        """The last action's words: green with ✓, red with ✗, plain while it runs."""
        if ok is None:
            self.status.setStyleSheet("")
            self.status.setText(text)
        else:
            self.status.setStyleSheet(f"color: {SUCCESS_COLOUR if ok else ERROR_COLOUR};")
            self.status.setText(("✓ " if ok else "✗ ") + text)
        self.status.setAccessibleDescription(text)

    def refresh(self) -> None:
        """Buttons, labels and hints after any change."""
        call = self.current_call()
        self.calls_model.set_current(call.call_id if call is not None else "")
        self.transfer_button.setText(
            self.tr("Transfer (Enter)") if call is not None else self.tr("Call (Enter)")
        )
        summary = permissions_summary(self._bridge)
        self.permissions.setText(
            self.tr("The PBX refuses some features to this AMI user:\n{summary}").format(
                summary=summary
            )
            if summary
            else ""
        )
        self.permissions.setVisible(bool(summary))
        self.grid.empty_text = self._empty_text()
        self.commands.refresh()
        self.update_sections()

    def tick(self) -> None:
        if self.isVisible():
            self.grid.viewport().update()
            self.parked_model.tick()
            self.calls_model.tick()
            self.queues.tick()

    # -- window ------------------------------------------------------------------------------
    def open(self) -> None:
        """Show, raise and put the keyboard in the search field."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus()
        self.search.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.search.setFocus()
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Hide instead of closing: the tray owns the app's lifetime."""
        event.ignore()
        self.hide()
