"""How a call reads on screen: names, numbers, durations, outcomes, the CRM link.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`. This module
is the widgets' shared wording and colours; it holds no widget, so it is tested
as plain functions.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication

from ..base.numbers import format_number
from ..calls import UNKNOWN_NAME, Call, CallState, Direction
from .i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from .bridge import PbxBridge

BLUE = "#1a73e8"
GREEN = "#1e8e3e"
GREY = "#757575"
RED = "#c5221f"
ERROR_COLOUR = RED
SUCCESS_COLOUR = GREEN
NOT_CONNECTED = QT_TRANSLATE_NOOP("CallInfo", "Not connected to the PBX")

_OUTCOMES = {
    "missed": QT_TRANSLATE_NOOP("CallInfo", "Missed"),
    "answered_elsewhere": QT_TRANSLATE_NOOP("CallInfo", "Answered elsewhere"),
    "busy": QT_TRANSLATE_NOOP("CallInfo", "Busy"),
    "failed": QT_TRANSLATE_NOOP("CallInfo", "Call failed"),
}


def not_connected() -> str:
    """``NOT_CONNECTED`` in the user's language."""
    return QCoreApplication.translate("CallInfo", NOT_CONNECTED)


def build_crm_url(template: str, number: str, name: str) -> str | None:
    """The CRM address for a caller, or None when no CRM is configured.

    ``{number}`` and ``{name}`` are replaced by their URL-encoded values (every
    reserved character quoted, so ``&`` or ``/`` in a name cannot change the
    address). Other braces are left alone: a template is not a format string.
    """
    template = template.strip()
    if not template:
        return None
    return template.replace("{number}", quote(number, safe="")).replace(
        "{name}", quote(name, safe="")
    )


def format_duration(seconds: float) -> str:
    """``01:05`` for 65 s, ``1:00:05`` past an hour; never negative."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class CallerName:
    """The name a call shows, and where it came from.

    Attributes:
        name: the name to show (``UNKNOWN_NAME`` when there is none).
        source: ``"contacts"`` (the user's imported contacts), ``"pbx"`` (the
            caller-ID name the PBX sent), ``"history"`` (a name an earlier call
            with this number had) or ``""``.
        caller_id: the PBX's caller-ID name when a contact name is shown instead
            and says something else (``""`` otherwise).
    """

    name: str
    source: str
    caller_id: str = ""


def _is_just_digits(text: str) -> bool:
    """A caller-ID "name" that is only the number again (common on trunks)."""
    return re.fullmatch(r"[\d\s+\-().*#]+", text) is not None


def caller_name(bridge: PbxBridge, call: Call) -> CallerName:
    """Who is calling, best source first.

    The user's own contact wins over the PBX's caller-ID name (a trunk's CNAM
    is often a town, a company switchboard or the number again); the caller-ID
    name is kept beside it when it says something else. The call history is
    the last resort, for numbers the PBX sends without a name.
    """
    pbx = call.name if call.name and call.name != UNKNOWN_NAME else ""
    contact = bridge.contact_lookup(call.number) if call.number else None
    if contact:
        differs = pbx and pbx.casefold() != contact.casefold() and not _is_just_digits(pbx)
        return CallerName(contact, "contacts", pbx if differs else "")
    if pbx:
        return CallerName(pbx, "pbx")
    known = bridge.history_name(call.number) if call.number else None
    if known:
        return CallerName(known, "history")
    return CallerName(UNKNOWN_NAME, "")


def status_text(call: Call, now: float | None = None) -> str:
    """What the pop's status line says about ``call`` at ``now``."""
    now = time.time() if now is None else now
    if call.state is CallState.RINGING:
        return (
            QCoreApplication.translate("CallInfo", "Ringing…")
            if call.direction is Direction.INCOMING
            else QCoreApplication.translate("CallInfo", "Calling…")
        )
    if call.state is CallState.ANSWERED:
        return QCoreApplication.translate("CallInfo", "Answered · {duration}").format(
            duration=format_duration(now - (call.answered_at or now))
        )
    if call.outcome == "transferred":
        if call.transferred_to:
            return QCoreApplication.translate("CallInfo", "Transferred to {target}").format(
                target=call.transferred_to
            )
        return QCoreApplication.translate("CallInfo", "Transferred")
    if call.outcome in _OUTCOMES:
        return QCoreApplication.translate("CallInfo", _OUTCOMES[call.outcome])
    if call.duration:
        return QCoreApplication.translate("CallInfo", "Call ended · {duration}").format(
            duration=format_duration(call.duration)
        )
    return QCoreApplication.translate("CallInfo", "Call ended")


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
    return name or number or QCoreApplication.translate("CallInfo", "the caller")
