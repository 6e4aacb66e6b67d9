"""How a colleague's line looks and reads: colour, drawn symbol and words per state.

Layer 4 (``mypbxdesk.ui``). A state is never told by colour alone: each has
its own symbol (a tick, a handset, a handset with ring waves, pause bars, a
bar, a cross, a question mark) and its own words, so the tiles read for
colour-blind users and for screen readers alike. Pure functions (the tiles
paint the symbol with :func:`paint_symbol`); no widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from ...console import LineState
from ..callinfo import format_duration
from ..i18n import QT_TRANSLATE_NOOP
from ..icons import handset

CONTEXT = "ConsoleLook"


@dataclass(frozen=True, slots=True)
class Look:
    """A state's colours: ``colour`` for the disc and the tile's edge, ``ink`` for
    the symbol on the disc, ``text`` for the state's words on a light tile."""

    colour: str
    ink: str
    text: str
    words: str


LOOKS: dict[LineState, Look] = {
    LineState.IDLE: Look("#1e8e3e", "#ffffff", "#137333", QT_TRANSLATE_NOOP("ConsoleLook", "Idle")),
    LineState.RINGING: Look(
        "#f9ab00", "#202124", "#8a5300", QT_TRANSLATE_NOOP("ConsoleLook", "Ringing")
    ),
    LineState.IN_CALL: Look(
        "#c5221f", "#ffffff", "#a50e0e", QT_TRANSLATE_NOOP("ConsoleLook", "In a call")
    ),
    LineState.IN_CALL_RINGING: Look(
        "#e8710a", "#ffffff", "#a84b00", QT_TRANSLATE_NOOP("ConsoleLook", "In a call and ringing")
    ),
    LineState.ON_HOLD: Look(
        "#8430ce", "#ffffff", "#681da8", QT_TRANSLATE_NOOP("ConsoleLook", "On hold")
    ),
    LineState.BUSY: Look("#a50e0e", "#ffffff", "#a50e0e", QT_TRANSLATE_NOOP("ConsoleLook", "Busy")),
    LineState.UNAVAILABLE: Look(
        "#757575", "#ffffff", "#5f6368", QT_TRANSLATE_NOOP("ConsoleLook", "Unavailable")
    ),
    LineState.UNKNOWN: Look(
        "#bdc1c6", "#202124", "#5f6368", QT_TRANSLATE_NOOP("ConsoleLook", "Unknown")
    ),
}


def state_text(state: LineState) -> str:
    """``In a call`` in the UI language."""
    return QCoreApplication.translate(CONTEXT, LOOKS[state].words)


def party_text(number: str, name: str) -> str:
    """``470 Alice Martin``, or whichever of the two is known ("" for neither)."""
    if number and name and name != number:
        return f"{number} {name}"
    return number or name


def talking_text(state: LineState, party: str) -> str:
    """``with 470 Alice`` (``from …`` while it only rings); "" without a party."""
    if not party or state in (LineState.IDLE, LineState.UNAVAILABLE, LineState.UNKNOWN):
        return ""
    if state is LineState.RINGING:
        return QCoreApplication.translate("ConsoleLook", "from {party}").format(party=party)
    return QCoreApplication.translate("ConsoleLook", "with {party}").format(party=party)


