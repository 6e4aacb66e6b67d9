"""The AMI log window: what went over the wire, for the IT admin.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

Shows :attr:`PbxBridge.wire_log` (the last 5000 messages, Secret and Key
already redacted by the bridge) in a read-only text view, newest at the
bottom. On ``wire_log_grew`` only the new entries are appended; a filter
change re-renders the whole log in one pass into one string (a few
milliseconds for 5000 messages). "Pause" freezes the view while reading.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .bridge import WIRE_LOG_SIZE, PbxBridge, WireEntry
from .i18n import QT_TRANSLATE_NOOP

ARROWS = {"sent": "→", "received": "←"}
#: The header's direction word, in the user's language ("← received Dial").
DIRECTION_WORDS = {
    "sent": QT_TRANSLATE_NOOP("AmiLogWindow", "sent"),
    "received": QT_TRANSLATE_NOOP("AmiLogWindow", "received"),
}
DIRECTIONS = (
    (QT_TRANSLATE_NOOP("AmiLogWindow", "All messages"), ""),
    (QT_TRANSLATE_NOOP("AmiLogWindow", "Sent only"), "sent"),
    (QT_TRANSLATE_NOOP("AmiLogWindow", "Received only"), "received"),
)


def _body(entry: WireEntry) -> list[str]:
    return entry.text.splitlines() or [""]


def render(entry: WireEntry) -> str:
    """One entry as text: a header line with time and direction, then the message
    indented (``1 + len(_body(entry))`` lines, which :meth:`_drop_oldest` relies on)."""
    stamp = time.strftime("%H:%M:%S", time.localtime(entry.at))
    millis = min(999, int((entry.at % 1) * 1000))
    arrow = ARROWS.get(entry.direction, "·")
    word = DIRECTION_WORDS.get(entry.direction)
    said = QCoreApplication.translate("AmiLogWindow", word) if word else entry.direction
    body = "\n    ".join(_body(entry))
    return f"{stamp}.{millis:03d} {arrow} {said} {entry.name}\n    {body}"


class _HeaderHighlighter(QSyntaxHighlighter):
    """Bold, coloured header lines (time, arrow, name), so messages are easy to tell apart."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        for arrow, colour in ((ARROWS["sent"], "#1a73e8"), (ARROWS["received"], "#1e8e3e")):
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setForeground(QColor(colour))
            self._formats[arrow] = fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if text and not text.startswith(" "):
            fmt = self._formats.get(text[13:14])  # "HH:MM:SS.mmm →"
            if fmt is not None:
                self.setFormat(0, len(text), fmt)


