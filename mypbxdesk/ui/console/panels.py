"""The console window's layout: every part in its place, nothing decided here.

Layer 4 (``mypbxdesk.ui``). Left: the search field above the colleagues'
tiles and the buttons that act on the selected colleague and the current
call. Right (scrolling when the screen is small): her live calls with the
attended-transfer banner, the parked calls with Retrieve, her queues. On top:
the voicemail indicator and the way to the dialer, the history and the
settings; under it the permissions line when the PBX refuses something.
At the bottom the status line with the last action's result. Every control
has an object name and an accessible name; every key is written on its button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..bridge import PbxBridge
from ..icons import app_icon
from ..plaintext import plain_label
from ..transfer import named
from ..tray import Openers
from .colleagues import ColleagueFilter, ColleagueModel
from .mycalls import MyCallsModel, TransferBanner, calls_table
from .parked import ParkedModel, parked_table
from .queues import QueuePanel
from .tiles import ColleagueGrid
from .voicemail import VoicemailButton


class _Side(QWidget):
    """The right-hand column. It claims no height-for-width: its wrapping labels
    would otherwise make the scroll area ask for every list's full preferred
    height and scroll instead of sharing the room."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return False


def heading(text: str, name: str) -> QLabel:
    label = named(plain_label(text), name)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.08)
    label.setFont(font)
    return label


def button(text: str, name: str, accessible: str) -> QPushButton:
    widget = named(QPushButton(text), name, accessible)
    widget.setAutoDefault(False)
    return widget


