"""The pop card stays above a full-screen window (issue 13): on a real X server.

A receptionist with a full-screen CRM or slide show must still see who is calling.
On X11 the card bypasses the window manager (EWMH managers stack a focused
full-screen window above every "stay on top" window) and, while it is up, raises
itself again when something covers it. The X part runs in a child process: Qt
on the xcb platform, while the test process itself runs Qt offscreen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt

from mypbxdesk.ui.popcard import ON_TOP_EVERY_MS, card_flags

ROOT = Path(__file__).resolve().parents[2]

_CHILD = textwrap.dedent(
    """
    import ctypes, sys, time
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QWidget
    from mypbxdesk.calls import Call, CallState, Direction
    from mypbxdesk.service.phone import PhoneService
    from mypbxdesk.settings.config import Settings
    from mypbxdesk.ui.bridge import PbxBridge
    from mypbxdesk.ui.popcard import ON_TOP_EVERY_MS, ScreenPop
    from mypbxdesk.ui.hotkey.x11 import load_xlib

    app = QApplication([])
    assert app.platformName() == "xcb", app.platformName()
    x = load_xlib()
    ul, vp = ctypes.c_ulong, ctypes.c_void_p
    x.XQueryTree.argtypes = [vp, ul, ctypes.POINTER(ul), ctypes.POINTER(ul),
                             ctypes.POINTER(ctypes.POINTER(ul)), ctypes.POINTER(ctypes.c_uint)]
    x.XFree.argtypes = [vp]
    dpy = x.XOpenDisplay(None)

    def stacking():
        root, parent, count = ul(), ul(), ctypes.c_uint()
        children = ctypes.POINTER(ul)()
        x.XQueryTree(dpy, x.XDefaultRootWindow(dpy), ctypes.byref(root), ctypes.byref(parent),
                     ctypes.byref(children), ctypes.byref(count))
        order = [children[i] for i in range(count.value)]  # bottom to top
        x.XFree(children)
        return order

    def pump(seconds):  # the app's own event loop runs meanwhile, as under qasync
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    service = PhoneService(Settings(host="127.0.0.1", extension="474"), "pw")
    bridge = PbxBridge(service)
    call = Call(call_id="t-1", direction=Direction.INCOMING, number="13806012345",
                name="Bob Smith", extension="474", state=CallState.RINGING,
                my_channel="SIP/474-1", peer_channel="SIP/trunk-2", trunk="trunk",
                started_at=time.time())
    pop = ScreenPop(bridge, service.resolver.view(call))
    pop.show()
    pump(0.3)
    full = QWidget()
    full.setWindowTitle("a full-screen CRM")
    full.showFullScreen()
    pump(0.2)
    full.raise_()  # the CRM comes to the front, over the card
    pump(0.1)
    card, crm = int(pop.winId()), int(full.winId())
    order = stacking()
    covered = order.index(card) < order.index(crm)
    pump(ON_TOP_EVERY_MS / 1000 + 0.5)
    order = stacking()
    above = order.index(card) > order.index(crm)
    print("covered" if covered else "never-covered", "on-top" if above else "under")
    print("bypass", bool(pop.windowFlags() & Qt.WindowType.X11BypassWindowManagerHint))
    pop.close()
    pump(ON_TOP_EVERY_MS / 1000 + 0.2)
    full.raise_()
    pump(ON_TOP_EVERY_MS / 1000 + 0.3)
    order = stacking()
    gone = card not in order or order.index(card) < order.index(crm)
    print("closed", "under" if gone else "on-top")
    """
)


def test_card_flags_bypass_the_window_manager_only_on_x11() -> None:
    for platform in ("xcb", "wayland", "windows", "cocoa", "offscreen"):
        flags = card_flags(platform)
        assert flags & Qt.WindowType.WindowStaysOnTopHint
        assert flags & Qt.WindowType.FramelessWindowHint
        bypass = bool(flags & Qt.WindowType.X11BypassWindowManagerHint)
        assert bypass is (platform == "xcb"), platform


def test_card_comes_back_above_a_full_screen_window(xdisplay: str, tmp_path: Path) -> None:
    env = dict(
        os.environ,
        DISPLAY=xdisplay,
        QT_QPA_PLATFORM="xcb",
        MYPBXDESK_CONFIG_DIR=str(tmp_path / "config"),
        MYPBXDESK_DATA_DIR=str(tmp_path / "data"),
    )
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.split("\n")
    # The full-screen window did cover the card, and within a second it was on top again.
    assert "covered on-top" in lines, done.stdout
    assert "bypass True" in lines
    # A closed card does not come back.
    assert "closed under" in lines
    assert ON_TOP_EVERY_MS <= 1000  # "at once" for a ringing call
