"""Global hotkey chords: parsing, refusals, and the key each OS is asked for."""

from __future__ import annotations

import contextlib
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.desktop.hotkeys import (
    MAC_CMD,
    MAC_CONTROL,
    MAC_OPTION,
    MAC_SHIFT,
    MOD_ALT,
    MOD_CONTROL,
    MOD_NOREPEAT,
    MOD_SHIFT,
    MOD_WIN,
    X_CONTROL,
    X_MOD1,
    X_MOD4,
    X_SHIFT,
    Chord,
    HotkeyError,
    parse_chord,
)

KEYS = (
    [*string.ascii_uppercase, *string.digits]
    + [f"F{n}" for n in range(1, 25)]
    + [
        "Space",
        "Ins",
        "Del",
        "Home",
        "End",
        "PgUp",
        "PgDown",
        "Left",
        "Right",
        "Up",
        "Down",
        "Pause",
        "Print",
        "ScrollLock",
    ]
)


def test_the_usual_chord() -> None:
    chord = parse_chord("Ctrl+Alt+D")
    assert chord == Chord(frozenset({"Ctrl", "Alt"}), "D")
    assert chord.text == "Ctrl+Alt+D"
    assert chord.x11_keysym() == "d" and chord.x11_modifiers() == X_CONTROL | X_MOD1
    assert chord.windows_vk() == 0x44
    assert chord.windows_modifiers() == MOD_CONTROL | MOD_ALT | MOD_NOREPEAT
    assert chord.mac_keycode() == 0x02  # kVK_ANSI_D
    assert chord.mac_modifiers() == MAC_CMD | MAC_OPTION  # Qt's Ctrl is ⌘ on a Mac


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_means_no_hotkey(text: str) -> None:
    assert parse_chord(text) is None


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("ctrl+alt+d", "Ctrl+Alt+D"),
        ("Alt+Ctrl+D", "Ctrl+Alt+D"),
        ("Shift+Meta+F9", "Meta+Shift+F9"),
        ("win+ctrl+pagedown", "Meta+Ctrl+PgDown"),
        ("Control + Option + 5", "Ctrl+Alt+5"),
        ("F12", "F12"),
        ("Pause", "Pause"),
        ("Super+Insert", "Meta+Ins"),
    ],
)
def test_aliases_and_order_are_canonical(text: str, canonical: str) -> None:
    chord = parse_chord(text)
    assert chord is not None and chord.text == canonical


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("D", "ordinary typing"),
        ("Shift+D", "ordinary typing"),
        ("Shift+5", "ordinary typing"),
        ("Ctrl+Alt+!", "cannot be a global hotkey"),
        ("Ctrl+Alt+Return", "cannot be a global hotkey"),
        ("Ctrl+Alt+F25", "cannot be a global hotkey"),
        ("Ctrl+Alt+F0", "cannot be a global hotkey"),
        ("Ctrl+Alt+F07", "cannot be a global hotkey"),
        ("Hyper+D", "not a modifier"),
        ("Ctrl+Ctrl+D", "given twice"),
        ("Ctrl+", "not a key combination"),
        ("Ctrl++", "not a key combination"),
        ("Ctrl+D, Ctrl+E", "not a sequence"),
    ],
)
def test_refusals_say_why(text: str, words: str) -> None:
    with pytest.raises(HotkeyError, match=words):
        parse_chord(text)


def test_every_supported_key_maps_on_every_os() -> None:
    for key in KEYS:
        chord = parse_chord(f"Ctrl+Alt+{key}")
        assert chord is not None and chord.key == key
        assert chord.x11_keysym()
        assert 0x08 <= chord.windows_vk() <= 0xFE
        if key in ("Pause", "Print", "ScrollLock") or key in {f"F{n}" for n in range(21, 25)}:
            with pytest.raises(HotkeyError, match="Mac keyboard has no"):
                chord.mac_keycode()
        else:
            assert 0 <= chord.mac_keycode() <= 0x7E


def test_keys_never_share_a_code() -> None:
    chords = [parse_chord(f"Ctrl+{k}") for k in KEYS]
    vks = [c.windows_vk() for c in chords if c]
    assert len(set(vks)) == len(vks)
    syms = [c.x11_keysym() for c in chords if c]
    assert len(set(syms)) == len(syms)
    macs = []
    for c in chords:
        assert c is not None
        with contextlib.suppress(HotkeyError):
            macs.append(c.mac_keycode())
    assert len(set(macs)) == len(macs)


def test_modifier_masks_per_os() -> None:
    chord = parse_chord("Meta+Ctrl+Alt+Shift+F1")
    assert chord is not None
    assert chord.x11_modifiers() == X_MOD4 | X_CONTROL | X_MOD1 | X_SHIFT
    assert chord.windows_modifiers() == MOD_WIN | MOD_CONTROL | MOD_ALT | MOD_SHIFT | MOD_NOREPEAT
    assert chord.mac_modifiers() == MAC_CONTROL | MAC_CMD | MAC_OPTION | MAC_SHIFT
    assert chord.windows_vk() == 0x70


MODS = st.sets(st.sampled_from(["Meta", "Ctrl", "Alt", "Shift"]))


@given(MODS, st.sampled_from(KEYS))
def test_round_trip_through_text(mods: set[str], key: str) -> None:
    text = "+".join([*sorted(mods), key])
    try:
        chord = parse_chord(text)
    except HotkeyError as exc:  # only the "would catch typing" rule may refuse here
        assert "ordinary typing" in str(exc)  # noqa: PT017
        assert not mods & {"Ctrl", "Alt", "Meta"}
        return
    assert chord is not None
    assert parse_chord(chord.text) == chord
    assert parse_chord(chord.text.lower()) == chord


@given(st.text(max_size=40))
def test_any_text_parses_or_says_why(text: str) -> None:
    try:
        chord = parse_chord(text)
    except HotkeyError as exc:
        assert str(exc)  # noqa: PT017
        return
    if chord is not None:
        assert parse_chord(chord.text) == chord
