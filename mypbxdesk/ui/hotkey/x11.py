"""X11 global hotkey: ``XGrabKey`` on the root window, through libX11 and ctypes.

The grab uses a display connection of its own (``XOpenDisplay``), not Qt's:
Qt talks XCB and keeps its event queue to itself, and a private connection
means our grab, our errors and our events never mix with Qt's. A
:class:`QSocketNotifier` on that connection's socket wakes us on the GUI
thread when the server sends the key press.

Details that make a grab work on real desktops:

* The chord is grabbed four times, with and without Caps Lock and Num Lock
  (the lock's modifier bit is looked up in the server's modifier map), so the
  hotkey still works when Num Lock is on.
* ``BadAccess`` from the server means another client holds the chord. Xlib
  reports errors through a process-wide handler, so ours is installed only
  around the grab and the ``XSync`` that flushes it, then the previous one
  (Qt's) is put back. Any grab that did succeed is undone.
* A grab is by keycode. When the keyboard mapping changes (another layout,
  ``setxkbmap``, ``xmodmap``) the server sends ``MappingNotify``; the chord is
  then looked up and grabbed again, so it stays on the same key symbol.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier

from ...desktop.hotkeys import X_CONTROL, X_LOCK, X_MOD1, X_MOD2, X_MOD4, X_SHIFT, Chord
from .base import HotkeyTakenError, HotkeyUnavailableError

log = logging.getLogger("mypbxdesk.ui.hotkey")

KEY_PRESS = 2
MAPPING_NOTIFY = 34
MAPPING_POINTER = 2
BAD_ACCESS = 10
GRAB_MODE_ASYNC = 1
_RELEVANT = X_SHIFT | X_CONTROL | X_MOD1 | X_MOD4


class _XKeyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("root", ctypes.c_ulong),
        ("subwindow", ctypes.c_ulong),
        ("time", ctypes.c_ulong),
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("x_root", ctypes.c_int),
        ("y_root", ctypes.c_int),
        ("state", ctypes.c_uint),
        ("keycode", ctypes.c_uint),
        ("same_screen", ctypes.c_int),
    ]


class _XMappingEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("request", ctypes.c_int),
        ("first_keycode", ctypes.c_int),
        ("count", ctypes.c_int),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [
        ("type", ctypes.c_int),
        ("xkey", _XKeyEvent),
        ("xmapping", _XMappingEvent),
        ("pad", ctypes.c_long * 24),
    ]


class _XErrorEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("resourceid", ctypes.c_ulong),
        ("serial", ctypes.c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


class _XModifierKeymap(ctypes.Structure):
    _fields_ = [("max_keypermod", ctypes.c_int), ("modifiermap", ctypes.POINTER(ctypes.c_ubyte))]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_XErrorEvent))


def load_xlib() -> ctypes.CDLL:
    """libX11 with the signatures we call declared (so 64-bit values survive)."""
    path = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        lib = ctypes.CDLL(path)
    except OSError as exc:
        raise HotkeyUnavailableError(f"libX11 could not be loaded ({exc})") from exc
    vp, ul, i, ui = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_uint
    sigs: dict[str, tuple[list[object], object]] = {
        "XOpenDisplay": ([ctypes.c_char_p], vp),
        "XCloseDisplay": ([vp], i),
        "XDefaultRootWindow": ([vp], ul),
        "XConnectionNumber": ([vp], i),
        "XStringToKeysym": ([ctypes.c_char_p], ul),
        "XKeysymToKeycode": ([vp, ul], ctypes.c_ubyte),
        "XGrabKey": ([vp, i, ui, ul, i, i, i], i),
        "XUngrabKey": ([vp, i, ui, ul], i),
        "XSync": ([vp, i], i),
        "XFlush": ([vp], i),
        "XPending": ([vp], i),
        "XNextEvent": ([vp, ctypes.POINTER(_XEvent)], i),
        "XSetErrorHandler": ([vp], vp),
        "XGetModifierMapping": ([vp], ctypes.POINTER(_XModifierKeymap)),
        "XFreeModifiermap": ([ctypes.POINTER(_XModifierKeymap)], i),
        "XRefreshKeyboardMapping": ([ctypes.POINTER(_XEvent)], i),
    }
    for name, (args, res) in sigs.items():
        func = getattr(lib, name)
        func.argtypes = args
        func.restype = res
    return lib


class X11Grabber:
    """Grabs one chord on the X server named by ``display`` (default ``$DISPLAY``)."""

    name = "X11"

    def __init__(self, display: str | None = None, xlib: ctypes.CDLL | None = None) -> None:
        self._display_name = display if display is not None else os.environ.get("DISPLAY", "")
        if not self._display_name:
            raise HotkeyUnavailableError("no X display ($DISPLAY is not set)")
        self._x = xlib or load_xlib()
        self._dpy: int | None = None
        self._root = 0
        self._notifier: QSocketNotifier | None = None
        self._grabbed: list[int] = []  # modifier masks grabbed for _keycode
        self._keycode = 0
        self._mods = 0
        self._chord: Chord | None = None
        self._on_press: Callable[[], None] | None = None

    # -- connection -----------------------------------------------------------------
    def _open(self) -> int:
        if self._dpy is None:
            dpy = self._x.XOpenDisplay(self._display_name.encode())
            if not dpy:
                raise HotkeyUnavailableError(
                    f"cannot connect to the X display {self._display_name}"
                )
            self._dpy = dpy
            self._root = self._x.XDefaultRootWindow(dpy)
            self._notifier = QSocketNotifier(
                self._x.XConnectionNumber(dpy), QSocketNotifier.Type.Read
            )
            self._notifier.activated.connect(self._drain)
        return self._dpy

    def _num_lock_mask(self, dpy: int) -> int:
        """The modifier bit Num Lock is mapped to (Mod2 on nearly every setup)."""
        keycode = self._x.XKeysymToKeycode(dpy, self._x.XStringToKeysym(b"Num_Lock"))
        mapping = self._x.XGetModifierMapping(dpy)
        if not keycode or not mapping:
            return X_MOD2
        try:
            per = mapping.contents.max_keypermod
            for index in range(8):
                for j in range(per):
                    if mapping.contents.modifiermap[index * per + j] == keycode:
                        return 1 << index
        finally:
            self._x.XFreeModifiermap(mapping)
        return X_MOD2

    # -- grab -----------------------------------------------------------------------
    def grab(self, chord: Chord, on_press: Callable[[], None]) -> None:
        self.release()
        dpy = self._open()
        keysym = self._x.XStringToKeysym(chord.x11_keysym().encode())
        keycode = self._x.XKeysymToKeycode(dpy, keysym) if keysym else 0
        if not keycode:
            raise HotkeyUnavailableError(f"this keyboard has no {chord.key} key")
        mods = chord.x11_modifiers()
        num_lock = self._num_lock_mask(dpy)
        variants = sorted({mods, mods | X_LOCK, mods | num_lock, mods | X_LOCK | num_lock})
        errors: list[int] = []

        def on_error(_dpy: int, event: ctypes._Pointer[_XErrorEvent]) -> int:
            errors.append(event.contents.error_code)
            return 0

        handler = _ERROR_HANDLER(on_error)
        previous = self._x.XSetErrorHandler(ctypes.cast(handler, ctypes.c_void_p))
        try:
            for variant in variants:
                self._x.XGrabKey(
                    dpy, keycode, variant, self._root, 0, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC
                )
            self._x.XSync(dpy, 0)
        finally:
            self._x.XSetErrorHandler(previous)
        if errors:
            # Some variants may have been granted: give every one back.
            for variant in variants:
                self._x.XUngrabKey(dpy, keycode, variant, self._root)
            self._x.XSync(dpy, 0)
            if BAD_ACCESS in errors:
                raise HotkeyTakenError(chord.text)
            raise HotkeyUnavailableError(f"the X server refused the grab (error {errors[0]})")
        self._keycode, self._mods, self._grabbed = keycode, mods, variants
        self._chord = chord
        self._on_press = on_press
        self._drain()  # XSync may have queued events without waking the notifier

    def _drain(self, *_args: object) -> None:
        dpy = self._dpy
        if dpy is None:
            return
        event = _XEvent()
        remap = False
        while self._x.XPending(dpy):
            self._x.XNextEvent(dpy, ctypes.byref(event))
            if event.type == MAPPING_NOTIFY:
                self._x.XRefreshKeyboardMapping(ctypes.byref(event))
                remap = remap or event.xmapping.request != MAPPING_POINTER
                continue
            if event.type != KEY_PRESS or not self._grabbed:
                continue
            key = event.xkey
            if (
                key.keycode == self._keycode
                and key.state & _RELEVANT == self._mods
                and self._on_press is not None
            ):
                self._on_press()
        if remap and self._grabbed:
            self._regrab()

    def _regrab(self) -> None:
        """The keyboard mapping changed: grab the same chord at its new keycode."""
        chord, on_press = self._chord, self._on_press
        if chord is None or on_press is None:
            return
        try:
            self.grab(chord, on_press)
        except (HotkeyTakenError, HotkeyUnavailableError) as exc:
            log.warning(
                "the global hotkey %s was lost after a keyboard change: %s", chord.text, exc
            )
        else:
            log.info(
                "keyboard mapping changed: global hotkey %s grabbed again (keycode %d)",
                chord.text,
                self._keycode,
            )

    def release(self) -> None:
        if self._dpy is not None and self._grabbed:
            for variant in self._grabbed:
                self._x.XUngrabKey(self._dpy, self._keycode, variant, self._root)
            self._x.XFlush(self._dpy)
        self._grabbed = []
        self._chord = None
        self._on_press = None

    def close(self) -> None:
        self.release()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._dpy is not None:
            self._x.XCloseDisplay(self._dpy)
            self._dpy = None


__all__ = ["X11Grabber", "load_xlib"]
