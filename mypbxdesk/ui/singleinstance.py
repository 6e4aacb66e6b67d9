"""One running app per user session, and hand-over of requests to it.

Layer 4 (``mypbxdesk.ui``), QtCore/QtNetwork only (no widgets), so the
command line can forward a request without building a QApplication.

The first app listens on a per-user :class:`QLocalServer`: on POSIX a Unix
socket in the user's private 0700 folder (``$XDG_RUNTIME_DIR/mypbxdesk`` or
``<temp>/mypbxdesk-<uid>``, never a predictable name in the shared temp
folder), on Windows a named pipe; ``UserAccessOption`` restricts it to the
user. A later launch (``mypbxdesk tel:+1555…``, ``mypbxdesk dial 123``, a
second ``mypbxdesk``) connects, checks that the app at the other end runs as
the same user, writes one JSON line, waits for ``{"ok": true}`` and exits 0.
The app in turn drops connections from another uid (``SO_PEERCRED``).

The requests, their answers and the blocking clients for the command line
are in ``handoff.py`` (re-exported here). Plain requests (dial, show …) are
answered ``{"ok": true}`` at once and emitted as ``request_received``; the
others (transfer, park, pickup, presence) as ``question_received`` with an
:class:`Answer`, the way back to the asker, which the app answers once the
action is done (or, for a stream, until the asker closes).

A stale socket left by a crashed app is detected (``listen`` fails but nobody
answers a connection) and replaced with ``QLocalServer.removeServer``; so is
a socket of another user found in the private folder. When the private folder
cannot be had (another user owns ``<temp>/mypbxdesk-<uid>``), the app runs
without hand-over rather than not at all, and says so in the log.

On macOS the OS sends ``tel:`` links to the running app as a
``QFileOpenEvent`` instead; :class:`UrlOpenFilter` turns them into the same
request (desktop-integration.md §3.1-3.2).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ..base.numbers import is_uri
from .handoff import (
    ACTIONS,
    ANSWER_TIMEOUT_MS,
    ANSWERED_ACTIONS,
    INSTANCE_ENV,
    MAX_REQUEST,
    PLAIN_ACTIONS,
    STREAMED_ACTIONS,
    ForeignApp,
    NoRunningApp,
    ask,
    foreign_owner,
    foreign_peer,
    make_request,
    parse_request,
    send_request,
    server_name,
    stream,
)

__all__ = [
    "ACTIONS",
    "ANSWERED_ACTIONS",
    "ANSWER_TIMEOUT_MS",
    "INSTANCE_ENV",
    "MAX_REQUEST",
    "PLAIN_ACTIONS",
    "STREAMED_ACTIONS",
    "Answer",
    "ForeignApp",
    "NoRunningApp",
    "SingleInstance",
    "UrlOpenFilter",
    "ask",
    "foreign_owner",
    "foreign_peer",
    "make_request",
    "parse_request",
    "send_request",
    "server_name",
    "stream",
]

log = logging.getLogger("mypbxdesk.ui.singleinstance")


class Answer(QObject):
    """The way back to a process that asked the app something (``ask``/``stream``).

    ``send`` writes one JSON line; ``finish`` writes the last one and closes.
    An answered action that takes longer than ``timeout_ms`` is answered
    ``{"ok": false, …}`` and closed (a later ``finish`` does nothing). A stream
    (``timeout_ms`` 0) lasts until the asker goes away: then ``closed`` fires.

    Signals:
        closed(): the asker closed the connection (or it was finished).
    """

    closed = Signal()

    def __init__(self, sock: QLocalSocket, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sock: QLocalSocket | None = sock
        sock.disconnected.connect(self._gone)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)
        if timeout_ms > 0:
            self._timer.start(timeout_ms)

    @property
    def open(self) -> bool:
        return self._sock is not None

    def send(self, item: dict[str, Any]) -> bool:
        """Write ``item`` as one JSON line; False once the asker is gone."""
        sock = self._sock
        if sock is None or sock.state() != QLocalSocket.LocalSocketState.ConnectedState:
            return False
        sock.write(json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n")
        sock.flush()
        return True

    def finish(self, item: dict[str, Any] | None = None) -> None:
        if item is not None:
            self.send(item)
        sock = self._sock
        if sock is not None:
            self._timer.stop()
            sock.disconnectFromServer()
            self._gone()

    def _timed_out(self) -> None:
        seconds = self._timer.interval() / 1000
        self.finish(
            {"ok": False, "message": f"the app did not finish within {seconds:g} s", "slot": ""}
        )

    def _gone(self) -> None:
        if self._sock is not None:
            self._sock = None
            self._timer.stop()
            self.closed.emit()
            self.deleteLater()


class SingleInstance(QObject):
    """The listening side. ``listen()`` once; then requests arrive as a signal.

    Signals:
        request_received(dict): a validated ``dial``/``show``/``ping``/``clipboard``
            request from another launch (already answered ``{"ok": true}``).
        question_received(dict, Answer): a validated ``transfer``/``park``/``pickup``
            or ``presence`` request; answer it through the :class:`Answer`.
    """

    request_received = Signal(dict)
    question_received = Signal(dict, object)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        try:
            self.name = server_name(name)
            #: Why this app cannot take hand-overs ("" when it can).
            self.unsafe = ""
        except OSError as exc:  # the private folder is another user's, or cannot be made
            self.name = ""
            self.unsafe = str(exc)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_new_connection)
        self.replaced_stale = False
        #: A socket of another user was found in our place and removed.
        self.replaced_foreign = False
        #: How long an answered action may take before the asker is told it failed.
        self.answer_timeout_ms = ANSWER_TIMEOUT_MS
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Become the running instance. False if this user's live app holds the name.

        Probe first: with ``UserAccessOption`` Qt binds in a private directory
        and renames the socket into place, which would silently replace a live
        app's socket instead of failing with ``AddressInUseError``. A socket
        that another user made or serves is removed, never deferred to. True
        without listening when the private folder cannot be had (see
        :attr:`unsafe`): the app then runs on its own.
        """
        if self.unsafe:
            log.warning("running without hand-over from later launches: %s", self.unsafe)
            return True
        path = self.socket_path()
        foreign = foreign_owner(path) if path is not None else None
        if foreign is None:
            probe = QLocalSocket()
            probe.connectToServer(self.name)
            alive = probe.waitForConnected(500)
            foreign = foreign_peer(probe) if alive else None
            probe.abort()
            if alive and foreign is None:
                return False
        if foreign is not None:
            log.warning(
                "removed a single-instance socket %s of another user (uid %d)", path, foreign
            )
            QLocalServer.removeServer(self.name)
            self.replaced_foreign = True
        elif path is not None and os.path.lexists(path):
            log.info("replacing a stale single-instance socket %s", path)
            QLocalServer.removeServer(self.name)
            self.replaced_stale = True
        if self.server.listen(self.name):
            return True
        log.warning("cannot listen on %s: %s", self.name, self.server.errorString())
        return False

    def socket_path(self) -> str | None:
        """The Unix socket file (None on Windows, where it is a named pipe)."""
        if sys.platform == "win32" or not self.name:
            return None
        return self.name

    def close(self) -> None:
        self.server.close()

    def _on_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            if (peer := foreign_peer(sock)) is not None:
                log.warning("refused a hand-over connection from uid %d", peer)
                sock.abort()
                sock.deleteLater()
                continue
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._on_ready_read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _on_ready_read(self, sock: QLocalSocket) -> None:
        buf = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if b"\n" not in buf:
            if len(buf) > MAX_REQUEST:
                self._reply(sock, {"ok": False, "error": "request too long"})
            else:
                self._buffers[sock] = buf
            return
        line = buf.split(b"\n", 1)[0]
        try:
            request = parse_request(line)
        except ValueError as exc:
            log.warning("ignored a hand-over request: %s", exc)
            self._reply(sock, {"ok": False, "error": str(exc), "message": str(exc), "slot": ""})
            return
        if request["action"] in PLAIN_ACTIONS:
            self._reply(sock, {"ok": True})
            self.request_received.emit(request)
            return
        # Answered later, on the same connection: stop reading it.
        self._buffers.pop(sock, None)
        sock.readyRead.disconnect()
        timeout = self.answer_timeout_ms if request["action"] in ANSWERED_ACTIONS else 0
        self.question_received.emit(request, Answer(sock, timeout, self))

    def _reply(self, sock: QLocalSocket, reply: dict[str, Any]) -> None:
        self._buffers.pop(sock, None)
        sock.write(json.dumps(reply).encode("utf-8") + b"\n")
        sock.flush()
        sock.disconnectFromServer()


class UrlOpenFilter(QObject):
    """macOS: ``tel:`` links reach the running app as ``QFileOpenEvent``.

    Install on the QApplication; a matching URL becomes a ``dial`` request.

    Signals:
        request_received(dict): as :attr:`SingleInstance.request_received`.
    """

    request_received = Signal(dict)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            url = event.url().toString()
            if is_uri(url):
                self.request_received.emit(make_request("dial", url))
                return True
        return super().eventFilter(watched, event)
