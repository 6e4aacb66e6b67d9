"""What a colleague's line is doing: :class:`LineState`, and the PBX's codes for it.

Layer 3 (``mypbxdesk.console``, operator-console models): stdlib only; no
asyncio, sockets or Qt.

Asterisk has **two different state enumerations** (../shared/captures-asterisk18/
README.md, "Wire facts a console client must handle"): 474 ringing is
``ExtensionStatus Status: 8`` and ``QueueMemberStatus Status: 6`` in the same
stream (c1-extensionstate-blf).

* **Extension states** (hints: ``ExtensionStatus`` events, ``ExtensionState``
  responses, 1.8 and 22): a bit field, 0 idle, 1 in use, 2 busy,
  4 unavailable, 8 ringing, 16 on hold; the combinations 9 (in use + ringing:
  a second call, c1) and 17 (in use + on hold); -1 no hint (also an unknown
  extension: c1 ``es-999``), -2 hint removed. Asterisk 12+ adds ``StatusText``
  (``Idle``, ``InUse``, ``Busy``, ``Unavailable``, ``Ringing``,
  ``InUse&Ringing``, ``Hold``, ``InUse&Hold``, ``Unknown``: console-blf, and
  22's ``ast_extension_state2str``); 1.8 has no StatusText.
* **Device states** (``QueueMemberStatus``/``QueueMember``/``QueueMemberAdded``
  ``Status``, 1.8 and 22: c4-queue, console-queue): 0 unknown, 1 not in use,
  2 in use, 3 busy, 4 invalid, 5 unavailable, 6 ringing, 7 ringing + in use,
  8 on hold. 22's ``DeviceStateChange`` ``State`` says the same as text:
  ``NOT_INUSE``, ``INUSE``, ``BUSY``, ``INVALID``, ``UNAVAILABLE``, ``RINGING``,
  ``RINGINUSE``, ``ONHOLD``, ``UNKNOWN`` (console-blf); the CLI and
  ``EndpointList`` spell them ``Not in use``, ``Ring+Inuse``, ``On Hold`` …,
  which are read as well.

Every mapping here is total: odd input (garbage, an unassigned code, ``None``)
gives :attr:`LineState.UNKNOWN`, never an exception.
"""

from __future__ import annotations

from enum import Enum


class LineState(Enum):
    """A colleague's line as the receptionist sees it."""

    IDLE = "idle"
    RINGING = "ringing"
    IN_CALL = "in_call"
    #: In a call, and another call rings (extension state 9, device state 7).
    IN_CALL_RINGING = "in_call_ringing"
    ON_HOLD = "on_hold"
    BUSY = "busy"
    UNAVAILABLE = "unavailable"
    UNKNOWN = "unknown"

    @property
    def busy(self) -> bool:
        """True while the line has a call: ringing, talking, holding or busy."""
        return self in _BUSY


_BUSY = frozenset(
    {
        LineState.RINGING,
        LineState.IN_CALL,
        LineState.IN_CALL_RINGING,
        LineState.ON_HOLD,
        LineState.BUSY,
    }
)

#: Extension state codes (``ast_extension_states``). -1 (no hint) and -2
#: (removed) and every code not listed are UNKNOWN.
EXTENSION_CODES: dict[int, LineState] = {
    0: LineState.IDLE,
    1: LineState.IN_CALL,
    2: LineState.BUSY,
    4: LineState.UNAVAILABLE,
    8: LineState.RINGING,
    9: LineState.IN_CALL_RINGING,
    16: LineState.ON_HOLD,
    17: LineState.ON_HOLD,
}

#: 22's ``StatusText`` (``ast_extension_state2str``), compared case-insensitively.
EXTENSION_TEXTS: dict[str, LineState] = {
    "idle": LineState.IDLE,
    "inuse": LineState.IN_CALL,
    "busy": LineState.BUSY,
    "unavailable": LineState.UNAVAILABLE,
    "ringing": LineState.RINGING,
    "inuse&ringing": LineState.IN_CALL_RINGING,
    "hold": LineState.ON_HOLD,
    "inuse&hold": LineState.ON_HOLD,
    "unknown": LineState.UNKNOWN,
}

#: Device state codes (``enum ast_device_state``).
DEVICE_CODES: dict[int, LineState] = {
    0: LineState.UNKNOWN,
    1: LineState.IDLE,
    2: LineState.IN_CALL,
    3: LineState.BUSY,
    4: LineState.UNAVAILABLE,  # INVALID: no such device
    5: LineState.UNAVAILABLE,
    6: LineState.RINGING,
    7: LineState.IN_CALL_RINGING,
    8: LineState.ON_HOLD,
}

#: Device state texts with case, spaces, ``_`` and ``+`` removed: ``NOT_INUSE``
#: (``ast_devstate_str``, 22's DeviceStateChange) and ``Not in use``
#: (``ast_devstate2str``, CLI and EndpointList) both become ``notinuse``.
DEVICE_TEXTS: dict[str, LineState] = {
    "unknown": LineState.UNKNOWN,
    "notinuse": LineState.IDLE,
    "inuse": LineState.IN_CALL,
    "busy": LineState.BUSY,
    "invalid": LineState.UNAVAILABLE,
    "unavailable": LineState.UNAVAILABLE,
    "ringing": LineState.RINGING,
    "ringinuse": LineState.IN_CALL_RINGING,
    "onhold": LineState.ON_HOLD,
}


def _code(value: str | int | None) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if not raw or len(raw) > 6:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def extension_state(code: str | int | None, text: str | None = None) -> LineState:
    """A hint's state from its ``Status`` code (both dialects) or, when the code
    is missing or unreadable, 22's ``StatusText``."""
    number = _code(code)
    if number is not None:
        return EXTENSION_CODES.get(number, LineState.UNKNOWN)
    return extension_state_text(text)


def extension_state_text(text: str | None) -> LineState:
    """22's ``StatusText`` (``InUse&Ringing`` …) → :class:`LineState`."""
    if not isinstance(text, str):
        return LineState.UNKNOWN
    return EXTENSION_TEXTS.get(text.strip().lower(), LineState.UNKNOWN)


def device_state(value: str | int | None) -> LineState:
    """A device state, as a code (``6``) or a text (``RINGING``, ``Ring+Inuse``)."""
    number = _code(value)
    if number is not None:
        return DEVICE_CODES.get(number, LineState.UNKNOWN)
    if not isinstance(value, str):
        return LineState.UNKNOWN
    key = "".join(ch for ch in value.lower() if ch.isalpha())
    return DEVICE_TEXTS.get(key, LineState.UNKNOWN)
