"""Global dial hotkey chords: parse, check, and name the key for each OS.

Pure logic (no Qt, no ctypes), so it is tested without a desktop. The text
form is Qt's portable key-sequence text (``QKeySequence.PortableText``), the
one the settings dialog records and ``config.toml`` stores: ``Ctrl+Alt+D``,
``Meta+F9``. Modifiers come in Qt's order (Meta, Ctrl, Alt, Shift), so a chord
survives a round trip through ``QKeySequence`` unchanged.

Only keys that every supported keyboard layout and OS can grab the same way
are accepted: letters, digits, F1–F24, Space and the navigation block. A chord
must hold Ctrl, Alt or Meta (Shift alone is typing), except for F-keys and
Pause, which nobody types in text. A chord the user cannot use is refused with
a sentence that says why (:class:`HotkeyError`), never half-registered.

Per OS (the names mean what Qt means):

* X11 gets a keysym name for ``XStringToKeysym`` and a modifier mask
  (Control, Mod1 = Alt, Shift, Mod4 = Super/Meta).
* Windows gets a virtual-key code and ``MOD_*`` flags for ``RegisterHotKey``.
* macOS gets a Carbon virtual key code and modifier flags for
  ``RegisterEventHotKey``. Qt's "Ctrl" is the ⌘ Command key on a Mac and
  "Meta" is the Control key, so the same stored chord means the key a Mac user
  expects.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from ..base.text import Msg, template

MODIFIER_ORDER = ("Meta", "Ctrl", "Alt", "Shift")
_MODIFIER_ALIASES = {
    "meta": "Meta",
    "win": "Meta",
    "super": "Meta",
    "cmd": "Ctrl",
    "command": "Ctrl",
    "ctrl": "Ctrl",
    "control": "Ctrl",
    "alt": "Alt",
    "option": "Alt",
    "shift": "Shift",
}

# Qt portable name -> (X11 keysym name, Windows VK code, macOS kVK code)
_NAMED_KEYS: dict[str, tuple[str, int, int | None]] = {
    "Space": ("space", 0x20, 0x31),
    "Ins": ("Insert", 0x2D, 0x72),  # a Mac's Help key sits where Insert was
    "Del": ("Delete", 0x2E, 0x75),  # forward delete
    "Home": ("Home", 0x24, 0x73),
    "End": ("End", 0x23, 0x77),
    "PgUp": ("Prior", 0x21, 0x74),
    "PgDown": ("Next", 0x22, 0x79),
    "Left": ("Left", 0x25, 0x7B),
    "Right": ("Right", 0x27, 0x7C),
    "Down": ("Down", 0x28, 0x7D),
    "Up": ("Up", 0x26, 0x7E),
    "Pause": ("Pause", 0x13, None),
    "Print": ("Print", 0x2C, None),
    "ScrollLock": ("Scroll_Lock", 0x91, None),
}
_KEY_ALIASES = {
    "insert": "Ins",
    "delete": "Del",
    "pageup": "PgUp",
    "pagedown": "PgDown",
    "pgdn": "PgDown",
    "prior": "PgUp",
    "next": "PgDown",
    "scroll_lock": "ScrollLock",
    "printscreen": "Print",
    "spacebar": "Space",
}
_NAMED_LOWER = {name.lower(): name for name in _NAMED_KEYS}

# Carbon kVK_ANSI_* codes follow the ANSI key positions, not the alphabet.
_MAC_LETTERS = dict(zip("ASDFHGZXCV", range(0x00, 0x0A), strict=True)) | {
    "B": 0x0B,
    "Q": 0x0C,
    "W": 0x0D,
    "E": 0x0E,
    "R": 0x0F,
    "Y": 0x10,
    "T": 0x11,
    "O": 0x1F,
    "U": 0x20,
    "I": 0x22,
    "P": 0x23,
    "L": 0x25,
    "J": 0x26,
    "K": 0x28,
    "N": 0x2D,
    "M": 0x2E,
}
_MAC_DIGITS = {
    "1": 0x12,
    "2": 0x13,
    "3": 0x14,
    "4": 0x15,
    "6": 0x16,
    "5": 0x17,
    "9": 0x19,
    "7": 0x1A,
    "8": 0x1C,
    "0": 0x1D,
}
_MAC_F_KEYS = {
    1: 0x7A,
    2: 0x78,
    3: 0x63,
    4: 0x76,
    5: 0x60,
    6: 0x61,
    7: 0x62,
    8: 0x64,
    9: 0x65,
    10: 0x6D,
    11: 0x67,
    12: 0x6F,
    13: 0x69,
    14: 0x6B,
    15: 0x71,
    16: 0x6A,
    17: 0x40,
    18: 0x4F,
    19: 0x50,
    20: 0x5A,
}

# X11 modifier masks (X.h) and the locks a grab must not depend on.
X_SHIFT, X_LOCK, X_CONTROL, X_MOD1, X_MOD2, X_MOD4 = 1, 2, 4, 8, 16, 64
_X_MODS = {"Shift": X_SHIFT, "Ctrl": X_CONTROL, "Alt": X_MOD1, "Meta": X_MOD4}
# RegisterHotKey flags (winuser.h).
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
_WIN_MODS = {"Alt": MOD_ALT, "Ctrl": MOD_CONTROL, "Shift": MOD_SHIFT, "Meta": MOD_WIN}
# Carbon modifier flags (Events.h): Qt's Ctrl is ⌘, Qt's Meta is ⌃.
MAC_CMD, MAC_SHIFT, MAC_OPTION, MAC_CONTROL = 0x100, 0x200, 0x800, 0x1000
_MAC_MODS = {"Ctrl": MAC_CMD, "Shift": MAC_SHIFT, "Alt": MAC_OPTION, "Meta": MAC_CONTROL}

_NOT_A_HOTKEY = template(
    "“{key}” cannot be a global hotkey: use a letter, a digit, F1–F24, Space, "
    "Insert, Delete, Home, End, Page Up/Down or an arrow"
)


class HotkeyError(ValueError):
    """A chord that cannot be used as a global hotkey; the text (a :class:`Msg`) says why."""


@dataclass(frozen=True, slots=True)
class Chord:
    """One key with its modifiers, e.g. ``Chord(frozenset({"Ctrl", "Alt"}), "D")``."""

    modifiers: frozenset[str]
    key: str

    @property
    def text(self) -> str:
        """Qt's portable text: ``Ctrl+Alt+D``."""
        return "+".join([m for m in MODIFIER_ORDER if m in self.modifiers] + [self.key])

    def __str__(self) -> str:
        return self.text

    # -- per OS ---------------------------------------------------------------------
    def x11_keysym(self) -> str:
        """The keysym name for ``XStringToKeysym`` (lower-case letters: unshifted)."""
        if len(self.key) == 1:
            return self.key.lower()
        if self.key in _NAMED_KEYS:
            return _NAMED_KEYS[self.key][0]
        return self.key  # F1 … F24

    def x11_modifiers(self) -> int:
        mask = 0
        for mod in self.modifiers:
            mask |= _X_MODS[mod]
        return mask

    def windows_vk(self) -> int:
        if len(self.key) == 1:
            return ord(self.key)  # VK_A … VK_Z, VK_0 … VK_9 are the ASCII codes
        if self.key in _NAMED_KEYS:
            return _NAMED_KEYS[self.key][1]
        return 0x70 + _f_number(self.key) - 1  # VK_F1 = 0x70 … VK_F24 = 0x87

    def windows_modifiers(self) -> int:
        """``MOD_*`` flags; ``MOD_NOREPEAT`` so holding the keys dials once."""
        flags = MOD_NOREPEAT
        for mod in self.modifiers:
            flags |= _WIN_MODS[mod]
        return flags

    def mac_keycode(self) -> int:
        """The Carbon virtual key code. Raises :class:`HotkeyError` for keys a
        Mac keyboard does not have (Pause, Print, Scroll Lock, F21–F24)."""
        code: int | None
        if self.key in _MAC_LETTERS:
            code = _MAC_LETTERS[self.key]
        elif self.key in _MAC_DIGITS:
            code = _MAC_DIGITS[self.key]
        elif self.key in _NAMED_KEYS:
            code = _NAMED_KEYS[self.key][2]
        else:
            code = _MAC_F_KEYS.get(_f_number(self.key))
        if code is None:
            raise HotkeyError(
                Msg.of("a Mac keyboard has no {key} key; choose another key", key=self.key)
            )
        return code

    def mac_modifiers(self) -> int:
        flags = 0
        for mod in self.modifiers:
            flags |= _MAC_MODS[mod]
        return flags


