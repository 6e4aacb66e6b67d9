"""The PBX's two state enumerations → ``LineState``: tables, agreement, and the captures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.console import LineState, device_state, extension_state, extension_state_text

from .streams import ALL, stream

S = LineState


@pytest.mark.parametrize(
    ("code", "state"),
    [
        ("0", S.IDLE),
        ("1", S.IN_CALL),
        ("2", S.BUSY),
        ("4", S.UNAVAILABLE),
        ("8", S.RINGING),
        ("9", S.IN_CALL_RINGING),
        ("16", S.ON_HOLD),
        ("17", S.ON_HOLD),
        ("-1", S.UNKNOWN),  # no hint (c1: ExtensionState 999 and an unknown context)
        ("-2", S.UNKNOWN),  # hint removed
        (" 8 ", S.RINGING),
        (8, S.RINGING),
        ("3", S.UNKNOWN),
        ("32", S.UNKNOWN),
        ("", S.UNKNOWN),
        ("ringing", S.UNKNOWN),
        ("9" * 40, S.UNKNOWN),
        (None, S.UNKNOWN),
        (True, S.UNKNOWN),
    ],
)
def test_extension_state_codes(code: str | int | None, state: LineState) -> None:
    assert extension_state(code) is state


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Idle", S.IDLE),
        ("InUse", S.IN_CALL),
        ("Busy", S.BUSY),
        ("Unavailable", S.UNAVAILABLE),
        ("Ringing", S.RINGING),
        ("InUse&Ringing", S.IN_CALL_RINGING),
        ("Hold", S.ON_HOLD),
        ("InUse&Hold", S.ON_HOLD),
        ("Unknown", S.UNKNOWN),
        ("inuse", S.IN_CALL),
        ("Ring", S.UNKNOWN),
        ("", S.UNKNOWN),
        (None, S.UNKNOWN),
    ],
)
def test_status_text(text: str | None, state: LineState) -> None:
    assert extension_state_text(text) is state
    assert extension_state(None, text) is state
    assert extension_state("garbage", text) is state


def test_the_code_wins_over_the_text() -> None:
    assert extension_state("8", "Idle") is S.RINGING


@pytest.mark.parametrize(
    ("value", "state"),
    [
        ("0", S.UNKNOWN),
        ("1", S.IDLE),
        ("2", S.IN_CALL),
        ("3", S.BUSY),
        ("4", S.UNAVAILABLE),  # invalid
        ("5", S.UNAVAILABLE),
        ("6", S.RINGING),
        ("7", S.IN_CALL_RINGING),
        ("8", S.ON_HOLD),
        ("9", S.UNKNOWN),
        ("-1", S.UNKNOWN),
        ("NOT_INUSE", S.IDLE),
        ("INUSE", S.IN_CALL),
        ("BUSY", S.BUSY),
        ("INVALID", S.UNAVAILABLE),
        ("UNAVAILABLE", S.UNAVAILABLE),
        ("RINGING", S.RINGING),
        ("RINGINUSE", S.IN_CALL_RINGING),
        ("ONHOLD", S.ON_HOLD),
        ("UNKNOWN", S.UNKNOWN),
        # ast_devstate2str, as the CLI and EndpointList's DeviceState print them
        ("Not in use", S.IDLE),
        ("In use", S.IN_CALL),
        ("Ring+Inuse", S.IN_CALL_RINGING),
        ("On Hold", S.ON_HOLD),
        ("", S.UNKNOWN),
        ("ON FIRE", S.UNKNOWN),
        (None, S.UNKNOWN),
    ],
)
def test_device_states(value: str | None, state: LineState) -> None:
    assert device_state(value) is state


@pytest.mark.parametrize(
    ("device", "extension"),
    # ast_devstate_to_extenstate: the same line in both enumerations.
    [(1, 0), (2, 1), (3, 2), (5, 4), (4, 4), (6, 8), (7, 9), (8, 16)],
)
def test_both_enumerations_agree(device: int, extension: int) -> None:
    assert device_state(device) is extension_state(extension)


def test_busy_lines() -> None:
    assert {s for s in S if s.busy} == {S.RINGING, S.IN_CALL, S.IN_CALL_RINGING, S.ON_HOLD, S.BUSY}


@given(st.one_of(st.none(), st.integers(), st.text(max_size=30)), st.none() | st.text(max_size=30))
def test_never_raises(code: str | int | None, text: str | None) -> None:
    assert isinstance(extension_state(code, text), LineState)
    assert isinstance(device_state(code), LineState)
    assert isinstance(extension_state_text(text), LineState)


def test_every_state_in_the_captures_is_understood() -> None:
    """Every ExtensionStatus/ExtensionState Status with a hint and every queue
    member Status and DeviceStateChange State of both dialects maps to a known
    state, and 22's StatusText always says what its code says."""
    seen_ext: set[LineState] = set()
    seen_dev: set[LineState] = set()
    for path in ALL:
        for msg in stream(path):
            if msg.get("Hint") and msg.get("Status") is not None:
                state = extension_state(msg.get("Status"))
                assert state is not S.UNKNOWN, (path, msg)
                if msg.get("StatusText") is not None:
                    assert extension_state_text(msg.get("StatusText")) is state, (path, msg)
                seen_ext.add(state)
            elif msg.name in ("QueueMemberStatus", "QueueMember", "QueueMemberAdded"):
                seen_dev.add(device_state(msg.get("Status")))
            elif msg.name == "DeviceStateChange" and msg["Device"].startswith("PJSIP/"):
                seen_dev.add(device_state(msg.get("State")))
    assert {S.IDLE, S.IN_CALL, S.RINGING, S.IN_CALL_RINGING, S.ON_HOLD} <= seen_ext
    assert {S.IDLE, S.IN_CALL, S.RINGING, S.IN_CALL_RINGING} <= seen_dev
    assert S.UNKNOWN not in seen_dev
