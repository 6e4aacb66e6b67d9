"""Where the app's files live, and that they stay private.

Pure file-system logic; no asyncio, no Qt. The folders (``MYPBXDESK_CONFIG_DIR`` and
``MYPBXDESK_DATA_DIR`` override them, as the tests do):

* settings: ``~/.config/mypbxdesk`` (Linux), ``~/Library/Application Support/mypbxdesk``
  (macOS), ``%APPDATA%\\mypbxdesk`` (Windows);
* data (call history, contacts): ``~/.local/share/mypbxdesk``, the same folder on
  macOS, ``%LOCALAPPDATA%\\mypbxdesk``.

Everything in them is the user's alone (0700 folders, 0600 files on POSIX, see
:mod:`mypbxdesk.base.private`); :func:`secure_app_dirs` tightens what an earlier
version or a permissive umask left readable by others.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from ..base.private import tighten_tree

__all__ = ["APP", "config_dir", "data_dir", "default_config_path", "secure_app_dirs"]

log = logging.getLogger(__name__)
APP = "mypbxdesk"


def config_dir() -> Path:
    """Per-user config directory (``MYPBXDESK_CONFIG_DIR`` overrides)."""
    if env := os.environ.get("MYPBXDESK_CONFIG_DIR"):
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / APP


def data_dir() -> Path:
    """Per-user data directory for call history (``MYPBXDESK_DATA_DIR`` overrides)."""
    if env := os.environ.get("MYPBXDESK_DATA_DIR"):
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def _shared(folder: Path) -> bool:
    """The home folder, or one above it: never the app's to tighten (an override
    such as ``MYPBXDESK_DATA_DIR=$HOME`` must not lock the user's home)."""
    try:
        here, home = folder.resolve(), Path.home().resolve()
    except (OSError, RuntimeError):
        return True
    return here == home or here in home.parents or here == Path(here.anchor)


def secure_app_dirs() -> list[Path]:
    """Make the settings and data folders, and everything in them, private (POSIX).

    Run at start by every command: a history written by an older version (0644 in a
    0755 folder) is closed to other users before anything reads or adds to it.
    Returns what was changed (each is logged at INFO).
    """
    changed: list[Path] = []
    for folder in dict.fromkeys((config_dir(), data_dir())):  # one folder on macOS
        if _shared(folder):
            log.info("not changing the permissions of %s: it is not mypbxdesk's own", folder)
            continue
        for path in tighten_tree(folder):
            log.info("made private (others could read it): %s", path)
            changed.append(path)
    return changed
