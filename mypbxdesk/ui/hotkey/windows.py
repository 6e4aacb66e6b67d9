"""Windows global hotkey: ``RegisterHotKey`` through ctypes.

The hotkey is registered for the GUI thread (no window handle), so Windows
posts ``WM_HOTKEY`` to the thread's message queue. Qt's event dispatcher
hands every such message to the native event filters as
``windows_dispatcher_MSG`` before dispatching it; :class:`_HotkeyFilter`
picks ours out by message and hotkey id. ``MOD_NOREPEAT`` keeps a held chord
from repeating. ``ERROR_HOTKEY_ALREADY_REGISTERED`` (1409) means another
program owns the chord.

``user32`` can be injected, so the registration and the message parsing are
tested on any OS with a stand-in library and real ``MSG`` structures.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication

from ...desktop.hotkeys import Chord
from .base import HotkeyTakenError, HotkeyUnavailableError

log = logging.getLogger("mypbxdesk.ui.hotkey")

WM_HOTKEY = 0x0312
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
HOTKEY_ID = 0xB0D1  # application ids are 0x0000–0xBFFF
_EVENT_TYPES = (b"windows_dispatcher_MSG", b"windows_generic_MSG")


class POINT(ctypes.Structure):
    _fields_ = [("x", ctypes.c_long), ("y", ctypes.c_long)]


class MSG(ctypes.Structure):
    """``MSG`` from winuser.h (WPARAM/LPARAM are pointer-sized)."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_ulong),
        ("pt", POINT),
        ("lPrivate", ctypes.c_ulong),
    ]


def load_user32() -> Any:
    try:
        lib = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
    except (AttributeError, OSError) as exc:
        raise HotkeyUnavailableError(f"user32.dll could not be loaded ({exc})") from exc
    lib.RegisterHotKey.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_uint]
    lib.RegisterHotKey.restype = ctypes.c_int
    lib.UnregisterHotKey.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.UnregisterHotKey.restype = ctypes.c_int
    return lib


def _get_last_error() -> int:
    get = getattr(ctypes, "get_last_error", None)  # Windows only
    return int(get()) if get is not None else 0


class _HotkeyFilter(QAbstractNativeEventFilter):
    def __init__(self, owner: WindowsGrabber) -> None:
        super().__init__()
        self._owner = owner

    def nativeEventFilter(self, eventType: Any, message: Any) -> object:  # noqa: N802,N803
        kind = eventType.data() if hasattr(eventType, "data") else eventType
        if bytes(kind) in _EVENT_TYPES and message:
            msg = MSG.from_address(int(message))
            if msg.message == WM_HOTKEY and msg.wParam == HOTKEY_ID:
                self._owner.pressed()
                return True, 0
        return False, 0


class WindowsGrabber:
    name = "Windows"

    def __init__(self, user32: Any = None, last_error: Callable[[], int] | None = None) -> None:
        self._user32 = user32 if user32 is not None else load_user32()
        self._last_error: Callable[[], int] = last_error or _get_last_error
        self._filter: _HotkeyFilter | None = None
        self._registered = False
        self._on_press: Callable[[], None] | None = None

    def grab(self, chord: Chord, on_press: Callable[[], None]) -> None:
        self.release()
        if not self._user32.RegisterHotKey(
            None, HOTKEY_ID, chord.windows_modifiers(), chord.windows_vk()
        ):
            code = self._last_error()
            if code == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise HotkeyTakenError(chord.text)
            raise HotkeyUnavailableError(f"Windows refused the hotkey (error {code})")
        self._registered = True
        self._on_press = on_press
        if self._filter is None:
            self._filter = _HotkeyFilter(self)
            app = QCoreApplication.instance()
            if app is not None:
                app.installNativeEventFilter(self._filter)

    def pressed(self) -> None:
        if self._on_press is not None:
            self._on_press()

    def release(self) -> None:
        if self._registered:
            self._user32.UnregisterHotKey(None, HOTKEY_ID)
            self._registered = False
        self._on_press = None

    def close(self) -> None:
        self.release()
        if self._filter is not None:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self._filter)
            self._filter = None


__all__ = ["HOTKEY_ID", "MSG", "WM_HOTKEY", "WindowsGrabber"]