def _f_number(key: str) -> int:
    return int(key[1:]) if key[:1] == "F" and key[1:].isdigit() else 0


def _canonical_key(word: str) -> str:
    if len(word) == 1:
        upper = word.upper()
        if upper in string.ascii_uppercase or upper in string.digits:
            return upper
        raise HotkeyError(Msg.of(_NOT_A_HOTKEY, key=word))
    lower = word.lower()
    if lower[:1] == "f" and lower[1:].isdigit() and 1 <= int(lower[1:]) <= 24 and lower[1:2] != "0":
        return f"F{int(lower[1:])}"
    name = _NAMED_LOWER.get(lower) or _KEY_ALIASES.get(lower)
    if name is None:
        raise HotkeyError(Msg.of(_NOT_A_HOTKEY, key=word[:20]))
    return name


def parse_chord(text: str) -> Chord | None:
    """A stored or typed chord, or None for an empty text (no hotkey).

    Raises:
        HotkeyError: not one chord of supported keys, or one that would catch
            ordinary typing (no Ctrl, Alt or Meta on a letter or digit).
    """
    text = text.strip()
    if not text:
        return None
    if "," in text:
        raise HotkeyError(Msg.of("a global hotkey is one key combination, not a sequence of keys"))
    words = [w.strip() for w in text.split("+")]
    if any(not w for w in words):
        raise HotkeyError(
            Msg.of("“{text}” is not a key combination (like Ctrl+Alt+D)", text=text[:40])
        )
    *mod_words, key_word = words
    modifiers: set[str] = set()
    for word in mod_words:
        mod = _MODIFIER_ALIASES.get(word.lower())
        if mod is None:
            raise HotkeyError(
                Msg.of(
                    "“{word}” is not a modifier: use Ctrl, Alt, Shift or Meta before the key",
                    word=word[:20],
                )
            )
        if mod in modifiers:
            raise HotkeyError(Msg.of("{key} is given twice", key=mod))
        modifiers.add(mod)
    key = _canonical_key(key_word)
    chord = Chord(frozenset(modifiers), key)
    needs_modifier = key not in ("Pause",) and not _f_number(key)
    if needs_modifier and not modifiers & {"Ctrl", "Alt", "Meta"}:
        raise HotkeyError(
            Msg.of(
                "{chord} alone would catch ordinary typing: add Ctrl, Alt or Meta "
                "(only F-keys and Pause may be used alone)",
                chord=chord.text,
            )
        )
    return chord


__all__ = ["MODIFIER_ORDER", "Chord", "HotkeyError", "parse_chord"]
