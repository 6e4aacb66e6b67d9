"""One running app per user session, and hand-over of requests to it.

Layer 4 (``mypbxdesk.ui``), QtCore/QtNetwork only (no widgets), so the
command line can forward a request without building a QApplication.

The first app listens on a per-user :class:`QLocalServer` (a Unix socket in
the temp directory, a named pipe on Windows; the name contains the user name
and uid, and ``UserAccessOption`` restricts it to the user). A later launch
(``mypbxdesk tel:+1555…``, ``mypbxdesk dial 123``, a second ``mypbxdesk``)
connects, writes one JSON line, waits for ``{"ok": true}`` and exits 0.

A stale socket left by a crashed app is detected (``listen`` fails but nobody
answers a connection) and replaced with ``QLocalServer.removeServer``.

On macOS the OS sends ``tel:`` links to the running app as a
``QFileOpenEvent`` instead; :class:`UrlOpenFilter` turns them into the same
request (desktop-integration.md §3.1-3.2).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import re
import sys
from typing import Any

from PySide6.QtCore import QDir, QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ..base.numbers import is_uri

log = logging.getLogger("mypbxdesk.ui.singleinstance")

INSTANCE_ENV = "MYPBXDESK_INSTANCE"
ACTIONS = ("dial", "show", "ping", "clipboard")
MAX_REQUEST = 4096
_VERSION = 1


def server_name() -> str:
    """The per-user server name (``MYPBXDESK_INSTANCE`` overrides, for tests)."""
    if env := os.environ.get(INSTANCE_ENV):
        return env
    try:
        user = getpass.getuser()
    except Exception:  # no user name (e.g. a container without passwd entry)
        user = "user"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", user)[:32]
    return f"mypbxdesk-{safe}-{uid}"


def make_request(action: str, number: str = "") -> dict[str, Any]:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return {"v": _VERSION, "action": action, "number": number}


def parse_request(line: bytes) -> dict[str, Any]:
    """Validate one request line. Raises ValueError with the reason."""
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a JSON request: {exc}") from None
    if not isinstance(data, dict) or data.get("v") != _VERSION:
        raise ValueError("not a mypbxdesk request")
    action, number = data.get("action"), data.get("number", "")
    if action not in ACTIONS or not isinstance(number, str) or len(number) > 512:
        raise ValueError("bad action or number")
    return {"v": _VERSION, "action": action, "number": number}


def send_request(request: dict[str, Any], name: str | None = None, timeout_ms: int = 1500) -> bool:
    """Hand ``request`` to the running app. False when no app answers.

    Blocking (``waitFor…``), so it needs no event loop and no QApplication.
    """
    sock = QLocalSocket()
    sock.connectToServer(name or server_name())
    if not sock.waitForConnected(timeout_ms):
        return False
    try:
        sock.write(json.dumps(request).encode("utf-8") + b"\n")
        if not sock.waitForBytesWritten(timeout_ms):
            return False
        reply = b""
        while b"\n" not in reply and len(reply) < MAX_REQUEST:
            if not sock.waitForReadyRead(timeout_ms):
                break
            reply += bytes(sock.readAll().data())
        try:
            return bool(json.loads(reply.split(b"\n", 1)[0] or b"{}").get("ok"))
        except (ValueError, AttributeError):
            return False
    finally:
        sock.abort()


class SingleInstance(QObject):
    """The listening side. ``listen()`` once; then requests arrive as a signal.

    Signals:
        request_received(dict): a validated request from another launch.
    """

    request_received = Signal(dict)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_new_connection)
        self.replaced_stale = False
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Become the running instance. False if another live app holds the name.

        Probe first: with ``UserAccessOption`` Qt binds in a private directory
        and renames the socket into place, which would silently replace a live
        app's socket instead of failing with ``AddressInUseError``.
        """
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        alive = probe.waitForConnected(500)
        probe.abort()
        if alive:
            return False
        path = self.socket_path()
        if path is not None and os.path.exists(path):
            log.info("replacing a stale single-instance socket %s", path)
            QLocalServer.removeServer(self.name)
            self.replaced_stale = True
        if self.server.listen(self.name):
            return True
        log.warning("cannot listen on %s: %s", self.name, self.server.errorString())
        return False

    def socket_path(self) -> str | None:
        """The Unix socket file (None on Windows, where it is a named pipe)."""
        if sys.platform == "win32":
            return None
        if os.path.isabs(self.name):
            return self.name
        return os.path.join(QDir.tempPath(), self.name)

    def close(self) -> None:
        self.server.close()

    def _on_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
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
            self._reply(sock, {"ok": False, "error": str(exc)})
            return
        self._reply(sock, {"ok": True})
        self.request_received.emit(request)

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
