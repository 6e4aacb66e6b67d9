"""Text from outside is shown as text, never read as rich text (issue 12.5).

Layer 4 (``mypbxdesk.ui``): PySide6 only.

Anyone calling through the trunk sets the caller's name; the PBX, imported
contacts and the history file hold more such text. Qt reads a string as HTML
whenever :func:`Qt.mightBeRichText` says it looks like some (a tag before the
first line break, or ``&lt;``): a :class:`QLabel` left at its default
``AutoText`` format, every tooltip (``setToolTip`` and an item model's
``ToolTipRole`` alike, whatever the widget's own format) and a
:class:`QMessageBox`'s text. A name like ``<img src="http://…">`` would then
fetch nothing (Qt loads no remote image) but would still draw bold, links,
tables or a huge font into the window. So the windows:

* make every label that can show such text with :func:`plain_label` (or pass
  an existing one to :func:`plain`), which sets ``Qt.PlainText``;
* pass every tooltip that can hold such text through :func:`plain_tip`;
* ask questions that name a caller with :func:`plain_question` (any other
  message box that quotes such text goes through :func:`plain_box`);
* give the tray's notification text to :func:`notification_text`.

Sanitising control characters is :func:`mypbxdesk.base.text.display_text`'s
job, where the text enters the models; this module only keeps Qt from
interpreting what is left.
"""

from __future__ import annotations

import html
import sys
from functools import cache
from typing import TypeVar

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from .plainbuttons import plain_buttons

__all__ = [
    "notification_text",
    "notifications_read_markup",
    "plain",
    "plain_box",
    "plain_label",
    "plain_question",
    "plain_tip",
]

_L = TypeVar("_L", bound=QLabel)
_DBUS_TIMEOUT_MS = 500  # asked once, on the first notification


def plain(label: _L) -> _L:
    """``label`` set to show its text as it is (``Qt.PlainText``)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A new :class:`QLabel` that never reads its text as rich text."""
    return plain(QLabel(text, parent))


def plain_tip(text: str) -> str:
    """``text`` as a tooltip that shows it literally.

    Qt shows a tooltip as rich text exactly when :func:`Qt.mightBeRichText`
    says so; such a text is escaped (``Qt.convertFromPlainText``, its line
    breaks kept), any other is returned unchanged, so ordinary tooltips stay
    the same string and an empty one still shows no tooltip.
    """
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre)


def plain_box(box: QMessageBox) -> QMessageBox:
    """``box`` with its text and informative text shown as plain text (Qt's
    informative label reads rich text and opens links by default)."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):
        plain(label)
    return box


def plain_question(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/No question (No the default) whose text is shown as plain text;
    True for Yes. ``QMessageBox.question`` would read a caller's name as HTML."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, title, text, yes | no, parent)
    box.setObjectName("plainQuestion")
    plain_box(box)
    box.setDefaultButton(no)
    plain_buttons(box)
    return box.exec() == yes


def notification_text(text: str, markup: bool) -> str:
    """``text`` for a desktop notification's body.

    A freedesktop notification server that reads markup (``body-markup``: GNOME
    Shell, Plasma, dunst, mako…) takes ``<b>``, ``<a href>`` and ``<img>`` from
    the body, and Qt passes the body on as it is: there ``<``, ``>`` and ``&``
    are escaped. Qt's own balloon (no status-notifier host) and the Windows and
    macOS notifications show text as it is, so there it is left alone.
    """
    return html.escape(text, quote=False) if markup else text


@cache
def notifications_read_markup() -> bool:
    """Whether the tray's notifications go to a freedesktop server that reads
    markup: the platform is a Unix desktop (not macOS), Qt's tray is the D-Bus
    status-notifier one (a host is registered, as Qt itself checks) and the
    notification server lists ``body-markup``. Asked once, each question with
    a short timeout; False when any answer is missing (no session bus, as in
    the offscreen tests)."""
    if sys.platform in ("win32", "darwin"):
        return False
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusMessage
    except ImportError:  # a Qt built without D-Bus uses its own balloon
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False

    def ask(service: str, path: str, interface: str, method: str, *args: object) -> object:
        message = QDBusMessage.createMethodCall(service, path, interface, method)
        if args:
            message.setArguments(list(args))
        reply = bus.call(message, timeout=_DBUS_TIMEOUT_MS)
        answer = reply.arguments()
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not answer:
            return None
        value = answer[0]
        return value.variant() if hasattr(value, "variant") else value  # a property's QDBusVariant

    host = ask(
        "org.kde.StatusNotifierWatcher",
        "/StatusNotifierWatcher",
        "org.freedesktop.DBus.Properties",
        "Get",
        "org.kde.StatusNotifierWatcher",
        "IsStatusNotifierHostRegistered",
    )
    if not host:  # Qt's own balloon shows the text as it is
        return False
    capabilities = ask(
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications",
        "GetCapabilities",
    )
    return isinstance(capabilities, list) and "body-markup" in capabilities
