"""Linux desktop integration: launcher, AppStream metadata, URI handlers, autostart.

``desktop-file-validate`` (Debian package desktop-file-utils), ``appstreamcli``
(appstream) and ``xdg-mime`` (xdg-utils) are run for real; a test is
skipped, saying which package to install, only when its tool is missing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mypbxdesk.desktop import autostart
from mypbxdesk.desktop.handlers import ICON_SVG, MIME_TYPES, desktop_entry, register_handlers

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
METAINFO = RESOURCES / "io.github.mypbxdesk.mypbxdesk.metainfo.xml"


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian/Ubuntu: apt-get install {package})")
    return path


def validate_desktop(path: Path) -> None:
    done = subprocess.run(
        [need("desktop-file-validate", "desktop-file-utils"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.delenv("XDG_CURRENT_DESKTOP", raising=False)
    monkeypatch.delenv("DESKTOP_SESSION", raising=False)
    return tmp_path


def test_committed_resources_are_what_the_code_generates() -> None:
    assert (RESOURCES / "mypbxdesk.desktop").read_text("utf-8") == desktop_entry()
    assert (RESOURCES / "mypbxdesk.svg").read_text("utf-8") == ICON_SVG


def test_desktop_file_is_valid_and_claims_the_three_schemes() -> None:
    path = RESOURCES / "mypbxdesk.desktop"
    validate_desktop(path)
    text = path.read_text("utf-8")
    assert "MimeType=x-scheme-handler/tel;x-scheme-handler/callto;x-scheme-handler/sip;" in text
    assert "Exec=mypbxdesk %u" in text


def test_appstream_metainfo_is_valid() -> None:
    tool = need("appstreamcli", "appstream")
    done = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = METAINFO.read_text("utf-8")
    for mime in MIME_TYPES:
        assert f"<mediatype>{mime}</mediatype>" in text
    assert '<launchable type="desktop-id">mypbxdesk.desktop</launchable>' in text


def exec_args(value: str) -> list[str]:
    """Split an ``Exec`` value as the Desktop Entry spec says (string escapes, quotes)."""
    value = value.replace("\\\\", "\\")  # the string escape rule: \\ -> \
    args: list[str] = []
    cur, quoted, i, started = "", False, 0, False
    while i < len(value):
        c = value[i]
        if quoted and c == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
            cur, i = cur + value[i + 1], i + 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if cur or started:
                args.append(cur)
            cur, started = "", False
        else:
            cur, started = cur + c, True
        i += 1
    if cur or started:
        args.append(cur)
    return [a.replace("%%", "%") for a in args]


def test_exec_line_quotes_awkward_paths(tmp_path: Path) -> None:
    odd = '/opt/My Apps/$HOME/100%/mypbx"desk\\x'
    path = tmp_path / "x.desktop"
    path.write_text(desktop_entry([odd, "-m", "mypbxdesk"]), encoding="utf-8")
    validate_desktop(path)
    exec_line = next(x for x in path.read_text().splitlines() if x.startswith("Exec="))
    assert exec_args(exec_line[5:]) == [odd, "-m", "mypbxdesk", "%u"]


@pytest.mark.skipif(sys.platform != "linux", reason="XDG desktops only")
def test_register_handlers_installs_entry_and_sets_defaults(home: Path) -> None:
    need("xdg-mime", "xdg-utils")
    report = register_handlers()
    entry = home / "data-home" / "applications" / "mypbxdesk.desktop"
    assert f"wrote {entry}" in report
    validate_desktop(entry)
    exec_line = next(x for x in entry.read_text().splitlines() if x.startswith("Exec="))
    assert shlex.split(exec_line[5:])[-1] == "%u"
    assert Path(shlex.split(exec_line[5:])[0]).exists()  # this installation's entry point
    assert (home / "data-home/icons/hicolor/scalable/apps/mypbxdesk.svg").read_text() == ICON_SVG
    for mime in MIME_TYPES:
        assert f"default for {mime}" in report
        query = subprocess.run(
            ["xdg-mime", "query", "default", mime],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ.copy(),
        )
        assert query.stdout.strip() == "mypbxdesk.desktop"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG desktops only")
def test_register_handlers_command_line(home: Path) -> None:
    need("xdg-mime", "xdg-utils")
    done = subprocess.run(
        [sys.executable, "-m", "mypbxdesk", "--register-handlers"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "default for x-scheme-handler/tel" in done.stdout
    mimeapps = (home / "config-home" / "mimeapps.list").read_text()
    assert "x-scheme-handler/sip=mypbxdesk.desktop" in mimeapps


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux path (XDG autostart)")
def test_start_at_login_on_linux(home: Path) -> None:
    path = home / "config-home" / "autostart" / "mypbxdesk.desktop"
    assert not autostart.is_enabled()
    autostart.set_enabled(True)
    assert autostart.is_enabled()
    validate_desktop(path)
    text = path.read_text()
    assert "--autostart" in next(x for x in text.splitlines() if x.startswith("Exec="))
    assert "X-GNOME-Autostart-enabled=true" in text
    assert "MimeType" not in text  # the autostart copy must not compete for tel:
    autostart.set_enabled(False)
    assert not path.exists()
    autostart.set_enabled(False)  # idempotent
    assert not autostart.is_enabled()
