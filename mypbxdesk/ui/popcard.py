"""The screen-pop card: one call's frameless, always-on-top window.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

:class:`~mypbxdesk.ui.screenpop.PopManager` creates, places and closes these;
a :class:`ScreenPop` only shows its call's resolved view
(:class:`~mypbxdesk.service.view.CallView`: name and where it came from,
formatted number, trunk, how the call came in and who transferred it) and
offers Transfer…, Copy number and Open CRM. It
paints its own flat card (white, thin border, rounded where the platform
composites translucent windows) with a state strip on the left: blue while
ringing, green once answered, grey when over. Sizes follow the font, so
it reads the same at 200 % scaling.

Under the number, two tags say what a receptionist answers differently: how
the call came in (``via reception queue``, ``via ring group 600``,
``via 555 1234 (DID)``) and who handed it over (``transferred by Maria
Garcia (305)``). Each is shown only when known, and updated on every change:
an attended transfer names its transferer only when it completes
(``answered``). A tag too long for the card is elided, with the whole text in
its tooltip. Every label is plain text: names, numbers and queue names come
from the PBX and the caller, and are never read as rich text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QDesktopServices,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from ..calls import Call, CallState, Direction
from ..contacts.crm import crm_argv
from ..service.view import CallView, NameSource
from ..settings.config import Settings
from .bridge import PbxBridge
from .callinfo import (
    BLUE,
    RED,
    build_crm_url,
    is_withheld_call,
    not_connected,
    number_line,
    number_region,
    real_name,
    shown_name,
    state_colour,
    status_text,
    transferer_text,
    via_text,
)
from .plaintext import plain, plain_tip
from .transfer import named

log = logging.getLogger("mypbxdesk.ui")

TEXT = "#202124"
SECONDARY = "#5f6368"
BORDER = "#dadce0"
VIA_TEXT, VIA_BACKGROUND = "#174ea6", "#e8f0fe"  # "via reception queue": blue tag
BY_TEXT, BY_BACKGROUND = "#7c4a03", "#fef7e0"  # "transferred by …": amber tag (7:1)

_STYLE = f"""
QLabel {{ color: {TEXT}; background: transparent; }}
QLabel#popDirection, QLabel#popSource {{ color: {SECONDARY}; }}
QLabel#popVia, QLabel#popTransferredBy {{ border-radius: 4px; padding: 0.1em 0.45em; }}
QLabel#popVia {{ color: {VIA_TEXT}; background: {VIA_BACKGROUND}; }}
QLabel#popTransferredBy {{ color: {BY_TEXT}; background: {BY_BACKGROUND}; }}
QPushButton {{
    color: {BLUE}; background: #ffffff; border: 1px solid {BORDER};
    border-radius: 4px; padding: 0.25em 0.8em;
}}
QPushButton:hover {{ background: #f1f6fe; border-color: #c6dafc; }}
QPushButton:pressed {{ background: #e2ecfc; }}
QPushButton:disabled {{ color: #9aa0a6; background: #f8f9fa; border-color: #e8eaed; }}
QPushButton#popTransfer {{ color: #ffffff; background: {BLUE}; border-color: {BLUE}; }}
QPushButton#popTransfer:hover {{ background: #1765cc; }}
QPushButton#popTransfer:disabled {{ color: #ffffff; background: #a8c7fa; border-color: #a8c7fa; }}
QToolButton#popClose {{
    color: {SECONDARY}; background: transparent; border: none; border-radius: 4px;
    padding: 0 0.3em;
}}
QToolButton#popClose:hover {{ background: #f1f3f4; color: {TEXT}; }}
"""


#: While a card is up on X11, it raises itself this often (ms).
ON_TOP_EVERY_MS = 1000


def card_flags(platform: str) -> Qt.WindowType:
    """The card's window flags: a frameless tool window that stays on top.

    On X11 it also bypasses the window manager (override-redirect, as notification
    daemons do): EWMH window managers stack a focused full-screen window above
    every "stay on top" window, so a receptionist watching a full-screen CRM or a
    presentation would not see who is calling. Windows puts a topmost window above
    full-screen windows by itself; on Wayland and macOS the compositor decides.
    """
    flags = (
        Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
    )
    if platform == "xcb":
        flags |= Qt.WindowType.X11BypassWindowManagerHint
    return flags


def open_url(url: str) -> bool:
    """Open ``url`` in the user's browser (tests replace this)."""
    return QDesktopServices.openUrl(QUrl(url))


class ScreenPop(QWidget):
    """One call's pop: who is calling, how it stands, and what to do about it.

    Signals:
        closed(str): the pop closed (× button, Esc, or its close timer); the call_id.
        transfer_requested(object): "Transfer…" was clicked; the current :class:`CallView`.
    """

    closed = Signal(str)
    transfer_requested = Signal(object)

    def __init__(self, bridge: PbxBridge, view: CallView) -> None:
        super().__init__(None, card_flags(QGuiApplication.platformName()))
        self._bridge = bridge
        self._view = view
        self._closed = False
        self._rounded = QGuiApplication.platformName() != "xcb"  # no compositor on bare X11
        self.setObjectName("screenPop")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        if self._rounded:
            self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setWindowTitle(self.tr("Call — mypbxdesk"))
        self.setStyleSheet(_STYLE)
        self._build()

        self._tick = self._timer(self._refresh_status)  # re-armed for each next second
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._close_timer = self._timer(self._auto_close)
        self._copy_timer = self._timer(self._reset_copy_text)  # "Copied" → "Copy number"
        # X11: a full-screen window raised after the card would cover it; while the
        # card is up it raises itself again (a no-op when it is on top already).
        self._on_top = QTimer(self)
        self._on_top.setInterval(ON_TOP_EVERY_MS)
        self._on_top.timeout.connect(self._stay_on_top)
        bridge.status_changed.connect(self._refresh_buttons)
        bridge.settings_changed.connect(self.apply_settings)
        self.apply_settings(bridge.settings)
        self.update_call(view)

    def _label(self, name: str, accessible: str, scale: float = 1.0, bold: bool = False) -> QLabel:
        label = plain(named(QLabel(), name, accessible))  # caller IDs, queue names: not HTML
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
        return label

    def _button(
        self, text: str, name: str, accessible: str, slot: Callable[[], None]
    ) -> QPushButton:
        # Bound methods only, never lambdas holding the pop (see CallPanel._forget_dialogs).
        button = named(QPushButton(text), name, accessible)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(slot)
        return button

    def _timer(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    def _build(self) -> None:
        em = self.fontMetrics().height()
        self._strip = max(4, em // 4)
        selectable = Qt.TextInteractionFlag.TextSelectableByMouse
        self.direction = self._label("popDirection", self.tr("Call direction"), 0.9)
        self.close_button = named(QToolButton(), "popClose", self.tr("Close"))
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        font = self.close_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.close_button.setFont(font)
        self.close_button.clicked.connect(self.close)
        self.name = self._label("popName", self.tr("Caller name"), 1.45, bold=True)
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(selectable)
        self.source = self._label("popSource", self.tr("Name source"), 0.9)
        self.source.setText(self.tr("name from call history"))
        self.source.setToolTip(self.tr("The PBX sent no name; this name is from your call history"))
        self.number = self._label("popNumber", self.tr("Caller number"), 1.15)
        self.number.setTextInteractionFlags(
            selectable | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.via = self._label("popVia", self.tr("How the call came in"))
        self.transferred_by = self._label("popTransferredBy", self.tr("Transferred by"))
        self.status = self._label("popStatus", self.tr("Call status"), bold=True)
        self.transfer_button = self._button(
            self.tr("Transfer…"), "popTransfer", self.tr("Transfer call"), self._request_transfer
        )
        self.copy_button = self._button(
            self.tr("Copy number"), "popCopy", self.tr("Copy number"), self.copy_number
        )
        self.crm_button = self._button(
            self.tr("Open CRM"), "popCrm", self.tr("Open the caller in the CRM"), self.open_crm
        )

        top = QHBoxLayout()
        top.addWidget(self.direction, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.source.setWordWrap(True)  # "from your contacts · caller ID “…”" can be long
        buttons = QHBoxLayout()
        buttons.setSpacing(em // 3)
        buttons.addWidget(self.transfer_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.crm_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(self._strip + em, em * 2 // 3, em * 2 // 3, em)
        layout.setSpacing(em // 4)
        layout.addLayout(top)
        layout.addWidget(self.name)
        layout.addWidget(self.source)
        layout.addWidget(self.number)
        tags = QVBoxLayout()
        tags.setContentsMargins(0, em // 6, 0, 0)
        tags.setSpacing(em // 4)
        for tag in (self.via, self.transferred_by):
            tags.addWidget(tag, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(tags)
        layout.addSpacing(em // 4)
        layout.addWidget(self.status)
        layout.addSpacing(em // 2)
        layout.addLayout(buttons)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0") * 46)
        margins = layout.contentsMargins()
        self._tag_width = self.width() - margins.left() - margins.right()
        for tag in (self.via, self.transferred_by):
            tag.setMaximumWidth(self._tag_width)

    # -- content ----------------------------------------------------------------------
    @property
    def call(self) -> Call:
        return self._view.call

    @property
    def view(self) -> CallView:
        return self._view

    @property
    def call_id(self) -> str:
        return self._view.call_id

    def display_name(self) -> str:
        """The caller's name for the CRM ("" when unknown, or only a stand-in such
        as ``Private`` or the number again: the CRM gets no made-up name)."""
        return real_name(self._view.name, self.call.number)

    def _set_tag(self, tag: QLabel, text: str) -> None:
        """Show ``text`` in a tag (elided to the card's width), or hide the tag."""
        tag.setVisible(bool(text))
        tag.ensurePolished()  # the style sheet's padding counts in the size hint
        metrics = QFontMetrics(tag.font())
        tag.setText(text)
        padding = tag.sizeHint().width() - metrics.horizontalAdvance(text)
        if padding + metrics.horizontalAdvance(text) > self._tag_width:
            tag.setText(
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, self._tag_width - padding)
            )
        tag.setToolTip(plain_tip(text) if tag.text() != text else "")

    def update_call(self, view: CallView) -> None:
        """Show ``view`` (same call_id) as it stands now."""
        self._view = view
        call = view.call
        incoming = call.direction is Direction.INCOMING
        if view.trunk:
            text = (
                self.tr("Incoming call · via {trunk}")
                if incoming
                else self.tr("Outgoing call · via {trunk}")
            )
        elif incoming and view.via is not None and view.via.kind in ("queue", "did"):
            # A queue caller whose trunk is not known yet (1.8): not an internal call.
            text = self.tr("Incoming call")
        else:
            text = (
                self.tr("Incoming internal call") if incoming else self.tr("Outgoing internal call")
            )
        self.direction.setText(text.format(trunk=view.trunk))
        via = "" if view.via is None else via_text(view.via, region=number_region(self._bridge))
        by = "" if view.transferred_by is None else transferer_text(view.transferred_by)
        self._set_tag(self.via, via)
        self._set_tag(self.transferred_by, by)
        name = shown_name(view)
        self.name.setText(name)
        source = view.name_source if real_name(view.name, call.number) else None
        self.source.setVisible(source in (NameSource.CONTACTS, NameSource.HISTORY))
        if source is NameSource.CONTACTS and view.pbx_name:
            self.source.setText(
                self.tr("from your contacts · caller ID “{name}”").format(name=view.pbx_name)
            )
            self.source.setToolTip(
                plain_tip(
                    self.tr("Your contact for this number; the PBX calls it “{name}”").format(
                        name=view.pbx_name
                    )
                )
            )
        elif source is NameSource.CONTACTS:
            self.source.setText(self.tr("name from your contacts"))
            self.source.setToolTip(self.tr("This name is from your imported contacts"))
        elif source is NameSource.HISTORY:
            self.source.setText(self.tr("name from call history"))
            self.source.setToolTip(
                self.tr("The PBX sent no name; this name is from your call history")
            )
        # One line for who it is: no number line repeating "Withheld number", or
        # the number an outgoing call without a name already shows as its name.
        number = number_line(view)
        number = "" if number == name else number
        self.number.setText(number)
        self.number.setToolTip(plain_tip(call.number) if number else "")
        self.number.setVisible(bool(number))
        if number:
            accessible = (
                self.tr("Incoming call: {name}, {number}")
                if incoming
                else self.tr("Outgoing call: {name}, {number}")
            ).format(name=name, number=number)
        else:
            accessible = (
                self.tr("Incoming call: {name}") if incoming else self.tr("Outgoing call: {name}")
            ).format(name=name)
        for fact in (via, by):
            if fact:
                accessible = self.tr("{text}; {fact}").format(text=accessible, fact=fact)
        self.setAccessibleName(accessible)
        self._refresh_status()
        self._refresh_buttons()
        self.update()

    def _refresh_status(self) -> None:
        call, now = self.call, time.time()
        colour = RED if call.outcome == "missed" else state_colour(call)
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(status_text(call, now))
        if call.state is CallState.ANSWERED:
            elapsed_ms = int((now - (call.answered_at or now)) * 1000)
            self._tick.start(1000 - elapsed_ms % 1000 + 5)
        else:
            self._tick.stop()

    def _refresh_buttons(self, *_: object) -> None:
        # Nothing to copy, call back or look up for a withheld caller ("anonymous").
        self.copy_button.setHidden(is_withheld_call(self._view))
        self.apply_settings(self._bridge.settings)
        why = ""
        if not self.call.is_live:
            why = self.tr("The call has ended")
        elif not self._bridge.connected:
            why = not_connected()
        elif not self.call.peer_channel:
            why = self.tr("The other party's channel is not known, so it cannot be transferred")
        self.transfer_button.setEnabled(not why)
        self.transfer_button.setToolTip(why or self.tr("Send this call to another extension"))
        self.transfer_button.setHidden(not self.call.is_live)

    def apply_settings(self, settings: Settings) -> None:
        self.crm_button.setVisible(
            settings.crm_mode != "never"
            and bool(settings.crm_url.strip() or settings.crm_command)
            and not is_withheld_call(self._view)
        )

    def crm_url(self) -> str | None:
        return build_crm_url(self._bridge.settings.crm_url, self.call.number, self.display_name())

    # -- actions ----------------------------------------------------------------------
    def copy_number(self) -> None:
        if not is_withheld_call(self._view):
            QGuiApplication.clipboard().setText(self.call.number)
            self.copy_button.setText(self.tr("Copied"))
            self._copy_timer.start(1500)

    def _reset_copy_text(self) -> None:
        self.copy_button.setText(self.tr("Copy number"))

    def _request_transfer(self) -> None:
        self.transfer_requested.emit(self._view)

    def open_crm(self) -> None:
        """The CRM link in the browser and/or the CRM command (argv, no shell);
        nothing for a withheld caller (there is no number to look up)."""
        if is_withheld_call(self._view):
            return
        url = self.crm_url()
        if url is not None and not open_url(url):
            log.warning("could not open the CRM address %s", url)
        command = self._bridge.settings.crm_command
        if command:
            from . import crmaction

            try:
                argv = crm_argv(command, self.call.number, self.display_name())
            except ValueError as exc:
                log.warning("CRM command not run: %s", exc)
                return
            if not crmaction.start_detached(argv):
                log.warning("could not start the CRM command %s", argv[0])

    def finish(self, view: CallView, delay: float) -> None:
        """The call ended: show how, then close after ``delay`` seconds."""
        self.update_call(view)
        self._close_timer.start(max(0, int(delay * 1000)))

    def _auto_close(self) -> None:
        if self.underMouse():  # being read or clicked: wait a little longer
            self._close_timer.start(1000)
            return
        self.close()

    # -- window -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.windowFlags() & Qt.WindowType.X11BypassWindowManagerHint:
            self._on_top.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._on_top.stop()
        super().hideEvent(event)

    def _stay_on_top(self) -> None:
        self.raise_()
        # Qt's xcb plugin buffers the restack request until something flushes the
        # connection; the repaint's flush sends it now (measured: otherwise a tick late).
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # No window manager gives an X11 card the keyboard: a click does, so that
        # Esc and Tab work on it as on any window (it never takes it by itself).
        if self.windowFlags() & Qt.WindowType.X11BypassWindowManagerHint:
            self.activateWindow()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        self._on_top.stop()
        self._close_timer.stop()
        super().closeEvent(event)
        if not self._closed:
            self._closed = True
            self.closed.emit(self.call.call_id)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = self.fontMetrics().height() * 0.55 if self._rounded else 0.0
        card = QPainterPath()
        card.addRoundedRect(rect, radius, radius)
        p.fillPath(card, QColor("#ffffff"))
        p.save()
        p.setClipPath(card)
        p.fillRect(
            QRectF(rect.left(), rect.top(), self._strip, rect.height()),
            QColor(state_colour(self.call)),
        )
        p.restore()
        p.setPen(QPen(QColor(BORDER), 1))
        p.drawPath(card)
        p.end()
