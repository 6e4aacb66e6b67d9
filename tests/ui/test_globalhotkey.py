"""The global dial hotkey: the manager's states, the real X11 grab on a real X
server (Xvfb, keys typed through XTEST), and the Windows and macOS backends
against stand-in system libraries with real native structures."""

from __future__ import annotations

import ctypes
from typing import Any

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mypbxdesk.desktop.hotkeys import MOD_ALT, MOD_CONTROL, MOD_NOREPEAT, parse_chord
from mypbxdesk.ui.hotkey import GlobalHotkey, HotkeyState, default_backend
from mypbxdesk.ui.hotkey.base import HotkeyTakenError, HotkeyUnavailableError
from mypbxdesk.ui.hotkey.macos import (
    EVENT_HOTKEY_EXISTS_ERR,
    EVENT_NOT_HANDLED_ERR,
    SIGNATURE,
    EventHotKeyID,
    MacGrabber,
)
from mypbxdesk.ui.hotkey.windows import HOTKEY_ID, MSG, WM_HOTKEY, WindowsGrabber

from .fakehotkey import FakeBackend
from .xserver import Keyboard

pytestmark = pytest.mark.expect_log(r"global (dial )?hotkey", r"could not grab the global hotkey")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# -- manager ------------------------------------------------------------------------


def test_active_chord_emits_activated_once_per_press(qtbot: QtBot) -> None:
    backend, clock = FakeBackend(), Clock()
    hotkey = GlobalHotkey(lambda: backend, clock=clock)
    with qtbot.waitSignal(hotkey.status_changed) as changed:
        status = hotkey.apply("ctrl+alt+d")
    assert status.state is HotkeyState.ACTIVE and status.chord == "Ctrl+Alt+D"
    assert "Ctrl+Alt+D" in status.message and changed.args == [status]
    assert backend.grabbed == ["Ctrl+Alt+D"] and backend.press is not None
    presses: list[int] = []
    hotkey.activated.connect(lambda: presses.append(1))
    backend.press()
    backend.press()  # auto-repeat / double tap: one dial
    qtbot.waitUntil(lambda: presses == [1])
    clock.now += 1.0
    backend.press()
    qtbot.waitUntil(lambda: presses == [1, 1])


def test_new_chord_releases_the_old_one_and_empty_turns_it_off(qtbot: QtBot) -> None:
    backend = FakeBackend()
    hotkey = GlobalHotkey(lambda: backend)
    hotkey.apply("Ctrl+Alt+D")
    hotkey.apply("Meta+F9")
    assert backend.grabbed == ["Ctrl+Alt+D", "Meta+F9"] and backend.released >= 1
    status = hotkey.apply("")
    assert status.state is HotkeyState.OFF and backend.press is None
    hotkey.close()
    assert hotkey.status.state is HotkeyState.OFF


def test_invalid_chord_is_refused_before_the_os_sees_it(qtbot: QtBot) -> None:
    backend = FakeBackend()
    hotkey = GlobalHotkey(lambda: backend)
    status = hotkey.apply("Shift+D")
    assert status.state is HotkeyState.INVALID and "ordinary typing" in status.message
    assert backend.grabbed == [] and not status.ok


@pytest.mark.parametrize(
    ("fail", "state", "words"),
    [
        (HotkeyTakenError("Ctrl+Alt+D"), HotkeyState.TAKEN, "already used by another program"),
        (HotkeyUnavailableError("no X display"), HotkeyState.UNAVAILABLE, "no X display"),
        (OSError("segfault-free but broken"), HotkeyState.UNAVAILABLE, "could not be set up"),
    ],
)
def test_grab_failures_become_a_status(
    qtbot: QtBot, fail: Exception, state: HotkeyState, words: str
) -> None:
    hotkey = GlobalHotkey(lambda: FakeBackend(fail))
    status = hotkey.apply("Ctrl+Alt+D")
    assert status.state is state and words in status.message
    assert hotkey.status == status


def test_a_backend_that_cannot_load_leaves_the_app_running(qtbot: QtBot) -> None:
    def broken() -> FakeBackend:
        raise OSError("libX11.so.6: cannot open shared object file")

    status = GlobalHotkey(broken).apply("Ctrl+Alt+D")
    assert status.state is HotkeyState.UNAVAILABLE and "libX11" in status.message


