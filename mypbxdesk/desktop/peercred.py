"""Who is at the other end of a local (Unix domain) socket.

Desktop integration, stdlib only (no Qt). The single-instance hand-over must
only talk to the same user's app: a socket file's owner says who made it, but
the kernel says who is connected *now* — ``SO_PEERCRED`` on Linux,
``LOCAL_PEERCRED`` on macOS and FreeBSD. Windows: named pipes, not asked here
(:func:`peer_uid` returns None).
"""

from __future__ import annotations

import os
import socket
import struct
import sys

__all__ = ["my_uid", "peer_uid"]

# macOS / FreeBSD: getsockopt(fd, SOL_LOCAL=0, LOCAL_PEERCRED=1) fills a struct xucred
# {u_int cr_version; uid_t cr_uid; short cr_ngroups; gid_t cr_groups[16]}.
_SOL_LOCAL = 0
_LOCAL_PEERCRED = getattr(socket, "LOCAL_PEERCRED", 1)
_XUCRED_SIZE = 76
#: Not ``sys.platform`` directly, so that type checkers on one OS keep the others' code.
_PLATFORM: str = sys.platform


def my_uid() -> int | None:
    """This process's effective uid (None on Windows)."""
    return os.geteuid() if hasattr(os, "geteuid") else None


def peer_uid(fd: int) -> int | None:
    """The effective uid of the process connected to the Unix socket ``fd``.

    ``fd`` stays open and untouched (a duplicate is asked). None where the OS
    cannot tell (Windows, another Unix).

    Raises:
        OSError: ``fd`` is not a connected Unix socket (the peer is gone).
    """
    if _PLATFORM.startswith("linux"):
        with socket.fromfd(fd, socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", raw)
        return int(uid)
    if _PLATFORM == "darwin" or _PLATFORM.startswith("freebsd"):
        with socket.fromfd(fd, socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            raw = sock.getsockopt(_SOL_LOCAL, _LOCAL_PEERCRED, _XUCRED_SIZE)
        _version, uid = struct.unpack_from("=II", raw)
        return int(uid)
    return None
