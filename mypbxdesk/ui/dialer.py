"""The dialer window: type or paste a number, press Enter, your phone rings.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

Input is cleaned exactly as ``mypbxdesk dial`` cleans it
(:func:`mypbxdesk.base.numbers.clean_number`): ``tel:+1 (555) 010-9999`` works,
letters or control characters are refused inline and nothing is sent. An
extension or keys after a pause (``tel:…;ext=12``, ``x12``, ``555 0100,12``) are
not dialled but said, while typing and once the call is placed, for the user to
key after the answer. While the PBX is not reachable the Call button is
disabled and says why.

A status belongs to its call: "Connected: your phone 474 is now calling …"
goes when that call ends, and a window reopened with no call going on starts
clean.

The dialer is the edge: a number is cleaned here once, and the
:class:`~mypbxdesk.base.numbers.DialNumber` goes down to the Originate as it
is. A hand-over that already cleaned it passes it along, so it is not cleaned
twice.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..base.numbers import DialNumber, InvalidNumber, clean_number
from ..calls import CallEvent
from ..driver.client import ConnectionState, ConnectionStatus
from ..service.view import ResolvedChange
from . import icons
from .bridge import PbxBridge
from .callinfo import shown_number
from .i18n import tr_text
from .transfer import LABEL_SEPARATOR, async_slot, without_label

translate = QCoreApplication.translate

_STYLE_OK = "color: palette(text);"
_STYLE_ERROR = "color: #c5221f;"
_STYLE_SUCCESS = "color: #1e8e3e;"


def status_reason(status: ConnectionStatus) -> str:
    """Why calls cannot be placed right now, for a disabled button's text."""
    if status.state is ConnectionState.SETTINGS_ERROR:
        return translate("Dialer", "Not connected: {detail} (see Settings)").format(
            detail=tr_text(status.detail)
        )
    if status.state is ConnectionState.AUTH_FAILED:
        return translate(
            "Dialer", "Not connected: the PBX refused the AMI username or secret (see Settings)"
        )
    if status.state is ConnectionState.RECONNECT_WAIT:
        return translate("Dialer", "Not connected to the PBX: {detail}").format(
            detail=tr_text(status.detail)
        )
    if status.state is ConnectionState.CONNECTING:
        return translate("Dialer", "Connecting to the PBX…")
    return translate("Dialer", "Not connected to the PBX")


