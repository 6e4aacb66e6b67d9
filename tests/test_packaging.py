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


def test_deb_from_a_bundle_installs_the_program_and_its_desktop_files(tmp_path: Path) -> None:
    """packaging/build-deb.sh on a stand-in bundle: what the package would install
    (CI builds it from the real bundle, installs, starts and removes it)."""
    if shutil.which("dpkg-deb") is None or shutil.which("bash") is None:
        pytest.skip("dpkg-deb is not installed (not a Debian/Ubuntu machine)")
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "mypbxdesk"
    exe.write_text("#!/bin/sh\necho mypbxdesk\n")
    exe.chmod(0o755)
    (bundle / "_internal" / "lib.so").write_bytes(b"\0" * 64)
    built = subprocess.run(
        ["bash", str(PACKAGING / "build-deb.sh"), str(bundle), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    deb = Path(built.stdout.strip().splitlines()[-1])
    assert deb.is_file() and deb.name.startswith("mypbxdesk_0.")

    def field(name: str) -> str:
        return subprocess.run(
            ["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert field("Package") == "mypbxdesk"
    assert "libxcb-cursor0" in field("Depends")  # Qt's xcb plugin will not load without it
    assert "xdg-utils" in field("Recommends")
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    entries = {line.split(None, 5)[5].split(" -> ")[0]: line for line in listing.splitlines()}
    assert "./usr/bin/mypbxdesk" in entries
    assert entries["./usr/bin/mypbxdesk"].startswith("l")
    assert "-> /opt/mypbxdesk/mypbxdesk" in entries["./usr/bin/mypbxdesk"]
    assert entries["./opt/mypbxdesk/mypbxdesk"].startswith("-rwxr-xr-x root/root")
    for path in (
        "./usr/share/applications/mypbxdesk.desktop",
        "./usr/share/metainfo/io.github.mypbxdesk.mypbxdesk.metainfo.xml",
        "./usr/share/icons/hicolor/scalable/apps/mypbxdesk.svg",
        "./opt/mypbxdesk/_internal/lib.so",
    ):
        assert entries[path].startswith("-rw-r--r-- root/root"), entries.get(path)
