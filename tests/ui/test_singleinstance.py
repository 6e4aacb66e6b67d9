"""Single instance: real local sockets, real second processes, stale sockets.

A second ``python -m mypbxdesk …`` process hands its request to the
:class:`SingleInstance` listening in this test process and exits 0.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mypbxdesk.sim import SimulatedPbx
from mypbxdesk.ui.app import Windows
from mypbxdesk.ui.bridge import PbxBridge
from mypbxdesk.ui.singleinstance import (
    SingleInstance,
    UrlOpenFilter,
    make_request,
    send_request,
    server_name,
)

from .conftest import until

pytestmark = [pytest.mark.qt, pytest.mark.asyncio]


def _name() -> str:
    return f"mypbxdesk-t-{uuid.uuid4().hex[:12]}"


def _spawn(name: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, MYPBXDESK_INSTANCE=name, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-m", "mypbxdesk", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _python(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


async def _hand_over(*args: str) -> tuple[str, list[dict[str, object]]]:
    """Run ``mypbxdesk *args`` next to a listening instance; it must exit 0.
    Returns its stdout and the requests the instance received."""
    name = _name()
    inst = SingleInstance(name)
    assert inst.listen()
    got: list[dict[str, object]] = []
    inst.request_received.connect(got.append)
    proc = _spawn(name, *args)
    try:
        await until(lambda: proc.poll() is not None, timeout=30)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        return out, got
    finally:
        inst.close()


@pytest.mark.parametrize(
    ("args", "number"),
    [
        (("tel:+15550109999",), "tel:+15550109999"),
        (("callto:123",), "callto:123"),
        (("sip:123@pbx",), "sip:123@pbx"),
        (("dial", "123"), "123"),
    ],
)
async def test_second_launch_hands_over_and_exits_0(
    qtbot: QtBot, args: tuple[str, ...], number: str
) -> None:
    out, got = await _hand_over(*args)
    assert "Handed the number to the running mypbxdesk app" in out
    assert got == [{"v": 1, "action": "dial", "number": number}]


@pytest.mark.parametrize(("args", "action"), [((), "show"), (("--dial-clipboard",), "clipboard")])
async def test_second_launch_without_a_number_hands_over_its_action(
    qtbot: QtBot, args: tuple[str, ...], action: str
) -> None:
    """A plain start shows the running app; ``--dial-clipboard`` (a desktop
    shortcut where apps may not grab keys) asks it to dial the clipboard."""
    _, got = await _hand_over(*args)
    assert got == [{"v": 1, "action": action, "number": ""}]


async def test_dial_clipboard_cannot_be_combined_with_a_number() -> None:
    proc = _spawn(_name(), "--dial-clipboard", "tel:123")
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "--dial-clipboard cannot be combined" in err


async def test_invalid_uri_is_refused_before_anything_is_sent(qtbot: QtBot) -> None:
    name = _name()
    inst = SingleInstance(name)
    assert inst.listen()
    got: list[dict[str, object]] = []
    inst.request_received.connect(got.append)
    proc = _spawn(name, "tel:12ab")
    try:
        await until(lambda: proc.poll() is not None, timeout=30)
        _, err = proc.communicate()
        assert proc.returncode == 2
        assert "letters" in err
        assert got == []
    finally:
        inst.close()


async def test_second_instance_in_process_does_not_steal_the_name(qtbot: QtBot) -> None:
    name = _name()
    first, second = SingleInstance(name), SingleInstance(name)
    try:
        assert first.listen()
        assert not second.listen()
        assert not second.replaced_stale
        assert first.server.isListening()
    finally:
        first.close()
        second.close()


async def test_stale_socket_after_a_crash_is_replaced(qtbot: QtBot) -> None:
    name = _name()
    child = textwrap.dedent(f"""
        import sys, time
        from PySide6.QtCore import QCoreApplication
        from mypbxdesk.ui.singleinstance import SingleInstance
        app = QCoreApplication([])
        inst = SingleInstance({name!r})
        print("listening" if inst.listen() else "failed", flush=True)
        time.sleep(60)
    """)
    proc = _python(child)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "listening"
    finally:
        proc.send_signal(signal.SIGKILL)  # a crash: no chance to remove the socket
        proc.communicate()
    if sys.platform != "win32":  # named pipes vanish with the process
        plain = QLocalServer()  # no socket options: fails on an existing file
        assert not plain.listen(server_name(name)), "the crashed app should have left its socket"
        assert plain.serverError() == QAbstractSocket.SocketError.AddressInUseError
        assert not send_request(make_request("show"), name, timeout_ms=300)
    inst = SingleInstance(name)
    try:
        assert inst.listen()
        assert inst.replaced_stale == (sys.platform != "win32")
        got: list[dict[str, object]] = []
        inst.request_received.connect(got.append)
        proc2 = _spawn(name, "callto:306")
        await until(lambda: proc2.poll() is not None, timeout=30)
        proc2.communicate()
        assert proc2.returncode == 0
        assert got == [make_request("dial", "callto:306")]
    finally:
        inst.close()


@pytest.mark.expect_log("ignored a hand-over request")
async def test_garbage_is_answered_with_an_error_and_not_emitted(qtbot: QtBot) -> None:
    name = _name()
    inst = SingleInstance(name)
    assert inst.listen()
    got: list[dict[str, object]] = []
    inst.request_received.connect(got.append)
    sock = QLocalSocket()
    sock.connectToServer(inst.name)
    try:
        await until(lambda: sock.state() == QLocalSocket.LocalSocketState.ConnectedState)
        sock.write(b'{"v": 1, "action": "rm -rf", "number": "1"}\n')
        await until(lambda: sock.bytesAvailable() > 0)
        assert b'"ok": false' in bytes(sock.readAll().data())
        assert got == []
    finally:
        sock.abort()
        inst.close()


async def test_no_running_app_means_no_hand_over(qtbot: QtBot) -> None:
    assert not send_request(make_request("dial", "123"), _name(), timeout_ms=300)


async def test_server_name_is_per_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the user's private folder (tests/ui/test_singleinstance_owner.py: who may use it)."""
    monkeypatch.delenv("MYPBXDESK_INSTANCE")
    name = server_name()
    if sys.platform == "win32":
        assert name.startswith("mypbxdesk-")
    else:
        folder = os.path.dirname(name)
        assert folder == os.path.join(os.environ.get("XDG_RUNTIME_DIR", "-"), "mypbxdesk") or (
            os.path.basename(folder) == f"mypbxdesk-{os.geteuid()}"
        )
        assert os.stat(folder).st_uid == os.geteuid()
        assert server_name("x") == os.path.join(folder, "x")
        assert server_name("/elsewhere/y") == "/elsewhere/y"


