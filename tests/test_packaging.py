"""Packaging definitions stay consistent with the app (the build itself is a CI step:
``packaging/build-linux.sh`` builds the bundle and smoke-starts it offscreen)."""

from __future__ import annotations

import ast
import plistlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mypbxdesk.desktop.handlers import SCHEMES

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def test_macos_info_plist_declares_the_url_schemes() -> None:
    info = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    (types,) = info["CFBundleURLTypes"]
    assert types["CFBundleURLSchemes"] == list(SCHEMES)
    assert info["LSUIElement"] is True
    assert info["CFBundleIdentifier"] == "io.github.mypbxdesk.mypbxdesk"


def test_inno_setup_registers_handlers_per_user_and_autostart() -> None:
    iss = (PACKAGING / "windows" / "mypbxdesk.iss").read_text("utf-8")
    assert "PrivilegesRequired=lowest" in iss
    for scheme in SCHEMES:
        assert (
            f'Subkey: "Software\\Classes\\{scheme}"; ValueType: string; ValueName: '
            f'"URL Protocol"' in iss
        )
        assert re.search(rf'Software\\Classes\\{scheme}\\shell\\open\\command".*"%1"', iss)
        assert f'ValueName: "{scheme}"; ValueData: "{{#ProgId}}"' in iss
    assert re.search(r'CurrentVersion\\Run".*ValueName: "mypbxdesk".*--autostart', iss, re.DOTALL)
    assert "HKLM" not in iss


def test_spec_and_build_script_parse() -> None:
    ast.parse((PACKAGING / "mypbxdesk.spec").read_text("utf-8"))
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    done = subprocess.run(
        ["bash", "-n", str(PACKAGING / "build-linux.sh")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
