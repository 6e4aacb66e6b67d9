"""How a call reads on screen: names, numbers, durations, outcomes, the CRM link.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`. This module
is the widgets' shared wording and colours; it holds no widget, so it is tested
as plain functions.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..calls import UNKNOWN_NAME, Call, CallState, Direction
from ..numbers import format_number

if TYPE_CHECKING:
    from .bridge import PbxBridge

BLUE = "#1a73e8"
GREEN = "#1e8e3e"
GREY = "#757575"
RED = "#c5221f"
ERROR_COLOUR = RED
SUCCESS_COLOUR = GREEN
NOT_CONNECTED = "Not connected to the PBX"

_OUTCOMES = {
    "missed": "Missed",
    "answered_elsewhere": "Answered elsewhere",
    "busy": "Busy",
    "failed": "Call failed",
}


def build_crm_url(template: str, number: str, name: str) -> str | None:
    """The CRM address for a caller, or None when no CRM is configured.

    ``{number}`` and ``{name}`` are replaced by their URL-encoded values (every
    reserved character quoted, so ``&`` or ``/`` in a name cannot change the
    address). Other braces are left alone: a template is not a format string.
    """
    template = template.strip()
    if not template:
        return None
    return (template.replace("{number}", quote(number, safe=""))
            .replace("{name}", quote(name, safe="")))


def format_duration(seconds: float) -> str:
    """``01:05`` for 65 s, ``1:00:05`` past an hour; never negative."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def caller_name(bridge: PbxBridge, call: Call) -> tuple[str, bool]:
    """The name to show and whether it came from the history (not from the call)."""
    if call.name and call.name != UNKNOWN_NAME:
        return call.name, False
    contact = bridge.contact_name(call.number) if call.number else None
    if contact:
        return contact, True
    return UNKNOWN_NAME, False


def status_text(call: Call, now: float | None = None) -> str:
    """What the pop's status line says about ``call`` at ``now``."""
    now = time.time() if now is None else now
    if call.state is CallState.RINGING:
        return "Ringing…" if call.direction is Direction.INCOMING else "Calling…"
    if call.state is CallState.ANSWERED:
        return f"Answered · {format_duration(now - (call.answered_at or now))}"
    if call.outcome == "transferred":
        return f"Transferred to {call.transferred_to}" if call.transferred_to else "Transferred"
    if call.outcome in _OUTCOMES:
        return _OUTCOMES[call.outcome]
    if call.duration:
        return f"Call ended · {format_duration(call.duration)}"
    return "Call ended"


def state_colour(call: Call) -> str:
    if call.state is CallState.RINGING:
        return BLUE
    if call.state is CallState.ANSWERED:
        return GREEN
    return GREY


def describe_party(call: Call, contact: str | None = None) -> str:
    """``Bob Smith (138 0601 2345)``, or just the number / name when one is missing."""
    name = call.name or contact or ""
    number = format_number(call.number)
    if name and number:
        return f"{name} ({number})"
    return name or number or "the caller"