async def test_macos_file_open_event_becomes_a_dial_request(qapp: QApplication) -> None:
    filt = UrlOpenFilter()
    got: list[dict[str, object]] = []
    filt.request_received.connect(got.append)
    qapp.installEventFilter(filt)
    try:
        QApplication.sendEvent(qapp, QFileOpenEvent(QUrl("tel:+15550109999")))
        QApplication.sendEvent(qapp, QFileOpenEvent(QUrl("file:///tmp/x.txt")))
    finally:
        qapp.removeEventFilter(filt)
    assert got == [make_request("dial", "tel:+15550109999")]


async def test_handed_over_uri_opens_the_dialer_and_dials(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path
) -> None:
    windows = Windows(bridge, tmp_path / "config.toml")
    windows.handle_request(make_request("dial", "tel:+1-555-010-9999"))
    dialer = windows._made["dialer"]
    qtbot.addWidget(dialer)
    await until(lambda: [m for m in sim.actions_received if m.name.lower() == "originate"])
    (orig,) = [m for m in sim.actions_received if m.name.lower() == "originate"]
    assert orig["Exten"] == "+15550109999"
    assert dialer.number.text() == "+1-555-010-9999"  # type: ignore[attr-defined]


@pytest.mark.parametrize("uri", ["tel:12ab34", "tel:555\r\nAction: Hangup"])
async def test_handed_over_bad_number_is_shown_not_dialled(
    qtbot: QtBot, sim: SimulatedPbx, bridge: PbxBridge, tmp_path: Path, uri: str
) -> None:
    windows = Windows(bridge, tmp_path / "config.toml")
    windows.handle_request(make_request("dial", uri))
    dialer = windows._made["dialer"]
    qtbot.addWidget(dialer)
    await until(lambda: "Cannot dial" in dialer.message.text())  # type: ignore[attr-defined]
    await asyncio.sleep(0.2)
    assert not [m for m in sim.actions_received if m.name.lower() == "originate"]
