"""Ghost calls: a call that rings longer than any PBX rings, checked with the PBX.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

Events can arrive in an order the call model cannot read: on a busy 1.8 PBX the
``Hangup`` of the user's ringing channel came before the ``Dial Begin`` naming
it (then ``Dial End`` and the caller's ``Hangup``): the call was created after
its channel had gone, and "rang" forever (issue 12, item 6). No PBX rings a
phone for minutes (Asterisk's ``Dial`` and queue timeouts are seconds; MyPBX
rings at most 120 s), so a call that has been ringing with no change for
:data:`MAX_RING` seconds is checked: the service asks the PBX for its channel
list (``CoreShowChannels``, as after a login, both dialects) and
:meth:`~.tracker.CallTracker.end_gone` ends the call if none of its channels
of the user's phone is in it. A call whose channel is still there keeps ringing
and is checked again :data:`MAX_RING` seconds later.

:class:`RingWatch` is the rule: which calls are due for a check, given a clock
reading; :func:`channels_in` reads what the PBX's answer means.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..ami.message import Message
from .model import CallChange, CallState

#: Seconds a call may ring with no change before the PBX is asked about it.
MAX_RING = 180.0
#: Seconds before asking again when the PBX could not be asked (not connected).
RETRY = 30.0

_ITEM_EVENTS = frozenset({"coreshowchannel", "status"})


class RingWatch:
    """When each ringing call is due for a check, on the deadline clock.

    Feed it every change (:meth:`note`); :meth:`due` names the calls to check;
    :meth:`checked` records the answer (or that none came).
    """

    __slots__ = ("_due", "max_ring", "retry")

    def __init__(self, max_ring: float = MAX_RING, retry: float = RETRY) -> None:
        self.max_ring = max_ring
        self.retry = retry
        self._due: dict[str, float] = {}

    def note(self, changes: Iterable[CallChange], now: float) -> None:
        """Each change of a ringing call restarts its wait; any other state ends it."""
        for change in changes:
            call_id = change.call.call_id
            if change.call.state is CallState.RINGING:
                self._due[call_id] = now + self.max_ring
            else:
                self._due.pop(call_id, None)

    def due(self, now: float) -> list[str]:
        """The calls that have rung with no change for ``max_ring`` seconds."""
        return [call_id for call_id, at in self._due.items() if at <= now]

    def next_check(self) -> float | None:
        """When :meth:`due` will name a call next (None: no ringing call)."""
        return min(self._due.values(), default=None)

    def checked(self, call_ids: Iterable[str], now: float, *, answered: bool) -> None:
        """The PBX was asked (``answered``) or could not be: when to ask again.

        Calls the check ended are gone already (:meth:`note` saw them end).
        """
        wait = self.max_ring if answered else self.retry
        for call_id in call_ids:
            if call_id in self._due:
                self._due[call_id] = now + wait

    def forget(self) -> None:
        """No call is followed any more (new settings: a new call model)."""
        self._due.clear()

    def __len__(self) -> int:
        return len(self._due)


def channels_in(items: Iterable[Message]) -> tuple[frozenset[str], frozenset[str]]:
    """The channel names and Uniqueids a ``CoreShowChannels``/``Status`` list shows.

    Both dialects and both actions: ``Channel``; ``UniqueID`` (1.8
    ``CoreShowChannel``), ``Uniqueid`` (1.8 ``Status``, 12+). Other messages
    (the response, the ``…Complete`` event) are skipped.
    """
    names: set[str] = set()
    uids: set[str] = set()
    for msg in items:
        if msg.name.lower() not in _ITEM_EVENTS:
            continue
        if channel := (msg.get("Channel") or "").strip():
            names.add(channel)
        if uid := (msg.first("Uniqueid", "UniqueID") or "").strip():
            uids.add(uid)
    return frozenset(names), frozenset(uids)