class DialerWindow(QWidget):
    """A small window with a number field and a Call button.

    Signals:
        call_placed(str): a call was accepted by the PBX (the cleaned number).
    """

    call_placed = Signal(str)

    def __init__(self, bridge: PbxBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._busy = False
        # A number handed over while a dial was under way: (text, cleaned or None).
        self._queued: tuple[str, DialNumber | None] | None = None
        self._showing_status = False
        # The number whose placed call the message is about (cleared with it).
        self._placed: str | None = None
        self.setObjectName("dialer")
        self.setWindowTitle(self.tr("Dial — mypbxdesk"))
        self.setWindowIcon(icons.app_icon())

        self.number = QLineEdit(self)
        self.number.setObjectName("dialNumber")
        self.number.setAccessibleName(self.tr("Number to call"))
        placeholder = self.tr("Number, e.g. 138 0601 2345")
        self.number.setPlaceholderText(placeholder)
        self.number.setToolTip(self.tr("A number, or a tel: link such as tel:+1 555 010 9999"))
        self.number.setClearButtonEnabled(True)
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.number.setFont(font)
        # The whole placeholder fits, at any scale and in any language: its text,
        # the clear button and the frame (measured in the field's own font).
        metrics = self.number.fontMetrics()
        room = 2 * metrics.height() + metrics.averageCharWidth()
        self.number.setMinimumWidth(metrics.horizontalAdvance(placeholder) + room)
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.number.setCompleter(completer)

        self.call_button = QPushButton(self.tr("Call"), self)
        self.call_button.setObjectName("dialButton")
        self.call_button.setAccessibleName(self.tr("Call this number from my phone"))
        self.call_button.setDefault(True)
        self.call_button.setIcon(icons.app_icon())

        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # the PBX's words, names
        self.message.setObjectName("dialMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for two lines plus the space below them, so a two-line status
        # never touches the window's bottom edge.
        self.message.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        row = QHBoxLayout()
        row.addWidget(self.number, 1)
        row.addWidget(self.call_button)
        layout = QVBoxLayout(self)
        heading = QLabel(self)
        heading.setObjectName("dialHeading")
        self._heading = heading
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(self.message, 1)
        layout.addSpacing(self.fontMetrics().height() // 2)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

        self.number.returnPressed.connect(self._on_dial)
        self.call_button.clicked.connect(self._on_dial)
        self.number.textEdited.connect(self._on_edited)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.activated.connect(self.close)
        bridge.status_changed.connect(self._on_status)
        bridge.settings_changed.connect(lambda _s: self._update_heading())
        bridge.call_changed.connect(self._on_call_changed)
        self._update_heading()
        self._on_status(bridge.status)

    # -- public -------------------------------------------------------------------
    def open_with(self, number: str = "", *, check: bool = True) -> None:
        """Show, raise and focus the window, optionally with a number filled in
        (and checked, unless the caller already cleaned it: ``check=False``)."""
        self._refresh_completions()
        if self._placed is not None and not self._busy and not self._call_going_on():
            self._clear_placed()  # the call it spoke of is over: start clean
        if number:
            self.number.setText(number)
            if check:
                self._on_edited(number)
        self.show()
        self.raise_()
        self.activateWindow()
        self.number.setFocus()
        self.number.selectAll()

    @property
    def busy(self) -> bool:
        """A dial is under way (the PBX is ringing her phone for it)."""
        return self._busy

    def dial_number(self, text: str, number: DialNumber | None = None) -> None:
        """Show the window with ``text`` (a number or URI) and dial it at once.

        ``number`` is ``text`` already cleaned by the caller (a hand-over checks
        it first); it is then not cleaned again.

        While an earlier dial is still under way (her phone rings for it), the
        new number waits its turn instead of being dropped: the message says it
        is next, and it goes out as soon as the earlier attempt is over.
        """
        self.open_with()
        if self._busy:
            if number is None:
                with contextlib.suppress(InvalidNumber):  # said when its turn comes
                    number = clean_number(without_label(text))
            self._queued = (text, number)
            self._show(
                self.tr("Next: {number}, once the call being placed is through.").format(
                    number=text if number is None else shown_number(self._bridge, number)
                ),
                _STYLE_OK,
            )
            return
        self.number.setText(text)
        self._dial(text, number)

    # -- internals ----------------------------------------------------------------
    def _dial_queued(self) -> None:
        queued, self._queued = self._queued, None
        if queued is not None:
            text, number = queued
            self.number.setText(text)
            self._dial(text, number)

    def _update_heading(self) -> None:
        ext = self._bridge.settings.extension
        self._heading.setText(
            self.tr("Your phone {ext} rings first; pick it up to be connected.").format(ext=ext)
            if ext
            else self.tr("Set up your extension in Settings first.")
        )

    def _refresh_completions(self) -> None:
        items: list[str] = []
        recent = self._bridge.recent_numbers(50)
        for number in recent:
            name = self._bridge.contact_name(number)
            items.append(f"{number}{LABEL_SEPARATOR}{name}" if name else number)
        seen = set(recent)  # then the imported contacts, by name or number
        items += [
            f"{number}{LABEL_SEPARATOR}{name}"
            for number, name in self._bridge.contacts.entries()
            if number not in seen
        ]
        self._completions.setStringList(items)

    def _call_going_on(self) -> bool:
        return any(call.is_live for call in self._bridge.calls)

    def _clear_placed(self) -> None:
        self._show("", _STYLE_OK)
        self._on_status(self._bridge.status)

    def _on_call_changed(self, change: ResolvedChange) -> None:
        """The placed call ended: its "Connected: …" goes with it."""
        placed = self._placed
        if placed is None or change.event is not CallEvent.ENDED:
            return
        ended = "".join(c for c in change.call.number if c.isdigit())
        its_call = bool(ended) and (ended.endswith(placed) or placed.endswith(ended))
        if its_call or not self._call_going_on():
            self._clear_placed()

    def _show(self, text: str, style: str) -> None:
        self._showing_status = False  # set again by _on_status when it shows the status
        self._placed = None  # set again by _dial when it shows a placed call
        self.message.setStyleSheet(style)
        self.message.setText(text)

    def _on_status(self, status: ConnectionStatus) -> None:
        connected = status.state is ConnectionState.CONNECTED
        self.call_button.setEnabled(connected and not self._busy)
        self.call_button.setToolTip("" if connected else status_reason(status))
        if not connected and not self._busy:
            self._show(status_reason(status), _STYLE_ERROR)
            self._showing_status = True
        elif connected and self._showing_status:
            self._show("", _STYLE_OK)

    def _on_edited(self, text: str) -> None:
        if not text.strip():
            self._show("", _STYLE_OK)
            return
        try:
            number = clean_number(without_label(text))
        except InvalidNumber as exc:
            self._show(
                self.tr("Cannot dial this: {reason}.").format(reason=tr_text(str(exc))),
                _STYLE_ERROR,
            )
        else:
            if number.postdial:  # an extension is kept, and said, not dropped
                self._show(self._postdial_note(number), _STYLE_OK)
            elif self._bridge.connected:
                self._show("", _STYLE_OK)

    def _postdial_note(self, number: DialNumber) -> str:
        """The keys to press after the answer (``tel:…;ext=12``, ``x12``, ``555,12``)."""
        note = number.postdial_note()
        return self.tr("Note: {note}.").format(note=tr_text(note)) if note else ""

    def _on_dial(self, *_: object) -> None:
        """Enter or the Call button: dial what the field says."""
        self._dial(self.number.text(), None)

    @async_slot
    async def _dial(self, text: str, number: DialNumber | None) -> None:
        if self._busy:
            return
        if number is None:
            try:
                number = clean_number(without_label(text))  # the one cleaning
            except InvalidNumber as exc:
                self._show(
                    self.tr("Cannot dial this: {reason}. Nothing was sent.").format(
                        reason=tr_text(str(exc))
                    ),
                    _STYLE_ERROR,
                )
                return
        if not self._bridge.connected:
            self._show(status_reason(self._bridge.status), _STYLE_ERROR)
            return
        self._busy = True
        self.call_button.setEnabled(False)
        self._show(
            self.tr("Sending the call to the PBX: {number}…").format(
                number=shown_number(self._bridge, number)
            ),
            _STYLE_OK,
        )
        try:
            result = await self._bridge.dial(
                number, lambda progress: self._show(tr_text(progress), _STYLE_OK)
            )
        finally:
            self._busy = False
            self._on_status(self._bridge.status)
            if self._queued is not None:
                QTimer.singleShot(0, self._dial_queued)
        if result.ok:
            note = self._postdial_note(number)
            self._show(tr_text(result.message) + (f"\n{note}" if note else ""), _STYLE_SUCCESS)
            self._placed = "".join(c for c in number if c.isdigit())
            self.call_placed.emit(result.number)
        else:
            self._show(
                self.tr("The call was not placed: {reason}.").format(
                    reason=tr_text(result.message)
                ),
                _STYLE_ERROR,
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.hide()
