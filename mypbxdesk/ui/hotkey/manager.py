"""The one global dial hotkey: its chord, its state, and its ``activated`` signal.

:meth:`GlobalHotkey.apply` takes the chord text from the settings (empty: no
hotkey), releases the previous chord, grabs the new one and reports what
happened as a :class:`HotkeyStatus` the settings dialog shows as is. It never
raises: a chord that another program owns, a platform without global hotkeys
or a broken native library all become a status with a sentence for the user
(and a log line), and the app goes on without the hotkey.

Presses are debounced (a held key or a double tap dials once) and
:attr:`GlobalHotkey.activated` is emitted from a fresh event-loop turn, never
from inside a native event filter.
"""

from __future__ import annotations

import enum
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from ...desktop.hotkeys import Chord, HotkeyError, parse_chord
from .base import Backend, HotkeyTakenError, HotkeyUnavailableError, Unsupported

log = logging.getLogger("mypbxdesk.ui.hotkey")
translate = QCoreApplication.translate

#: Presses closer together than this dial once.
DEBOUNCE_S = 0.6
WAYLAND_COMMAND = "mypbxdesk --dial-clipboard"


class HotkeyState(enum.Enum):
    OFF = "off"
    ACTIVE = "active"
    TAKEN = "taken"
    UNAVAILABLE = "unavailable"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class HotkeyStatus:
    state: HotkeyState
    chord: str
    message: str

    @property
    def ok(self) -> bool:
        return self.state in (HotkeyState.OFF, HotkeyState.ACTIVE)


def wayland_reason() -> str:
    return translate(
        "GlobalHotkey",
        "Wayland does not let applications watch keys pressed in other windows. Instead, "
        "add a shortcut in your desktop's keyboard settings that runs “{command}”, or "
        "use “Dial clipboard” in the tray menu.",
    ).format(command=WAYLAND_COMMAND)


def _wayland_session() -> bool:
    return os.environ.get("XDG_SESSION_TYPE", "").lower() == "wayland" or bool(
        os.environ.get("WAYLAND_DISPLAY")
    )


def default_backend() -> Backend:
    """The backend for Qt's running platform plugin."""
    platform = QGuiApplication.platformName()
    if platform == "xcb" and _wayland_session():
        # Qt runs on XWayland: an X grab sees keys only while an X11 window has focus.
        return Unsupported(wayland_reason())
    try:
        if platform == "xcb":
            from .x11 import X11Grabber

            return X11Grabber()
        if platform == "windows":
            from .windows import WindowsGrabber

            return WindowsGrabber()
        if platform == "cocoa":
            from .macos import MacGrabber

            return MacGrabber()
    except HotkeyUnavailableError as exc:
        return Unsupported(str(exc))
    if platform.startswith("wayland"):
        return Unsupported(wayland_reason())
    return Unsupported(
        translate("GlobalHotkey", "This display (“{platform}”) has no keyboard to watch.").format(
            platform=platform or "none"
        )
    )


class GlobalHotkey(QObject):
    """The app's global dial hotkey.

    Signals:
        activated(): the chord was pressed (debounced).
        status_changed(HotkeyStatus): after every :meth:`apply`.
    """

    activated = Signal()
    status_changed = Signal(object)

    def __init__(
        self,
        backend_factory: Callable[[], Backend] | None = None,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._factory = backend_factory or default_backend
        self._backend: Backend | None = None
        self._clock = clock
        self._last_press = float("-inf")
        self._status = HotkeyStatus(HotkeyState.OFF, "", self._off_text())

    @staticmethod
    def _off_text() -> str:
        return translate("GlobalHotkey", "No hotkey set.")

    @property
    def status(self) -> HotkeyStatus:
        return self._status

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            try:
                self._backend = self._factory()
            except Exception as exc:  # a broken native library must not stop the app
                log.warning("global hotkeys unavailable: %s", exc)
                self._backend = Unsupported(
                    translate(
                        "GlobalHotkey", "Global hotkeys could not be set up here ({reason})."
                    ).format(reason=exc)
                )
        return self._backend

    def unavailable_reason(self) -> str | None:
        """Why this desktop can have no global hotkey at all (None: it can)."""
        backend = self.backend
        return backend.reason if isinstance(backend, Unsupported) else None

    def apply(self, text: str) -> HotkeyStatus:
        """Grab the chord in ``text`` (and release the previous one)."""
        self._release()
        try:
            chord = parse_chord(text)
        except HotkeyError as exc:
            return self._set(HotkeyState.INVALID, text, str(exc))
        if chord is None:
            return self._set(HotkeyState.OFF, "", self._off_text())
        return self._grab(chord)

    def _grab(self, chord: Chord) -> HotkeyStatus:
        try:
            self.backend.grab(chord, self._pressed)
        except HotkeyTakenError:
            return self._set(
                HotkeyState.TAKEN,
                chord.text,
                translate(
                    "GlobalHotkey",
                    "{chord} is already used by another program or by the "
                    "desktop. Choose another combination.",
                ).format(chord=chord.text),
            )
        except HotkeyUnavailableError as exc:
            return self._set(HotkeyState.UNAVAILABLE, chord.text, str(exc))
        except HotkeyError as exc:  # e.g. a key a Mac keyboard does not have
            return self._set(HotkeyState.INVALID, chord.text, str(exc))
        except Exception as exc:  # a native call that failed in a way we did not foresee
            log.exception("could not grab the global hotkey %s", chord.text)
            return self._set(
                HotkeyState.UNAVAILABLE,
                chord.text,
                translate("GlobalHotkey", "{chord} could not be set up ({reason}).").format(
                    chord=chord.text, reason=exc
                ),
            )
        return self._set(
            HotkeyState.ACTIVE,
            chord.text,
            translate(
                "GlobalHotkey",
                "Active: select or copy a number anywhere, then press {chord} to dial it.",
            ).format(chord=chord.text),
        )

    def _set(self, state: HotkeyState, chord: str, message: str) -> HotkeyStatus:
        self._status = HotkeyStatus(state, chord, message)
        level = logging.INFO if self._status.ok else logging.WARNING
        log.log(level, "global dial hotkey %s: %s", chord or "(none)", state.value)
        self.status_changed.emit(self._status)
        return self._status

    def _pressed(self) -> None:
        now = self._clock()
        if now - self._last_press < DEBOUNCE_S:
            return
        self._last_press = now
        # Out of the native callback first: the slot opens windows and dials.
        QTimer.singleShot(0, self.activated.emit)

    def _release(self) -> None:
        if self._backend is not None:
            try:
                self._backend.release()
            except Exception:  # pragma: no cover - native clean-up must not raise further
                log.exception("could not release the global hotkey")

    def close(self) -> None:
        if self._backend is not None:
            try:
                self._backend.close()
            except Exception:  # pragma: no cover
                log.exception("could not close the global hotkey backend")
            self._backend = None
        self._status = HotkeyStatus(HotkeyState.OFF, "", self._off_text())


__all__ = [
    "DEBOUNCE_S",
    "WAYLAND_COMMAND",
    "GlobalHotkey",
    "HotkeyState",
    "HotkeyStatus",
    "default_backend",
    "wayland_reason",
]
