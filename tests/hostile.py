"""Another local user's process (``nobody``) for the single-instance tests.

A real second uid: the process is started with ``user=``/``group=`` (so the
tests need root; they skip with the reason otherwise). It listens on a Unix
socket the way an attacker would — answering every hand-over ``{"ok": true}``
— or connects to ours, and prints what it received.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

__all__ = ["HostileClient", "HostileServer", "other_user"]

_SERVER = r"""
import os, socket, sys
path = sys.argv[1]
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
os.chmod(path, 0o777)
srv.listen(8)
print("listening", flush=True)
while True:
    conn, _ = srv.accept()
    print("connected", flush=True)
    with conn:
        conn.settimeout(3)
        data = b""
        try:
            while b"\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
        if data:
            print("GOT " + data.decode("utf-8", "replace").strip(), flush=True)
        try:
            conn.sendall(b'{"ok": true}\n')
        except OSError:
            pass
"""

_CLIENT = r"""
import socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.settimeout(5)
sock.connect(sys.argv[1])
sock.sendall(sys.argv[2].encode() + b"\n")
reply = b""
try:
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        reply += chunk
except OSError:
    pass
print("REPLY " + reply.decode("utf-8", "replace").strip(), flush=True)
"""


@functools.cache
def _other() -> tuple[int, int, str] | str:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to run a process as a second user"
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return "no 'nobody' user to act as a second user"
    # A Python the other user may run (ours may live in root's home).
    for exe in (
        os.path.realpath(sys.executable),
        shutil.which("python3") or "",
        "/usr/bin/python3",
    ):
        if not exe:
            continue
        try:
            subprocess.run(
                [exe, "-c", "pass"],
                user=nobody.pw_uid,
                group=nobody.pw_gid,
                extra_groups=[],
                check=True,
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        return nobody.pw_uid, nobody.pw_gid, exe
    return "no Python the 'nobody' user may run"


def other_user() -> tuple[int, int, str]:
    """(uid, gid, python) of a second user, or skip the test saying why."""
    other = _other()
    if isinstance(other, str):
        pytest.skip(other)
    return other


class _AsOther:
    def __init__(self, code: str, *args: str) -> None:
        uid, gid, exe = other_user()
        self.uid = uid
        self.proc = subprocess.Popen(
            [exe, "-c", code, *args],
            user=uid,
            group=gid,
            extra_groups=[],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd="/",
        )
        self._out: list[str] | None = None

    def lines(self) -> list[str]:
        """Everything it printed (stops it first)."""
        if self._out is None:
            if self.proc.poll() is None:
                self.proc.kill()
            out, _ = self.proc.communicate(timeout=30)
            self._out = out.splitlines()
        return self._out

    def received(self) -> list[str]:
        return [line[4:] for line in self.lines() if line.startswith("GOT ")]


class HostileServer(_AsOther):
    """A socket another user listens on, at ``path`` in the end.

    ``path`` may be in a folder the other user cannot write (our private one):
    the socket is then made in a scratch folder of theirs and moved into place
    by us (root), as if the folder had been open once. ``ours=True`` also gives
    the file to us, so only the kernel (``SO_PEERCRED``) still tells who serves it.
    """

    def __init__(self, path: str, *, ours: bool = False) -> None:
        self.path = path
        parent = Path(path).parent
        uid, gid, _ = other_user()
        scratch: str | None = None
        if parent.stat().st_mode & 0o1777 == 0o1777:  # a shared temp folder: bind in place
            bind = path
        else:
            scratch = tempfile.mkdtemp(prefix="hostile", dir="/tmp")
            os.chown(scratch, uid, gid)
            bind = os.path.join(scratch, "s")
        super().__init__(_SERVER, bind)
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().strip()
        if first != "listening":
            self.lines()
            raise AssertionError(f"the other user's socket did not start: {first!r}")
        if scratch is not None:
            os.rename(bind, path)
            os.rmdir(scratch)
        if ours:
            os.chown(path, os.geteuid(), os.getegid())

    def stop(self) -> list[str]:
        lines = self.lines()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        return lines


class HostileClient(_AsOther):
    """Another user connecting to ``path`` and sending one line; ``reply()`` is
    what came back ("" when the app hung up without an answer)."""

    def __init__(self, path: str, line: str) -> None:
        super().__init__(_CLIENT, path, line)

    def done(self) -> bool:
        return self.proc.poll() is not None

    def reply(self) -> str:
        for line in self.lines():
            if line.startswith("REPLY"):
                return line[6:]
        raise AssertionError(f"the other user's client failed: {self.lines()}")
