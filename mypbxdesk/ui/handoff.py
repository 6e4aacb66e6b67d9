"""The hand-over protocol: the requests another launch sends the running app,
their checks, and the blocking clients the command line uses.

Layer 4 (``mypbxdesk.ui``), QtCore/QtNetwork only (no widgets, no event loop,
no QApplication): :func:`send_request`, :func:`ask` and :func:`stream` block
on a :class:`QLocalSocket` (``waitFor…``). The listening side is
``singleinstance.py``.

Requests (one JSON line each, ``"v": 1``; every field checked, unknown fields
refused, numbers only as :func:`~mypbxdesk.base.numbers.clean_number` accepts
them):

=============  =====================================================  ===========================
``action``     fields                                                 answer
=============  =====================================================  ===========================
``dial``       ``number`` (as typed or a URI, ≤ 512 characters)       ``{"ok": true}`` at once
``show``,      ``number`` ("")                                        ``{"ok": true}`` at once
``ping``,
``clipboard``
``transfer``   ``target`` (a number), ``attended`` (bool, false),     one line
               ``call`` (a call id, "" = the current call)            ``{"ok", "message", "slot"}``
``park``       ``call`` ("" = the current call)                       once the action is done
``pickup``     ``extension`` (1–10 digits)                            (at most 90 s)
``presence``   —                                                      JSON lines ``{"extension",
                                                                      "name", "state", "time"}``:
                                                                      every colleague, then each
                                                                      change, until the asker
                                                                      closes
=============  =====================================================  ===========================

A request the app cannot read gets ``{"ok": false, "error": …, "message": …,
"slot": ""}``. :func:`ask` and :func:`stream` are the blocking clients (no
event loop, no QApplication) for the command line.

Only the same user's app: on POSIX the socket is in the user's private 0700
folder (:mod:`mypbxdesk.desktop.runtimedir`), and both ends ask the kernel who is
at the other end (:func:`foreign_peer`, ``SO_PEERCRED``): a socket of another
uid is never handed anything (the launch acts itself, as with no app running),
and the app drops a connection from another uid. Windows: a named pipe that
``UserAccessOption`` restricts to the user.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Generator, Iterator
from typing import Any

from PySide6.QtNetwork import QLocalSocket

from ..base.numbers import InvalidNumber, clean_number, validate_extension
from ..desktop.peercred import my_uid, peer_uid
from ..desktop.runtimedir import UnsafeDirectory, private_runtime_dir

INSTANCE_ENV = "MYPBXDESK_INSTANCE"
#: Answered ``{"ok": true}`` at once (the request is then handled).
PLAIN_ACTIONS = ("dial", "show", "ping", "clipboard")
#: Answered with one line once the action is done.
ANSWERED_ACTIONS = ("transfer", "park", "pickup")
#: Answered with JSON lines until the asker closes the connection.
STREAMED_ACTIONS = ("presence",)
ACTIONS = PLAIN_ACTIONS + ANSWERED_ACTIONS + STREAMED_ACTIONS
MAX_REQUEST = 4096
#: How long an answered action may take (a pickup waits until she lifts her phone).
ANSWER_TIMEOUT_MS = 90_000
#: The fields each action may have besides ``v`` and ``action``.
FIELDS: dict[str, frozenset[str]] = {
    **{action: frozenset({"number"}) for action in PLAIN_ACTIONS},
    "transfer": frozenset({"target", "attended", "call"}),
    "park": frozenset({"call"}),
    "pickup": frozenset({"extension"}),
    "presence": frozenset(),
}
_CALL_ID = re.compile(r"[A-Za-z0-9._-]{0,64}")
_VERSION = 1
#: The socket's name in the private folder (POSIX).
_SOCKET = "instance"

log = logging.getLogger("mypbxdesk.ui.handoff")


class NoRunningApp(OSError):  # noqa: N818 - reads better at call sites
    """No mypbxdesk app answers on this user's hand-over socket."""


class ForeignApp(NoRunningApp):
    """The hand-over socket is not this user's (another user made it, or the
    private folder is not private): nothing is handed to it."""


