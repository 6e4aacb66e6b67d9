"""Without a display the desktop app says so instead of Qt aborting (exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mypbxdesk.cli.display import no_display_reason


@pytest.mark.parametrize(
    ("env", "platform", "can"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", True),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", False),
        ({}, "darwin", True),
        ({}, "win32", True),
        ({}, "freebsd14", False),
    ],
)
def test_no_display_reason(env: dict[str, str], platform: str, can: bool) -> None:
    assert (no_display_reason(env, platform) is None) is can


def test_without_a_display_the_app_says_so_and_points_to_the_cli(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "mypbxdesk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 3, done.stderr
    assert "graphical session" in done.stderr
    assert "mypbxdesk monitor" in done.stderr and "mypbxdesk dial" in done.stderr
    assert "xcb" not in done.stderr.lower()
