"""The voicemail indicator: new and old messages; a click (or F7) dials the voicemail.

Layer 4 (``mypbxdesk.ui``). The count comes from ``MailboxCount`` after every
login and from ``MessageWaiting`` events (``bridge.mailbox_changed``). New
messages show as a red badge with the number and in bold words, never by
colour alone. When the PBX refuses to tell the counts, the button still dials
the voicemail, and the console window's tooltip for it says why there is no count.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QPushButton, QWidget

from ...console import MailboxCount
from ..bridge import PbxBridge


@cache
def envelope_icon(badge: bool) -> QIcon:
    """An envelope; with a red dot when new messages wait."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(size)
        body = QRectF(s * 0.08, s * 0.24, s * 0.84, s * 0.56)
        p.setPen(QPen(QColor("#3c4043"), max(1.0, s / 14)))
        p.setBrush(QColor("#ffffff"))
        p.drawRoundedRect(body, s * 0.06, s * 0.06)
        p.drawLine(body.topLeft(), body.center())
        p.drawLine(body.topRight(), body.center())
        if badge:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#c5221f"))
            p.drawEllipse(QRectF(s * 0.58, s * 0.02, s * 0.4, s * 0.4))
        p.end()
        icon.addPixmap(pix)
    return icon


class VoicemailButton(QPushButton):
    """Shows her mailbox's count; clicking it dials the voicemail (the window acts).

    Object name: ``voicemailButton``.
    """

    def __init__(self, bridge: PbxBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.count: MailboxCount | None = None
        self.setObjectName("voicemailButton")
        self.setAutoDefault(False)
        bridge.mailbox_changed.connect(self._on_count)
        console = bridge.console
        self._on_count(console.my_mailbox() if console is not None else None)

    def _on_count(self, count: MailboxCount | None) -> None:
        console = self._bridge.console
        if count is not None and console is not None and count.mailbox != console.mailbox_name:
            return  # someone else's mailbox
        self.count = count
        self.refresh()

    @property
    def new(self) -> int:
        return 0 if self.count is None else self.count.new + self.count.urgent

    def words(self) -> str:
        """``2 new, 5 old`` (the button's words without the key)."""
        if self.count is None:
            return self.tr("Voicemail")
        if self.new:
            return self.tr("Voicemail: {new} new, {old} old").format(
                new=self.new, old=self.count.old
            )
        return self.tr("Voicemail: no new messages")

    def refresh(self) -> None:
        self.setText(self.tr("{words} (F7)").format(words=self.words()))
        self.setIcon(envelope_icon(self.new > 0))
        font = self.font()
        font.setBold(self.new > 0)
        self.setFont(font)
        self.setAccessibleName(self.words())
        self.setAccessibleDescription(self.tr("Press F7 to call your voicemail"))