def server_name(name: str | None = None) -> str:
    """Where this user's running app listens.

    POSIX: a socket path in the user's private folder
    (:func:`~mypbxdesk.desktop.runtimedir.private_runtime_dir`). ``name`` (or
    ``MYPBXDESK_INSTANCE``, for tests) replaces the socket's name in that folder;
    an absolute path is used as it is. Windows: a named pipe with the user's
    name (``UserAccessOption`` restricts it to the user).

    Raises:
        UnsafeDirectory: the private folder belongs to someone else (POSIX).
    """
    name = name or os.environ.get(INSTANCE_ENV) or ""
    if sys.platform == "win32":
        return name or _pipe_name()
    if os.path.isabs(name):
        return name
    return str(private_runtime_dir() / (name or _SOCKET))


def _pipe_name() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name (e.g. a container without passwd entry)
        user = "user"
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", user)[:32]
    return f"mypbxdesk-{safe}"


def foreign_owner(path: str) -> int | None:
    """The uid owning the socket file ``path`` when it is not this user (or
    ``path`` is a symlink: -1); None when it is ours or missing (or on Windows)."""
    uid = my_uid()
    if uid is None:
        return None
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return -1
    return st.st_uid if st.st_uid != uid else None


def foreign_peer(sock: QLocalSocket) -> int | None:
    """The uid at the other end of the connected ``sock`` when it is another
    user (-1: the kernel could not say, e.g. the peer is gone); None when it is
    this user, or where the OS does not tell (Windows)."""
    uid = my_uid()
    if uid is None:
        return None
    try:
        peer = peer_uid(int(sock.socketDescriptor()))
    except (OSError, ValueError):
        return -1
    return peer if peer is not None and peer != uid else None


def _connect(name: str | None, timeout_ms: int) -> QLocalSocket:
    """A connection to this user's running app, checked on the way.

    Raises:
        ForeignApp: the socket (or its folder) belongs to another user: refused
            before anything was written, and logged.
        NoRunningApp: no app answers.
    """
    try:
        path = server_name(name)
    except UnsafeDirectory as exc:
        log.warning("not handing over to the running app: %s", exc)
        raise ForeignApp(str(exc)) from None
    except OSError as exc:
        raise NoRunningApp(f"no hand-over folder: {exc}") from None
    if (owner := foreign_owner(path)) is not None:
        log.warning("not handing over to %s: it belongs to uid %d, not to this user", path, owner)
        raise ForeignApp(f"{path} belongs to another user")
    sock = QLocalSocket()
    sock.connectToServer(path)
    if not sock.waitForConnected(timeout_ms):
        sock.abort()
        raise NoRunningApp("no mypbxdesk app is running")
    if (peer := foreign_peer(sock)) is not None:
        sock.abort()
        log.warning("not handing over to %s: the process there runs as uid %d", path, peer)
        raise ForeignApp(f"{path} is served by another user")
    return sock


