"""A stand-in global-hotkey backend: grants every chord (or fails as told) and
lets a test press it. The real backends are tested in test_globalhotkey.py
(X11 on a real X server)."""

from __future__ import annotations

from collections.abc import Callable

from mypbxdesk.desktop.hotkeys import Chord


class FakeBackend:
    """Records the chords grabbed; ``press`` is the callback of the current one."""

    name = "fake"

    def __init__(self, fail: Exception | None = None) -> None:
        self.fail = fail
        self.grabbed: list[str] = []
        self.released = 0
        self.press: Callable[[], None] | None = None

    def grab(self, chord: Chord, on_press: Callable[[], None]) -> None:
        if self.fail is not None:
            raise self.fail
        self.grabbed.append(chord.text)
        self.press = on_press

    def release(self) -> None:
        self.released += 1
        self.press = None

    def close(self) -> None:
        self.release()
