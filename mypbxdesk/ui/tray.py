"""The tray icon (or, where there is no tray, a small status window).

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

The icon and tooltip always say where the connection stands — connected as
extension 474, connecting, reconnecting in N s, wrong password, PBX
unreachable — so the app is never silently dead. Left click opens the
console (her main window; the dialer where the app has no console), and
"Console" is the menu's first entry.
Closing a window hides it; only Quit quits (with a clean AMI Logoff).

Some Linux desktops (stock GNOME) and the offscreen platform have no tray:
``QSystemTrayIcon.isSystemTrayAvailable()`` is False there, and the same
menu is offered by :class:`StatusWindow` instead of the app exiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from ..driver.client import ConnectionState, ConnectionStatus
from ..settings.config import Settings
from . import icons
from .bridge import PbxBridge
from .i18n import tr_text
from .plainbuttons import plain_buttons
from .plaintext import notification_text, notifications_read_markup, plain, plain_box, plain_tip

translate = QCoreApplication.translate


def _reconnect_left(status: ConnectionStatus, now: float | None, since: float | None) -> str:
    left = status.retry_in or 0.0
    if now is not None and since is not None:
        left = max(0.0, left - (now - since))
    return f"{left:.0f}"


def _outage_kind(status: ConnectionStatus) -> str:
    """What kind of failure the (English) detail describes: unreachable, not_ami, lost."""
    lower = status.detail.lower()
    if "refused" in lower or "cannot reach" in lower or "no ami greeting" in lower:
        return "unreachable"
    if "not an ami server" in lower:
        return "not_ami"
    return "lost"


def status_text(
    status: ConnectionStatus,
    settings: Settings,
    *,
    now: float | None = None,
    since: float | None = None,
) -> str:
    """The full status with the technical detail (address, what the PBX said):
    one click away from the short :func:`status_summary` (tray menu "Connection
    details…", the status window's Details).

    ``since`` is when ``status`` began (for the reconnect countdown).
    """
    ext = settings.extension or "?"
    where = f"{settings.host}:{settings.port}"
    state = status.state
    if state is ConnectionState.CONNECTED:
        return translate("Tray", "Connected as extension {ext} ({where})").format(
            ext=ext, where=where
        )
    if state is ConnectionState.CONNECTING:
        return translate("Tray", "Connecting to the PBX at {where}…").format(where=where)
    if state is ConnectionState.AUTH_FAILED:
        return translate("Tray", "Wrong AMI username or secret — open Settings to fix it")
    if state is ConnectionState.SETTINGS_ERROR:
        return translate("Tray", "Cannot connect: {reason} — open Settings to fix it").format(
            reason=tr_text(status.detail)
        )
    if state is ConnectionState.RECONNECT_WAIT:
        kind = _outage_kind(status)
        if kind == "unreachable":
            head = translate("Tray", "PBX unreachable")
        elif kind == "not_ami":
            head = translate("Tray", "Not an AMI service")
        else:
            head = translate("Tray", "Disconnected")
        return translate("Tray", "{head}: {reason} — reconnecting in {seconds} s").format(
            head=head,
            reason=tr_text(status.detail) or translate("Tray", "connection lost"),
            seconds=_reconnect_left(status, now, since),
        )
    if not settings.host:
        return translate("Tray", "Not set up yet — open Settings")
    return translate("Tray", "Not connected")


def status_summary(
    status: ConnectionStatus,
    settings: Settings,
    *,
    now: float | None = None,
    since: float | None = None,
) -> str:
    """A few plain words for the tooltip and the status window (no addresses,
    no protocol words); :func:`status_text` has the detail."""
    state = status.state
    if state is ConnectionState.CONNECTED:
        return translate("Tray", "Connected as extension {ext}").format(
            ext=settings.extension or "?"
        )
    if state is ConnectionState.CONNECTING:
        return translate("Tray", "Connecting to the phone system…")
    if state is ConnectionState.AUTH_FAILED:
        return translate("Tray", "Login refused — check the secret in Settings")
    if state is ConnectionState.SETTINGS_ERROR:
        return translate("Tray", "Cannot connect — check Settings")
    if state is ConnectionState.RECONNECT_WAIT:
        kind = _outage_kind(status)
        head = {
            "unreachable": translate("Tray", "Phone system not reachable"),
            "not_ami": translate("Tray", "Wrong address for the phone system"),
        }.get(kind) or translate("Tray", "Connection lost")
        return translate("Tray", "{head} — trying again in {seconds} s").format(
            head=head, seconds=_reconnect_left(status, now, since)
        )
    if not settings.host:
        return translate("Tray", "Not set up yet — open Settings")
    return translate("Tray", "Not connected")


@dataclass(frozen=True, slots=True)
class Openers:
    """What the menu entries do (the app's composition root provides them)."""

    dialer: Callable[[], None]
    calls: Callable[[], None]
    history: Callable[[], None]
    settings: Callable[[], None]
    amilog: Callable[[], None]
    dial_clipboard: Callable[[], object] | None = None
    #: The receptionist's console (her main window), when the app has one.
    console: Callable[[], None] | None = None


class _StatusTracker(QObject):
    """Keeps the status line current, including the reconnect countdown.

    Signals:
        changed(str, QIcon): new text and icon.
    """

    changed = Signal(str, QIcon)

    def __init__(self, bridge: PbxBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._since = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        bridge.status_changed.connect(self._on_status)
        bridge.settings_changed.connect(lambda _s: self.refresh())
        bridge.dnd_changed.connect(lambda _on: self.refresh())

    def _on_status(self, status: ConnectionStatus) -> None:
        self._since = time.monotonic()
        if status.state is ConnectionState.RECONNECT_WAIT:
            self._timer.start()
        else:
            self._timer.stop()
        self.refresh()

    def text(self) -> str:
        """The short status (tooltip, status window)."""
        text = status_summary(
            self._bridge.status, self._bridge.settings, now=time.monotonic(), since=self._since
        )
        if self._bridge.dnd:
            text += self.tr(" — do not disturb: pops are muted")
        return text

    def detail(self) -> str:
        """The full status with the technical detail (one click away)."""
        return status_text(
            self._bridge.status, self._bridge.settings, now=time.monotonic(), since=self._since
        )

    def icon(self) -> QIcon:
        return icons.status_icon(self._bridge.status.state)

    def refresh(self) -> None:
        self.changed.emit(self.text(), self.icon())


def build_menu(
    parent: QWidget | None,
    bridge: PbxBridge,
    openers: Openers,
    quit_: Callable[[], None],
    details: Callable[[], None] | None = None,
) -> QMenu:
    """The tray menu; the status window shows the same actions as buttons."""
    menu = QMenu(parent)
    menu.setObjectName("trayMenu")
    entries: list[tuple[str, Callable[[], object], str]] = []
    if openers.console is not None:
        entries.append((translate("Tray", "Console"), openers.console, "actConsole"))
    entries.append((translate("Tray", "Dial…"), openers.dialer, "actDial"))
    if openers.dial_clipboard is not None:
        entries.append(
            (translate("Tray", "Dial clipboard"), openers.dial_clipboard, "actDialClipboard")
        )
    entries += [
        (translate("Tray", "Calls"), openers.calls, "actCalls"),
        (translate("Tray", "History"), openers.history, "actHistory"),
    ]
    for text, slot, name in entries:
        act = menu.addAction(text)
        act.setObjectName(name)
        act.triggered.connect(_no_args(slot))
        if name == "actDialClipboard":
            act.setToolTip(translate("Tray", "Dial the number you selected (Linux/X11) or copied"))
    menu.addSeparator()
    dnd = QAction(translate("Tray", "Do not disturb (no pops)"), menu)
    dnd.setObjectName("actDnd")
    dnd.setCheckable(True)
    dnd.setChecked(bridge.dnd)
    dnd.toggled.connect(bridge.set_dnd)
    bridge.dnd_changed.connect(dnd.setChecked)
    menu.addAction(dnd)
    menu.addSeparator()
    for text, slot, name in (
        (translate("Tray", "Settings…"), openers.settings, "actSettings"),
        (translate("Tray", "AMI log"), openers.amilog, "actAmiLog"),
        (translate("Tray", "Reconnect now"), bridge.reconnect_now, "actReconnect"),
        *(
            [(translate("Tray", "Connection details…"), details, "actDetails")]
            if details is not None
            else []
        ),
    ):
        act = menu.addAction(text)
        act.setObjectName(name)
        act.triggered.connect(_no_args(slot))
    menu.addSeparator()
    quit_act = menu.addAction(translate("Tray", "Quit"))
    quit_act.setObjectName("actQuit")
    quit_act.triggered.connect(_no_args(quit_))
    return menu


def _no_args(slot: Callable[[], object]) -> Callable[..., None]:
    """Qt passes ``checked`` to triggered/clicked handlers; ours take no arguments."""

    def call(*_: object) -> None:
        slot()

    return call


class StatusWindow(QWidget):
    """The main window when the desktop has no tray: status and the tray's actions.

    The short status is on top with "Details" to show the technical words
    under it; the openers in a grid, then Do not disturb (a check box: it is a
    state) and Reconnect now; Quit stands apart at the bottom right. Closing it
    minimises it — the receptionist would otherwise lose her pops by accident;
    Quit quits.
    """

    def __init__(
        self,
        bridge: PbxBridge,
        openers: Openers,
        quit_: Callable[[], None],
        tracker: _StatusTracker,
    ) -> None:
        super().__init__()
        self.setObjectName("statusWindow")
        self.setWindowTitle("mypbxdesk")
        self.setWindowIcon(icons.app_icon())
        self._tracker = tracker
        self.icon_label = QLabel(self)
        self.text_label = plain(QLabel(self))
        self.text_label.setObjectName("statusText")
        self.text_label.setWordWrap(True)
        self.details_button = QPushButton(self.tr("Details"), self)
        self.details_button.setObjectName("btnDetails")
        self.details_button.setCheckable(True)
        self.details_button.setFlat(True)
        self.details_button.setToolTip(self.tr("Show the technical details of the connection"))
        self.detail_label = plain(QLabel(self))  # what the PBX said
        self.detail_label.setObjectName("statusDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.hide()
        self.details_button.toggled.connect(self._toggle_details)
        size = self.fontMetrics().height() * 3
        self.icon_label.setFixedSize(size, size)
        grid = QGridLayout()
        buttons: list[tuple[str, Callable[[], object], str]] = [
            (self.tr("Dial…"), openers.dialer, "btnDial"),
            (self.tr("Calls"), openers.calls, "btnCalls"),
            (self.tr("History"), openers.history, "btnHistory"),
            (self.tr("Settings…"), openers.settings, "btnSettings"),
            (self.tr("AMI log"), openers.amilog, "btnAmiLog"),
        ]
        if openers.dial_clipboard is not None:
            buttons.insert(
                1, (self.tr("Dial clipboard"), openers.dial_clipboard, "btnDialClipboard")
            )
        if openers.console is not None:
            buttons.insert(0, (self.tr("Console"), openers.console, "btnConsole"))
        for i, (text, slot, name) in enumerate(buttons):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(_no_args(slot))
            grid.addWidget(button, i // 3, i % 3)
        self.dnd = QCheckBox(self.tr("Do not disturb"), self)
        self.dnd.setObjectName("btnDnd")
        self.dnd.setToolTip(self.tr("No pop-ups while this is on"))
        self.dnd.setChecked(bridge.dnd)
        self.dnd.toggled.connect(bridge.set_dnd)
        bridge.dnd_changed.connect(self.dnd.setChecked)
        self.reconnect = QPushButton(self.tr("Reconnect now"), self)
        self.reconnect.setObjectName("btnReconnect")
        self.reconnect.clicked.connect(_no_args(bridge.reconnect_now))
        self.quit_button = QPushButton(self.tr("Quit"), self)
        self.quit_button.setObjectName("btnQuit")
        self.quit_button.setToolTip(self.tr("Quit mypbxdesk: no more pop-ups until it is started"))
        self.quit_button.clicked.connect(_no_args(quit_))
        top = QGridLayout()
        top.addWidget(self.icon_label, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text_label, 0, 1)
        top.addWidget(self.details_button, 0, 2, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.detail_label, 1, 1, 1, 2)
        top.setColumnStretch(1, 1)
        state = QHBoxLayout()
        state.addWidget(self.dnd)
        state.addStretch(1)
        state.addWidget(self.reconnect)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.quit_button)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(state)
        layout.addWidget(line)
        layout.addLayout(bottom)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        tracker.changed.connect(self.show_status)
        self.show_status(tracker.text(), tracker.icon())

    def _toggle_details(self, on: bool) -> None:
        self.detail_label.setText(self._tracker.detail())
        self.detail_label.setVisible(on)

    def show_status(self, text: str, icon: QIcon) -> None:
        self.text_label.setText(text)
        if self.detail_label.isVisibleTo(self):
            self.detail_label.setText(self._tracker.detail())
        self.icon_label.setPixmap(icon.pixmap(self.icon_label.size()))
        self.setWindowIcon(icon)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.showMinimized()


class TrayController(QObject):
    """The tray icon, its menu and tooltip — or the status window.

    Signals:
        quit_requested(): the user chose Quit.

    Attributes:
        tray: the tray icon, or None when the platform has no tray.
        window: the status window, or None when there is a tray.
    """

    quit_requested = Signal()

    def __init__(
        self,
        bridge: PbxBridge,
        openers: Openers,
        *,
        use_tray: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._openers = openers
        self._status = _StatusTracker(bridge, self)
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        self.window: StatusWindow | None = None
        if use_tray:
            self.tray = QSystemTrayIcon(self._status.icon(), self)
            self.tray.setObjectName("trayIcon")
            self.menu = build_menu(
                None, bridge, openers, self.quit_requested.emit, self.show_details
            )
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._on_activated)
            self._status.changed.connect(self._show_status)
            self._show_status(self._status.text(), self._status.icon())
            self.tray.show()
        else:
            self.window = StatusWindow(bridge, openers, self.quit_requested.emit, self._status)
            self.window.show()

    @property
    def tooltip(self) -> str:
        return self._status.text()

    @property
    def detail(self) -> str:
        return self._status.detail()

    def show_details(self) -> None:
        """The technical status (address, what the PBX said) in a small box."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Connection — mypbxdesk"),
            self._status.text(),
            QMessageBox.StandardButton.Close,
        )
        box.setObjectName("connectionDetails")
        box.setInformativeText(self._status.detail())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        plain_buttons(box)
        plain_box(box)  # what the PBX said
        self._details_box = box
        box.show()

    def _show_status(self, text: str, icon: QIcon) -> None:
        if self.tray is not None:
            self.tray.setIcon(icon)
            self.tray.setToolTip(plain_tip(self.tr("mypbxdesk — {status}").format(status=text)))

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            (self._openers.console or self._openers.dialer)()

    def show_hotkey(self, chord: str) -> None:
        """Show the active global dial hotkey next to "Dial clipboard" ("" for none),
        so the user finds it where they would look. Display only: the OS-level
        grab does the work, so the action's own shortcut is scoped to the menu."""
        sequence = QKeySequence.fromString(chord, QKeySequence.SequenceFormat.PortableText)
        if self.tray is not None:
            act = self.menu.findChild(QAction, "actDialClipboard")
            if act is not None:
                act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                act.setShortcut(sequence)
        if self.window is not None:
            button = self.window.findChild(QPushButton, "btnDialClipboard")
            if button is not None:
                native = sequence.toString(QKeySequence.SequenceFormat.NativeText)
                button.setToolTip(
                    self.tr("Or press {chord} anywhere").format(chord=native) if native else ""
                )

    def notify(self, title: str, text: str) -> None:
        """A native notification where the platform has one (may silently not show)."""
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            body = notification_text(text, notifications_read_markup())  # a caller's name
            self.tray.showMessage(title, body, icons.ringing_icon(), 8000)

    def hide(self) -> None:
        if self.tray is not None:
            self.tray.hide()
        if self.window is not None:
            self.window.hide()
