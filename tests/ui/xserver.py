"""A real X server for the global-hotkey tests: Xvfb on a free display (Unix
socket only, no TCP), and a keyboard that types on it through XTEST."""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import subprocess
from collections.abc import Iterator
from typing import NoReturn

import pytest


def _missing(what: str) -> NoReturn:
    """CI sets MYPBXDESK_XVFB=1: there a missing X server fails instead of skipping."""
    if os.environ.get("MYPBXDESK_XVFB") == "1":
        pytest.fail(f"{what} is required here (MYPBXDESK_XVFB=1) but is not installed")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def xdisplay() -> Iterator[str]:
    exe = shutil.which("Xvfb")
    if exe is None:
        _missing("Xvfb (apt-get install xvfb)")
    read_end, write_end = os.pipe()
    proc = subprocess.Popen([exe, "-displayfd", str(write_end), "-nolisten", "tcp",
                             "-screen", "0", "320x240x24"], pass_fds=(write_end,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 10)
        number = os.read(read_end, 32).decode().strip() if ready else ""
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        os.close(read_end)
        proc.terminate()
        proc.wait(10)


class Keyboard:
    """Types on the X server like a user would: XTEST fake key events."""

    def __init__(self, display: str) -> None:
        from mypbxdesk.ui.hotkey.x11 import load_xlib

        self.x = load_xlib()
        try:
            self.xtst = ctypes.CDLL("libXtst.so.6")
        except OSError:
            _missing("libXtst (XTEST, apt-get install libxtst6)")
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                                ctypes.c_ulong]
        self.dpy = self.x.XOpenDisplay(display.encode())
        assert self.dpy

    def code(self, name: str) -> int:
        return int(self.x.XKeysymToKeycode(self.dpy, self.x.XStringToKeysym(name.encode())))

    def press(self, *names: str) -> None:
        for name in names:
            self.xtst.XTestFakeKeyEvent(self.dpy, self.code(name), 1, 0)
        for name in reversed(names):
            self.xtst.XTestFakeKeyEvent(self.dpy, self.code(name), 0, 0)
        self.x.XFlush(self.dpy)

    def close(self) -> None:
        self.x.XCloseDisplay(self.dpy)


@pytest.fixture
def keyboard(xdisplay: str) -> Iterator[Keyboard]:
    kb = Keyboard(xdisplay)
    yield kb
    kb.close()


