"""Start at login, per user and opt-in (``start_at_login`` in the settings).

Pure logic and file I/O (stdlib only); layer 1. The settings dialog's save
calls :func:`set_enabled` (through the bridge). Conventions from
desktop-integration.md §6.4:

* Linux/BSD: ``$XDG_CONFIG_HOME/autostart/mypbxdesk.desktop`` (XDG Autostart).
* Windows: ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` value
  ``mypbxdesk`` (the Inno Setup installer offers the same entry).
* macOS: ``~/Library/LaunchAgents/io.github.mypbxdesk.mypbxdesk.plist``
  (``RunAtLoad``).

The app is started with ``--autostart``: it stays in the tray.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import subprocess
import sys
from pathlib import Path

from .handlers import APP_ID, DESKTOP_ID, desktop_entry, launch_command

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def linux_path() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "autostart" / f"{DESKTOP_ID}.desktop"


def macos_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{APP_ID}.plist"


def is_enabled() -> bool:
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, DESKTOP_ID)
        except OSError:
            return False
        return True
    if sys.platform == "darwin":
        return macos_path().exists()
    return linux_path().exists()


def set_enabled(enabled: bool) -> None:
    """Add or remove the login entry for this user. Raises OSError on failure."""
    command = [*launch_command(), "--autostart"]
    if sys.platform == "win32":
        import winreg

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            if enabled:
                winreg.SetValueEx(
                    key, DESKTOP_ID, 0, winreg.REG_SZ, subprocess.list2cmdline(command)
                )
            else:
                with contextlib.suppress(FileNotFoundError):
                    winreg.DeleteValue(key, DESKTOP_ID)
        return
    if sys.platform == "darwin":
        path = macos_path()
        if enabled:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(
                plistlib.dumps(
                    {
                        "Label": APP_ID,
                        "ProgramArguments": command,
                        "RunAtLoad": True,
                        "ProcessType": "Interactive",
                    }
                )
            )
        else:
            path.unlink(missing_ok=True)
        return
    path = linux_path()
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(desktop_entry(launch_command(), autostart=True), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)