def short_duration(seconds: float) -> str:
    """On a tile: ``03:12``, ``1:05:00``, past a day ``2 d``."""
    if seconds >= 86_400:
        return QCoreApplication.translate("ConsoleLook", "{days} d").format(
            days=int(seconds // 86_400)
        )
    return format_duration(seconds)


def spoken_duration(seconds: float) -> str:
    """For a screen reader: ``less than a minute``, ``3 minutes``, ``2 hours``."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return QCoreApplication.translate("ConsoleLook", "less than a minute")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return (
            QCoreApplication.translate("ConsoleLook", "1 minute")
            if minutes == 1
            else QCoreApplication.translate("ConsoleLook", "{n} minutes").format(n=minutes)
        )
    hours = int(seconds // 3600)
    return (
        QCoreApplication.translate("ConsoleLook", "1 hour")
        if hours == 1
        else QCoreApplication.translate("ConsoleLook", "{n} hours").format(n=hours)
    )


def describe(extension: str, name: str, state: LineState, party: str, seconds: float | None) -> str:
    """What a screen reader says for a tile: ``305 Bob, in a call with 470 Alice, 3 minutes``."""
    who = f"{extension} {name}" if name else extension
    words = state_text(state)
    words = words[:1].lower() + words[1:]  # mid-sentence (a no-op for Chinese)
    talking = talking_text(state, party)
    if talking:
        words = QCoreApplication.translate("ConsoleLook", "{state} {party}").format(
            state=words, party=talking
        )
    if seconds is None or state is LineState.UNKNOWN:
        return QCoreApplication.translate("ConsoleLook", "{who}, {state}").format(
            who=who, state=words
        )
    return QCoreApplication.translate("ConsoleLook", "{who}, {state}, {time}").format(
        who=who, state=words, time=spoken_duration(seconds)
    )


# -- the drawn symbols -----------------------------------------------------------------------
def _check(p: QPainter, s: float, ink: QColor) -> None:
    pen = QPen(ink, s * 0.12)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    path = QPainterPath(QPointF(s * 0.28, s * 0.52))
    path.lineTo(s * 0.44, s * 0.68)
    path.lineTo(s * 0.73, s * 0.36)
    p.drawPath(path)


def _phone(p: QPainter, s: float, ink: QColor, *, waves: bool) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    p.save()
    p.translate(s * 0.06, s * 0.06)
    p.scale(0.88, 0.88)
    p.drawPath(handset(s))
    p.restore()
    if waves:
        pen = QPen(ink, s * 0.07)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for r in (0.16, 0.27):
            p.drawArc(QRectF(s * (0.56 - r), s * (0.40 - r), 2 * r * s, 2 * r * s), 0, 90 * 16)


def _pause(p: QPainter, s: float, ink: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    p.drawRoundedRect(QRectF(s * 0.33, s * 0.28, s * 0.12, s * 0.44), s * 0.03, s * 0.03)
    p.drawRoundedRect(QRectF(s * 0.55, s * 0.28, s * 0.12, s * 0.44), s * 0.03, s * 0.03)


def _bar(p: QPainter, s: float, ink: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    p.drawRoundedRect(QRectF(s * 0.24, s * 0.43, s * 0.52, s * 0.14), s * 0.04, s * 0.04)


def _cross(p: QPainter, s: float, ink: QColor) -> None:
    pen = QPen(ink, s * 0.12)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67))
    p.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67))


def _question(p: QPainter, s: float, ink: QColor) -> None:
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(1, round(s * 0.62)))
    p.setFont(font)
    p.setPen(ink)
    p.drawText(QRectF(0, 0, s, s), Qt.AlignmentFlag.AlignCenter, "?")


def paint_symbol(p: QPainter, rect: QRectF, state: LineState) -> None:
    """The state's disc and symbol, filling ``rect`` (a square)."""
    look = LOOKS[state]
    s = rect.width()
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(rect.topLeft())
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(look.colour))
    p.drawEllipse(QRectF(0, 0, s, s))
    ink = QColor(look.ink)
    if state is LineState.IDLE:
        _check(p, s, ink)
    elif state in (LineState.RINGING, LineState.IN_CALL_RINGING):
        _phone(p, s, ink, waves=True)
    elif state is LineState.IN_CALL:
        _phone(p, s, ink, waves=False)
    elif state is LineState.ON_HOLD:
        _pause(p, s, ink)
    elif state is LineState.BUSY:
        _bar(p, s, ink)
    elif state is LineState.UNAVAILABLE:
        _cross(p, s, ink)
    else:
        _question(p, s, ink)
    p.restore()
