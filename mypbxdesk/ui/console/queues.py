"""Her queues: the callers waiting (position, wait) and the members (state, paused).

Layer 4 (``mypbxdesk.ui``). :class:`QueuePanel` shows the queues her phone is a
member of as a tree — per queue its waiting callers, then its members — with
the controls for herself underneath: Pause/Resume (F6) with an optional
reason, and Join/Leave for a queue picked from every queue the PBX reported.
The panel only shows and offers; the console window acts (through the bridge)
and decides which control is enabled and why not.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...console import LineState, QueueCaller, QueueMember, QueueState
from ..bridge import PbxBridge
from ..callinfo import format_duration
from ..plaintext import plain_label
from ..transfer import named
from .look import LOOKS, party_text, state_text

WHO, STATE, WAIT = range(3)


def member_extension(interface: str) -> str:
    """``SIP/305`` → ``305`` (the part after the technology), else the interface."""
    tail = interface.rsplit("/", 1)[-1]
    return tail.split("@", 1)[0] or interface


class _CompactTree(QTreeWidget):
    """A tree that asks for a few rows only (it grows into whatever room there is)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        line = self.fontMetrics().height()
        return QSize(super().sizeHint().width(), line * 8)


class QueuePanel(QWidget):
    """Her queues and her own queue controls.

    Object names: ``queueTree``, ``pauseButton``, ``pauseReason``, ``queueChoice``,
    ``joinButton``, ``leaveButton``, ``queueEmpty``.
    """

    def __init__(self, bridge: PbxBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.clock = time.time
        self._waits: list[tuple[QTreeWidgetItem, QueueCaller]] = []
        self.setObjectName("queuePanel")
        self.tree = named(_CompactTree(), "queueTree", self.tr("My queues"))
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(
            [self.tr("Queue, caller or member"), self.tr("State"), self.tr("Waiting")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WHO, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WAIT, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = named(plain_label(self.tr("You are not in a queue.")), "queueEmpty")
        self.empty.setStyleSheet("color: #5f6368;")
        self.empty.setWordWrap(True)

        self.pause_button = named(QPushButton(self.tr("Pause (F6)")), "pauseButton")
        self.pause_button.setAutoDefault(False)
        self.reason = named(QLineEdit(), "pauseReason", self.tr("Reason for the pause"))
        self.reason.setPlaceholderText(self.tr("Reason (optional)"))
        self.reason.setMaxLength(60)
        self.queue_choice = named(QComboBox(), "queueChoice", self.tr("Queue to join or leave"))
        self.queue_choice.setMinimumContentsLength(8)
        self.join_button = named(QPushButton(self.tr("Join")), "joinButton")
        self.join_button.setAutoDefault(False)
        self.leave_button = named(QPushButton(self.tr("Leave")), "leaveButton")
        self.leave_button.setAutoDefault(False)

        pause_row = QHBoxLayout()
        pause_row.addWidget(self.pause_button)
        pause_row.addWidget(self.reason, 1)
        join_row = QHBoxLayout()
        join_row.addWidget(self.queue_choice, 1)
        join_row.addWidget(self.join_button)
        join_row.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(pause_row)
        layout.addLayout(join_row)
        bridge.queue_changed.connect(self._on_queue)
        self.reload()

    def _on_queue(self, *_: object) -> None:
        self.reload()

    # -- what she is -------------------------------------------------------------------
    def _mine(self, member: QueueMember) -> bool:
        console = self._bridge.console
        return console is not None and member.interface.lower() == console.my_interface.lower()

    def my_queues(self) -> list[QueueState]:
        console = self._bridge.console
        return console.my_queues() if console is not None else []

    def all_queues(self) -> list[str]:
        console = self._bridge.console
        return [q.name for q in console.queues.queues] if console is not None else []

    def paused(self) -> bool:
        """True when she is paused in every queue she is in (F6 then resumes)."""
        mine = [m for q in self.my_queues() for m in q.members if self._mine(m)]
        return bool(mine) and all(m.paused for m in mine)

    def chosen_queue(self) -> str:
        return self.queue_choice.currentText()

    def is_member(self, queue: str) -> bool:
        return any(q.name == queue for q in self.my_queues())

    # -- showing -----------------------------------------------------------------------
    def reload(self) -> None:
        queues = self.my_queues()
        self.tree.clear()
        self._waits = []
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for queue in queues:
            top = QTreeWidgetItem(self.tree)
            waiting = len(queue.callers)
            top.setText(
                WHO,
                self.tr("{queue}: {count} waiting").format(queue=queue.name, count=waiting)
                if waiting
                else self.tr("{queue}: nobody waiting").format(queue=queue.name),
            )
            top.setFont(WHO, bold)
            top.setFirstColumnSpanned(True)
            for caller in queue.callers:
                self._add_caller(top, caller)
            for member in queue.members:
                self._add_member(top, member)
        self.tree.expandAll()
        self.tree.setVisible(bool(queues))
        self.empty.setVisible(not queues)
        current = self.queue_choice.currentText()
        names = self.all_queues()
        if names != [self.queue_choice.itemText(i) for i in range(self.queue_choice.count())]:
            self.queue_choice.clear()
            self.queue_choice.addItems(names)
            if current in names:
                self.queue_choice.setCurrentText(current)
        self.pause_button.setText(
            self.tr("Resume (F6)") if self.paused() else self.tr("Pause (F6)")
        )
        self.tick()

    def _add_caller(self, top: QTreeWidgetItem, caller: QueueCaller) -> None:
        item = QTreeWidgetItem(top)
        name = (
            self._bridge.colleague_name(caller.number, caller.name)
            if caller.number
            else caller.name
        )
        who = party_text(caller.number, name) or self.tr("Unknown caller")
        item.setText(
            WHO, self.tr("{position}. {caller}").format(position=caller.position, caller=who)
        )
        if caller.ringing:
            rung = ", ".join(member_extension(i) for i in caller.ringing)
            item.setText(STATE, self.tr("ringing {members}").format(members=rung))
        else:
            item.setText(STATE, self.tr("waiting"))
        item.setForeground(STATE, QBrush(QColor(LOOKS[LineState.RINGING].text)))
        self._waits.append((item, caller))

    def _add_member(self, top: QTreeWidgetItem, member: QueueMember) -> None:
        item = QTreeWidgetItem(top)
        ext = member_extension(member.interface)
        if self._mine(member):
            who = self.tr("{extension} (you)").format(extension=ext)
        else:
            who = party_text(ext, self._bridge.colleague_name(ext))
        item.setText(WHO, "    " + who)
        state = state_text(member.state)
        if member.paused:
            state = (
                self.tr("{state}, paused: {reason}").format(
                    state=state, reason=member.paused_reason
                )
                if member.paused_reason
                else self.tr("{state}, paused").format(state=state)
            )
        item.setText(STATE, state)
        item.setForeground(STATE, QBrush(QColor(LOOKS[member.state].text)))
        item.setData(WHO, Qt.ItemDataRole.AccessibleTextRole, f"{who}: {state}")

    def tick(self) -> None:
        now = self.clock()
        for item, caller in self._waits:
            item.setText(WAIT, format_duration(caller.wait(now)))
