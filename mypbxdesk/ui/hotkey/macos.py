"""macOS global hotkey: Carbon ``RegisterEventHotKey`` through ctypes.

Carbon's hot-key API is the one macOS still offers for a system-wide chord
without the Accessibility permission a key-watching event tap needs. An event
handler for ``kEventClassKeyboard``/``kEventHotKeyPressed`` is installed on
the application event target (which Qt's Cocoa event loop serves); it reads
the ``EventHotKeyID`` of the press and calls back when it is ours.
``eventHotKeyExistsErr`` means another program owns the chord.

The Carbon library can be injected, so registration and the handler are
tested on any OS with a stand-in.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from typing import Any

from ...desktop.hotkeys import Chord
from .base import HotkeyTakenError, HotkeyUnavailableError

log = logging.getLogger("mypbxdesk.ui.hotkey")

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"


def four_cc(code: bytes) -> int:
    return int.from_bytes(code, "big")


SIGNATURE = four_cc(b"MPBX")
HOTKEY_ID = 1
K_EVENT_CLASS_KEYBOARD = four_cc(b"keyb")
K_EVENT_HOTKEY_PRESSED = 5
K_EVENT_PARAM_DIRECT_OBJECT = four_cc(b"----")
TYPE_EVENT_HOTKEY_ID = four_cc(b"hkid")
NO_ERR = 0
EVENT_NOT_HANDLED_ERR = -9874
EVENT_HOTKEY_EXISTS_ERR = -9878


class EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


class EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


EVENT_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


def load_carbon() -> Any:
    try:
        lib = ctypes.CDLL(CARBON)
    except OSError as exc:
        raise HotkeyUnavailableError(f"the Carbon framework could not be loaded ({exc})") from exc
    vp, u32 = ctypes.c_void_p, ctypes.c_uint32
    lib.GetApplicationEventTarget.argtypes = []
    lib.GetApplicationEventTarget.restype = vp
    lib.InstallEventHandler.argtypes = [
        vp,
        EVENT_HANDLER,
        u32,
        ctypes.POINTER(EventTypeSpec),
        vp,
        ctypes.POINTER(vp),
    ]
    lib.InstallEventHandler.restype = ctypes.c_int32
    lib.RemoveEventHandler.argtypes = [vp]
    lib.RemoveEventHandler.restype = ctypes.c_int32
    lib.RegisterEventHotKey.argtypes = [u32, u32, EventHotKeyID, vp, u32, ctypes.POINTER(vp)]
    lib.RegisterEventHotKey.restype = ctypes.c_int32
    lib.UnregisterEventHotKey.argtypes = [vp]
    lib.UnregisterEventHotKey.restype = ctypes.c_int32
    lib.GetEventParameter.argtypes = [vp, u32, u32, vp, ctypes.c_size_t, vp, vp]
    lib.GetEventParameter.restype = ctypes.c_int32
    return lib


class MacGrabber:
    name = "macOS"

    def __init__(self, carbon: Any = None) -> None:
        self._carbon = carbon if carbon is not None else load_carbon()
        self._handler = EVENT_HANDLER(self._on_event)  # kept alive while installed
        self._handler_ref = ctypes.c_void_p()
        self._hotkey_ref = ctypes.c_void_p()
        self._on_press: Callable[[], None] | None = None

    def _install(self) -> None:
        if self._handler_ref.value:
            return
        spec = EventTypeSpec(K_EVENT_CLASS_KEYBOARD, K_EVENT_HOTKEY_PRESSED)
        status = self._carbon.InstallEventHandler(
            self._carbon.GetApplicationEventTarget(),
            self._handler,
            1,
            ctypes.byref(spec),
            None,
            ctypes.byref(self._handler_ref),
        )
        if status != NO_ERR:
            raise HotkeyUnavailableError(f"macOS refused the hotkey handler (error {status})")

    def grab(self, chord: Chord, on_press: Callable[[], None]) -> None:
        self.release()
        keycode, modifiers = chord.mac_keycode(), chord.mac_modifiers()  # HotkeyError first
        self._install()
        status = self._carbon.RegisterEventHotKey(
            keycode,
            modifiers,
            EventHotKeyID(SIGNATURE, HOTKEY_ID),
            self._carbon.GetApplicationEventTarget(),
            0,
            ctypes.byref(self._hotkey_ref),
        )
        if status == EVENT_HOTKEY_EXISTS_ERR:
            raise HotkeyTakenError(chord.text)
        if status != NO_ERR:
            raise HotkeyUnavailableError(f"macOS refused the hotkey (error {status})")
        self._on_press = on_press

    def _on_event(self, _call_ref: int | None, event: int | None, _data: int | None) -> int:
        hotkey = EventHotKeyID()
        status = self._carbon.GetEventParameter(
            event,
            K_EVENT_PARAM_DIRECT_OBJECT,
            TYPE_EVENT_HOTKEY_ID,
            None,
            ctypes.sizeof(hotkey),
            None,
            ctypes.byref(hotkey),
        )
        if status != NO_ERR or hotkey.signature != SIGNATURE or hotkey.id != HOTKEY_ID:
            return EVENT_NOT_HANDLED_ERR
        if self._on_press is not None:
            try:
                self._on_press()
            except Exception:  # never let an exception unwind into Carbon
                log.exception("global hotkey handler failed")
        return NO_ERR

    def release(self) -> None:
        if self._hotkey_ref.value:
            self._carbon.UnregisterEventHotKey(self._hotkey_ref)
            self._hotkey_ref = ctypes.c_void_p()
        self._on_press = None

    def close(self) -> None:
        self.release()
        if self._handler_ref.value:
            self._carbon.RemoveEventHandler(self._handler_ref)
            self._handler_ref = ctypes.c_void_p()


__all__ = ["SIGNATURE", "EventHotKeyID", "MacGrabber"]