class ConsolePanels(QWidget):
    """The widgets of the console window, laid out (see the module docstring)."""

    def __init__(
        self, bridge: PbxBridge, openers: Openers | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.setObjectName("consoleWindow")
        self.setWindowTitle(self.tr("Console — mypbxdesk"))
        self.setWindowIcon(app_icon())
        self.setAccessibleName(self.tr("Receptionist console"))

        # -- top: search, voicemail, the other windows
        self.search = named(QLineEdit(), "consoleSearch", self.tr("Search colleagues"))
        self.search.setPlaceholderText(self.tr("Name, extension or number"))
        self.search.setToolTip(
            self.tr(
                "Type to find a colleague (arrows move between them), or a number to call or"
                " transfer to; Enter acts"
            )
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(64)
        big = QFont(self.search.font())
        big.setPointSizeF(big.pointSizeF() * 1.25)
        self.search.setFont(big)
        self.voicemail = VoicemailButton(bridge)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.voicemail)
        if openers is not None:
            for text, name, accessible, slot in (
                (self.tr("Dial…"), "consoleDial", self.tr("Open the dialer"), openers.dialer),
                (
                    self.tr("History"),
                    "consoleHistory",
                    self.tr("Open the call history"),
                    openers.history,
                ),
                (
                    self.tr("Settings…"),
                    "consoleSettings",
                    self.tr("Open the settings"),
                    openers.settings,
                ),
            ):
                widget = button(text, name, accessible)
                widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                widget.clicked.connect(lambda _c=False, s=slot: s())
                top.addWidget(widget)
        self.permissions = named(plain_label(), "permissionsLine", self.tr("Permissions"))
        self.permissions.setWordWrap(True)
        self.permissions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.permissions.setStyleSheet(
            "QLabel { background: #fef7e0; color: #3c4043; border: 1px solid #f9ab00;"
            " border-radius: 4px; padding: 0.3em 0.5em; }"
        )
        self.permissions.hide()

        # -- left: the colleagues and what to do with them
        self.model = ColleagueModel(bridge, self)
        self.filter = ColleagueFilter(self)
        self.filter.setSourceModel(self.model)
        self.grid = named(ColleagueGrid(), "colleagueGrid", self.tr("Colleagues"))
        self.grid.setModel(self.filter)
        self.grid.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.transfer_button = button(
            self.tr("Transfer (Enter)"), "transferButton", self.tr("Transfer or call")
        )
        self.attended_button = button(
            self.tr("Attended transfer (F2)"), "attendedButton", self.tr("Attended transfer")
        )
        self.park_button = button(self.tr("Park (F3)"), "parkButton", self.tr("Park the call"))
        self.pickup_button = button(
            self.tr("Pick up (F4)"), "pickupButton", self.tr("Pick up the colleague's ringing call")
        )
        acts = QHBoxLayout()
        for widget in (
            self.transfer_button,
            self.attended_button,
            self.park_button,
            self.pickup_button,
        ):
            acts.addWidget(widget)
        acts.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(heading(self.tr("Colleagues"), "colleaguesHeading"))
        left_layout.addWidget(self.grid, 1)
        left_layout.addLayout(acts)

        # -- right: her calls, parked calls, queues
        self.calls_model = MyCallsModel(bridge, self)
        self.calls_model.reset(bridge.views)
        bridge.call_changed.connect(self.calls_model.apply)
        self.calls_table = calls_table(self.calls_model)
        self.calls_table.setAccessibleName(self.tr("My calls"))
        self.calls_empty = named(plain_label(self.tr("No calls right now")), "consoleCallsEmpty")
        self.calls_empty.setStyleSheet("color: #5f6368;")
        self.banner = TransferBanner(bridge)
        self.parked_model = ParkedModel(bridge, self)
        self.parked_table = parked_table(self.parked_model)
        self.parked_table.setAccessibleName(self.tr("Parked calls"))
        self.parked_empty = named(plain_label(self.tr("No parked calls")), "parkedEmpty")
        self.parked_empty.setStyleSheet("color: #5f6368;")
        self.retrieve_button = button(
            self.tr("Retrieve (F5)"), "retrieveButton", self.tr("Take back a parked call")
        )
        self.queues = QueuePanel(bridge)

        side = _Side()
        side.setObjectName("consoleSide")
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(heading(self.tr("My calls"), "callsHeading"))
        col.addWidget(self.calls_table, 1)
        col.addWidget(self.calls_empty)
        col.addWidget(self.banner)
        col.addWidget(heading(self.tr("Parked calls"), "parkedHeading"))
        col.addWidget(self.parked_table, 1)
        col.addWidget(self.parked_empty)
        retrieve_row = QHBoxLayout()
        retrieve_row.addStretch(1)
        retrieve_row.addWidget(self.retrieve_button)
        col.addLayout(retrieve_row)
        col.addWidget(heading(self.tr("My queues"), "queuesHeading"))
        col.addWidget(self.queues, 2)
        scroll = named(QScrollArea(), "consoleSideScroll")
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        em = self.fontMetrics().height()
        side.setMinimumHeight(em * 24)
        scroll.setMinimumWidth(em * 24)

        self.splitter = named(QSplitter(Qt.Orientation.Horizontal), "consoleSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)
        self.splitter.setChildrenCollapsible(False)

        self.status = named(plain_label(), "consoleStatus", self.tr("Last action result"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setMinimumHeight(em + 4)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.permissions)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self._fit_screen(em)

    def _fit_screen(self, em: int) -> None:
        """A main window: most of the screen, never more than fits on it."""
        # Wide enough for two columns of tiles and a My calls table whose Name and
        # Via columns are read whole (at 64 em they were "Priya…" and "recep…").
        width, height = em * 72, em * 38
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(max(width, int(room.width() * 0.6)), int(room.width() * 0.95))
            height = min(max(height, int(room.height() * 0.75)), int(room.height() * 0.9))
        self.resize(width, height)
        self.splitter.setSizes([width * 11 // 20, width * 9 // 20])

    def update_sections(self) -> None:
        """Empty lists give way to a short sentence."""
        has_calls = self.calls_model.rowCount() > 0
        self.calls_table.setVisible(has_calls)
        self.calls_empty.setVisible(not has_calls)
        has_parked = self.parked_model.rowCount() > 0
        self.parked_table.setVisible(has_parked)
        self.parked_empty.setVisible(not has_parked)
