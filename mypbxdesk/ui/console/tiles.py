"""The colleagues' grid: one painted tile per colleague.

Layer 4 (``mypbxdesk.ui``). A tile shows, in three lines: the state's symbol,
the extension and the name; the state in words and the time in it; whom the
colleague talks to. Its edge and a light tint carry the state's colour. Sizes
come from the font, so tiles grow with the font and the screen scale and
never clip their text (long names are elided with "…", the tooltip and the
accessible text have them whole).

:class:`ColleagueGrid` is a ``QListView`` in icon mode (arrow keys move
between tiles). Typing while the grid has the focus goes to the search field
(``typed``), so she never has to reach for the mouse.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ...console import LineState
from .colleagues import ColleagueRow, Role
from .look import LOOKS, paint_symbol, short_duration, state_text, talking_text

Index = QModelIndex | QPersistentModelIndex


class TileMetrics:
    """A tile's geometry from a font: everything in multiples of the line height."""

    def __init__(self, font: QFont) -> None:
        bold = QFont(font)
        bold.setBold(True)
        self.font = font
        self.bold = bold
        fm, bm = QFontMetrics(font), QFontMetrics(bold)
        self.line = max(fm.height(), bm.height())
        self.pad = max(4, round(self.line * 0.45))
        self.badge = round(self.line * 1.5)
        self.gap = max(3, round(self.line * 0.35))
        digit = max(fm.horizontalAdvance("0"), 1)
        self.width = max(self.pad * 2 + self.badge + self.gap + digit * 24, self.line * 12)
        self.height = self.pad * 2 + self.line * 3 + max(2, round(self.line * 0.2))

    def size(self) -> QSize:
        return QSize(self.width, self.height)


class TileDelegate(QStyledItemDelegate):
    """Paints a :class:`~.colleagues.ColleagueRow` as a tile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = time.time
        self.width = 0  # the grid stretches the tiles to fill its columns (0: their own width)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        size = TileMetrics(option.font).size()
        if self.width > size.width():
            size.setWidth(self.width)
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(Role.ROW)
        if not isinstance(row, ColleagueRow):
            return
        m = TileMetrics(option.font)
        rect: QRect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        look = LOOKS[row.state]
        colour = QColor(look.colour)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(rect).adjusted(1.5, 1.5, -1.5, -1.5)
        radius = m.line * 0.35
        base = palette.color(palette.ColorRole.Base)
        tint = QColor(colour)
        tint.setAlphaF(0.10)
        painter.setPen(QPen(colour.darker(110), 1.2))
        painter.setBrush(base)
        painter.drawRoundedRect(box, radius, radius)
        painter.setBrush(tint)
        painter.drawRoundedRect(box, radius, radius)
        # the state's colour as a thick left edge
        edge = QRectF(box.left(), box.top(), max(4.0, m.line * 0.28), box.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(edge, radius / 2, radius / 2)
        if selected:
            highlight = palette.color(palette.ColorRole.Highlight)
            pen = QPen(highlight, max(2.5, m.line * 0.18))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), radius, radius)

        left = rect.left() + m.pad + round(m.line * 0.2)
        top = rect.top() + m.pad
        paint_symbol(painter, QRectF(left, top, m.badge, m.badge), row.state)
        x = left + m.badge + m.gap
        width = rect.right() - m.pad - x
        text = palette.color(palette.ColorRole.Text)
        dim = QColor("#5f6368") if text.lightness() < 128 else text.darker(130)

        # line 1: extension (bold) and name
        painter.setFont(m.bold)
        painter.setPen(text)
        bm = QFontMetrics(m.bold)
        ext_w = min(bm.horizontalAdvance(row.extension), width)
        painter.drawText(QRect(x, top, ext_w, m.line), Qt.AlignmentFlag.AlignVCenter, row.extension)
        if row.name:
            nx = x + ext_w + m.gap
            painter.setFont(m.font)
            fm = QFontMetrics(m.font)
            name = fm.elidedText(row.name, Qt.TextElideMode.ElideRight, max(0, x + width - nx))
            painter.drawText(
                QRect(nx, top, x + width - nx, m.line), Qt.AlignmentFlag.AlignVCenter, name
            )

        # line 2: the state in words (its own darker colour) and the time in it
        fm = QFontMetrics(m.font)
        painter.setFont(m.font)
        y2 = top + m.line
        seconds = row.seconds(self.clock())
        known = seconds is not None and row.state is not LineState.UNKNOWN
        when = short_duration(seconds) if known and seconds is not None else ""
        when_w = fm.horizontalAdvance(when) if when else 0
        painter.setPen(QColor(look.text) if text.lightness() < 128 else text)
        painter.setFont(m.bold)
        words = QFontMetrics(m.bold).elidedText(
            state_text(row.state), Qt.TextElideMode.ElideRight, max(0, width - when_w - m.gap)
        )
        painter.drawText(QRect(x, y2, width, m.line), Qt.AlignmentFlag.AlignVCenter, words)
        if when:
            painter.setFont(m.font)
            painter.setPen(dim)
            painter.drawText(
                QRect(x, y2, width, m.line),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                when,
            )

        # line 3: whom they talk to
        talking = talking_text(row.state, row.party)
        if talking:
            painter.setFont(m.font)
            painter.setPen(dim)
            painter.drawText(
                QRect(x, y2 + m.line, width, m.line),
                Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(talking, Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()


class ColleagueGrid(QListView):
    """The tiles, wrapping left to right; arrows move the selection.

    Signals:
        typed(str): printable text typed while the grid had the focus (for the search).

    Attributes:
        empty_text: drawn in the middle when there is no tile (no match, no colleagues).
    """

    typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.delegate = TileDelegate(self)
        self.setItemDelegate(self.delegate)
        self.apply_metrics()

    def apply_metrics(self) -> None:
        """Grid cells from the font and the width: as many columns as fit, the
        tiles stretched to fill them (up to half again their own width)."""
        m = TileMetrics(self.font())
        spacing = max(4, round(m.line * 0.35))
        bar = self.verticalScrollBar().sizeHint().width()
        # The width as if the scroll bar were shown, so showing it changes nothing.
        room = self.width() - 2 * self.frameWidth() - bar - spacing
        cell = m.width + spacing
        columns = max(1, room // cell)
        cell = min(max(cell, room // columns), (m.width * 3) // 2 + spacing)
        self.delegate.width = cell - spacing
        grid = QSize(cell, m.height + spacing)
        if grid != self.gridSize():
            self.setSpacing(0)
            self.setGridSize(grid)
        self.setMinimumWidth(m.width + spacing * 2 + bar + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.apply_metrics()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - the search field filters
        pass

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if (
            text
            and text.isprintable()
            and not text.isspace()
            and mods
            in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
        ):
            self.typed.emit(text)
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            p = QPainter(self.viewport())
            p.setPen(QColor("#5f6368"))
            rect = self.viewport().rect().adjusted(12, 12, -12, -12)
            p.drawText(
                rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
            )
            p.end()