def make_request(action: str, number: str = "", **fields: object) -> dict[str, Any]:
    """A request for the running app, checked as the app checks it.

    ``make_request("dial", "tel:123")``, ``make_request("transfer", target="305",
    attended=True, call="")``, ``make_request("park")``,
    ``make_request("pickup", extension="305")``, ``make_request("presence")``.

    Raises:
        ValueError: an unknown action, a field it does not take, or a bad value.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    request: dict[str, Any] = {"v": _VERSION, "action": action}
    if action in PLAIN_ACTIONS:
        request["number"] = number
    elif number:
        raise ValueError(f"{action} takes no number")
    request.update(fields)
    return _checked(request)


def _checked(data: object) -> dict[str, Any]:
    """``data`` as a valid request (values normalised); raises ValueError with the reason."""
    if not isinstance(data, dict) or data.get("v") != _VERSION:
        raise ValueError("not a mypbxdesk request")
    action = data.get("action")
    if not isinstance(action, str) or action not in ACTIONS:
        raise ValueError("bad action or number")
    extra = set(data) - {"v", "action"} - FIELDS[action]
    if extra:
        raise ValueError(f"{action} does not take {', '.join(sorted(map(str, extra)))}")
    out: dict[str, Any] = {"v": _VERSION, "action": action}
    if action in PLAIN_ACTIONS:
        number = data.get("number", "")
        if not isinstance(number, str) or len(number) > 512:
            raise ValueError("bad action or number")
        out["number"] = number
    elif action == "transfer":
        out["target"] = _number(data.get("target"), "target")
        attended = data.get("attended", False)
        if not isinstance(attended, bool):
            raise ValueError("attended must be true or false")
        out["attended"] = attended
        out["call"] = _call_id(data.get("call", ""))
    elif action == "park":
        out["call"] = _call_id(data.get("call", ""))
    elif action == "pickup":
        extension = data.get("extension")
        if not isinstance(extension, str) or len(extension) > 16:
            raise ValueError("extension must be an extension number")
        try:
            out["extension"] = validate_extension(clean_number(extension))
        except InvalidNumber as exc:
            raise ValueError(f"extension: {exc}") from None
    return out


def _number(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise ValueError(f"{name} must be a phone number or extension (at most 64 characters)")
    try:
        return str(clean_number(value))
    except InvalidNumber as exc:
        raise ValueError(f"{name}: {exc}") from None


def _call_id(value: object) -> str:
    if not isinstance(value, str) or _CALL_ID.fullmatch(value) is None:
        raise ValueError("call must be a call id (letters, digits, '.', '_', '-'; at most 64)")
    return value


def parse_request(line: bytes) -> dict[str, Any]:
    """Validate one request line. Raises ValueError with the reason."""
    if len(line) > MAX_REQUEST:
        raise ValueError("request too long")
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"not a JSON request: {exc}") from None
    return _checked(data)


def send_request(request: dict[str, Any], name: str | None = None, timeout_ms: int = 1500) -> bool:
    """Hand ``request`` to the running app. False when no app answers (or the
    socket is another user's: then nothing was written to it).

    Blocking (``waitFor…``), so it needs no event loop and no QApplication.
    """
    try:
        sock = _connect(name, timeout_ms)
    except NoRunningApp:
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


def _lines(sock: QLocalSocket, wait_ms: int, deadline_ms: int | None) -> Iterator[bytes]:
    """The lines the app writes, until it closes (or ``deadline_ms`` passes).

    Waits in slices of ``wait_ms`` so that Ctrl+C (a Python signal handler)
    gets its turn between them.
    """
    buffer = b""
    waited = 0
    while True:
        buffer += bytes(sock.readAll().data())
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            if line.strip():
                yield line
        if len(buffer) > MAX_REQUEST * 16:
            return  # not a line-based answer
        if sock.state() != QLocalSocket.LocalSocketState.ConnectedState:
            if sock.bytesAvailable():
                continue
            if buffer.strip():
                yield buffer  # a last line without its newline
            return
        if deadline_ms is not None and waited >= deadline_ms:
            return
        if not sock.waitForReadyRead(wait_ms):
            waited += wait_ms


def ask(
    request: dict[str, Any],
    name: str | None = None,
    timeout_ms: int = ANSWER_TIMEOUT_MS + 5000,
) -> dict[str, Any] | None:
    """Hand ``request`` (``transfer``, ``park``, ``pickup``) to the running app and
    wait for its answer: ``{"ok": bool, "message": str, "slot": str}`` (the
    message in English), or None when the app took the request but no answer
    came back in time — then the action may have happened, so the caller must
    not do it again itself.

    Blocking (no event loop, no QApplication needed).

    Raises:
        NoRunningApp: no app runs, or it did not take the request (nothing was done).
    """
    sock = _connect(name, 1500)
    try:
        sock.write(json.dumps(request).encode("utf-8") + b"\n")
        if not sock.waitForBytesWritten(1500):
            raise NoRunningApp("the mypbxdesk app did not take the request")
        for line in _lines(sock, 200, timeout_ms):
            try:
                answer = json.loads(line)
            except ValueError:
                return None
            return answer if isinstance(answer, dict) else None
        return None
    finally:
        sock.abort()


def stream(
    request: dict[str, Any], name: str | None = None
) -> Generator[dict[str, Any], None, None]:
    """Hand ``request`` (``presence``) to the running app and yield each JSON line
    it writes — ``{"extension", "name", "state", "time"}``: first every colleague,
    then one per change — until the app closes the connection (it quits) or
    the caller stops iterating (which closes it).

    Raises:
        NoRunningApp: no app runs (at the first ``next()``).
        ValueError: the app refused the request (its reason).
    """
    sock = _connect(name, 1500)
    try:
        sock.write(json.dumps(request).encode("utf-8") + b"\n")
        if not sock.waitForBytesWritten(1500):
            raise NoRunningApp("the mypbxdesk app did not take the request")
        for line in _lines(sock, 250, None):
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if not isinstance(item, dict):
                continue
            if item.get("ok") is False:
                raise ValueError(str(item.get("message") or item.get("error") or "refused"))
            yield item
    finally:
        sock.abort()
