"""Is there a graphical session for the desktop app?

Layer: the command line (no Qt import). Without one, Qt aborts with its
"could not load the Qt platform plugin "xcb" … xcb-cursor0" message and exit
code 134, which reads like a missing library even when everything is
installed. :func:`no_display_reason` says it plainly before Qt is touched.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

#: Qt platforms that draw without a display server (tests, screenshots, VNC).
_HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def no_display_reason(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """Why the desktop app cannot open a window here, or None when it can.

    Only Linux and the BSDs need a display server (``DISPLAY`` for X11,
    ``WAYLAND_DISPLAY`` for Wayland); a ``QT_QPA_PLATFORM`` that needs none
    (``offscreen``, ``vnc``, …) is fine too.
    """
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if system.startswith(("win", "darwin", "cygwin")):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if chosen in _HEADLESS_PLATFORMS:
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "the desktop app needs a graphical session (no DISPLAY or WAYLAND_DISPLAY is "
        "set: an SSH login or a text console?). Start it from the desktop, or use "
        "'mypbxdesk monitor' to watch calls and 'mypbxdesk dial NUMBER' to dial here."
    )


__all__ = ["no_display_reason"]
