"""The global dial hotkey: one chord, grabbed from the OS, that dials the
selected or copied number from anywhere.

Layer 4 (``mypbxdesk.ui``). :class:`GlobalHotkey` owns the current chord and
its state and emits :attr:`GlobalHotkey.activated`; the app connects that to
"Dial clipboard". Each OS has a backend in its own module, chosen by Qt's
platform plugin (``xcb`` → X11 ``XGrabKey``, ``windows`` → ``RegisterHotKey``,
``cocoa`` → Carbon ``RegisterEventHotKey``). Wayland has no way for an app to
grab keys, so there the state says so and suggests a desktop shortcut that
runs ``mypbxdesk --dial-clipboard`` instead of failing silently.
"""

from __future__ import annotations

from .manager import GlobalHotkey, HotkeyState, HotkeyStatus, default_backend

__all__ = ["GlobalHotkey", "HotkeyState", "HotkeyStatus", "default_backend"]