class AmiLogWindow(QWidget):
    """The last few thousand AMI messages, filterable, copyable, secrets redacted.

    Signals: none (it only listens to ``bridge.wire_log_grew``).
    """

    def __init__(self, bridge: PbxBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("amiLog")
        self.setWindowTitle(self.tr("AMI log — mypbxdesk"))
        self._bridge = bridge
        self._shown: list[WireEntry] = []  # the entries in the view, in order
        self._last: WireEntry | None = None  # the newest entry looked at
        self._cleared: WireEntry | None = None  # "Clear view": hide up to this one
        self._pending = 0

        note = QLabel(
            self.tr(
                "The last {count} messages between mypbxdesk and the PBX. "
                "Secrets (Secret, Key) are redacted as ********, so this log "
                "is safe to copy into a support ticket."
            ).format(count=WIRE_LOG_SIZE)
        )
        note.setObjectName("amiRedactionNote")
        note.setWordWrap(True)

        self.filter = QLineEdit(placeholderText=self.tr("Filter, e.g. Dial or 474"))
        self.filter.setObjectName("amiFilter")
        self.filter.setClearButtonEnabled(True)
        self.direction = QComboBox()
        self.direction.setObjectName("amiDirection")
        for label, value in DIRECTIONS:
            self.direction.addItem(self.tr(label), value)
        self.pause = QCheckBox(self.tr("&Pause"))
        self.pause.setObjectName("amiPause")
        self.pause.setToolTip(self.tr("Stop following new messages while you read"))
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setObjectName("amiCopy")
        self.copy_button.setToolTip(self.tr("Copy the messages shown (filtered) to the clipboard"))
        self.clear_button = QPushButton(self.tr("C&lear view"))
        self.clear_button.setObjectName("amiClear")

        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.direction)
        bar.addWidget(self.pause)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.clear_button)

        self.view = QPlainTextEdit()
        self.view.setObjectName("amiView")
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setUndoRedoEnabled(False)
        self._highlighter = _HeaderHighlighter(self.view.document())
        self.count = QLabel()
        self.count.setObjectName("amiCount")

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 36)

        self._refilter = QTimer(self, singleShot=True, interval=150)
        self._refilter.timeout.connect(self.rebuild)
        self.filter.textChanged.connect(lambda _t: self._refilter.start())
        self.direction.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.pause.toggled.connect(self._on_pause)
        self.copy_button.clicked.connect(self.copy)
        self.clear_button.clicked.connect(self.clear_view)
        bridge.wire_log_grew.connect(self.update_log)
        self.rebuild()

    # -- filtering -----------------------------------------------------------------------
    def _matches(self, entries: Iterable[WireEntry]) -> list[WireEntry]:
        needle = self.filter.text().strip().casefold()
        direction = self.direction.currentData()
        return [
            e
            for e in entries
            if (not direction or e.direction == direction)
            and (not needle or needle in e.name.casefold() or needle in e.text.casefold())
        ]

    def _since_clear(self) -> list[WireEntry]:
        entries = list(self._bridge.wire_log)
        if self._cleared is not None:
            for i in range(len(entries) - 1, -1, -1):
                if entries[i] is self._cleared:
                    return entries[i + 1 :]
        return entries  # the cleared one has left the deque: all are newer

    def _new_entries(self) -> list[WireEntry]:
        """Entries added since the last look, found by walking back from the newest."""
        new: list[WireEntry] = []
        for entry in reversed(self._bridge.wire_log):
            if entry is self._last:
                break
            new.append(entry)
        new.reverse()
        return new

    # -- updating ------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Re-render everything that passes the filters (one pass, one string)."""
        self._refilter.stop()
        self._pending = 0
        wire = self._bridge.wire_log
        self._last = wire[-1] if wire else None
        self._shown = self._matches(self._since_clear())
        self.view.setPlainText("\n".join(render(e) for e in self._shown))
        self._scroll_to_end()
        self._update_count()

    def update_log(self) -> None:
        """Append the entries that arrived since the last update (cheap)."""
        if self.pause.isChecked():
            self._pending = len(self._new_entries())
            self._update_count()
            return
        new = self._new_entries()
        if not new:
            return
        if len(new) >= len(self._bridge.wire_log):
            self.rebuild()  # more new messages than the log holds: start over
            return
        self._last = new[-1]
        matching = self._matches(new)
        if matching:
            bar = self.view.verticalScrollBar()
            following = bar.value() >= bar.maximum() - 2
            self._shown.extend(matching)
            self.view.appendPlainText("\n".join(render(e) for e in matching))
            if len(self._shown) > WIRE_LOG_SIZE:
                self._drop_oldest(len(self._shown) - WIRE_LOG_SIZE)
            if following:
                self._scroll_to_end()
        self._update_count()

    def _drop_oldest(self, count: int) -> None:
        """Remove the ``count`` oldest entries from the view (their lines at the top)."""
        dropped, self._shown = self._shown[:count], self._shown[count:]
        lines = sum(1 + len(_body(e)) for e in dropped)
        doc = self.view.document()
        keep = doc.findBlockByNumber(lines)
        cursor = QTextCursor(doc)
        if keep.isValid():
            cursor.setPosition(keep.position(), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    def _scroll_to_end(self) -> None:
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _update_count(self) -> None:
        total = len(self._bridge.wire_log)
        text = self.tr("Showing {shown} of {total} messages").format(
            shown=len(self._shown), total=total
        )
        if self.pause.isChecked():
            text += (
                self.tr(" — paused, {count} new").format(count=self._pending)
                if self._pending
                else self.tr(" — paused")
            )
        self.count.setText(text)

    def _on_pause(self, paused: bool) -> None:
        if paused:
            self._pending = 0
            self._update_count()
        else:
            self.update_log()

    # -- actions -------------------------------------------------------------------------
    def visible_text(self) -> str:
        """The shown (filtered) entries as text, exactly as "Copy" puts them."""
        return "\n".join(render(e) for e in self._shown)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.visible_text())

    def clear_view(self) -> None:
        wire = self._bridge.wire_log
        self._cleared = wire[-1] if wire else None
        self.rebuild()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()
        event.ignore()
