"""The private folder of the single-instance socket: made 0700, tightened when
too open, refused when someone else's or a symlink (issue 12, item 1)."""

from __future__ import annotations

import os
import socket
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from mypbxdesk.desktop.peercred import my_uid, peer_uid
from mypbxdesk.desktop.runtimedir import (
    UnsafeDirectory,
    private_runtime_dir,
    require_private_dir,
)

from .hostile import other_user

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX folders and uids")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_new_folder_is_made_0700_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        folder = require_private_dir(tmp_path / "run")
    finally:
        os.umask(old)
    assert _mode(folder) == 0o700
    assert folder.lstat().st_uid == os.geteuid()


@pytest.mark.parametrize("mode", [0o755, 0o777, 0o750, 0o500])
def test_our_folder_with_another_mode_is_set_to_0700(tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    folder.chmod(mode)
    assert require_private_dir(folder) == folder
    assert _mode(folder) == 0o700


def test_a_symlink_is_refused_even_to_a_private_folder(tmp_path: Path) -> None:
    real = require_private_dir(tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(UnsafeDirectory, match="not a folder"):
        require_private_dir(link)


def test_a_file_in_its_place_is_refused(tmp_path: Path) -> None:
    (tmp_path / "run").write_text("")
    with pytest.raises(UnsafeDirectory, match="not a folder"):
        require_private_dir(tmp_path / "run")


def test_a_folder_of_another_user_is_refused_and_left_alone(tmp_path: Path) -> None:
    uid, gid, _ = other_user()
    folder = tmp_path / "run"
    folder.mkdir()
    folder.chmod(0o777)
    os.chown(folder, uid, gid)
    with pytest.raises(UnsafeDirectory, match=f"belongs to uid {uid}"):
        require_private_dir(folder)
    assert _mode(folder) == 0o777  # not ours to change


def test_xdg_runtime_dir_is_used_when_it_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xdg = require_private_dir(tmp_path / "xdg")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(xdg))
    assert private_runtime_dir() == xdg / "mypbxdesk"
    assert _mode(xdg / "mypbxdesk") == 0o700


@pytest.mark.parametrize("problem", ["open", "relative", "missing"])
def test_an_unusable_xdg_runtime_dir_falls_back_to_a_private_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    xdg = tmp_path / "xdg"
    if problem == "open":
        xdg.mkdir(mode=0o755)
        xdg.chmod(0o755)
        value = str(xdg)
    else:
        value = "xdg" if problem == "relative" else str(xdg)
    monkeypatch.setenv("XDG_RUNTIME_DIR", value)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = private_runtime_dir()
    assert folder == tmp_path / f"mypbxdesk-{os.geteuid()}"
    assert _mode(folder) == 0o700
    assert not (xdg / "mypbxdesk").exists()


def test_peer_uid_is_the_uid_of_the_other_end() -> None:
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with a, b:
        assert peer_uid(a.fileno()) == my_uid() == os.geteuid()
        a.sendall(b"x")  # the descriptor is still ours and works
        assert b.recv(1) == b"x"


def test_peer_uid_of_a_closed_socket_raises() -> None:
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    fd = a.fileno()
    a.close()
    b.close()
    with pytest.raises(OSError, match=r"Errno \d+"):  # EBADF: not a Unix socket (any more)
        peer_uid(fd)
