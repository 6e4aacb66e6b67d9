"""How a call reads on screen: names, numbers, durations, outcomes, the CRM link.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`. This module
is the widgets' shared wording and colours; it holds no widget, so it is tested
as plain functions. Who a call is with is not decided here: the service
resolves it once per change (:class:`~mypbxdesk.service.view.CallView`) and
these functions only put it into words.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication

from ..base.numberformat import format_number, is_withheld
from ..calls import Call, CallState, Direction, Route, Transferer
from ..service.view import CallView
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
WITHHELD = QT_TRANSLATE_NOOP("CallInfo", "Withheld number")
#: What PBXs and trunks put where a withheld caller's name or number would be:
#: not a name to show (compared case-insensitively).
_STAND_INS = frozenset(
    {"anonymous", "private", "restricted", "unavailable", "unknown", "withheld", "blocked"}
    | {"<unknown>", "unknown caller", "private number", "no caller id"}
)

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


def number_region(bridge: PbxBridge) -> str:
    """The country numbers are read in: Settings' "country for numbers" (the
    locale's when automatic), as the contacts hold it."""
    return bridge.service.resolver.contacts.region


def shown_number(bridge: PbxBridge, number: str) -> str:
    """``number`` formatted for reading in the Settings region."""
    return format_number(number, number_region(bridge))


def withheld_text() -> str:
    """``WITHHELD`` in the user's language."""
    return QCoreApplication.translate("CallInfo", WITHHELD)


def real_name(name: str, number: str) -> str:
    """``name`` unless it is a stand-in (``Anonymous``, ``unknown``) or the
    number again; "" then."""
    folded = name.strip().casefold()
    return "" if folded in _STAND_INS or folded == number.strip().casefold() else name


def is_withheld_call(view: CallView) -> bool:
    """The other party's number is withheld (or is a word such as ``anonymous``)."""
    return is_withheld(view.call.number)


def number_line(view: CallView) -> str:
    """The number to show under or beside the name; "" when withheld."""
    return "" if is_withheld_call(view) else view.formatted_number


def shown_name(view: CallView) -> str:
    """Who the call is with, in one line: the resolved name; else "Withheld
    number" for a withheld caller, the number for an outgoing call (the person
    called is no "caller"), and "Unknown caller" for an incoming one."""
    name = real_name(view.name, view.call.number)
    if name:
        return name
    if is_withheld_call(view):
        return withheld_text()
    if view.call.direction is Direction.OUTGOING:
        return view.formatted_number
    return QCoreApplication.translate("CallInfo", "Unknown caller")


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


def describe_party(view: CallView) -> str:
    """``Bob Smith (138 0601 2345)``, or just the number / name when one is missing."""
    name, number = real_name(view.name, view.call.number), number_line(view)
    if name and number:
        return f"{name} ({number})"
    if not name and is_withheld_call(view):
        return QCoreApplication.translate("CallInfo", "the withheld caller")
    return name or number or QCoreApplication.translate("CallInfo", "the caller")


def route_text(route: Route, *, region: str) -> str:
    """How a call came in, as a short phrase: ``reception queue`` (``queue 6701``
    for a numbered one), ``ring group 600`` (``ring group`` when only the dial
    string told), ``555 1234 (DID)`` (the number formatted for ``region``)."""
    label = route.label
    if route.kind == "queue":
        if label.isdigit():
            return QCoreApplication.translate("CallInfo", "queue {number}").format(number=label)
        return QCoreApplication.translate("CallInfo", "{queue} queue").format(queue=label)
    if route.kind == "group":
        if not label:
            return QCoreApplication.translate("CallInfo", "ring group")
        return QCoreApplication.translate("CallInfo", "ring group {number}").format(number=label)
    if not label:
        return QCoreApplication.translate("CallInfo", "DID")
    return QCoreApplication.translate("CallInfo", "{number} (DID)").format(
        number=format_number(label, region)
    )


def via_text(route: Route, *, region: str) -> str:
    """``via reception queue``, ``via ring group 600``, ``via 555 1234 (DID)``."""
    return QCoreApplication.translate("CallInfo", "via {route}").format(
        route=route_text(route, region=region)
    )


def transferer_text(by: Transferer, *, with_number: bool = True) -> str:
    """``transferred by Maria Garcia (305)`` (``transferred by Maria Garcia``
    without ``with_number``; ``transferred by 305`` when the name is unknown)."""
    if by.name and not with_number:
        return QCoreApplication.translate("CallInfo", "transferred by {name}").format(name=by.name)
    if by.name:
        return QCoreApplication.translate("CallInfo", "transferred by {name} ({number})").format(
            name=by.name, number=by.number
        )
    return QCoreApplication.translate("CallInfo", "transferred by {number}").format(
        number=by.number
    )


def route_facts(via: Route | None, by: Transferer | None, *, region: str) -> list[str]:
    """How a call came in and who transferred it, in words (empty for a direct
    call): ``["via reception queue", "transferred by Maria Garcia (305)"]``."""
    facts = [] if via is None else [via_text(via, region=region)]
    if by is not None:
        facts.append(transferer_text(by))
    return facts


def route_cell(via: Route | None, by: Transferer | None, *, region: str) -> str:
    """The same in one short line, for a "Via" column (the header says "via"; the
    colleague by name only, the tooltip has the number):
    ``reception queue · transferred by Maria Garcia``; "" for a direct call."""
    parts = [] if via is None else [route_text(via, region=region)]
    if by is not None:
        parts.append(transferer_text(by, with_number=False))
    return " · ".join(parts)


def call_facts(view: CallView, *, region: str) -> list[str]:
    """:func:`route_facts` of a live call (the transferer's name as resolved)."""
    return route_facts(view.via, view.transferred_by, region=region)