def test_offscreen_and_wayland_say_so(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    assert QGuiApplication.platformName() == "offscreen"
    status = GlobalHotkey().apply("Ctrl+Alt+D")
    assert status.state is HotkeyState.UNAVAILABLE and "offscreen" in status.message
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "wayland"))
    status = GlobalHotkey().apply("Ctrl+Alt+D")
    assert status.state is HotkeyState.UNAVAILABLE
    assert "Wayland" in status.message and "mypbxdesk --dial-clipboard" in status.message
    assert default_backend().name == "none"


def test_xwayland_is_treated_as_wayland(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt on XWayland says "xcb", but an X grab there only sees keys typed into
    X11 windows: saying "active" would be a lie."""
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    status = GlobalHotkey().apply("Ctrl+Alt+D")
    assert status.state is HotkeyState.UNAVAILABLE and "Wayland" in status.message
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":987")  # an X session, but no server there
    status = GlobalHotkey().apply("Ctrl+Alt+D")
    assert status.state is HotkeyState.UNAVAILABLE and ":987" in status.message


# -- X11: a real server, real grabs, keys typed through XTEST -------------------------


def x11_hotkey(display: str) -> GlobalHotkey:
    from mypbxdesk.ui.hotkey.x11 import X11Grabber

    return GlobalHotkey(lambda: X11Grabber(display), clock=Clock())


def test_x11_chord_pressed_anywhere_dials(qtbot: QtBot, xdisplay: str, keyboard: Keyboard) -> None:
    hotkey = x11_hotkey(xdisplay)
    try:
        assert hotkey.apply("Ctrl+Alt+D").state is HotkeyState.ACTIVE
        with qtbot.waitSignal(hotkey.activated, timeout=3000):
            keyboard.press("Control_L", "Alt_L", "d")
    finally:
        hotkey.close()


def test_x11_other_chords_and_num_lock(qtbot: QtBot, xdisplay: str, keyboard: Keyboard) -> None:
    from mypbxdesk.ui.hotkey.x11 import X11Grabber

    hits: list[str] = []
    grabber = X11Grabber(xdisplay)
    chord = parse_chord("Ctrl+Alt+D")
    assert chord is not None
    try:
        grabber.grab(chord, lambda: hits.append("hit"))
        keyboard.press("Control_L", "d")  # not the chord: not ours
        keyboard.press("Control_L", "Alt_L", "e")  # not the chord either
        keyboard.press("Num_Lock")  # Num Lock on: still the chord
        keyboard.press("Control_L", "Alt_L", "d")
        qtbot.waitUntil(lambda: hits == ["hit"], timeout=3000)
        keyboard.press("Num_Lock")
        keyboard.press("Shift_L", "Control_L", "Alt_L", "d")  # extra Shift: not ours
        keyboard.press("Control_L", "Alt_L", "d")
        qtbot.waitUntil(lambda: hits == ["hit", "hit"], timeout=3000)
        qtbot.wait(100)
        assert hits == ["hit", "hit"]
    finally:
        grabber.close()


def test_x11_keyboard_remap_moves_the_grab_with_the_key(
    qtbot: QtBot, xdisplay: str, keyboard: Keyboard
) -> None:
    """Switching layouts moves "d" to another keycode: the server says MappingNotify
    and the grab follows, so Ctrl+Alt+D still dials and the old key no longer does."""
    from mypbxdesk.ui.hotkey.x11 import X11Grabber

    d_code, x_code = keyboard.code("d"), keyboard.code("x")
    d_syms, x_syms = keyboard.mapping(d_code), keyboard.mapping(x_code)
    hits: list[str] = []
    grabber = X11Grabber(xdisplay)
    chord = parse_chord("Ctrl+Alt+D")
    assert chord is not None
    ctrl, alt = keyboard.code("Control_L"), keyboard.code("Alt_L")
    try:
        grabber.grab(chord, lambda: hits.append("hit"))
        assert grabber._keycode == d_code
        keyboard.remap(d_code, x_syms)  # the two keys swap places
        keyboard.remap(x_code, d_syms)
        qtbot.waitUntil(lambda: grabber._keycode == x_code, timeout=3000)
        keyboard.press_code(ctrl, alt, d_code)  # now types "x": not ours
        keyboard.press_code(ctrl, alt, x_code)  # now types "d"
        qtbot.waitUntil(lambda: hits == ["hit"], timeout=3000)
        qtbot.wait(100)
        assert hits == ["hit"]
    finally:
        keyboard.remap(d_code, d_syms)
        keyboard.remap(x_code, x_syms)
        qtbot.waitUntil(lambda: grabber._keycode in (d_code, 0), timeout=3000)
        grabber.close()


def test_x11_chord_held_by_another_program(qtbot: QtBot, xdisplay: str) -> None:
    first, second = x11_hotkey(xdisplay), x11_hotkey(xdisplay)
    try:
        assert first.apply("Ctrl+Alt+D").state is HotkeyState.ACTIVE
        status = second.apply("Ctrl+Alt+D")
        assert status.state is HotkeyState.TAKEN and "already used" in status.message
        assert second.apply("Ctrl+Alt+E").state is HotkeyState.ACTIVE  # another one is free
        first.apply("")  # given back: now the second program may have it
        assert second.apply("Ctrl+Alt+D").state is HotkeyState.ACTIVE
    finally:
        first.close()
        second.close()


def test_x11_without_a_display_is_unavailable(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mypbxdesk.ui.hotkey.x11 import X11Grabber

    monkeypatch.delenv("DISPLAY", raising=False)
    status = GlobalHotkey(X11Grabber).apply("Ctrl+Alt+D")
    assert status.state is HotkeyState.UNAVAILABLE and "DISPLAY" in status.message
    hotkey = GlobalHotkey(lambda: X11Grabber(":987"))  # no server there
    status = hotkey.apply("Ctrl+Alt+D")
    assert status.state is HotkeyState.UNAVAILABLE and ":987" in status.message


# -- Windows: RegisterHotKey and WM_HOTKEY, with a stand-in user32 ----------------------


class FakeUser32:
    def __init__(self, taken: bool = False) -> None:
        self.taken = taken
        self.calls: list[tuple[Any, ...]] = []

    def RegisterHotKey(self, hwnd: Any, ident: int, mods: int, vk: int) -> int:  # noqa: N802
        self.calls.append(("register", hwnd, ident, mods, vk))
        return 0 if self.taken else 1

    def UnregisterHotKey(self, hwnd: Any, ident: int) -> int:  # noqa: N802
        self.calls.append(("unregister", hwnd, ident))
        return 1


def wm_hotkey(ident: int = HOTKEY_ID, message: int = WM_HOTKEY) -> MSG:
    msg = MSG()
    msg.message, msg.wParam = message, ident
    return msg


def test_windows_registers_and_recognises_its_message(qtbot: QtBot, qapp: QApplication) -> None:
    user32 = FakeUser32()
    grabber = WindowsGrabber(user32, last_error=lambda: 0)
    hits: list[int] = []
    grabber.grab(parse_chord("Ctrl+Alt+D"), lambda: hits.append(1))  # type: ignore[arg-type]
    assert user32.calls == [
        ("register", None, HOTKEY_ID, MOD_CONTROL | MOD_ALT | MOD_NOREPEAT, 0x44)
    ]
    native_filter = grabber._filter
    assert native_filter is not None
    kind = QByteArray(b"windows_dispatcher_MSG")
    other, ours = wm_hotkey(ident=7), wm_hotkey()
    assert native_filter.nativeEventFilter(kind, ctypes.addressof(other)) == (False, 0)
    assert native_filter.nativeEventFilter(kind, ctypes.addressof(wm_hotkey(message=0x0100))) == (
        False,
        0,
    )
    assert native_filter.nativeEventFilter(
        QByteArray(b"xcb_generic_event_t"), ctypes.addressof(ours)
    ) == (False, 0)
    assert hits == []
    assert native_filter.nativeEventFilter(kind, ctypes.addressof(ours)) == (True, 0)
    assert hits == [1]
    grabber.close()
    assert user32.calls[-1] == ("unregister", None, HOTKEY_ID)
    native_filter.nativeEventFilter(kind, ctypes.addressof(ours))
    assert hits == [1]


def test_windows_chord_owned_elsewhere_is_taken(qtbot: QtBot) -> None:
    hotkey = GlobalHotkey(lambda: WindowsGrabber(FakeUser32(taken=True), last_error=lambda: 1409))
    assert hotkey.apply("Ctrl+Alt+D").state is HotkeyState.TAKEN
    other = GlobalHotkey(lambda: WindowsGrabber(FakeUser32(taken=True), last_error=lambda: 5))
    status = other.apply("Ctrl+Alt+D")
    assert status.state is HotkeyState.UNAVAILABLE and "error 5" in status.message


def test_windows_without_user32_is_unavailable() -> None:
    if hasattr(ctypes, "WinDLL"):
        pytest.skip("this is Windows")
    with pytest.raises(HotkeyUnavailableError, match="user32"):
        WindowsGrabber()


# -- macOS: Carbon RegisterEventHotKey, with a stand-in framework -----------------------


class FakeCarbon:
    TARGET = 0xA11

    def __init__(self, register_status: int = 0) -> None:
        self.register_status = register_status
        self.handler: Any = None
        self.registered: list[tuple[int, int, int, int]] = []
        self.unregistered = 0
        self.removed = 0
        self.event_ids: dict[int, tuple[int, int]] = {}

    def GetApplicationEventTarget(self) -> int:  # noqa: N802
        return self.TARGET

    def InstallEventHandler(
        self,
        target: int,
        handler: Any,
        count: int,
        spec: Any,
        data: Any,
        out: Any,
    ) -> int:
        assert target == self.TARGET and count == 1
        self.handler = handler
        ctypes.cast(out, ctypes.POINTER(ctypes.c_void_p))[0] = 0xBEEF
        return 0

    def RegisterEventHotKey(
        self,
        code: int,
        mods: int,
        ident: EventHotKeyID,
        target: int,
        options: int,
        out: Any,
    ) -> int:
        self.registered.append((code, mods, ident.signature, ident.id))
        if self.register_status == 0:
            ctypes.cast(out, ctypes.POINTER(ctypes.c_void_p))[0] = 0xCAFE
        return self.register_status

    def UnregisterEventHotKey(self, ref: Any) -> int:  # noqa: N802
        self.unregistered += 1
        return 0

    def RemoveEventHandler(self, ref: Any) -> int:  # noqa: N802
        self.removed += 1
        return 0

    def GetEventParameter(
        self,
        event: int,
        name: int,
        kind: int,
        actual: Any,
        size: int,
        actual_size: Any,
        out: Any,
    ) -> int:
        signature, ident = self.event_ids[event]
        target = ctypes.cast(out, ctypes.POINTER(EventHotKeyID)).contents
        target.signature, target.id = signature, ident
        return 0


def test_macos_registers_and_handles_its_own_hotkey(qtbot: QtBot) -> None:
    carbon = FakeCarbon()
    grabber = MacGrabber(carbon)
    hits: list[int] = []
    grabber.grab(parse_chord("Ctrl+Alt+D"), lambda: hits.append(1))  # type: ignore[arg-type]
    assert carbon.registered == [(0x02, 0x100 | 0x800, SIGNATURE, 1)]
    carbon.event_ids = {1: (SIGNATURE, 1), 2: (int.from_bytes(b"OTHR", "big"), 1)}
    assert grabber._on_event(None, 2, None) == EVENT_NOT_HANDLED_ERR
    assert hits == []
    assert grabber._on_event(None, 1, None) == 0
    assert hits == [1]
    grabber.close()
    assert carbon.unregistered == 1 and carbon.removed == 1


def test_macos_taken_and_keys_a_mac_lacks(qtbot: QtBot) -> None:
    hotkey = GlobalHotkey(lambda: MacGrabber(FakeCarbon(EVENT_HOTKEY_EXISTS_ERR)))
    assert hotkey.apply("Ctrl+Alt+D").state is HotkeyState.TAKEN
    status = GlobalHotkey(lambda: MacGrabber(FakeCarbon())).apply("Ctrl+Alt+Print")
    assert status.state is HotkeyState.INVALID and "Mac keyboard has no Print" in status.message
