"""Linux desktop integration: the launcher, the icon, the tel:/callto:/sip: handler.

Pure logic and file I/O (stdlib only); layer 1, used by ``mypbxdesk
--register-handlers`` and by :mod:`mypbxdesk.autostart`. The same text is
committed as ``resources/mypbxdesk.desktop`` and ``resources/mypbxdesk.svg``
for distribution packages (a test keeps them identical to what is generated
here), so there is one source of truth.

``register_handlers`` is for pip installs: packages install the files
system-wide instead. It writes ``~/.local/share/applications/mypbxdesk.desktop``
with ``Exec`` pointing at this installation, the icon, refreshes the desktop
database and makes the app the default for the three schemes with
``xdg-mime`` (desktop-integration.md §3.1).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

DESKTOP_ID = "mypbxdesk"
APP_ID = "io.github.mypbxdesk.mypbxdesk"
SCHEMES = ("tel", "callto", "sip")
MIME_TYPES = tuple(f"x-scheme-handler/{s}" for s in SCHEMES)

ICON_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <circle cx="128" cy="128" r="127" fill="#1a73e8"/>
  <path fill="#ffffff" d="M46 77C46 159 97 210 179 210L205 184L169 148L146 166\
C120 154 102 136 90 110L108 87L72 51Z"/>
</svg>
"""


def launch_command() -> list[str]:
    """How to start this installation: the frozen executable, the venv's
    ``mypbxdesk`` script, or ``python -m mypbxdesk``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.executable).with_name("mypbxdesk.exe" if os.name == "nt" else "mypbxdesk")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "mypbxdesk"]


def _quote_exec(arg: str) -> str:
    """Quote one argument for a desktop file's ``Exec`` key (Desktop Entry spec)."""
    arg = arg.replace("%", "%%")
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`="):
        return arg
    # Quote rule (\" \` \$ \\), then the string escape rule doubles backslashes again.
    escaped = "".join("\\\\\\\\" if c == "\\" else "\\" + c if c in '"`$' else c for c in arg)
    return f'"{escaped}"'


def desktop_entry(command: Sequence[str] = ("mypbxdesk",), *, autostart: bool = False) -> str:
    """The ``.desktop`` text; ``autostart`` gives the XDG autostart variant."""
    exec_line = " ".join(_quote_exec(a) for a in command)
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=mypbxdesk",
        "Name[zh_CN]=mypbxdesk 点击拨号",
        "GenericName=Click-to-dial and caller ID",
        "GenericName[zh_CN]=点击拨号和来电弹屏",
        "Comment=Dial from your desk phone and see who is calling (Yeastar MyPBX, Asterisk)",
        "Comment[zh_CN]=用桌面电话拨号并显示来电者（Yeastar MyPBX、Asterisk）",
        f"Exec={exec_line} --autostart" if autostart else f"Exec={exec_line} %u",
        f"Icon={DESKTOP_ID}",
        "Terminal=false",
        "Categories=Network;Telephony;",
        "Keywords=phone;call;dial;PBX;Asterisk;Yeastar;",
    ]
    if autostart:
        lines += ["NoDisplay=true", "X-GNOME-Autostart-enabled=true"]
    else:
        lines += [
            "MimeType=" + "".join(f"{m};" for m in MIME_TYPES),
            f"StartupWMClass={DESKTOP_ID}",
        ]
    return "\n".join(lines) + "\n"


def xdg_data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


Runner = Callable[[list[str]], "subprocess.CompletedProcess[str]"]


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)


def register_handlers(run: Runner = _run) -> list[str]:
    """Install the launcher and icon for this user and claim tel:/callto:/sip:.

    Returns what was done, one line each (for the command line to print).
    Raises OSError if the files cannot be written.
    """
    report: list[str] = []
    apps = xdg_data_home() / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    entry = apps / f"{DESKTOP_ID}.desktop"
    entry.write_text(desktop_entry(launch_command()), encoding="utf-8")
    report.append(f"wrote {entry}")
    icon = xdg_data_home() / "icons" / "hicolor" / "scalable" / "apps" / f"{DESKTOP_ID}.svg"
    icon.parent.mkdir(parents=True, exist_ok=True)
    icon.write_text(ICON_SVG, encoding="utf-8")
    report.append(f"wrote {icon}")
    if shutil.which("update-desktop-database"):
        done = run(["update-desktop-database", str(apps)])
        report.append(
            "updated the desktop database"
            if done.returncode == 0
            else f"update-desktop-database failed: {done.stderr.strip()}"
        )
    if not shutil.which("xdg-mime"):
        report.append(
            "xdg-mime not found (install xdg-utils): choose mypbxdesk for tel: "
            "links in your desktop's default-applications settings"
        )
        return report
    for mime in MIME_TYPES:
        done = run(["xdg-mime", "default", f"{DESKTOP_ID}.desktop", mime])
        report.append(
            f"default for {mime}"
            if done.returncode == 0
            else f"xdg-mime could not set {mime}: {done.stderr.strip() or done.returncode}"
        )
    return report
