"""Icons drawn with QPainter: no image files to ship, crisp at any scale.

Layer 4 (``mypbxdesk.ui``). The status colours follow the usual traffic-light
convention and differ in shape too (a slash when disconnected, a ring when
connecting), so they read for colour-blind users as well.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from ..driver.client import ConnectionState

GREEN = QColor("#1e8e3e")
AMBER = QColor("#e8a200")
RED = QColor("#c5221f")
GREY = QColor("#757575")
BLUE = QColor("#1a73e8")

STATE_COLOURS = {
    ConnectionState.CONNECTED: GREEN,
    ConnectionState.CONNECTING: AMBER,
    ConnectionState.RECONNECT_WAIT: AMBER,
    ConnectionState.AUTH_FAILED: RED,
    ConnectionState.SETTINGS_ERROR: RED,
    ConnectionState.DISCONNECTED: GREY,
}


def handset(size: float) -> QPainterPath:
    """A telephone handset in a ``size`` x ``size`` box (the app's icons, the console's tiles)."""
    s = size
    path = QPainterPath()
    path.moveTo(0.18 * s, 0.30 * s)
    path.cubicTo(0.18 * s, 0.62 * s, 0.38 * s, 0.82 * s, 0.70 * s, 0.82 * s)
    path.lineTo(0.80 * s, 0.72 * s)
    path.lineTo(0.66 * s, 0.58 * s)
    path.lineTo(0.57 * s, 0.65 * s)
    path.cubicTo(0.47 * s, 0.60 * s, 0.40 * s, 0.53 * s, 0.35 * s, 0.43 * s)
    path.lineTo(0.42 * s, 0.34 * s)
    path.lineTo(0.28 * s, 0.20 * s)
    path.closeSubpath()
    return path


def _render(colour: QColor, size: int, *, slash: bool = False, ring: bool = False) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    p.setBrush(QColor("white"))
    p.drawPath(handset(size))
    if ring:
        pen = QPen(QColor("white"), max(1.0, size / 16))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(size * 0.55, size * 0.12, size * 0.33, size * 0.33), 0, 90 * 16)
    if slash:
        pen = QPen(QColor("white"), max(1.5, size / 10))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(QPointF(size * 0.2, size * 0.2), QPointF(size * 0.8, size * 0.8))
    p.end()
    return pix


def _icon(colour: QColor, *, slash: bool = False, ring: bool = False) -> QIcon:
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        icon.addPixmap(_render(colour, size, slash=slash, ring=ring))
    return icon


@cache
def status_icon(state: ConnectionState) -> QIcon:
    """The tray icon for a connection state."""
    colour = STATE_COLOURS[state]
    return _icon(
        colour,
        slash=state
        in (
            ConnectionState.AUTH_FAILED,
            ConnectionState.SETTINGS_ERROR,
            ConnectionState.DISCONNECTED,
        ),
        ring=state in (ConnectionState.CONNECTING, ConnectionState.RECONNECT_WAIT),
    )


@cache
def app_icon() -> QIcon:
    return _icon(BLUE)


@cache
def ringing_icon() -> QIcon:
    return _icon(BLUE, ring=True)


@cache
def dnd_icon() -> QIcon:
    return _icon(GREY)
