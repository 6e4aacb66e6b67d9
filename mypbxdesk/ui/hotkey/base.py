"""What every global-hotkey backend offers, and how it fails.

A backend grabs one chord at a time for the whole desktop session and calls
``on_press`` (on the Qt GUI thread) each time it is pressed. Failures are
typed so the settings dialog can say the right thing: the chord is already
someone else's (:class:`HotkeyTakenError`), or this platform cannot do it at all
(:class:`HotkeyUnavailableError`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ...desktop.hotkeys import Chord


class HotkeyTakenError(Exception):
    """Another program (or the desktop itself) already owns this chord."""


class HotkeyUnavailableError(Exception):
    """This platform or keyboard cannot provide the hotkey; the text says why."""


class Backend(Protocol):
    #: Shown in the settings dialog and the log, e.g. "X11".
    name: str

    def grab(self, chord: Chord, on_press: Callable[[], None]) -> None:
        """Make ``chord`` global. Raises :class:`HotkeyTakenError` or
        :class:`HotkeyUnavailableError`; nothing stays grabbed when it raises."""

    def release(self) -> None:
        """Give the current chord back (no-op when none is grabbed)."""

    def close(self) -> None:
        """Release and free whatever the backend opened."""


class Unsupported:
    """The backend for platforms with no global hotkeys (Wayland, offscreen)."""

    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def grab(self, chord: Chord, on_press: Callable[[], None]) -> None:
        raise HotkeyUnavailableError(self.reason)

    def release(self) -> None:
        pass

    def close(self) -> None:
        pass


__all__ = ["Backend", "HotkeyTakenError", "HotkeyUnavailableError", "Unsupported"]
