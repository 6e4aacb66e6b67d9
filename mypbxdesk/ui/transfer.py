"""The transfer dialog: pick an extension, send the other party of a call there.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

Used by the call panel and by the screen-pop's "Transfer…" button. The typed
target is checked as it is typed (:func:`check_target`): letters, the user's own
extension and anything but 1–10 digits are refused inline and the OK button
stays disabled, so nothing invalid ever reaches the PBX. A failed transfer
keeps the dialog open with the PBX's words, and the call stays where it was.

The list shows each extension with its name ("306 — Alice Wong") and finds
it by either; only the number is sent. Its buttons are words only, and the
error and status lines take no room until they have something to say.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot  # after PySide6

from ..base.numbers import InvalidNumber, validate_extension
from ..calls import CallEvent
from ..service.view import CallView, ResolvedChange
from .bridge import PbxBridge
from .callinfo import ERROR_COLOUR, SUCCESS_COLOUR, describe_party, not_connected
from .i18n import tr_text
from .icons import app_icon
from .plainbuttons import plain_buttons
from .plaintext import plain_label, plain_tip

LABEL_SEPARATOR = " — "


def without_label(text: str) -> str:
    """``"306 — Alice Wong"`` (a list entry, a dialer completion) → ``"306"``."""
    return text.split(LABEL_SEPARATOR, 1)[0]


_S = TypeVar("_S", bound=QObject)
_P = ParamSpec("_P")
_W = TypeVar("_W", bound=QWidget)


def async_slot(
    fn: Callable[Concatenate[_S, _P], Coroutine[Any, Any, None]],
) -> Callable[Concatenate[_S, _P], object]:
    """``qasync.asyncSlot()`` with types (qasync ships none). Methods of QObjects only."""
    return cast("Callable[Concatenate[_S, _P], object]", asyncSlot()(fn))


def named(widget: _W, name: str, accessible: str = "") -> _W:
    """``widget`` with its objectName (and accessible name) set, for terse layouts."""
    widget.setObjectName(name)
    if accessible:
        widget.setAccessibleName(accessible)
    return widget


def check_target(text: str, own_extension: str) -> tuple[str | None, str]:
    """Check a typed transfer target.

    Returns:
        ``(extension, "")`` when it can be sent, else ``(None, why)``; ``why`` is
        ``""`` for an empty field (nothing to complain about yet).
    """
    typed = text.strip()
    if not typed:
        return None, ""
    letter = next((c for c in typed if c.isalpha()), None)
    if letter is not None:
        return None, QCoreApplication.translate(
            "TransferDialog", "An extension has digits only: {letter} is a letter."
        ).format(letter=repr(letter))
    try:
        target = validate_extension(typed)
    except InvalidNumber:
        return None, QCoreApplication.translate("TransferDialog", "An extension is 1 to 10 digits.")
    if target == own_extension:
        return None, QCoreApplication.translate(
            "TransferDialog", "{extension} is your own extension."
        ).format(extension=target)
    return target, ""


class TransferDialog(QDialog):
    """Blind transfer of one call to an extension. It deletes itself once closed.

    Signals:
        transfer_finished(bool, str): the transfer was sent; ``ok`` and the
            message for the user (``"Transferred to 306"``). Only successes close
            the dialog; a failure stays shown inline.

    Object names: ``transferDialog``, ``transferTarget`` (editable combo box),
    ``transferError`` (inline error), ``transferStatus``, ``transferOk``.
    """

    transfer_finished = Signal(bool, str)

    def __init__(self, bridge: PbxBridge, view: CallView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._view = view
        self._busy = False
        self._ended = False
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("Transfer call — mypbxdesk"))
        self.setWindowIcon(app_icon())
        self.setAccessibleName(self.tr("Transfer call"))

        heading = plain_label(self.tr("Transfer {party} to:").format(party=describe_party(view)))
        heading.setObjectName("transferHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)

        self.target = QComboBox()
        self.target.setObjectName("transferTarget")
        self.target.setAccessibleName(self.tr("Transfer to extension"))
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for extension in bridge.known_extensions():
            name = bridge.colleague_name(extension)
            label = f"{extension}{LABEL_SEPARATOR}{name}" if name else extension
            self.target.addItem(label, extension)
        completer = self.target.completer()
        if completer is not None:  # typing part of a name finds the colleague
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.target.setCurrentIndex(-1)
        self.target.setEditText("")
        edit = self.target.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("Extension or name, e.g. 306"))
            edit.setMaxLength(20)
        self.target.setMinimumContentsLength(24)

        self.error = plain_label()  # the PBX's words
        self.error.setObjectName("transferError")
        self.error.setAccessibleName(self.tr("Transfer problem"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = plain_label()
        self.status.setObjectName("transferStatus")
        self.status.setWordWrap(True)
        self.status.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("transferOk")
        self.ok_button.setText(self.tr("Transfer"))
        self.ok_button.setAccessibleName(self.tr("Transfer the call"))
        plain_buttons(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        extension_label = plain_label(self.tr("Extension:"))
        extension_label.setBuddy(self.target)
        form.addRow(extension_label, self.target)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 44)

        self.finished.connect(self._dispose)
        self.target.currentTextChanged.connect(self._revalidate)
        self.error.hide()
        bridge.status_changed.connect(self._revalidate)
        bridge.call_changed.connect(self._on_call_changed)
        self._revalidate()
        self.target.setFocus()

    # -- state ------------------------------------------------------------------------
    @property
    def call_id(self) -> str:
        return self._view.call_id

    def error_text(self) -> str:
        return self.error.text()

    def set_target(self, text: str) -> None:
        self.target.setEditText(text)

    def _typed(self) -> str:
        """The extension in the field (a list entry's label dropped)."""
        return without_label(self.target.currentText())

    def _set_status(self, text: str, colour: str = "") -> None:
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _revalidate(self, *_: object) -> None:
        target, why = check_target(self._typed(), self._bridge.settings.extension)
        if not why and target is not None:
            if self._ended:
                why = self.tr("This call has ended.")
            elif not self._bridge.connected:
                why = self.tr("{not_connected}.").format(not_connected=not_connected())
        self.error.setText(why)
        self.error.setVisible(bool(why))
        can_send = target is not None and not why and not self._busy
        self.ok_button.setEnabled(can_send)
        self.ok_button.setToolTip(
            plain_tip("" if can_send else (why or self.tr("Type an extension")))
        )

    def _on_call_changed(self, change: ResolvedChange) -> None:
        if change.call.call_id != self._view.call_id:
            return
        self._view = change.view
        if change.event is CallEvent.ENDED:
            self._ended = True
            if not self._busy:
                self._revalidate()

    def _dispose(self, *_: object) -> None:
        """Closed: delete the dialog, unless a transfer is still in flight (then after it)."""
        if not self._busy:
            self.deleteLater()

    # -- the transfer ------------------------------------------------------------------
    def _on_ok(self) -> None:
        target, _ = check_target(self._typed(), self._bridge.settings.extension)
        if target is None or self._busy or not self.ok_button.isEnabled():
            return
        self._transfer(target)

    @async_slot
    async def _transfer(self, target: str) -> None:
        self._busy = True
        self.ok_button.setEnabled(False)
        self.target.setEnabled(False)
        self.error.hide()
        self._set_status(self.tr("Transferring to {target}…").format(target=target))
        try:
            outcome = await self._bridge.transfer(self._view.call_id, target)
            ok, message = outcome.ok, tr_text(outcome.message)
        except Exception as exc:  # never leave the dialog stuck in "Transferring…"
            ok, message = False, tr_text(str(exc)) or type(exc).__name__
        self._busy = False
        self.target.setEnabled(True)
        if ok:
            self._set_status(message, SUCCESS_COLOUR)
            self.transfer_finished.emit(True, message)
            self.accept()
            return
        self._set_status("")
        text = self.tr("Transfer failed: {reason}").format(reason=message)
        self.transfer_finished.emit(False, text)
        if not self.isVisible():  # cancelled while in flight: the owner shows the result
            self.deleteLater()
            return
        self._revalidate()
        self.error.setText(text)
        self.error.show()
