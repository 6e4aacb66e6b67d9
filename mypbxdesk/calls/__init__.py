"""The call model: which calls concern the user, followed from ringing to their end.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only
(and the stdlib-only ``mypbxdesk.base.text`` for the history's translatable warnings);
no asyncio, sockets or Qt. ``history`` adds the stdlib ``sqlite3`` store.

Usage::

    tracker = CallTracker(MyPhone("474"), clock=time.time)
    for change in tracker.apply(message):      # every event in CallTracker.wanted_events
        print(change.to_json())
    tracker.resync(items)                      # after each (re)login
    tracker.tick()                             # when tracker.next_deadline() has come

``tracker.py`` is a thin facade; ``book.py`` holds the state and the call rules
(``rules.py``), one handler module per kind of event does the rest.
"""

from .dahdi import DahdiLookup, PortInfo, PortKind, parse_port_info
from .history import History, HistoryEntry, HistoryError
from .model import (
    OUTCOMES,
    ROUTE_KINDS,
    UNKNOWN_NAME,
    Call,
    CallChange,
    CallEvent,
    CallState,
    Direction,
    MyPhone,
    Route,
    RouteKind,
    Transferer,
)
from .tracker import CallTracker

__all__ = [
    "OUTCOMES",
    "ROUTE_KINDS",
    "UNKNOWN_NAME",
    "Call",
    "CallChange",
    "CallEvent",
    "CallState",
    "CallTracker",
    "DahdiLookup",
    "Direction",
    "History",
    "HistoryEntry",
    "HistoryError",
    "MyPhone",
    "PortInfo",
    "PortKind",
    "Route",
    "RouteKind",
    "Transferer",
    "parse_port_info",
]
