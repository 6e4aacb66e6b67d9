"""The user's private folder for the app's local sockets.

Desktop integration, stdlib only (no Qt). A socket with a predictable name in
the shared temp folder can be made first by another local user, who then
receives what the app hands over (every dialled number). So the
single-instance socket lives in a folder only this user can enter:

* ``$XDG_RUNTIME_DIR/mypbxdesk`` when ``XDG_RUNTIME_DIR`` is set and is this
  user's own 0700 folder (systemd makes ``/run/user/<uid>`` so);
* else ``<temp folder>/mypbxdesk-<uid>`` (on macOS the temp folder is already
  per user).

The folder is made 0700; one that exists must be a real folder (not a symlink)
owned by this user: too open a mode is tightened to 0700, another owner is
refused (:class:`UnsafeDirectory`), never used. POSIX only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["UnsafeDirectory", "private_runtime_dir", "require_private_dir"]

log = logging.getLogger(__name__)

_PRIVATE = 0o700


class UnsafeDirectory(OSError):  # noqa: N818 - reads better at call sites
    """The folder exists but is not this user's private folder (owner, type)."""


def private_runtime_dir(app: str = "mypbxdesk") -> Path:
    """This user's private folder for ``app``'s sockets, created if missing.

    Raises:
        UnsafeDirectory: the folder belongs to another user or is not a folder.
        OSError: it cannot be created.
    """
    uid = os.geteuid()
    xdg = os.environ.get("XDG_RUNTIME_DIR", "")
    if xdg and os.path.isabs(xdg) and _is_private(Path(xdg), uid):
        return require_private_dir(Path(xdg) / app)
    return require_private_dir(Path(tempfile.gettempdir()) / f"{app}-{uid}")


def require_private_dir(path: Path) -> Path:
    """``path`` as this user's 0700 folder: made if missing, tightened if too open.

    Raises:
        UnsafeDirectory: it is a symlink or not a folder, or another user owns it.
    """
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, _PRIVATE)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeDirectory(f"{path} is not a folder (a symlink or a file)")
    if st.st_uid != os.geteuid():
        raise UnsafeDirectory(f"{path} belongs to uid {st.st_uid}, not to this user")
    if stat.S_IMODE(st.st_mode) != _PRIVATE:
        log.info("made %s private (it was %o)", path, stat.S_IMODE(st.st_mode))
        os.chmod(path, _PRIVATE)
    return path


def _is_private(path: Path, uid: int) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISDIR(st.st_mode)
        and st.st_uid == uid
        and not st.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )
