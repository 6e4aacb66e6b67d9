"""The hand-over only ever talks to the same user's app (issue 12, item 1).

Another local user made a socket with the app's predictable name in the shared
temp folder and received every dialled number. Here a real second user
(``nobody``, see tests/hostile.py; these tests need root) makes such sockets —
at the old place, and inside our private folder — and connects to ours.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot

from mypbxdesk.desktop.runtimedir import private_runtime_dir
from mypbxdesk.ui.singleinstance import (
    ForeignApp,
    NoRunningApp,
    SingleInstance,
    ask,
    foreign_owner,
    make_request,
    send_request,
    server_name,
    stream,
)

from ..hostile import HostileClient, HostileServer, other_user
from .conftest import until

pytestmark = [
    pytest.mark.qt,
    pytest.mark.asyncio,
    pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and uids"),
]


def _name() -> str:
    return f"mypbxdesk-o-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def name() -> Iterator[str]:
    """A fresh socket name in the private folder; whatever is left there is removed."""
    value = _name()
    yield value
    path = server_name(value)
    if os.path.lexists(path):
        os.unlink(path)


def _spawn(name: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, MYPBXDESK_INSTANCE=name, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-m", "mypbxdesk", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_the_socket_is_in_a_private_folder_not_the_shared_temp(name: str) -> None:
    path = Path(server_name(name))
    assert path.parent == private_runtime_dir()
    assert path.parent != Path(QDir.tempPath())  # not a name anyone can take first
    st = path.parent.lstat()
    assert stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid()
    assert stat.S_IMODE(st.st_mode) == 0o700


@pytest.mark.expect_log(r"not handing over to .*: it belongs to uid \d+")
async def test_client_hands_nothing_to_another_users_socket_in_our_folder(
    qtbot: QtBot, name: str
) -> None:
    hostile = HostileServer(server_name(name))
    assert foreign_owner(hostile.path) == hostile.uid
    assert not send_request(make_request("dial", "tel:+15550109999"), name, timeout_ms=500)
    with pytest.raises(ForeignApp):
        ask(make_request("park"), name)
    with pytest.raises(NoRunningApp):  # the console CLI then acts itself
        next(stream(make_request("presence"), name))
    lines = hostile.stop()
    assert "connected" not in lines  # refused by the file's owner, before connecting
    assert hostile.received() == []


@pytest.mark.expect_log(r"not handing over to .*: the process there runs as uid \d+")
async def test_client_asks_the_kernel_who_serves_a_socket_that_looks_ours(
    qtbot: QtBot, name: str
) -> None:
    """The file is ours (moved and chowned), the listening process is not:
    SO_PEERCRED tells, and nothing is written."""
    hostile = HostileServer(server_name(name), ours=True)
    assert foreign_owner(hostile.path) is None
    assert not send_request(make_request("dial", "123"), name, timeout_ms=500)
    with pytest.raises(ForeignApp):
        ask(make_request("pickup", extension="305"), name)
    lines = hostile.stop()
    assert "connected" in lines  # it got as far as the connection …
    assert hostile.received() == []  # … and not one byte of a request


async def test_a_socket_at_the_old_shared_place_is_never_used(qtbot: QtBot, name: str) -> None:
    """The old predictable name in /tmp belongs to the other user; launches go to
    our app in the private folder, and the squatter hears nothing."""
    old = os.path.join(QDir.tempPath(), name)
    hostile = HostileServer(old)
    inst = SingleInstance(name)
    try:
        assert inst.listen()
        got: list[dict[str, object]] = []
        inst.request_received.connect(got.append)
        proc = _spawn(name, "tel:+15550109999")
        await until(lambda: proc.poll() is not None, timeout=30)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert "Handed the number to the running mypbxdesk app" in out
        assert got == [make_request("dial", "tel:+15550109999")]
    finally:
        inst.close()
        lines = hostile.stop()
    assert lines == []  # not even a connection


@pytest.mark.parametrize("ours", [False, True], ids=["their-file", "file-chowned-to-us"])
@pytest.mark.expect_log(r"removed a single-instance socket .* of another user \(uid \d+\)")
async def test_app_replaces_another_users_socket_in_its_folder(
    qtbot: QtBot, name: str, ours: bool
) -> None:
    hostile = HostileServer(server_name(name), ours=ours)
    inst = SingleInstance(name)
    try:
        assert inst.listen()  # not "another app runs: hand over and quit"
        assert inst.replaced_foreign and not inst.replaced_stale
        st = os.lstat(inst.name)
        assert stat.S_ISSOCK(st.st_mode) and st.st_uid == os.geteuid()
        got: list[dict[str, object]] = []
        inst.request_received.connect(got.append)
        proc = _spawn(name, "dial", "306")
        await until(lambda: proc.poll() is not None, timeout=30)
        _, err = proc.communicate()
        assert proc.returncode == 0, err
        assert got == [make_request("dial", "306")]
    finally:
        inst.close()
        hostile.stop()
    assert hostile.received() == []


@pytest.mark.expect_log(r"refused a hand-over connection from uid \d+")
async def test_app_drops_a_client_of_another_user(qtbot: QtBot) -> None:
    """Even with every door opened (a world-readable folder, a 0777 socket), a
    request from another uid is not read, not answered, not emitted."""
    uid, _, _ = other_user()
    folder = tempfile.mkdtemp(prefix="mpdopen", dir="/tmp")
    try:
        os.chmod(folder, 0o755)
        inst = SingleInstance(os.path.join(folder, "s"))
        assert inst.listen()
        os.chmod(inst.name, 0o777)
        got: list[dict[str, object]] = []
        inst.request_received.connect(got.append)
        client = HostileClient(inst.name, '{"v": 1, "action": "dial", "number": "900"}')
        await until(client.done, timeout=30)
        assert client.reply() == ""  # hung up on, no {"ok": …}
        assert got == []
        # The same request from us still works: only the other uid is refused.
        proc = _spawn(inst.name, "dial", "900")
        await until(lambda: proc.poll() is not None, timeout=30)
        _, err = proc.communicate()
        assert proc.returncode == 0, err
        assert got == [make_request("dial", "900")]
        inst.close()
    finally:
        for entry in os.listdir(folder):
            os.unlink(os.path.join(folder, entry))
        os.rmdir(folder)
    assert uid != os.geteuid()


@pytest.mark.expect_log(
    r"not handing over to the running app: .* belongs to uid \d+",
    r"running without hand-over from later launches: .* belongs to uid \d+",
)
async def test_a_private_folder_taken_by_another_user_is_refused(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``<temp>/mypbxdesk-<uid>`` made first by someone else: never used. A launch
    acts itself; the app runs on its own rather than not at all."""
    uid, gid, _ = other_user()
    temp = tmp_path / "t"
    temp.mkdir()
    taken = temp / f"mypbxdesk-{os.geteuid()}"
    taken.mkdir(mode=0o777)
    os.chown(taken, uid, gid)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    assert not send_request(make_request("dial", "123"), timeout_ms=300)
    inst = SingleInstance()
    try:
        assert inst.unsafe and "belongs to uid" in inst.unsafe
        assert inst.listen()
        assert not inst.server.isListening()
    finally:
        inst.close()
    assert list(taken.iterdir()) == []
