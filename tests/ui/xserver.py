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
    proc = subprocess.Popen(
        [exe, "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "320x240x24"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
        self.xtst.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
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

    def press_code(self, *codes: int) -> None:
        """Press keys by keycode (after a remap, this client's keysym cache is stale)."""
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.dpy, code, 1, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.dpy, code, 0, 0)
        self.x.XFlush(self.dpy)

    def mapping(self, code: int) -> list[int]:
        """The keysyms of one keycode (every level), to put back later."""
        per = ctypes.c_int()
        get = self.x.XGetKeyboardMapping
        get.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
        get.restype = ctypes.POINTER(ctypes.c_ulong)
        syms = get(self.dpy, code, 1, ctypes.byref(per))
        try:
            return [syms[i] for i in range(per.value)]
        finally:
            self.x.XFree.argtypes = [ctypes.c_void_p]
            self.x.XFree(syms)

    def remap(self, code: int, keysyms: list[int]) -> None:
        """Give ``code`` these keysyms (like ``xmodmap -e 'keycode N = …'``)."""
        change = self.x.XChangeKeyboardMapping
        change.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.c_int,
        ]
        array = (ctypes.c_ulong * len(keysyms))(*keysyms)
        change(self.dpy, code, len(keysyms), array, 1)
        self.x.XSync(self.dpy, 0)

    def close(self) -> None:
        self.x.XCloseDisplay(self.dpy)


@pytest.fixture
def keyboard(xdisplay: str) -> Iterator[Keyboard]:
    kb = Keyboard(xdisplay)
    yield kb
    kb.close()
