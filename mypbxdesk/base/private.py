"""Private files and folders: what the app writes is readable by its user alone.

Layer 0: stdlib only. The call history says whom the receptionist called, the
contacts are her customers, the settings may hold the AMI secret: on POSIX every
folder the app makes is 0700 and every file 0600, whatever the umask (a
``umask 000`` session, a desktop that starts programs with 002). The modes are
given where a file or folder is created (``os.open``/``os.mkdir`` with a mode, and
a ``chmod`` after, since a umask can only take bits away), never by changing the
process-wide umask, which other threads would see. SQLite creates its ``-wal``,
``-shm`` and ``-journal`` files with the mode of the database file, so the
database file is created here first (:func:`create_private_file`).

Existing folders and files are tightened (group and other bits removed, owner bits
kept) only where the app owns them: :func:`tighten` skips symlinks and what
belongs to another user. Windows: no-op; the per-user profile folders are private.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from pathlib import Path

__all__ = [
    "PRIVATE_DIR",
    "PRIVATE_FILE",
    "create_private_file",
    "make_private_dir",
    "tighten",
    "tighten_tree",
    "write_private",
]

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_POSIX = os.name == "posix"
_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents, each 0700 (the XDG rule for folders an
    application creates). Folders that exist already are left as they are."""
    missing: list[Path] = []
    here = path
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_DIR)
        except FileExistsError:  # another process made it meanwhile: not ours to change
            continue
        if _POSIX:
            os.chmod(folder, PRIVATE_DIR)  # the umask may have taken owner bits too
    return path


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (for a library that
    opens it afterwards, like SQLite); an existing one is tightened, never truncated."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    os.close(fd)
    tighten(path)


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, mode 0600.

    A temporary file in the same folder (``mkstemp`` makes it 0600), flushed to disk,
    then ``os.replace``: a reader sees the old or the new file, never half of one, and
    a crash leaves at most a stray temporary file.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if _POSIX:
            os.chmod(tmp, PRIVATE_FILE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def tighten(path: Path | str) -> bool:
    """Take group and other permissions off ``path`` (0644 → 0600, 0755 → 0700).

    Only for what this user owns, and never through a symlink. Returns whether the
    mode changed; a file that is gone is not an error.
    """
    if not _POSIX:
        return False
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.geteuid() or not st.st_mode & _OTHERS:
        return False
    os.chmod(path, stat.S_IMODE(st.st_mode) & ~_OTHERS)
    return True


def tighten_tree(root: Path) -> list[Path]:
    """:func:`tighten` ``root`` and everything below it (symlinks are not followed).

    Returns what changed. A folder or file that cannot be changed (read-only file
    system, another user's) is logged and skipped: it must not stop the app.
    """
    changed: list[Path] = []
    if not _POSIX or not root.is_dir() or root.is_symlink():
        return changed
    paths = [root]
    for top, dirs, files in os.walk(root):
        paths.extend(Path(top, name) for name in (*dirs, *files))
    for path in paths:
        try:
            if tighten(path):
                changed.append(path)
        except OSError as exc:
            log.warning("could not make %s private: %s", path, exc.strerror or exc)
    return changed
